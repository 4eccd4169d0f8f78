from celery import shared_task

from . import services


@shared_task
def remove_orphans() -> int:
    """Beat task: delete uploads that no post used within a day."""
    return services.remove_orphans()
