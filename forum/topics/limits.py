"""New-user limits: what a trust level 0 member may post until they are promoted."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import trust
from accounts.models import TrustLevel
from accounts.permissions import is_staff_or_moderator
from forum import markup
from forum.core import live
from forum.core.links import on_this_site

from .models import Post, Topic


class _Counter(HTMLParser):
    """Counts links and images in cooked HTML, as the reader will see them."""

    def __init__(self) -> None:
        super().__init__()
        self.links = 0
        self.images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self.images += 1
        elif (
            tag == "a"
            and values.get("href")
            and "mention" not in (values.get("class") or "")
        ):
            href = values["href"] or ""
            # Links within the forum (relative, or to its own address) are free.
            if urlsplit(href).netloc and not on_this_site(href):
                self.links += 1


def count_links_and_images(raw: str) -> tuple[int, int]:
    """(links to other sites, images) in `raw` once it is cooked."""
    counter = _Counter()
    counter.feed(markup.render(raw))
    counter.close()
    return counter.links, counter.images


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def is_limited(user) -> bool:
    """New members are limited; staff, moderators and promoted members are not."""
    return not is_staff_or_moderator(user) and user.trust_level < TrustLevel.BASIC


def _how_to_lift() -> str:
    return (
        "New members' limits lift automatically after a little reading: "
        f"{trust.describe(TrustLevel.BASIC)}."
    )


def check_posting_limits(*, user, raw: str, kind: Literal["topic", "reply"]) -> None:
    """Refuse a post that breaks a new member's limits, saying which and why."""
    if not is_limited(user):
        return
    since = timezone.now() - timedelta(days=1)
    if kind == "topic":
        most = live.get("FORUM_NEW_USER_MAX_TOPICS_PER_DAY")
        made = Topic.objects.filter(author=user, created_at__gte=since).count()
        if made >= most:
            raise ValidationError(
                f"New members may start {_count(most, 'topic', 'topics')} a day, and "
                f"you have reached that limit; try again tomorrow. {_how_to_lift()}",
                code="new_user_topics_per_day",
            )
    else:
        most = live.get("FORUM_NEW_USER_MAX_REPLIES_PER_DAY")
        made = Post.objects.filter(
            author=user, post_number__gt=1, created_at__gte=since
        ).count()
        if made >= most:
            raise ValidationError(
                f"New members may post {_count(most, 'reply', 'replies')} a day, and "
                f"you have reached that limit; try again tomorrow. {_how_to_lift()}",
                code="new_user_replies_per_day",
            )
    links, images = count_links_and_images(raw)
    most_links = live.get("FORUM_NEW_USER_MAX_LINKS")
    most_images = live.get("FORUM_NEW_USER_MAX_IMAGES")
    errors = []
    if links > most_links:
        errors.append(
            f"New members may put at most {_count(most_links, 'link', 'links')} to "
            f"other sites in a post; this one has {links}. Remove some links."
        )
    if images > most_images:
        errors.append(
            f"New members may put at most {_count(most_images, 'image', 'images')} "
            f"in a post; this one has {images}. Remove some images."
        )
    if errors:
        raise ValidationError({"raw": [*errors, _how_to_lift()]})
