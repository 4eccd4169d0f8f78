"""Writes of personal messages: start a conversation, reply, invite, leave, read,
flag, and the moderators' decision on a flagged message."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.permissions import check_can_post
from forum.markup import render
from forum.safeguards.log import log_action
from forum.safeguards.ratelimits import check_rate_limit
from forum.subscriptions.services import counts_key, messages_read
from forum.topics.validators import clean_body, clean_title

from . import permissions
from .models import Conversation, Message, MessageFlag, Participant
from .querysets import readers
from .tasks import members_added, message_posted


def start_conversation(
    *,
    author,
    title: str,
    raw: str,
    users: Iterable = (),
    groups: Iterable = (),
) -> Conversation:
    """Start a conversation of `author` with `users` and `groups`."""
    users, groups = list(dict.fromkeys(users)), list(dict.fromkeys(groups))
    if not users and not groups:
        raise ValidationError("Add at least one member or group to write to.")
    permissions.check_can_message(author, users=users, groups=groups)
    title, raw = clean_title(title), clean_body(raw)
    check_rate_limit(author, "message")
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.create(
            title=title,
            author=author,
            last_poster=author,
            created_at=now,
            last_posted_at=now,
        )
        conversation.groups.set(groups)
        Participant.objects.bulk_create(
            [Participant(conversation=conversation, user=author, joined_at=now)]
            + [
                Participant(
                    conversation=conversation,
                    user=user,
                    invited_by=author,
                    joined_at=now,
                )
                for user in users
            ]
        )
        message = _add(conversation=conversation, author=author, raw=raw, at=now)
    conversation.highest_number = message.number
    return conversation


def reply(*, author, conversation: Conversation, raw: str) -> Message:
    """Add `author`'s reply to `conversation`, which they read."""
    if not permissions.can_read(author, conversation):
        raise PermissionDenied("You are not in this conversation.")
    permissions.check_can_reply(author, conversation)
    raw = clean_body(raw)
    check_rate_limit(author, "message")
    with transaction.atomic():
        return _add(
            conversation=conversation, author=author, raw=raw, at=timezone.now()
        )


def _add(*, conversation: Conversation, author, raw: str, at) -> Message:
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    number = locked.highest_number + 1
    message = Message.objects.create(
        conversation=locked,
        number=number,
        author=author,
        raw=raw,
        cooked=render(raw),
        created_at=at,
    )
    Conversation.objects.filter(pk=locked.pk).update(
        highest_number=F("highest_number") + 1, last_posted_at=at, last_poster=author
    )
    _mark(user=author, conversation=locked, number=number)
    # Writing in it, the author has read what came before.
    messages_read(user=author, conversation=locked, up_to=number)
    reader_ids = [user.pk for user in readers(conversation)]
    cache.delete_many([counts_key(pk) for pk in reader_ids])
    transaction.on_commit(lambda: message_posted.delay(message.pk))
    return message


def invite(*, by, conversation: Conversation, users=(), groups=()) -> None:
    """Add `users` and `groups` to `conversation` (`by` takes part in it)."""
    if not permissions.can_read(by, conversation):
        raise PermissionDenied("You are not in this conversation.")
    check_can_post(by)
    users, groups = list(users), list(groups)
    if not users and not groups:
        raise ValidationError("Add at least one member or group to invite.")
    permissions.check_can_message(by, users=users, groups=groups)
    before = set(readers(conversation).values_list("pk", flat=True))
    with transaction.atomic():
        for user in users:
            Participant.objects.update_or_create(
                conversation=conversation,
                user=user,
                defaults={"left_at": None, "is_invited": True, "invited_by": by},
            )
        conversation.groups.add(*groups)
        # Rejoining through a group: a member who left comes back with it.
        Participant.objects.filter(
            conversation=conversation,
            user__groups__in=[group.pk for group in groups],
            left_at__isnull=False,
        ).update(left_at=None)
    now_reading = set(readers(conversation).values_list("pk", flat=True))
    cache.delete_many([counts_key(pk) for pk in now_reading])
    added = sorted(now_reading - before - {by.pk})
    if added:
        transaction.on_commit(
            lambda: members_added.delay(conversation.pk, added, by.pk)
        )


def leave(*, user, conversation: Conversation) -> None:
    """`user` leaves `conversation`: it leaves their inbox and stops reaching them."""
    if not permissions.can_read(user, conversation):
        raise PermissionDenied("You are not in this conversation.")
    Participant.objects.update_or_create(
        conversation=conversation,
        user=user,
        defaults={"left_at": timezone.now(), "is_invited": False},
    )
    cache.delete(counts_key(user.pk))


def mark_read(*, user, conversation: Conversation, number: int) -> None:
    """`user` has read `conversation` up to message `number` (never backwards),
    and the notifications about those messages."""
    if _mark(user=user, conversation=conversation, number=number):
        cache.delete(counts_key(user.pk))
    messages_read(user=user, conversation=conversation, up_to=number)


def _mark(*, user, conversation: Conversation, number: int) -> bool:
    moved = Participant.objects.filter(
        conversation=conversation, user=user, last_read_number__lt=number
    ).update(last_read_number=number)
    if moved:
        return True
    if Participant.objects.filter(conversation=conversation, user=user).exists():
        return False
    # A group member's first visit: their read state starts now.
    try:
        with transaction.atomic():
            Participant.objects.create(
                conversation=conversation,
                user=user,
                is_invited=False,
                last_read_number=number,
            )
    except IntegrityError:
        return _mark(user=user, conversation=conversation, number=number)
    return True


def flag(*, user, message: Message, reason: str, note: str = "") -> MessageFlag:
    """`user` reports `message`: moderators will see it in the review queue."""
    permissions.check_can_flag(user, message)
    if reason not in MessageFlag.Reason.values:
        raise ValidationError("Choose a reason.")
    check_rate_limit(user, "flag")
    flag, _created = MessageFlag.objects.get_or_create(
        user=user,
        message=message,
        defaults={"reason": reason, "note": note[:1000]},
    )
    return flag


def decide(*, message: Message, by, hide: bool, reason: str = "") -> Message:
    """A moderator agrees with the flags on `message` (and hides it) or not."""
    permissions.check_can_review_message_flags(by)
    now = timezone.now()
    with transaction.atomic():
        pending = MessageFlag.objects.pending().filter(message=message)
        if not pending.exists():
            raise ValidationError("This message has no pending flags.")
        status = MessageFlag.Status.AGREED if hide else MessageFlag.Status.DISAGREED
        pending.update(status=status, resolved_by=by, resolved_at=now)
        if hide:
            Message.objects.filter(pk=message.pk).update(hidden_at=now, hidden_by=by)
            message.hidden_at, message.hidden_by = now, by
        log_action(
            actor=by,
            action="hide_message" if hide else "keep_message",
            target=message,
            reason=reason,
        )
    return message
