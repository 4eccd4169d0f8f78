from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone


class IncomingMessageQuerySet(models.QuerySet):
    def replied_to(self, address: str, *, within: timedelta) -> IncomingMessageQuerySet:
        """Messages from `address` that got an explanation back recently."""
        return self.filter(
            from_address=address, replied_at__gte=timezone.now() - within
        )

    def older_than(self, days: int) -> IncomingMessageQuerySet:
        return self.filter(created_at__lt=timezone.now() - timedelta(days=days))
