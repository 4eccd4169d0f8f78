from __future__ import annotations

from django.db import models
from django.db.models import ExpressionWrapper, F

from forum.categories.permissions import category_access


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user) -> TopicQuerySet:
        """Topics in categories `user` may see; deleted topics never show."""
        return self.filter(
            category_id__in=category_access(user).visible, deleted_at__isnull=True
        )

    def listed(self) -> TopicQuerySet:
        return self.filter(is_visible=True)

    def in_category(self, category) -> TopicQuerySet:
        """Topics of `category` and of its subcategories."""
        ids = [category.id, *category.children.values_list("id", flat=True)]
        return self.filter(category_id__in=ids)

    def with_tag(self, tag_name: str) -> TopicQuerySet:
        return self.filter(tags__name=tag_name)

    def for_list(self) -> TopicQuerySet:
        return self.select_related(
            "category", "category__parent", "author", "last_poster"
        ).prefetch_related("tags")

    def pinned_first(self) -> TopicQuerySet:
        return self.order_by("-is_pinned_globally", "-is_pinned", "-bumped_at")

    def solved(self, is_solved: bool = True) -> TopicQuerySet:
        return self.filter(solution__isnull=not is_solved)

    def with_score(self) -> TopicQuerySet:
        """Annotate `score`, what "top" lists rank by: likes weigh most, then
        replies, then views."""
        score = F("like_count") * 15 + F("reply_count") * 5 + F("view_count") / 10
        return self.annotate(
            score=ExpressionWrapper(score, output_field=models.IntegerField())
        )


class PostQuerySet(models.QuerySet):
    def visible_to(self, user) -> PostQuerySet:
        """Posts in topics `user` may see; deleted posts only for staff."""
        posts = self.filter(
            topic__category_id__in=category_access(user).visible,
            topic__deleted_at__isnull=True,
        )
        if not (user.is_authenticated and user.is_staff_or_moderator):
            posts = posts.filter(deleted_at__isnull=True)
        return posts

    def alive(self) -> PostQuerySet:
        return self.filter(deleted_at__isnull=True)

    def for_display(self) -> PostQuerySet:
        return self.select_related("author")
