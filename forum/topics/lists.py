"""Topic list pages: pinned topics first, then by activity, paginated without COUNT."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest

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


def topic_page(request: HttpRequest, topics, *, pinned: Q) -> TopicPage:
    """One page of `topics`: those matching `pinned` first (page 1 only), then by
    activity. Each part is served by an index; one row more tells if a next page
    exists, so no COUNT(*) runs over all topics."""
    number = page_number(request)
    size = settings.FORUM_TOPICS_PER_PAGE
    start = (number - 1) * size
    regular = list(
        topics.exclude(pinned)
        .order_by("-bumped_at")
        .for_list()[start : start + size + 1]
    )
    if number > 1 and not regular:
        raise Http404("No such page.")
    pinned_topics = (
        list(topics.filter(pinned).order_by("-bumped_at").for_list())
        if number == 1
        else []
    )
    return TopicPage(
        topics=pinned_topics + regular[:size],
        number=number,
        has_next=len(regular) > size,
    )
