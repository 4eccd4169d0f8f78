"""Discourse's user API key flow: an application sends the member to
/user-api-key/new with its public key; the member authorizes it; the key goes
back encrypted, to the application's auth_redirect or shown to paste.
POST /user-api-key/revoke ends the key that sends it; the member's
/u/<name>/preferences/apps page lists and revokes the applications."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from forum.api.lookups import validated

from .. import services
from ..base import DiscourseView
from ..forms import UserApiKeyRequestForm
from ..models import UserApiKey
from . import queries


class AppRedirect(HttpResponseRedirect):
    """A redirect to the application: its address may have its own scheme
    (discourse://); the form checked it against the allowed prefixes."""

    def __init__(self, address: str):
        self.allowed_schemes = [urlsplit(address).scheme]
        super().__init__(address)


@never_cache
@login_required
def new(request: HttpRequest) -> HttpResponse:
    """GET: what the application asks for, to authorize or not. POST: grant it."""
    form = UserApiKeyRequestForm(request.GET)
    context = {"form": form, "action": request.get_full_path()}
    if not form.is_valid():
        return render(request, "discourse/user_api_key.html", context, status=400)
    context["scopes"] = form.scope_descriptions()
    if request.method != "POST":
        return render(request, "discourse/user_api_key.html", context)
    data = form.cleaned_data
    _key, token = services.create_user_api_key(
        user=request.user,
        application_name=data["application_name"],
        client_id=data["client_id"],
        scopes=data["scopes"],
    )
    payload = services.encrypted_payload(
        token=token,
        nonce=data["nonce"],
        public_key=data["public_key"],
        oaep=data["padding"] == "oaep",
    )
    if data["auth_redirect"]:
        joiner = "&" if "?" in data["auth_redirect"] else "?"
        return AppRedirect(f"{data['auth_redirect']}{joiner}payload={quote(payload)}")
    context["payload"] = payload
    return render(request, "discourse/user_api_key.html", context)


def _own_account(request: HttpRequest, username: str):
    # Someone else's applications page does not exist, as far as anyone can tell.
    if request.user.username.lower() != username.lower():
        raise Http404("No such page.")
    return request.user


@never_cache
@login_required
def apps(request: HttpRequest, username: str) -> HttpResponse:
    """The applications the member authorized, each with a revoke button."""
    owner = _own_account(request, username)
    keys = owner.user_api_keys.filter(revoked_at__isnull=True)
    return render(request, "discourse/apps.html", {"user_api_keys": keys})


@login_required
@require_POST
def revoke_app(request: HttpRequest, username: str, key_id: int) -> HttpResponse:
    owner = _own_account(request, username)
    key = get_object_or_404(owner.user_api_keys, id=key_id)
    services.revoke_user_api_key(key=key, by=request.user)
    messages.success(request, f"“{key.application_name}” may no longer act as you.")
    return redirect("discourse:apps", username=owner.username)


class RevokeInput(serializers.Serializer):
    id = serializers.IntegerField(required=False, min_value=1, max_value=queries.MAX_ID)


class Revoke(DiscourseView):
    """POST /user-api-key/revoke: the key sending it, or (`id`) another of the
    caller's user API keys."""

    permission_classes = [IsAuthenticated]
    read_scope_may_write = True

    def post(self, request):
        key_id = validated(RevokeInput, request.data).get("id")
        if key_id is None and isinstance(request.auth, UserApiKey):
            key = request.auth
        else:
            key = UserApiKey.objects.filter(user=request.user, id=key_id).first()
            if key is None:
                raise NotFound("No such user API key.")
        services.revoke_user_api_key(key=key, by=request.user)
        return Response({"success": "OK"})
