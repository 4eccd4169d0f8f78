from __future__ import annotations

from django.db import models

from .roles import is_staff_or_moderator


class GroupProfileQuerySet(models.QuerySet):
    def visible_to(self, user) -> GroupProfileQuerySet:
        """Visible groups, plus hidden ones `user` belongs to (all for moderators)."""
        if is_staff_or_moderator(user):
            return self.all()
        if user.is_authenticated:
            return self.filter(
                models.Q(is_visible=True) | models.Q(group__user=user)
            ).distinct()
        return self.filter(is_visible=True)

    def of_member(self, user) -> GroupProfileQuerySet:
        return self.filter(group__user=user)

    def titles_for(self, user) -> list[str]:
        """The titles `user` may show: those of their groups that have one."""
        return sorted(
            set(self.of_member(user).exclude(title="").values_list("title", flat=True))
        )
