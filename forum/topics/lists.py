"""Topic list pages: pinned topics first, then by activity (or score), paginated
without COUNT(*), with the viewer's read state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.utils import timezone

from .models import Topic


@dataclass
class TopicPage:
    topics: list[Topic]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number(request: HttpRequest) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError as error:
        raise Http404("No such page.") from error
    if number < 1 or number > 10_000:
        raise Http404("No such page.")
    return number


def topic_page(
    request: HttpRequest,
    topics,
    *,
    pinned: Q | None = None,
    order: tuple = ("-bumped_at",),
) -> TopicPage:
    """One page of `topics`: those matching `pinned` first (page 1 only), then in
    `order`. Each part is served by an index; one row more tells if a next page
    exists, so no COUNT(*) runs over all topics."""
    user = request.user
    number = page_number(request)
    size = settings.FORUM_TOPICS_PER_PAGE
    start = (number - 1) * size
    topics = topics.with_read_state(user).select_related(
        "category", "category__parent", "author", "last_poster"
    )
    if pinned is not None:
        # A pin "until a date" ends by itself.
        pinned &= Q(pinned_until__isnull=True) | Q(pinned_until__gt=timezone.now())
    if pinned is not None and user.is_authenticated:
        # "Unpin for me": a topic pinned before the member cleared it is not pinned.
        pinned &= ~Q(my_pin_cleared_at__gte=F("pinned_at"))
    regular = topics.exclude(pinned) if pinned is not None else topics
    rows = list(regular.order_by(*order)[start : start + size + 1])
    if number > 1 and not rows:
        raise Http404("No such page.")
    pinned_rows = []
    if pinned is not None and number == 1:
        pinned_rows = list(topics.filter(pinned).order_by("-bumped_at"))
    page = TopicPage(
        topics=pinned_rows + rows[:size], number=number, has_next=len(rows) > size
    )
    prefetch_related_objects(page.topics, "tags")
    mark_read_state(page.topics, user)
    return page


def mark_read_state(topics: list[Topic], user) -> None:
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
