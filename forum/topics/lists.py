"""Topic list pages: pinned topics first, then by activity (or score), paginated
without COUNT(*), with the viewer's read state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Q, Value
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from taggit.models import TaggedItem

from accounts.models import avatar_url
from forum.core.pagination import page_number

from .fragments import render_rows
from .models import Topic
from .prepared import Prepared, argument, compiled, fetch_all, join_union, per_category

# The few pinned topics, read from the partial index `topic_pinned_bumped` (with
# its condition stated, the planner may use it; asked by id, SQLite does not pick
# the category index and read every topic of the categories instead).
PINNED = Topic.objects.filter(Q(is_pinned=True) | Q(is_pinned_globally=True)).values(
    "id"
)


@dataclass
class TopicPage:
    topics: list[TopicRow]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def topic_page(
    request: HttpRequest,
    topics,
    *,
    pinned: Q | None = None,
    order: tuple = ("-bumped_at",),
    categories: list[int] | None = None,
) -> TopicPage:
    """One page of `topics`: those matching `pinned` first (page 1 only), then in
    `order`. The page's ids come first from an index (one range of
    (category, bumped_at) per category of `categories` when given, merged here, so
    no query sorts a category's topics); one row more tells if a next page exists,
    so no COUNT(*) runs over all topics. Then the rows of those ids only."""
    user = request.user
    number = page_number(request)
    size = settings.FORUM_TOPICS_PER_PAGE
    start = (number - 1) * size
    topics = topics.with_read_state(user)
    if pinned is not None:
        # A pin "until a date" ends by itself.
        pinned &= Q(pinned_until__isnull=True) | Q(pinned_until__gt=timezone.now())
    if pinned is not None and user.is_authenticated:
        # "Unpin for me": a topic pinned before the member cleared it is not pinned.
        # Spelled out for SQL's NULLs: without a read state (NULL) the pin stands.
        pinned &= ~Q(
            my_pin_cleared_at__isnull=False,
            pinned_at__isnull=False,
            my_pin_cleared_at__gte=F("pinned_at"),
        )
    regular = topics.exclude(pinned) if pinned is not None else topics
    pinned_ids: list[int] = []
    if order == ("-bumped_at",):
        # One query: each category's range of the index (or the whole bumped_at
        # index), and the few pinned topics, merged here.
        limit = start + size + 1
        if categories:
            parts = per_category(
                lambda c: _bumped(regular.filter(category_id=c), 0)[:limit], categories
            )
        else:
            parts = [compiled(_bumped(regular, 0)[:limit])]
        if pinned is not None and number == 1:
            parts.append(
                compiled(_bumped(topics.filter(pinned, id__in=PINNED), 1).order_by())
            )
        rows = fetch_all(*join_union(parts))
        rows.sort(key=lambda row: row[1], reverse=True)
        pinned_ids = [row[0] for row in rows if row[2]]
        ids = [row[0] for row in rows if not row[2]][start : start + size + 1]
    else:
        ids = list(
            regular.order_by(*order).values_list("id", flat=True)[
                start : start + size + 1
            ]
        )
        if pinned is not None and number == 1:
            pinned_ids = list(
                topics.filter(pinned)
                .order_by("-bumped_at")
                .values_list("id", flat=True)
            )
    if number > 1 and not ids:
        raise Http404("No such page.")
    listed = topic_rows(pinned_ids + ids[:size], user)
    render_rows(listed)
    return TopicPage(
        topics=listed,
        number=number,
        has_next=len(ids) > size,
    )


def _bumped(topics, is_pinned: int):
    return (
        topics.order_by("-bumped_at")
        .annotate(is_pin=Value(is_pinned))
        .values_list("id", "bumped_at", "is_pin")
    )


class Poster:
    """A topic's author or last poster as a list row shows them."""

    __slots__ = ("avatar_name", "id", "username")

    def __init__(self, pk: int, username: str, avatar_name: str | None) -> None:
        self.id = pk
        self.username = username
        self.avatar_name = avatar_name or ""

    @property
    def avatar_url(self) -> str:
        return avatar_url(self.username, self.avatar_name)


# The columns of a list row: read with values_list() into `TopicRow`s, not as
# five model instances per row (topic, category, parent, author, last poster),
# which was 40% of a list page's CPU.
_ROW_FIELDS = (
    "id",
    "title",
    "slug",
    "category_id",
    "author_id",
    "last_poster_id",
    "solution_id",
    "is_pinned",
    "is_pinned_globally",
    "is_closed",
    "reply_count",
    "view_count",
    "highest_post_number",
    "created_at",
    "bumped_at",
)
_ROW_COLUMNS = (
    *_ROW_FIELDS,
    "category__slug",
    "category__name",
    "category__parent__slug",
    "category__parent__name",
    "author__username",
    "author__avatar",
    "last_poster__username",
    "last_poster__avatar",
)


