from django import forms
from django.contrib.auth import get_user_model

from forum.categories.models import Category
from forum.categories.permissions import moderated_categories
from forum.topics.models import Topic

from .models import Flag


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you are flagging this post."},
    )
    message = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for “Something else”: what should the moderators know?",
    )


class ReasonMixin:
    @property
    def reason(self) -> str:
        return self.cleaned_data.get("reason", "")


class TopicActionForm(ReasonMixin, forms.Form):
    action = forms.ChoiceField(
        choices=[
            (name, name)
            for name in (
                "pin",
                "pin_globally",
                "unpin",
                "close",
                "open",
                "archive",
                "unarchive",
                "unlist",
                "list",
                "banner",
                "unbanner",
                "move",
                "change_owner",
            )
        ]
    )
    until = forms.DateTimeField(required=False)
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose a category you moderate."},
    )
    owner = forms.CharField(required=False, max_length=150)
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = moderated_categories(user)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "move" and not data.get("category"):
            self.add_error("category", "Choose the category to move the topic to.")
        if action == "change_owner":
            owner = (
                get_user_model()
                .objects.filter(username__iexact=data.get("owner", ""), is_active=True)
                .first()
            )
            if owner is None:
                self.add_error("owner", "There is no active member with that username.")
            data["owner"] = owner
        return data


class SplitForm(ReasonMixin, forms.Form):
    posts = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the replies to move."},
    )
    title = forms.CharField(max_length=1000)
    category = forms.ModelChoiceField(queryset=Category.objects.none())
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, posts, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["posts"].choices = [
            (str(p.post_number), f"#{p.post_number} by {p.author.username}")
            for p in posts
        ]
        self.fields["category"].queryset = moderated_categories(user)
        self.post_list = posts


class MergeForm(ReasonMixin, forms.Form):
    target = forms.IntegerField(
        label="Merge into topic number",
        min_value=1,
        help_text="The number at the end of the other topic's address: /t/slug/NUMBER.",
    )
    reason = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, user, source, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.source = source

    def clean_target(self) -> Topic:
        target = (
            Topic.objects.visible_to(self.user)
            .select_related("category")
            .filter(id=self.cleaned_data["target"])
            .first()
        )
        if target is None:
            raise forms.ValidationError("There is no such topic.")
        if target.id == self.source.id:
            raise forms.ValidationError("A topic cannot be merged into itself.")
        return target
