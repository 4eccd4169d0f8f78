"""allauth policy for Meridian: who may sign in, and how GitHub accounts join."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .models import User
from .permissions import entry_refusal
from .sign_in import trust_superuser_email


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed sign-in attempts for this account or from your "
            "network. Wait a few minutes and try again, or reset your password."
        ),
        "username_blacklisted": "That username is reserved; please choose another.",
        "username_taken": "That username is taken; please choose another.",
        "email_taken": (
            "An account with this email address already exists. Sign in to it, "
            "or reset its password if you have forgotten it."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's mails name the site from django.contrib.sites; Meridian's name
        # and address come from settings.
        site = SimpleNamespace(
            name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc
        )
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    def pre_login(self, request: HttpRequest, user, **kwargs) -> HttpResponse | None:
        """Suspended members may not sign in; they are told why and until when.
        A superuser's address counts as verified (see trust_superuser_email)."""
        if notice := entry_refusal(user):
            clear_login(request)
            return render(
                request, "accounts/suspended.html", {"notice": notice}, status=403
            )
        trust_superuser_email(user=user)
        return super().pre_login(request, user, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        """A new GitHub login whose verified email is already ours must connect.

        It is never merged silently: whoever holds the existing account signs in
        to it first and connects GitHub from there.
        """
        if sociallogin.is_existing or sociallogin.state.get("process") == "connect":
            return
        verified = [a.email for a in sociallogin.email_addresses if a.verified]
        if not verified:
            return
        query = Q()
        for email in verified:
            query |= Q(email__iexact=email)
        taken = EmailAddress.objects.filter(query).exists() or (
            User.objects.filter(query).exists()
        )
        if taken:
            messages.info(
                request,
                "An account here already uses the email address of your GitHub "
                "account. Sign in to that account first, then connect GitHub from "
                "your preferences (Account › Connected accounts).",
            )
            login_url = reverse("account_login")
            connections = reverse("socialaccount_connections")
            raise ImmediateHttpResponse(redirect(f"{login_url}?next={connections}"))

    def populate_user(self, request: HttpRequest, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.name = (data.get("name") or "")[:150]
        return user
