"""Sign-in shortcuts: an administrator made on the command line, and the demo's
one-time links (DEBUG only)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


def trust_superuser_email(*, user: User) -> bool:
    """Count a superuser's address as verified; True if it was not before.

    `createsuperuser` writes no allauth address, so the first sign-in would wait
    for a confirmation mail; whoever can run manage.py owns the site anyway."""
    if not (user.is_superuser and user.email):
        return False
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        return False
    address, created = EmailAddress.objects.get_or_create(
        user=user,
        email=user.email.lower(),
        defaults={"verified": True, "primary": True},
    )
    if not created:
        address.verified = True
        address.save(update_fields=["verified"])
    return True


class DemoSignInTokens(PasswordResetTokenGenerator):
    """Like a password reset token: signing in changes `last_login`, which
    spends the link."""

    key_salt = "meridian.accounts.demo_sign_in"


demo_tokens = DemoSignInTokens()


def demo_sign_in_url(user: User) -> str:
    """An absolute one-time link that signs `user` in; DEBUG only."""
    if not settings.DEBUG:
        raise PermissionError("Demo sign-in links exist only with DEBUG on.")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:demo_sign_in", args=[uid, demo_tokens.make_token(user)])
    return settings.SITE_URL + path


def user_for_demo_link(uid: str, token: str) -> User | None:
    """The account a demo link is for, while the link is unspent."""
    try:
        user = User.objects.get(
            pk=force_str(urlsafe_base64_decode(uid)), is_active=True
        )
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    return user if demo_tokens.check_token(user, token) else None
