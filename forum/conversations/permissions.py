"""Who may message whom, read, reply, invite, flag and review. A conversation is
read only by its participants: staff and moderators are no exception, except for
a message a participant flagged, which the review queue shows them."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from accounts.permissions import can_enter, is_staff_or_moderator, silence_notice
from forum.categories.models import Category

from .models import Conversation


def staff_group_ids() -> set[int]:
    """Groups that moderate a category: members below the trust level (and
    silenced members) may still write to them."""
    return set(
        Category.moderator_groups.through.objects.values_list("group_id", flat=True)
    )


def message_refusal(sender, *, users: Iterable = (), groups: Iterable = ()) -> str:
    """Why `sender` may not write to `users` and `groups`, or "" if they may."""
    users, groups = list(users), list(groups)
    if not sender.is_authenticated:
        return "Sign in to send messages."
    if any(user.pk == sender.pk for user in users):
        return "You are in the conversation already; add someone else."
    for user in users:
        if not user.is_active or not can_enter(user):
            return f"{user.username} cannot receive messages now."
    if is_staff_or_moderator(sender):
        return ""
    hidden = [g.name for g in groups if not _group_is_listed(g)]
    if hidden:
        return f"You cannot write to the group {hidden[0]}."
    if silence_notice(sender):
        until = "While you are silenced"
    elif sender.trust_level < settings.FORUM_MESSAGE_MIN_TRUST_LEVEL:
        until = "Until your trust level rises"
    else:
        return ""
    staff_groups = staff_group_ids()
    outside = [u.username for u in users if not is_staff_or_moderator(u)] + [
        g.name for g in groups if g.pk not in staff_groups
    ]
    if outside:
        return (
            f"{until} you may write only to staff and moderators, not to {outside[0]}."
        )
    return ""


def _group_is_listed(group) -> bool:
    profile = getattr(group, "profile", None)
    return profile is None or profile.is_visible or group.pk in staff_group_ids()


def can_message(sender, *, users: Iterable = (), groups: Iterable = ()) -> bool:
    return not message_refusal(sender, users=users, groups=groups)


def check_can_message(sender, *, users: Iterable = (), groups: Iterable = ()) -> None:
    if refusal := message_refusal(sender, users=users, groups=groups):
        raise PermissionDenied(refusal)


def can_read(user, conversation) -> bool:
    return Conversation.objects.for_member(user).filter(pk=conversation.pk).exists()


def reply_refusal(user, conversation) -> str:
    """Why `user` may not reply in `conversation` (which they read), or ""."""
    if not silence_notice(user):
        return ""
    staff_groups = staff_group_ids()
    staff = Q(user__is_staff=True) | Q(user__is_moderator=True)
    with_staff = conversation.participants.filter(staff, left_at__isnull=True).exists()
    if with_staff or conversation.groups.filter(pk__in=staff_groups).exists():
        return ""
    return silence_notice(user)


def check_can_reply(user, conversation) -> None:
    if refusal := reply_refusal(user, conversation):
        raise PermissionDenied(refusal)


def can_flag(user, message) -> bool:
    """A reader may flag someone else's visible message."""
    return (
        user.is_authenticated
        and message.author_id != user.pk
        and not message.is_hidden
        and can_read(user, message.conversation)
    )


def check_can_flag(user, message) -> None:
    if not can_flag(user, message):
        raise PermissionDenied("You may not flag this message.")


def can_review_message_flags(user) -> bool:
    """Staff and site moderators see the flagged messages (only those)."""
    return is_staff_or_moderator(user)


def check_can_review_message_flags(user) -> None:
    if not can_review_message_flags(user):
        raise PermissionDenied("Only staff and moderators review flagged messages.")
