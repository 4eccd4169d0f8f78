"""Forms validate input; services (accounts.services) act on it."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django import forms

from .models import DigestFrequency, EmailFrequency, GroupProfile, User
from .services import BIO_MAX_LENGTH


@cache
def _time_zones() -> list[tuple[str, str]]:
    zones = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [("", "UTC (default)"), *((zone, zone) for zone in zones)]


class PreferencesForm(forms.Form):
    name = forms.CharField(max_length=150, required=False, label="Full name")
    bio_raw = forms.CharField(
        label="About me",
        required=False,
        max_length=BIO_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Markdown, shown on your profile.",
    )
    title = forms.ChoiceField(
        required=False, help_text="Titles come from the groups you belong to."
    )
    time_zone = forms.ChoiceField(required=False, choices=_time_zones)
    email_mentions = forms.ChoiceField(
        label="When someone mentions me", choices=EmailFrequency.choices
    )
    email_replies = forms.ChoiceField(
        label="When someone replies to me", choices=EmailFrequency.choices
    )
    email_watched = forms.ChoiceField(
        label="New posts in topics, categories and tags I watch",
        choices=EmailFrequency.choices,
    )
    email_digest = forms.ChoiceField(
        label="Summary of popular topics (digest)", choices=DigestFrequency.choices
    )
    digest_hour = forms.TypedChoiceField(
        label="Send digests at",
        coerce=int,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text="In your time zone.",
    )

    def __init__(self, *args, member: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        titles = GroupProfile.objects.titles_for(member)
        self.fields["title"].choices = [
            ("", "(no title)"),
            *((title, title) for title in titles),
        ]


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        help_text="PNG, JPEG, GIF or WebP; it is cropped to a square.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label="Type your username to confirm",
        help_text="Your posts stay, shown as by “deleted user”. This cannot be undone.",
    )

    def __init__(self, *args, member: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_confirm(self) -> str:
        confirm = self.cleaned_data["confirm"].strip()
        if confirm != self.member.username:
            raise forms.ValidationError(
                f"Type {self.member.username} exactly to delete this account."
            )
        return confirm


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: tell the owners who you are.",
    )
