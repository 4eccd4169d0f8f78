"""Notifications about personal messages: a new message, or being added to a
conversation. The conversations app says who reads it; these only write the rows
(the bell shows them while the member still reads the conversation)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone

from ..models import Notification
from .notifications import forget_counts

Kind = Notification.Kind


def _told(users: Iterable, *, but) -> Iterator:
    """Those of `users` who hear of it: active ones, not the one (id `but`) who
    wrote or did it."""
    return (user for user in users if user.pk != but and user.is_active)


def notify_message(message, *, readers: Iterable) -> list[Notification]:
    """Tell each of `readers` but its author about `message`, once each. Safe to
    run twice."""
    created = []
    for user in _told(readers, but=message.author_id):
        notification, made = Notification.objects.get_or_create(
            user=user,
            kind=Kind.MESSAGE,
            message=message,
            defaults={"actor_id": message.author_id},
        )
        if made:
            created.append(notification)
            forget_counts(user)
    return created


def notify_invited(message, *, users: Iterable, by) -> list[Notification]:
    """Tell `users`, just added to `message`'s conversation by `by`, pointing at
    its latest message; added again later, they hear of it again."""
    notified = []
    for user in _told(users, but=by.pk):
        notification, _made = Notification.objects.update_or_create(
            user=user,
            kind=Kind.INVITED,
            message=message,
            defaults={"actor": by, "created_at": timezone.now(), "read_at": None},
        )
        notified.append(notification)
        forget_counts(user)
    return notified


def messages_read(*, user, conversation, up_to: int) -> int:
    """Reading a conversation up to message `up_to` reads its notifications."""
    updated = Notification.objects.filter(
        user=user,
        message__conversation=conversation,
        message__number__lte=up_to,
        read_at__isnull=True,
    ).update(read_at=timezone.now())
    if updated:
        forget_counts(user)
    return updated