class TopicRow:
    """A topic as the lists show it: the columns of `_ROW_FIELDS`, `author` and
    `last_poster` (`Poster`), `badge`, `tag_names`, the viewer's `my_last_read`,
    `unread_posts` and `is_new`; links as `Topic` builds them; and its HTML once
    `fragments` rendered it (`row_html`, on the home page `latest_html` and
    `brief_html`)."""

    __slots__ = (
        *_ROW_FIELDS,
        "author",
        "last_poster",
        "badge",
        "tag_names",
        "my_last_read",
        "unread_posts",
        "is_new",
        "row_html",
        "latest_html",
        "brief_html",
    )

    get_absolute_url = Topic.get_absolute_url
    get_post_url = Topic.get_post_url
    first_unread_url = Topic.first_unread_url


@lru_cache(maxsize=256)
def _rows_query(count: int, member: bool, vendor: str) -> Prepared:
    """The rows of `count` topics, with a member's read state when `member`:
    arguments the ids, then the member's id. `vendor` only keeps a process
    that talks to two backends from mixing their SQL."""
    ids = [argument(index) for index in range(count)]
    columns = _ROW_COLUMNS
    viewer = AnonymousUser()
    if member:
        columns = (*columns, "my_last_read")
        viewer = get_user_model()(pk=argument(count))
    queryset = (
        Topic.objects.with_read_state(viewer)
        .filter(id__in=ids)
        .order_by()
        .values_list(*columns)
    )
    return Prepared(queryset, count + 1 if member else count)


def topic_rows(ids: list[int], user) -> list[TopicRow]:
    """The topics of `ids`, in that order, ready for the list rows: the viewer's
    read state, `tag_names`, `badge` (the category's badge HTML, built once per
    category), and the author and last poster for the posters' avatars."""
    if not ids:
        return []
    member = user.is_authenticated
    args = [*ids, user.pk] if member else ids
    values = _rows_query(len(ids), member, connection.vendor).run(args)
    fields = len(_ROW_FIELDS)
    badges: dict[int, str] = {}
    by_id = {}
    for row in values:
        topic = TopicRow()
        for name, value in zip(_ROW_FIELDS, row, strict=False):
            setattr(topic, name, value)
        (
            slug,
            name,
            parent_slug,
            parent_name,
            author_name,
            author_avatar,
            last_name,
            last_avatar,
            *state,
        ) = row[fields:]
        topic.author = Poster(topic.author_id, author_name, author_avatar)
        topic.last_poster = (
            Poster(topic.last_poster_id, last_name, last_avatar)
            if topic.last_poster_id
            else None
        )
        topic.my_last_read = state[0] if state else None
        if topic.category_id not in badges:
            badges[topic.category_id] = category_badge(
                topic.category_id, slug, name, parent_slug, parent_name
            )
        topic.badge = badges[topic.category_id]
        by_id[topic.id] = topic
    topics = [by_id[pk] for pk in ids if pk in by_id]
    attach_tag_names(topics)
    mark_read_state(topics, user)
    return topics


def attach_tag_names(topics: list[TopicRow]) -> None:
    """Set `tag_names` (sorted) on each topic, in one query for all of them."""
    names: dict[int, list[str]] = {topic.id: [] for topic in topics}
    if names:
        query = _tags_query(len(names), connection.vendor)
        topic_type = ContentType.objects.get_for_model(Topic).id
        for topic_id, name in query.run([*names, topic_type]):
            names[topic_id].append(name)
    for topic in topics:
        topic.tag_names = sorted(names[topic.id])


@lru_cache(maxsize=128)
def _tags_query(count: int, vendor: str) -> Prepared:
    """The (topic id, tag name) pairs of `count` topics: arguments the ids,
    then the id of the topics' content type (an argument, not part of the SQL:
    a database flushed and migrated again may number content types anew)."""
    queryset = TaggedItem.objects.filter(
        content_type_id=argument(count),
        object_id__in=[argument(index) for index in range(count)],
    ).values_list("object_id", "tag__name")
    return Prepared(queryset, count + 1)


def category_badge(
    category_id: int,
    slug: str,
    name: str,
    parent_slug: str | None,
    parent_name: str | None,
) -> str:
    """The category badge of topic rows (as categories/_badge.html renders it)."""
    url = (
        f"/c/{parent_slug}/{slug}/{category_id}"
        if parent_slug is not None
        else f"/c/{slug}/{category_id}"
    )
    label = f"{parent_name} › {name}" if parent_slug is not None else name
    return format_html(
        '<a class="category-badge cat-{}" href="{}">{}</a>', category_id, url, label
    )


def mark_read_state(topics: list[TopicRow], user) -> None:
    """Set `unread_posts` and `is_new` on each topic for the viewer."""
    new_since = timezone.now() - timedelta(days=settings.FORUM_NEW_TOPIC_DAYS)
    for topic in topics:
        last_read = getattr(topic, "my_last_read", None)
        topic.unread_posts = (
            max(0, topic.highest_post_number - last_read)
            if last_read is not None
            else 0
        )
        topic.is_new = (
            user.is_authenticated
            and last_read is None
            and topic.author_id != user.id
            and topic.created_at > new_since
        )
