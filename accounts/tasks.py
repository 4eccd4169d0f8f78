from celery import shared_task
from django.core.cache import cache
from django.db import transaction

from . import trust
from .models import User


@shared_task
def record_visit_task(user_id: int) -> None:
    """Record a member's visit (safe to run twice: a day counts once)."""
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        trust.record_visit(user)


def note_visit(user: User) -> None:
    """Record a visit by `user` after the request, at most once per interval."""
    key = f"visit-noted:{user.pk}"
    if not cache.add(key, 1, timeout=trust.VISIT_INTERVAL):
        return
    transaction.on_commit(lambda: record_visit_task.delay(user.pk))
