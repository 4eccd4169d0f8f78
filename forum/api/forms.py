from django import forms


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What uses it, e.g. “release announcements bot”."
    )
    is_read_only = forms.BooleanField(
        required=False,
        label="Read-only",
        help_text="The key may read but not post, edit or delete.",
    )
    is_admin = forms.BooleanField(
        required=False,
        label="Admin key",
        help_text="May act as any user named in an Api-Username header (staff only).",
    )

    def __init__(self, *args, allow_admin: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not allow_admin:
            del self.fields["is_admin"]
