"""Who may do what with accounts and groups. Views, templates and services ask these."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone

from .models import (
    GroupJoinRequest,
    GroupProfile,
    JoinRequestStatus,
    MentionableBy,
    TrustLevel,
)
from .roles import is_staff_or_moderator


def _until(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def silence_notice(user) -> str:
    """Why and until when `user` may not post; empty when they may."""
    if not user.is_authenticated or not user.is_silenced:
        return ""
    reason = user.silenced_reason or "no reason was given"
    return (
        f"You are silenced until {_until(user.silenced_until)} ({reason}): you can "
        "read, but not post. Contact the moderators if you think this is a mistake."
    )


def suspension_notice(user) -> str:
    """Why and until when `user` may not sign in; empty when they may."""
    if not user.is_suspended:
        return ""
    reason = user.suspended_reason or "no reason was given"
    return (
        f"This account is suspended until {_until(user.suspended_until)} "
        f"({reason}). You cannot sign in until then."
    )


def entry_refusal(user) -> str:
    """Why `user` may not come in through any door (session, sign-in, API key,
    feed token, email-in); empty when they may. Every authentication path asks
    this; only one-click unsubscribe links work for everyone."""
    if not user.is_active:
        return "This account is deactivated or deleted."
    return suspension_notice(user)


def can_enter(user) -> bool:
    return not entry_refusal(user)


def check_can_enter(user) -> None:
    if notice := entry_refusal(user):
        raise PermissionDenied(notice)


def can_post(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_silenced)


def check_can_post(user) -> None:
    if notice := silence_notice(user):
        raise PermissionDenied(notice)


def can_upload_files(user) -> bool:
    """Attachments in posts: not for new members (trust level 0)."""
    return can_post(user) and (
        is_staff_or_moderator(user) or user.trust_level >= TrustLevel.BASIC
    )


def check_can_upload_files(user) -> None:
    check_can_post(user)
    if not can_upload_files(user):
        raise PermissionDenied(
            "New members cannot upload files yet. The limit lifts automatically "
            "after a little reading."
        )


def can_edit_preferences(user, member) -> bool:
    return bool(user.is_authenticated and user.pk == member.pk)


def check_can_edit_preferences(user, member) -> None:
    if not can_edit_preferences(user, member):
        raise PermissionDenied("You can only change your own preferences.")


def is_group_member(user, profile: GroupProfile) -> bool:
    return bool(
        user.is_authenticated and user.groups.filter(pk=profile.group_id).exists()
    )


def can_see_group(user, profile: GroupProfile) -> bool:
    if profile.is_visible:
        return True
    return is_staff_or_moderator(user) or is_group_member(user, profile)


def can_manage_group(user, profile: GroupProfile) -> bool:
    """Group owners, moderators and staff approve join requests."""
    if not user.is_authenticated:
        return False
    if is_staff_or_moderator(user):
        return True
    return profile.owners.filter(pk=user.pk).exists()


def check_can_manage_group(user, profile: GroupProfile) -> None:
    if not can_manage_group(user, profile):
        raise PermissionDenied("Only the group's owners and moderators may do this.")


def has_pending_request(user, profile: GroupProfile) -> bool:
    return GroupJoinRequest.objects.filter(
        group_id=profile.group_id, user=user, status=JoinRequestStatus.PENDING
    ).exists()


def can_request_to_join(user, profile: GroupProfile) -> bool:
    return bool(
        user.is_authenticated
        and profile.allow_join_requests
        and can_see_group(user, profile)
        and not is_group_member(user, profile)
        and not has_pending_request(user, profile)
    )


def check_can_request_to_join(user, profile: GroupProfile) -> None:
    if can_request_to_join(user, profile):
        return
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to ask to join a group.")
    if not profile.allow_join_requests or not can_see_group(user, profile):
        raise PermissionDenied(
            "This group does not take join requests; its owners add members."
        )
    if is_group_member(user, profile):
        raise PermissionDenied("You are already a member of this group.")
    raise PermissionDenied("You have already asked to join; an owner will decide.")


def group_mention_refusal(user, profile: GroupProfile, member_count: int) -> str:
    """Why `user` may not @mention the group of `profile` ("" if they may): the
    group says who may, and no group above FORUM_GROUP_MENTION_MAX_MEMBERS."""
    name = profile.group.name
    allowed = profile.mentionable_by
    if allowed == MentionableBy.NOBODY:
        return f"@{name} cannot be mentioned; mention the people you need instead."
    if allowed == MentionableBy.MODERATORS and not is_staff_or_moderator(user):
        return f"Only moderators and staff may mention @{name}."
    if (
        allowed == MentionableBy.MEMBERS
        and not is_staff_or_moderator(user)
        and not is_group_member(user, profile)
    ):
        return f"Only members of @{name} may mention it."
    cap = settings.FORUM_GROUP_MENTION_MAX_MEMBERS
    if member_count > cap:
        return (
            f"@{name} has {member_count} members, more than the {cap} a mention "
            "may notify; mention the people you need instead."
        )
    return ""
