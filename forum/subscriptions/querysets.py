from __future__ import annotations

from django.db import models

from forum.categories.permissions import category_access


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        """`user`'s notifications about what they may still see."""
        return self.filter(
            user=user,
            topic__category_id__in=category_access(user).visible,
            topic__deleted_at__isnull=True,
        )

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_display(self) -> NotificationQuerySet:
        return self.select_related("actor", "topic", "post")
