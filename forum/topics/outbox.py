"""The outbox behind `events.dispatch`: nothing a post triggers is lost when the
broker (or another reacting service) is down at commit.

`record` writes a PendingEvent row inside the write's transaction; after commit
`events` runs the handlers and `settle` deletes the row when all succeeded, or
notes which reactors did. `drain` (a beat task, every minute) replays rows older
than GRACE_SECONDS for the reactors that have not handled them: so each reactor
handles an event once when things go well, and at least once when they don't.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

# Longer than a request's after-commit handlers take, so a row is never replayed
# while its first run is still going on.
GRACE_SECONDS = 60
MAX_ATTEMPTS = 50


class PendingEvent(models.Model):
    """The outbox: an event whose after-commit reactions have not all run yet.
    Written in the same transaction as the change; deleted once every reacting
    app handled it; replayed by the `drain_outbox` beat task otherwise (e.g. the
    broker was unreachable at commit)."""

    event = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    done = models.JSONField(default=list, help_text="Reactors that handled it.")
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.event} {self.payload}"


def record(event: str, payload: dict[str, Any]) -> PendingEvent:
    return PendingEvent.objects.create(event=event, payload=_dump(payload))


def settle(pending: PendingEvent, done: list[str], failed: list[str]) -> None:
    if not failed:
        PendingEvent.objects.filter(pk=pending.pk).delete()
    else:
        PendingEvent.objects.filter(pk=pending.pk).update(done=done)


def due(limit: int = 500) -> list[PendingEvent]:
    cutoff = timezone.now() - timedelta(seconds=GRACE_SECONDS)
    return list(
        PendingEvent.objects.filter(
            created_at__lte=cutoff, attempts__lt=MAX_ATTEMPTS
        ).order_by("pk")[:limit]
    )


def load(pending: PendingEvent) -> dict[str, Any] | None:
    """The event's payload with its rows loaded again; None if one is gone."""
    payload = {}
    for name, value in pending.payload.items():
        if isinstance(value, dict) and "model" in value:
            model = apps.get_model(value["model"])
            payload[name] = model._base_manager.filter(pk=value["pk"]).first()
            if payload[name] is None:
                return None
        else:
            payload[name] = value
    return payload


def _dump(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"model": value._meta.label, "pk": value.pk}
        if isinstance(value, models.Model)
        else value
        for name, value in payload.items()
    }
