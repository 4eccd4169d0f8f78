"""After a message is posted or members are added: the bell and the emails.
Each task loads fresh rows, so someone who left meanwhile hears nothing."""

from celery import shared_task
from django.contrib.auth import get_user_model

from forum.subscriptions.services import notify_invited, notify_message

from .emails import email_added, email_participants
from .models import Conversation, Message
from .querysets import readers


@shared_task(ignore_result=True)
def message_posted(message_id: int) -> int:
    """Notify a new message's readers who have not read it yet, and email them
    (hidden or gone since: nothing); the number of emails sent."""
    message = (
        Message.objects.select_related("author", "conversation")
        .filter(pk=message_id, hidden_at__isnull=True)
        .first()
    )
    if message is None:
        return 0
    conversation = message.conversation
    read_it = conversation.participants.filter(
        last_read_number__gte=message.number
    ).values("user_id")
    behind = readers(conversation).exclude(pk__in=read_it)
    notify_message(message, readers=behind)
    return email_participants(message)


@shared_task(ignore_result=True)
def members_added(conversation_id: int, user_ids: list[int], by_id: int) -> int:
    """Tell the members just added to a conversation (those who still read it),
    in the bell and by email; the number of emails sent."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    by = get_user_model().objects.filter(pk=by_id).first()
    latest = conversation and conversation.messages.order_by("-number").first()
    if latest is None or by is None:
        return 0
    added = list(readers(conversation).filter(pk__in=user_ids))
    notify_invited(latest, users=added, by=by)
    return email_added(conversation, users=added, by=by)
