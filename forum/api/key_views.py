"""The API keys page: a member creates (seeing the secret once), lists and revokes
their keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import permissions, services
from .forms import ApiKeyForm
from .models import ApiKeyKind


def _own_account(request: HttpRequest, username: str):
    # Someone else's keys page does not exist, as far as anyone else can tell.
    if request.user.username.lower() != username.lower():
        raise Http404("No such page.")
    return request.user


@never_cache
@login_required
def keys(request: HttpRequest, username: str) -> HttpResponse:
    owner = _own_account(request, username)
    allow_admin = permissions.can_create_admin_key(request.user)
    form = ApiKeyForm(
        request.POST if request.method == "POST" else None, allow_admin=allow_admin
    )
    created = token = None
    if request.method == "POST" and form.is_valid():
        try:
            created, token = services.create_api_key(
                user=owner,
                by=request.user,
                name=form.cleaned_data["name"],
                is_read_only=form.cleaned_data["is_read_only"],
                kind=ApiKeyKind.ADMIN
                if form.cleaned_data.get("is_admin")
                else ApiKeyKind.USER,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiKeyForm(allow_admin=allow_admin)
    context = {
        "form": form,
        "api_keys": owner.api_keys.all(),
        "created": created,
        "token": token,
    }
    return render(request, "api/keys.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke(request: HttpRequest, username: str, key_id: int) -> HttpResponse:
    owner = _own_account(request, username)
    key = get_object_or_404(owner.api_keys, id=key_id)
    services.revoke_api_key(key=key, by=request.user)
    messages.success(request, f"Revoked “{key.name}”: it no longer works.")
    return redirect("api:keys", username=owner.username)
