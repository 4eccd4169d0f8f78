from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from forum.conversations.models import Conversation
from forum.topics.models import Topic

from .models import Notification
from .services import COUNTS_TTL, counts_key


def header_counts(request: HttpRequest) -> dict:
    """The header's numbers (unread topics, new topics, unread notifications,
    conversations with unread messages), computed only when a page shows them, in
    one query, cached briefly per member."""
    # Error pages for requests refused before authentication have no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"header_counts": SimpleLazyObject(lambda: _counts(user))}


def _count(queryset) -> Coalesce:
    grouped = queryset.order_by().annotate(one=Value(1)).values("one")
    return Coalesce(
        Subquery(
            grouped.annotate(n=Count("*")).values("n"), output_field=IntegerField()
        ),
        0,
    )


def _counts(user) -> dict:
    key = counts_key(user.pk)
    counts = cache.get(key)
    if counts is None:
        visible = Topic.objects.visible_to(user).listed()
        counts = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(
                unread_count=_count(visible.unread_for(user)),
                new_count=_count(visible.new_for(user)),
                notification_count=_count(Notification.objects.for_user(user).unread()),
                message_count=_count(
                    Conversation.objects.for_member(user).unread_for(user)
                ),
            )
            .values("unread_count", "new_count", "notification_count", "message_count")
            .get()
        )
        counts = {
            "unread": counts["unread_count"],
            "new": counts["new_count"],
            "notifications": counts["notification_count"],
            "messages": counts["message_count"],
        }
        cache.set(key, counts, COUNTS_TTL)
    return counts
