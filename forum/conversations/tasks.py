from celery import shared_task

from .emails import email_participants
from .models import Message


@shared_task(ignore_result=True)
def email_message(message_id: int) -> int:
    """Email a new message to its conversation's readers (hidden or gone since:
    nothing to send)."""
    message = (
        Message.objects.select_related("author", "conversation")
        .filter(pk=message_id, hidden_at__isnull=True)
        .first()
    )
    if message is None:
        return 0
    return email_participants(message)
