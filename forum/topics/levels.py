"""Notification levels (Discourse's) and the bell menu that sets them."""

from __future__ import annotations

from django.db import models


class NotificationLevel(models.IntegerChoices):
    """Discourse's levels, for topics, categories and tags."""

    MUTED = 0, "Muted"
    NORMAL = 1, "Normal"
    TRACKING = 2, "Tracking"
    WATCHING = 3, "Watching"
    WATCHING_FIRST_POST = 4, "Watching first post"


FOLLOWING = [NotificationLevel.TRACKING, NotificationLevel.WATCHING]


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


# Members' levels for a category or a tag are rows of subscriptions, which stands
# above topics; it names those models here in its AppConfig.ready(), and the
# pages and lists of topics read the levels through these functions.
_level_models: dict[str, tuple[type[models.Model], str]] = {}


def register_level_model(kind: str, model: type[models.Model], field: str) -> None:
    """`model` keeps members' levels for `kind` ("category" or "tag"): rows of
    `user`, `<field>` and `level`."""
    _level_models[kind] = (model, field)


def _level_rows(kind: str, user) -> tuple[models.QuerySet, str]:
    if kind not in _level_models:
        raise LookupError(f"No app registered where {kind} levels are kept.")
    model, field = _level_models[kind]
    return model.objects.filter(user=user), field


def current_level(kind: str, user, target) -> int | None:
    """`user`'s level for this category or tag, None when they never set one."""
    rows, field = _level_rows(kind, user)
    return rows.filter(**{field: target}).values_list("level", flat=True).first()


def muted_ids(kind: str, user) -> models.QuerySet:
    """The ids of the categories or tags `user` muted, as a subquery."""
    rows, field = _level_rows(kind, user)
    return rows.filter(level=NotificationLevel.MUTED).values(f"{field}_id")
