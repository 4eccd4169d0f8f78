"""Cards for links to this forum's own topics and posts, from the database.

A card is baked into the post's HTML, which every reader of that post gets, so
only topics an anonymous visitor may read become cards; a link to anything else
(a restricted category, an unlisted or deleted topic) stays a plain link. A
topic moved to another category may no longer be public: the posts carrying
its link are found by `posts_linking_to` and cooked again.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from forum.core import live
from forum.core.links import on_this_site
from forum.markup import Preview
from forum.markup.text import excerpt

from .models import Post, Topic

_TOPIC_PATH = re.compile(
    r"^/t/(?:[-\w]+/)?(?P<id>\d{1,18})(?:/(?P<number>\d{1,9}))?/?$"
)
EXCERPT_WORDS = 30


def _target(url: str) -> tuple[int, int] | None:
    """(topic id, post number) for a URL of a topic or post on this site."""
    if not on_this_site(url):
        return None
    match = _TOPIC_PATH.match(urlsplit(url).path)
    if match is None:
        return None
    return int(match["id"]), int(match["number"] or 1)


def preview_internal_links(urls: set[str]) -> dict[str, Preview]:
    """Previews of this forum's public topics and posts among `urls`."""
    targets = {url: target for url in urls if (target := _target(url))}
    if not targets:
        return {}
    topics = {
        topic.id: topic
        for topic in Topic.objects.visible_to(AnonymousUser())
        .listed()
        .filter(id__in={topic_id for topic_id, _ in targets.values()})
        .select_related("category")
    }
    posts = {
        (post.topic_id, post.post_number): post
        for post in Post.objects.filter(
            topic_id__in=topics,
            post_number__in={number for _, number in targets.values()},
            deleted_at=None,
            is_hidden=False,
        ).only("topic_id", "post_number", "cooked")
    }
    site_name = live.get("SITE_NAME")
    previews = {}
    for url, (topic_id, number) in targets.items():
        topic, post = topics.get(topic_id), posts.get((topic_id, number))
        if topic is None or post is None:
            continue
        title = topic.title if number == 1 else f"{topic.title} (post #{number})"
        previews[url] = Preview(
            url=url,
            title=title,
            site_name=f"{site_name} · {topic.category.name}",
            description=excerpt(post.cooked, words=EXCERPT_WORDS),
            solved=topic.solution_id is not None,
        )
    return previews


def posts_linking_to(topic_id: int) -> QuerySet:
    """Posts whose text links to topic `topic_id` (or one of its posts): their
    cards of it come or go when the topic moves in or out of public view."""
    return Post.objects.filter(
        raw__regex=rf"/t/([^/\s]+/)?{int(topic_id)}(/[0-9]+)?/?(\s|$)"
    )
