from celery import shared_task

from . import trust
from .models import User


@shared_task
def record_visit_task(user_id: int) -> None:
    """Record a member's visit (safe to run twice: a day counts once)."""
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        trust.record_visit(user)
