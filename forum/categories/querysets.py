from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from .access import access_for

if TYPE_CHECKING:
    from accounts.models import User


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> CategoryQuerySet:
        """Only the categories `user` may see (the one place this is decided)."""
        return self.filter(id__in=access_for(user, self.model).visible)

    def top_level(self) -> CategoryQuerySet:
        return self.filter(parent__isnull=True)
