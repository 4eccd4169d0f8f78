"""The bell menu's choices and the viewer's current level on a page."""

from __future__ import annotations

from forum.topics.levels import NotificationLevel

HELP = {
    NotificationLevel.WATCHING: "Every new post, in the site and by email.",
    NotificationLevel.WATCHING_FIRST_POST: "Only new topics.",
    NotificationLevel.TRACKING: "Counts of unread posts; notified when mentioned.",
    NotificationLevel.NORMAL: "Notified when mentioned or replied to.",
    NotificationLevel.MUTED: "Never notified; hidden from Latest.",
}


def level_menu(kind: str, ident, current: int | None, *, topic: bool = False) -> dict:
    """Template context for `subscriptions/_level_menu.html`."""
    choices = [
        (level.value, level.label, HELP[level])
        for level in HELP
        if not (topic and level == NotificationLevel.WATCHING_FIRST_POST)
    ]
    return {
        "level_kind": kind,
        "level_ident": ident,
        "level_choices": choices,
        "current_level": NotificationLevel(current) if current is not None else None,
    }
