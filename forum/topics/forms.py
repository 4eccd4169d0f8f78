from django import forms
from django.urls import reverse

from forum.categories.models import Category
from forum.core import live


class TagsField(forms.CharField):
    """Tags typed as a comma- or space-separated list."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        return [name for name in text.replace(",", " ").split() if name]


class PostBodyField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 10, "class": "composer-body"})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "Your post (Markdown)")
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)


class TopicForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose a category you may post in."},
    )
    title = forms.CharField(max_length=1000, strip=True)
    tags = TagsField(required=False, help_text="Separate tags with commas or spaces.")
    raw = PostBodyField()

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        # Topics with similar titles show under the title while it is typed
        # (htmx), so a duplicate is found before posting; see search.views.similar.
        self.fields["title"].widget.attrs.update(
            {
                "minlength": live.get("FORUM_MIN_TITLE_LENGTH"),
                "autocomplete": "off",
                "hx-get": reverse("search:similar"),
                "hx-trigger": "input changed delay:600ms",
                "hx-target": "#similar-topics",
                "hx-sync": "this:replace",
                "aria-describedby": "similar-topics",
            }
        )
        # Existing tags are suggested while typing (htmx); see tag_views.suggest.
        self.fields["tags"].widget.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse("tags:suggest"),
                "hx-trigger": "input changed delay:250ms, load",
                "hx-target": "#tag-suggestions",
                "hx-sync": "this:replace",
                "aria-describedby": "tag-suggestions",
            }
        )


class ReplyForm(forms.Form):
    raw = PostBodyField()
    reply_to_post_number = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput
    )


class EditPostForm(forms.Form):
    title = forms.CharField(max_length=1000, required=False)
    raw = PostBodyField()
    reason = forms.CharField(
        max_length=255, required=False, help_text="Optional: why you changed it."
    )

    def __init__(self, *args, edits_title: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not edits_title:
            del self.fields["title"]
        else:
            self.fields["title"].required = True


class TopicEditForm(forms.Form):
    """A topic's title, category and tags, changed after posting."""

    title = forms.CharField(max_length=1000, strip=True)
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the categories listed."},
    )
    tags = TagsField(required=False, help_text="Separate tags with commas or spaces.")
    reason = forms.CharField(
        max_length=255, required=False, help_text="Optional: why you changed it."
    )

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
