"""The topic page's posts and the lists' topic rows as HTML from a cache.

A post is rendered in pieces: what every reader sees (its opening tag, author,
date, body) and what depends on the viewer (the welcome notice, the topics
continuing it, the actions footer). Each piece is cached under a key that names
everything it shows: the post's id and revision, a digest of its body, its
counters and flags, its author's name, avatar and role, the topic's address,
the time zone and language of the dates, and for the footer the viewer's
permissions and their like and bookmark. A write that changes what a piece shows
therefore changes its key, and the next request renders it afresh: there is
nothing to invalidate, across processes either, so the cache can live in each
process (`CACHES["fragments"]`). The footer's forms are cached with a marker
where the CSRF token goes and get the viewer's token when the page is put
together, so the page works without JavaScript.

A topic row is keyed the same way by the topic's id, its `bumped_at` and what
the row shows; the viewer's unread badge is substituted into the cached row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils import dateformat, timezone, translation
from django.utils.safestring import mark_safe

from forum.core.templatetags.forum_tags import ago

from .models import Post, Topic

# Stands in for the CSRF token in cached forms (never a real token: those are
# 64 letters and digits).
CSRF_MARK = "csrf-token-of-the-viewer"
# Where a cached topic row takes the viewer's unread class and badge.
ROW_UNREAD = "<!--viewer:has-unread-->"
ROW_BADGE = "<!--viewer:badge-->"
_PREFIX = "frag1"


def _cache():
    return caches["fragments"]


def _wiki_editor(post) -> str:
    """Who a wiki post names as its last editor (renames change it too)."""
    if not post.is_wiki or post.last_edited_by_id is None:
        return ""
    return post.last_edited_by.display_name


def _key(kind: str, object_id: int, parts: tuple) -> str:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f"{_PREFIX}:{kind}:{object_id}:{digest}"


def _cached(keys: dict[str, Callable[[], object]]) -> dict[str, object]:
    """The cached HTML of each key, rendering (and storing) the missing ones."""
    cache = _cache()
    found = cache.get_many(list(keys))
    missing = {key: render() for key, render in keys.items() if key not in found}
    if missing:
        cache.set_many(missing)
        found.update(missing)
    return found


def _render(template: str, context: dict) -> str:
    return get_template(template).render(context)


def render_posts(
    request,
    topic: Topic,
    posts: Iterable[Post],
    *,
    topic_url: str,
    can_reply: bool,
    is_moderator: bool,
) -> None:
    """Set `post.html`, the whole `<section>` of each post as the viewer sees it.

    The posts carry the per-viewer attributes `topics.pages` sets
    (`can_edit`, `liked_by_me`, `continued_in`, `is_welcome_post`, ...)."""
    posts = list(posts)
    if not posts:
        return
    user = request.user
    authenticated = user.is_authenticated
    place = (timezone.get_current_timezone_name(), translation.get_language())
    token = ""
    wanted: dict[str, Callable[[], object]] = {}
    plan = []
    for post in posts:
        author = post.author
        if not post.is_hidden:
            audience = "all"
        elif is_moderator:
            audience = "moderator"
        elif post.author_id == user.pk:
            audience = "author"
        else:
            audience = "reader"
        main_key = _key(
            "post",
            post.id,
            (
                audience,
                post.version,
                post.post_number,
                post.reply_to_post_number,
                post.is_solution,
                post.is_hidden,
                post.deleted_at is not None,
                post.created_at,
                post.edited_at,
                hashlib.blake2b(post.cooked.encode(), digest_size=16).digest(),
                author.username,
                author.name,
                author.avatar.name if author.avatar else "",
                author.is_staff,
                author.is_moderator,
                post.is_wiki,
                post.reviewed_on,
                _wiki_editor(post),
                topic_url,
                place,
            ),
        )
        main_context = {
            "post": post,
            "topic_url": topic_url,
            "user": user,
            "is_moderator": is_moderator,
        }
        wanted[main_key] = _main_renderer(main_context)
        actions_key = _key(
            "actions",
            post.id,
            (
                post.post_number,
                post.like_count,
                post.is_solution,
                post.is_hidden,
                post.is_locked,
                post.deleted_at is not None,
                getattr(post, "liked_by_me", False),
                getattr(post, "bookmarked_by_me", False),
                getattr(post, "pending_flags", 0),
                post.is_wiki,
                post.wiki_trust_level,
                post.reviewed_on,
                # Every per-viewer answer the actions show (can_like, can_reply, ...).
                tuple(
                    sorted(
                        (name, value)
                        for name, value in vars(post).items()
                        if name.startswith("can_")
                    )
                ),
                topic.id,
                topic_url,
                can_reply,
                is_moderator,
                authenticated,
            ),
        )
        actions_context = {
            "post": post,
            "topic": topic,
            "topic_url": topic_url,
            "can_reply": can_reply,
            "is_moderator": is_moderator,
            "user": user,
            "csrf_token": CSRF_MARK,
        }
        wanted[actions_key] = _renderer("topics/_post_actions.html", actions_context)
        plan.append((post, main_key, actions_key))
    found = _cached(wanted)
    for post, main_key, actions_key in plan:
        opening, main = found[main_key]
        welcome = (
            _render("topics/_post_welcome.html", {"post": post})
            if getattr(post, "is_welcome_post", False)
            else ""
        )
        continuations = (
            "    " + _render("topics/_post_continuations.html", {"post": post})
            if getattr(post, "continued_in", None)
            else ""
        )
        actions = found[actions_key]
        if CSRF_MARK in actions:
            token = token or get_token(request)
            actions = actions.replace(CSRF_MARK, token)
        parts = [opening, "  ", welcome, main, continuations, "    ", actions]
        post.html = mark_safe("".join(parts) + "\n  </div>\n</section>\n")


def _main_renderer(context: dict) -> Callable[[], tuple[str, str]]:
    return lambda: (
        _render("topics/_post_open.html", context),
        _render("topics/_post_main.html", context),
    )


def _renderer(template: str, context: dict) -> Callable[[], str]:
    return lambda: _render(template, context)


def render_rows(topics: Iterable) -> None:
    """Set `topic.row_html`, the list row of each topic as the viewer sees it.

    The topics are those of `topics.lists.topic_rows` (with `badge`, `tag_names`
    and the viewer's `unread_posts` and `is_new`)."""
    topics = list(topics)
    place = (timezone.get_current_timezone_name(), translation.get_language())
    wanted: dict[str, Callable[[], object]] = {}
    plan = []
    for topic in topics:
        author, last = topic.author, topic.last_poster
        bumped_ago = ago(topic.bumped_at)
        key = _key(
            "row",
            topic.id,
            (
                topic.bumped_at,
                bumped_ago,
                topic.title,
                topic.slug,
                topic.solution_id is not None,
                topic.is_pinned or topic.is_pinned_globally,
                topic.is_closed,
                str(topic.badge),
                topic.tag_names,
                topic.reply_count,
                topic.view_count,
                author.username,
                author.avatar_name,
                topic.last_poster_id,
                last.username if last else "",
                last.avatar_name if last else "",
                place,
            ),
        )
        wanted[key] = _row_renderer(topic, bumped_ago)
        plan.append((topic, key))
    found = _cached(wanted)
    for topic, key in plan:
        viewer = topic.unread_posts or topic.is_new
        badge = (
            _render("topics/_topic_row_badge.html", {"topic": topic}) if viewer else ""
        )
        topic.row_html = mark_safe(
            found[key]
            .replace(ROW_UNREAD, " has-unread" if viewer else "", 1)
            .replace(ROW_BADGE, badge.strip(), 1)
        )


def render_overview(latest: Iterable, by_category: Iterable) -> None:
    """Set the HTML of the home page's topics: `latest_html` on those of its
    latest column (`latest`), `brief_html` on the few listed under each
    category (`by_category`). Cached like rows, keyed by what each shows.

    The topics are those of `topics.lists.topic_rows`; none of it is the
    viewer's own."""
    place = (timezone.get_current_timezone_name(), translation.get_language())
    wanted: dict[str, Callable[[], object]] = {}
    plan = []
    for kind, topics, template in (
        ("latest", latest, "categories/_latest_topic.html"),
        ("brief", by_category, "categories/_category_topic.html"),
    ):
        for topic in topics:
            bumped_ago = ago(topic.bumped_at)
            shown = (
                topic.bumped_at,
                bumped_ago,
                topic.title,
                topic.slug,
                topic.solution_id is not None,
                place,
            )
            if kind == "latest":
                shown += (str(topic.badge), topic.tag_names, topic.reply_count)
            key = _key(kind, topic.id, shown)
            wanted[key] = _stripped(_row_renderer(topic, bumped_ago, template))
            plan.append((topic, f"{kind}_html", key))
    found = _cached(wanted)
    for topic, attribute, key in plan:
        setattr(topic, attribute, mark_safe(found[key]))


def _stripped(render: Callable[[], str]) -> Callable[[], str]:
    return lambda: render().strip()


def _row_renderer(
    topic, bumped_ago: str, template: str = "topics/_topic_row.html"
) -> Callable[[], str]:
    def render() -> str:
        local = timezone.localtime(topic.bumped_at)
        context = {
            "topic": topic,
            "bumped_ago": bumped_ago,
            "bumped_iso": dateformat.format(local, "c"),
        }
        return _render(template, context)

    return render
