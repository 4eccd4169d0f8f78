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

    def with_children(self, category_id: int) -> CategoryQuerySet:
        """The category of id `category_id` and its subcategories, in one query
        (a category's page shows both)."""
        return self.filter(models.Q(id=category_id) | models.Q(parent_id=category_id))

    def top_level(self) -> CategoryQuerySet:
        return self.filter(parent__isnull=True)
