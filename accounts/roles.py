"""The one "staff or site moderator" rule. It imports no app, so models,
querysets and permissions of every app can ask it without an import loop;
`accounts.permissions` re-exports it with the other questions."""

from django.db.models import Q


def is_staff_or_moderator(user) -> bool:
    """Staff and site moderators moderate every category they can see; category
    moderators are asked about per category (`forum.topics.permissions`)."""
    return bool(user.is_authenticated and (user.is_staff or user.is_moderator))


def staff_or_moderators() -> Q:
    """The same rule as a filter on users, for lists of the forum's staff."""
    return Q(is_staff=True) | Q(is_moderator=True)
