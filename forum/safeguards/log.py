"""The staff action log: every moderator and admin action is recorded here."""

from __future__ import annotations

from django.db import models

from .models import StaffAction


def log_action(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> StaffAction:
    """Record that `actor` did `action` to `target` (with what changed, and why)."""
    return StaffAction.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        target_repr=str(target)[:300],
        before=before or {},
        after=after or {},
        reason=reason[:2000],
    )
