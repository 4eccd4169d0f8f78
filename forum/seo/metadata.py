"""What a page tells search engines and link previews about itself: a description,
OpenGraph and Twitter card tags, and schema.org JSON-LD. Built only from what the
page already shows its viewer, so it can never reveal more than the page."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from forum.core import live
from forum.core.links import absolute
from forum.markup import text

# Every topic page reads its first post (and solution) as plain text, parsing the
# HTML each time (~2 ms a page): the text depends only on the HTML, so keep the
# latest ones (an edit changes the HTML, hence the key).
plain_text = functools.lru_cache(maxsize=256)(text.plain_text)

DESCRIPTION_CHARACTERS = 200
_FIRST_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"', re.IGNORECASE)
# Inside <script>, "</script>" or "<!--" in a post must not end the block.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class PageMeta:
    title: str
    description: str
    url: str
    kind: str = "website"
    image: str = ""
    section: str = ""
    published: str = ""
    modified: str = ""
    json_ld: dict = field(default_factory=dict)

    @property
    def json_ld_script(self) -> SafeString:
        return mark_safe(json.dumps(self.json_ld).translate(_SCRIPT_ESCAPES))


def description_of(html: str) -> str:
    """Plain text of cooked HTML cut at a word boundary, for a meta description."""
    text = plain_text(html)
    if len(text) <= DESCRIPTION_CHARACTERS:
        return text
    return text[:DESCRIPTION_CHARACTERS].rsplit(" ", 1)[0] + "…"


def _shown(post) -> bool:
    return post is not None and not post.is_hidden and post.deleted_at is None


def _person(user) -> dict:
    return {
        "@type": "Person",
        "name": user.display_name,
        "url": absolute(f"/u/{user.username}"),
    }


def _likes(count: int) -> dict:
    return {
        "@type": "InteractionCounter",
        "interactionType": "https://schema.org/LikeAction",
        "userInteractionCount": count,
    }


def _answer(solution, topic_url: str) -> dict:
    return {
        "@type": "Answer",
        "text": plain_text(solution.cooked),
        "datePublished": solution.created_at.isoformat(),
        "upvoteCount": solution.like_count,
        "url": absolute(f"{topic_url}/{solution.post_number}"),
        "author": _person(solution.author),
    }


def topic_json_ld(topic, first_post, solution, url: str) -> dict:
    """QAPage for a solved question in a Q&A category, DiscussionForumPosting
    otherwise (the schema.org types search engines read for forums)."""
    text = plain_text(first_post.cooked)
    published = topic.created_at.isoformat()
    if topic.category.allow_solutions and _shown(solution):
        question = {
            "@type": "Question",
            "name": topic.title,
            "text": text,
            "answerCount": topic.reply_count,
            "upvoteCount": first_post.like_count,
            "datePublished": published,
            "author": _person(first_post.author),
            "acceptedAnswer": _answer(solution, topic.get_absolute_url()),
        }
        return {
            "@context": "https://schema.org",
            "@type": "QAPage",
            "mainEntity": question,
        }
    return {
        "@context": "https://schema.org",
        "@type": "DiscussionForumPosting",
        "headline": topic.title,
        "text": text,
        "url": url,
        "datePublished": published,
        "author": _person(first_post.author),
        "articleSection": topic.category.name,
        "interactionStatistic": [
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/CommentAction",
                "userInteractionCount": topic.reply_count,
            },
            _likes(first_post.like_count),
        ],
    }


def topic_meta(*, topic, posts, solution, page_number: int) -> PageMeta:
    """The topic page's metadata. Page 1 is canonical at the topic's own URL; the
    first post gives the description, the first image and the JSON-LD."""
    path = topic.get_absolute_url()
    url = absolute(path) + (f"?page={page_number}" if page_number > 1 else "")
    first = posts[0] if posts and posts[0].post_number == 1 else None
    meta = PageMeta(
        title=topic.title,
        description=f"{topic.title} · {topic.category.name}",
        url=url,
        kind="article",
        section=topic.category.name,
        published=topic.created_at.isoformat(),
        modified=topic.last_posted_at.isoformat(),
    )
    if _shown(first):
        meta.description = description_of(first.cooked) or meta.description
        image = _FIRST_IMAGE.search(first.cooked)
        meta.image = absolute(image.group(1)) if image else ""
        meta.json_ld = topic_json_ld(topic, first, solution, url)
    return meta


def category_meta(category, page_number: int) -> PageMeta:
    url = absolute(category.get_absolute_url())
    return PageMeta(
        title=category.name,
        description=description_of(category.description)
        or live.get("SITE_DESCRIPTION"),
        url=url + (f"?page={page_number}" if page_number > 1 else ""),
    )
