"""The one "staff or site moderator" rule. It imports nothing, so models,
querysets and permissions of every app can ask it without an import loop;
`accounts.permissions` re-exports it with the other questions."""


def is_staff_or_moderator(user) -> bool:
    """Staff and site moderators moderate every category they can see; category
    moderators are asked about per category (`forum.topics.permissions`)."""
    return bool(user.is_authenticated and (user.is_staff or user.is_moderator))
