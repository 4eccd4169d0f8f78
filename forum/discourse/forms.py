"""What an application asks for on `/user-api-key/new`, checked."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django import forms
from django.conf import settings

# The scopes Meridian grants; Discourse's others (push, message_bus, ...) have
# nothing here to act on.
SCOPES = {
    "read": "read everything you can read",
    "write": "post, edit, like and change things as you",
}


class UserApiKeyRequestForm(forms.Form):
    application_name = forms.CharField(max_length=100)
    client_id = forms.CharField(max_length=200)
    scopes = forms.CharField(max_length=200)
    public_key = forms.CharField(max_length=5000)
    nonce = forms.CharField(max_length=200)
    auth_redirect = forms.CharField(max_length=1000, required=False)
    padding = forms.ChoiceField(
        choices=[("", "PKCS#1 v1.5"), ("pkcs1", "PKCS#1 v1.5"), ("oaep", "OAEP")],
        required=False,
    )

    def clean_scopes(self) -> list[str]:
        scopes = [s.strip() for s in self.cleaned_data["scopes"].split(",") if s]
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown or not scopes:
            raise forms.ValidationError(
                f"Meridian grants the scopes {', '.join(SCOPES)}; "
                f"not {', '.join(unknown) or 'none'}."
            )
        return list(dict.fromkeys(scopes))

    def clean_public_key(self) -> RSAPublicKey:
        try:
            key = load_pem_public_key(self.cleaned_data["public_key"].encode())
        except ValueError as error:
            raise forms.ValidationError(
                "public_key must be an RSA public key in PEM form."
            ) from error
        if not isinstance(key, RSAPublicKey) or key.key_size < 2048:
            raise forms.ValidationError(
                "public_key must be an RSA public key of at least 2048 bits."
            )
        return key

    def clean_auth_redirect(self) -> str:
        address = self.cleaned_data["auth_redirect"]
        allowed = settings.DISCOURSE_USER_API_AUTH_REDIRECTS
        if address and not any(address.startswith(p) for p in allowed if p):
            raise forms.ValidationError(
                "This auth_redirect is not one the forum allows "
                "(DISCOURSE_USER_API_AUTH_REDIRECTS); leave it out to be shown "
                "the key to paste."
            )
        return address

    def scope_descriptions(self) -> list[str]:
        return [SCOPES[scope] for scope in self.cleaned_data["scopes"]]
