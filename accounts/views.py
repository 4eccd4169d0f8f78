import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from . import activity as activity_reads
from . import avatars, permissions, services
from .forms import AvatarForm, DeleteAccountForm, PreferencesForm
from .models import GroupProfile, User

logger = logging.getLogger(__name__)
AVATAR_MAX_AGE = 365 * 24 * 3600


def _member(username: str) -> User:
    return get_object_or_404(User, username__iexact=username, is_active=True)


def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(username)
    context = {
        "member": member,
        "posts": activity_reads.recent_posts(request.user, member, 10),
        "counts": activity_reads.counts(request.user, member),
        "groups": GroupProfile.objects.visible_to(request.user)
        .of_member(member)
        .select_related("group"),
        "can_edit": permissions.can_edit_preferences(request.user, member),
    }
    return render(request, "accounts/profile.html", context)


def activity(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(username)
    posts = activity_reads.recent_posts(
        request.user, member, settings.FORUM_TOPICS_PER_PAGE
    )
    return render(request, "accounts/activity.html", {"member": member, "posts": posts})


@require_GET
def avatar(request: HttpRequest, username: str, version: str) -> HttpResponse:
    """An avatar image. Its URL names its version, so it is cached for good."""
    member = get_object_or_404(
        User.objects.only("username", "avatar"), username=username
    )
    if member.avatar_url != request.path:
        return redirect(member.avatar_url)
    if member.avatar:
        try:
            response = FileResponse(member.avatar.open("rb"), content_type="image/png")
        except OSError:
            # Lost in a restore or missing on this server: the letter stands in,
            # briefly cached, so the picture returns once the file does.
            logger.warning("Avatar file missing: %s", member.avatar.name)
            response = _letter_avatar(member)
            patch_cache_control(response, public=True, max_age=300)
            return response
    else:
        response = _letter_avatar(member)
    patch_cache_control(response, public=True, max_age=AVATAR_MAX_AGE, immutable=True)
    return response


def _letter_avatar(member: User) -> HttpResponse:
    return HttpResponse(
        avatars.letter_svg(member.username), content_type="image/svg+xml"
    )


@login_required
def my_preferences(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:preferences", request.user.username)


@login_required
def preferences(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(username)
    permissions.check_can_edit_preferences(request.user, member)
    initial = {name: getattr(member, name) for name in PreferencesForm.base_fields}
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        member=member,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_preferences(user=member, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your preferences are saved.")
            return redirect("accounts:preferences", member.username)
    context = {"member": member, "form": form, "avatar_form": AvatarForm()}
    status = 400 if form.errors else 200
    return render(request, "accounts/preferences.html", context, status=status)


@login_required
@require_POST
def change_avatar(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(username)
    permissions.check_can_edit_preferences(request.user, member)
    if "remove" in request.POST:
        services.remove_avatar(user=member)
        messages.success(request, "You are back to your letter avatar.")
        return redirect("accounts:preferences", member.username)
    form = AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_avatar(user=member, upload=form.cleaned_data["avatar"])
        except ValidationError as error:
            form.add_error("avatar", error)
        else:
            messages.success(request, "Your new avatar is in place.")
            return redirect("accounts:preferences", member.username)
    initial = {name: getattr(member, name) for name in PreferencesForm.base_fields}
    context = {
        "member": member,
        "form": PreferencesForm(initial=initial, member=member),
        "avatar_form": form,
    }
    return render(request, "accounts/preferences.html", context, status=400)


@login_required
def delete_account(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(username)
    permissions.check_can_edit_preferences(request.user, member)
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None, member=member
    )
    if request.method == "POST" and form.is_valid():
        logout(request)
        services.delete_account(user=member)
        messages.success(request, "Your account is deleted. Thank you for being here.")
        return redirect("home")
    status = 400 if form.errors else 200
    context = {"member": member, "form": form}
    return render(request, "accounts/delete.html", context, status=status)
