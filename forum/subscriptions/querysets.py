from __future__ import annotations

from django.db import models
from django.db.models import Q

from forum.categories.permissions import category_access
from forum.conversations.models import Conversation


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        """`user`'s notifications about what they may still see: topics in the
        categories they see, and messages of the conversations they still read
        (one they left, or a hidden message, tells them nothing more)."""
        about_topics = Q(
            topic__category_id__in=category_access(user).visible,
            topic__deleted_at__isnull=True,
        )
        about_messages = Q(
            message__conversation__in=Conversation.objects.for_member(user),
            message__hidden_at__isnull=True,
        )
        return self.filter(about_topics | about_messages, user=user)

    def about_topics(self) -> NotificationQuerySet:
        """Only those about topics (the API and Discourse's paths carry no
        personal message)."""
        return self.filter(topic__isnull=False)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_display(self) -> NotificationQuerySet:
        return self.select_related("actor", "topic", "post", "message__conversation")
