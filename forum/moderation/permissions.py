"""Who may do what in moderation beyond one topic (topics' own questions live in
`forum.topics.permissions`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from forum.topics.permissions import is_staff_or_moderator


def can_silence_members(user) -> bool:
    """Site moderators and staff; a category's moderators may not."""
    return is_staff_or_moderator(user)


def check_can_silence_members(user) -> None:
    if not can_silence_members(user):
        raise PermissionDenied("Only site moderators may silence members.")
