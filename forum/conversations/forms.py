from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .models import MessageFlag


class NamesField(forms.CharField):
    """Names typed as a comma- or space-separated list (a leading @ is fine)."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        names = [name.lstrip("@") for name in text.replace(",", " ").split()]
        return list(dict.fromkeys(name for name in names if name))


class RecipientsForm(forms.Form):
    """Members and groups by name; unknown names are refused by name."""

    to = NamesField(
        required=False,
        label="Members",
        help_text="Usernames, separated by commas or spaces.",
        max_length=1000,
    )
    groups = NamesField(
        required=False,
        label="Groups",
        help_text="Group names, e.g. a category's moderators.",
        max_length=1000,
    )

    def clean_to(self) -> list:
        names = self.cleaned_data["to"]
        found = {
            user.username.casefold(): user
            for user in get_user_model().objects.filter(username__in=names)
        }
        missing = [name for name in names if name.casefold() not in found]
        if missing:
            raise forms.ValidationError(f"No member is called {missing[0]}.")
        return list(found.values())

    def clean_groups(self) -> list:
        names = self.cleaned_data["groups"]
        found = {
            group.name: group
            for group in Group.objects.filter(name__in=names).select_related("profile")
        }
        missing = [name for name in names if name not in found]
        if missing:
            raise forms.ValidationError(f"No group is called {missing[0]}.")
        return list(found.values())

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("to") and not data.get("groups"):
            raise forms.ValidationError("Add at least one member or group.")
        return data


class ConversationForm(RecipientsForm):
    title = forms.CharField(max_length=1000, strip=True)
    raw = forms.CharField(
        label="Your message (Markdown)",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "composer-body"}),
    )


class ReplyForm(forms.Form):
    raw = forms.CharField(
        label="Your reply (Markdown)",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "composer-body"}),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=MessageFlag.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        label="Anything the moderators should know",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
