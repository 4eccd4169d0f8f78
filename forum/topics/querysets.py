from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import (
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag

from forum.categories.permissions import category_access, moderated_category_ids

from .levels import FOLLOWING, NotificationLevel, muted_ids
from .suggested import suggested_rows

TOP_PERIODS = {
    "daily": 1,
    "weekly": 7,
    "monthly": 30,
    "quarterly": 91,
    "yearly": 365,
    "all": None,
}


def _model(name: str) -> type[models.Model]:
    """A model of this app, looked up by name when a query is built: models.py
    imports this module for its managers, so importing the models here would be
    an import loop (tests/test_architecture.py forbids one)."""
    return apps.get_model("topics", name)


def _id_or_404(pk, what: str) -> int:
    if not str(pk).isdigit() or len(str(pk)) > 18:
        raise Http404(f"No such {what}.")
    return int(pk)


# What the topic page and list rows show of a person (`User.display_name`,
# `avatar_url`, the staff/moderator badge, the newcomer's first-post notice).
PAGE_PEOPLE_FIELDS = frozenset(
    {"id", "username", "name", "avatar", "is_staff", "is_moderator", "trust_level"}
)


@functools.cache
def people_deferred(relations: tuple, shown: frozenset) -> tuple[str, ...]:
    """`defer()` arguments for every column of the users at `relations` except
    `shown`."""
    return tuple(
        f"{relation}__{field.attname}"
        for relation in relations
        for field in get_user_model()._meta.concrete_fields
        if field.attname not in shown
    )


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user) -> TopicQuerySet:
        """Topics in categories `user` may see; deleted topics never show."""
        return self.visible_in(category_access(user).visible)

    def visible_in(self, categories: frozenset[int]) -> TopicQuerySet:
        """`visible_to` a viewer who sees the categories of ids `categories`: what
        a query compiled once per audience starts from."""
        return self.filter(category_id__in=categories, deleted_at__isnull=True)

    def viewable_by(self, user) -> TopicQuerySet:
        """What the topic page shows `user`: topics of categories they see, and
        deleted ones too where they moderate (to restore them)."""
        return self.filter(category_id__in=category_access(user).visible).filter(
            Q(deleted_at__isnull=True) | Q(category_id__in=moderated_category_ids(user))
        )

    def get_visible_or_404(self, user, pk) -> models.Model:
        """The topic with id `pk` if `user` may see it, else Http404 (as for a
        topic that does not exist): every lookup of a topic by id goes here."""
        # No ORDER BY (an id names one row): with one, Django hashes every
        # selected column to match the ordering against them, ~1 ms a page.
        found = self.viewable_by(user).filter(pk=_id_or_404(pk, "topic")).order_by()
        topic = next(iter(found[:1]), None)
        if topic is None:
            raise Http404("No such topic.")
        return topic

    def with_duplicates_flag(self) -> TopicQuerySet:
        """Annotate `has_duplicates`: whether any topic was closed as a duplicate
        of this one (a seek in the partial index `topic_duplicate_of`), so the
        topic page asks which of them the viewer sees only when there are some."""
        duplicates = self.model.objects.filter(duplicate_of=OuterRef("pk"))
        return self.annotate(has_duplicates=Exists(duplicates))

    def listed(self) -> TopicQuerySet:
        return self.filter(is_visible=True)

    def in_category(self, category) -> TopicQuerySet:
        """Topics of `category` and of its subcategories."""
        ids = [category.id, *category.children.values_list("id", flat=True)]
        return self.filter(category_id__in=ids)

    def with_tag(self, tag_name: str) -> TopicQuerySet:
        return self.filter(tags__name=tag_name)

    def tag_or_404(self, name: str) -> Tag:
        """The tag named `name` if one of these topics carries it, else Http404:
        `Topic.objects.visible_to(user).tag_or_404(name)` is how every page,
        feed and endpoint that names a tag finds it, so a tag used only where
        the viewer can't see is answered as one that does not exist."""
        carried = Exists(self.filter(tags=OuterRef("pk")))
        tag = Tag.objects.filter(name=name).filter(carried).first()
        if tag is None:
            raise Http404("No such tag.")
        return tag

    def with_read_state(self, user) -> TopicQuerySet:
        """Annotate each topic with `user`'s read state (one LEFT JOIN, no query)."""
        if not user.is_authenticated:
            return self
        mine = FilteredRelation("user_states", condition=Q(user_states__user=user))
        return self.annotate(
            my_state=mine,
            my_last_read=F("my_state__last_read_post_number"),
            my_level=F("my_state__notification_level"),
            my_pin_cleared_at=F("my_state__pin_cleared_at"),
        )

    def unread_for(self, user) -> TopicQuerySet:
        """Topics `user` tracks or watches that have posts they have not read."""
        return self.filter(
            user_states__user=user,
            user_states__notification_level__in=FOLLOWING,
            highest_post_number__gt=F("user_states__last_read_post_number"),
        )

    def new_for(self, user) -> TopicQuerySet:
        """Recent topics `user` has not opened yet (and did not dismiss)."""
        list_state = _model("ListState")

        since = timezone.now() - timedelta(days=settings.FORUM_NEW_TOPIC_DAYS)
        dismissed = list_state.objects.filter(user=user).values("new_dismissed_at")[:1]
        after = Greatest(Coalesce(Subquery(dismissed), since), since)
        return (
            self.filter(created_at__gt=after)
            .exclude(author=user)
            .exclude(user_states__user=user)
        )

    def not_muted_by(self, user) -> TopicQuerySet:
        """Drop topics `user` muted, directly or through their category or a tag."""
        if not user.is_authenticated:
            return self
        topic_states = _model("TopicUser").objects
        # Not exclude(user_states__user=..., user_states__notification_level=...):
        # across a multi-valued relation that dropped a topic anyone muted once the
        # member had any read state of it (two separate EXISTS). Correlated, so
        # each listed topic is one seek of (user, topic), not a list of all the
        # member's read states.
        muted_topic = topic_states.filter(
            user=user,
            topic_id=OuterRef("id"),
            notification_level=NotificationLevel.MUTED,
        )
        return (
            self.exclude(category_id__in=muted_ids("category", user))
            .exclude(tags__in=muted_ids("tag", user))
            .exclude(Exists(muted_topic))
        )

    def for_list(self) -> TopicQuerySet:
        return self.select_related(
            "category", "category__parent", "author", "last_poster"
        ).prefetch_related("tags")

    def top_in(self, period: str) -> TopicQuerySet:
        """Topics created within `period`, annotated with the `score` that "top"
        lists rank by: likes weigh most, then replies, then views."""
        days = TOP_PERIODS[period]
        topics = self
        if days is not None:
            topics = topics.filter(
                created_at__gte=timezone.now() - timedelta(days=days)
            )
        score = F("like_count") * 15 + F("reply_count") * 5 + F("view_count") / 10
        return topics.annotate(
            score=ExpressionWrapper(score, output_field=models.IntegerField())
        )

    def solved(self, is_solved: bool = True) -> TopicQuerySet:
        return self.filter(solution__isnull=not is_solved)

    def suggested_after(self, topic, user, *, limit: int = 5, scan: int = 30) -> list:
        """What to read after `topic` (as Discourse ends a topic): the viewer's
        topics with unread posts first, then topics sharing a tag, then the same
        category; newest activity first within each. Only topics the viewer sees,
        never `topic` itself. One query that reads the newest related topics in
        index order (no sort in the database, plain SQL: `suggested.py`); the
        ranking is done here. Each topic carries what the suggestions show (its
        link, title, replies and category badge) and its `rank`."""
        rows = suggested_rows(topic, user, category_access(user).visible, scan=scan)
        ranked = sorted(
            (0 if row[-1] else 1 if row[-2] else 2, index, row)
            for index, row in enumerate(rows)
        )
        return [
            _suggested_topic(self.model, rank, row) for rank, _, row in ranked[:limit]
        ]


