"""Group pages (`/g/<name>`) and join requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from forum.core.pagination import page_number

from . import permissions, services
from .forms import JoinRequestForm
from .models import GroupJoinRequest, GroupProfile, JoinRequestStatus, User

MEMBERS_PER_PAGE = 50


def _group(request: HttpRequest, name: str) -> GroupProfile:
    profile = get_object_or_404(
        GroupProfile.objects.select_related("group"), group__name=name
    )
    if not permissions.can_see_group(request.user, profile):
        raise Http404("No such group.")
    return profile


def index(request: HttpRequest) -> HttpResponse:
    groups = GroupProfile.objects.visible_to(request.user).select_related("group")
    return render(request, "accounts/groups.html", {"groups": groups})


def detail(request: HttpRequest, name: str) -> HttpResponse:
    profile = _group(request, name)
    members = User.objects.filter(groups=profile.group, is_active=True).order_by(
        "username"
    )
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(page_number(request))
    can_manage = permissions.can_manage_group(request.user, profile)
    context = {
        "profile": profile,
        "group": profile.group,
        "page": page,
        "owners": list(profile.owners.all()),
        "is_member": permissions.is_group_member(request.user, profile),
        "can_manage": can_manage,
        "can_request": permissions.can_request_to_join(request.user, profile),
        "has_pending": request.user.is_authenticated
        and permissions.has_pending_request(request.user, profile),
        "pending": GroupJoinRequest.objects.filter(
            group=profile.group, status=JoinRequestStatus.PENDING
        ).select_related("user")
        if can_manage
        else [],
        "join_form": JoinRequestForm(),
    }
    return render(request, "accounts/group.html", context)


@login_required
@require_POST
def request_to_join(request: HttpRequest, name: str) -> HttpResponse:
    profile = _group(request, name)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("message", [])))
        return redirect(profile)
    services.request_to_join(
        profile=profile, user=request.user, message=form.cleaned_data["message"]
    )
    messages.success(request, "Your request is sent; the group's owners will decide.")
    return redirect(profile)


@login_required
@require_POST
def decide(
    request: HttpRequest, name: str, request_id: int, verdict: str
) -> HttpResponse:
    profile = _group(request, name)
    join_request = get_object_or_404(
        GroupJoinRequest.objects.select_related("user"),
        id=request_id,
        group=profile.group,
    )
    decide_with = {
        "approve": services.approve_join_request,
        "decline": services.decline_join_request,
    }.get(verdict)
    if decide_with is None:
        raise Http404("No such decision.")
    try:
        decide_with(join_request=join_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = "is now a member" if verdict == "approve" else "was declined"
        messages.success(request, f"{join_request.user.username} {done}.")
    return redirect(profile)


@login_required
@require_POST
def leave(request: HttpRequest, name: str) -> HttpResponse:
    profile = _group(request, name)
    services.remove_group_member(profile=profile, user=request.user, by=request.user)
    messages.success(request, f"You have left {profile}.")
    return redirect(profile)
