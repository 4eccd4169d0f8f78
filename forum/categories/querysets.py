from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from accounts.models import User


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> CategoryQuerySet:
        """Only the categories `user` may see (the one place this is decided)."""
        # permissions imports the models, whose manager is this queryset.
        from .permissions import category_access

        return self.filter(id__in=category_access(user).visible)

    def top_level(self) -> CategoryQuerySet:
        return self.filter(parent__isnull=True)