def _suggested_topic(topic_model, rank: int, row: tuple):
    """A topic with what the suggestions show of it, from one row of
    `suggested_rows`."""
    (
        topic_id,
        slug,
        title,
        replies,
        category_id,
        name,
        category_slug,
        parent_id,
        parent_name,
        parent_slug,
        shares_tag,
        unread,
    ) = row
    category_model = topic_model.category.field.related_model
    category = category_model(
        id=category_id, name=name, slug=category_slug, parent_id=parent_id
    )
    if parent_id is not None:
        category.parent = category_model(
            id=parent_id, name=parent_name, slug=parent_slug
        )
    suggested = topic_model(
        id=topic_id, slug=slug, title=title, reply_count=replies, category=category
    )
    suggested.shares_tag, suggested.unread = bool(shares_tag), bool(unread)
    suggested.rank = rank
    return suggested


class PostQuerySet(models.QuerySet):
    def visible_to(self, user) -> PostQuerySet:
        """Posts in topics `user` may see; deleted posts only for staff."""
        posts = self.filter(
            topic__category_id__in=category_access(user).visible,
            topic__deleted_at__isnull=True,
        )
        return posts.filter(
            Q(deleted_at__isnull=True)
            | Q(topic__category_id__in=moderated_category_ids(user))
        )

    def viewable_by(self, user) -> PostQuerySet:
        """Posts of topics `user` may see; deleted topics and posts only where
        they moderate."""
        moderated = moderated_category_ids(user)
        alive = Q(deleted_at__isnull=True)
        if user.is_authenticated:
            # Its author sees a reply they deleted themselves (to undo it).
            alive |= Q(author_id=user.pk, deleted_by_id=user.pk)
        return self.filter(topic__category_id__in=category_access(user).visible).filter(
            Q(alive, topic__deleted_at__isnull=True)
            | Q(topic__category_id__in=moderated)
        )

    def get_visible_or_404(self, user, pk) -> models.Model:
        """The post with id `pk` if `user` may see it, else Http404: every lookup
        of a post by id goes here."""
        post = self.viewable_by(user).filter(pk=_id_or_404(pk, "post")).first()
        if post is None:
            raise Http404("No such post.")
        return post

    def alive(self) -> PostQuerySet:
        return self.filter(deleted_at__isnull=True)

    def alive_or_undoable_by(self, user) -> PostQuerySet:
        """Live posts, and the ones `user` deleted themselves recently (to undo)."""
        if not user.is_authenticated:
            return self.alive()
        since = timezone.now() - timedelta(seconds=settings.FORUM_UNDO_DELETE_SECONDS)
        return self.filter(
            Q(deleted_at__isnull=True)
            | Q(author=user, deleted_by=user, deleted_at__gte=since)
        )

    def for_display(self) -> PostQuerySet:
        return self.select_related("author", "last_edited_by")

    def for_page(self) -> PostQuerySet:
        """`for_display` with only the columns of the people the topic page's
        HTML shows (name, avatar, role, trust level): half the columns, less SQL
        to build and fewer values to convert on every topic page."""
        return self.for_display().defer(
            *people_deferred(("author", "last_edited_by"), PAGE_PEOPLE_FIELDS)
        )

    def with_viewer_state(self, user) -> PostQuerySet:
        """Each post with what `user` did to it: `liked_by_me`, `bookmarked_by_me`
        (nothing for visitors)."""
        if not user.is_authenticated:
            return self
        like, bookmark = _model("Like"), _model("Bookmark")
        return self.annotate(
            liked_by_me=Exists(like.objects.filter(post=OuterRef("pk"), user=user)),
            bookmarked_by_me=Exists(
                bookmark.objects.filter(post=OuterRef("pk"), user=user)
            ),
        )

    def with_moderator_state(self) -> PostQuerySet:
        """Each post with what its topic's moderators see on it, as the apps above
        topics registered (moderation: `pending_flags`, a count)."""
        return self.annotate(
            **{name: make() for name, make in _moderator_state.items()}
        )


# What moderators see on a post is kept by apps above topics (moderation's flags);
# they name it here in their AppConfig.ready(): an annotation per name.
_moderator_state: dict[str, Callable[[], models.Expression]] = {}


def register_moderator_state(name: str, make: Callable[[], models.Expression]) -> None:
    """Annotate `name`, the expression `make()` returns, on posts moderators see."""
    _moderator_state[name] = make
