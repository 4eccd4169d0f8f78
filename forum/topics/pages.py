"""What the topic page shows: one page of posts, the solution under the question,
the viewer's read state, likes and bookmarks, and what they may do. URLs are built
once per page, not once per post."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest

from forum.core.pagination import page_number

from . import edit_permissions, permissions
from .closing import SmallAction
from .first_posts import mark_first_posts
from .forms import ReplyForm
from .fragments import render_posts
from .levels import level_menu
from .lists import attach_tag_names
from .models import Draft, Post, Topic, TopicUser


@dataclass
class PostsPage:
    """One page of a topic's posts as `user` sees them: each post with the
    viewer's state (liked, bookmarked, pending flags for moderators) and what
    they may do with it; the solution under the question on page 1."""

    topic: Topic
    posts: list[Post]
    number: int
    last: int
    solution: Post | None
    can_reply: bool
    can_accept: bool
    is_moderator: bool


def topic_posts_page(
    topic: Topic,
    user,
    *,
    number: int = 1,
    post_number: int | None = None,
    last_page: bool = False,
    html: bool = False,
) -> PostsPage:
    """The page data the HTML topic page and the API share: page `number`, or
    the page holding `post_number`, or the last page. 404 past the last one.
    With `html` the authors carry only what the HTML shows of them."""
    size = settings.FORUM_POSTS_PER_PAGE
    last = max(1, (topic.highest_post_number + size - 1) // size)
    if last_page:
        number = last
    elif post_number is not None:
        number = (max(post_number, 1) - 1) // size + 1
    if number > last:
        raise Http404("No such page.")
    posts = list(
        _posts_for(topic, user, html=html).filter(
            post_number__gt=(number - 1) * size, post_number__lte=number * size
        )
    )
    can_accept, is_moderator = _mark_post_permissions(user, topic, posts)
    return PostsPage(
        topic=topic,
        posts=posts,
        number=number,
        last=last,
        solution=_solution(topic, posts) if number == 1 else None,
        can_reply=permissions.can_reply(user, topic),
        can_accept=can_accept,
        is_moderator=is_moderator,
    )


def topic_context(
    request: HttpRequest,
    topic: Topic,
    *,
    post_number: int | None = None,
    reply_form: ReplyForm | None = None,
    last_page: bool = False,
    state: TopicUser | None = None,
) -> dict:
    """The HTML topic page: its page of posts, and the reply form, the bell menu
    and the topic it continues."""
    user = request.user
    asked = post_number is None and not last_page
    page = topic_posts_page(
        topic,
        user,
        number=page_number(request) if asked else 1,
        post_number=post_number,
        last_page=last_page,
        html=True,
    )
    context = _posts_context(request, topic, page, html=True)
    _attach_small_actions(topic, page)
    # The title's tags as names, in one light query (taggit's manager joins the
    # content types and asks DISTINCT on every page).
    attach_tag_names([topic])
    if reply_form is None and page.can_reply:
        reply_form = _fresh_reply_form(request, topic, page.posts)
    if user.is_authenticated:
        current = state.notification_level if state else None
        context.update(level_menu("topic", topic.id, current, topic=True))
    return {
        **context,
        "continued_from": _continued_from(topic, user),
        "suggested": (
            Topic.objects.suggested_after(topic, user)
            if page.number == page.last
            else []
        ),
        **_duplicate_links(topic, user),
        "can_edit_topic": edit_permissions.can_edit_topic(user, topic),
        "category": topic.category,
        "solution": page.solution,
        "page_number": page.number,
        "last_page": page.last,
        "reply_form": reply_form,
        "state": state,
    }


def posts_context(
    request: HttpRequest, topic: Topic, posts: list[Post], *, html: bool = True
) -> dict:
    """Per-post permissions and links, for one new or changed post (htmx), and
    with `html` each post's HTML as the viewer sees it (`post.html`)."""
    user = request.user
    can_accept, is_moderator = _mark_post_permissions(user, topic, posts)
    page = PostsPage(
        topic=topic,
        posts=posts,
        number=1,
        last=1,
        solution=None,
        can_reply=permissions.can_reply(user, topic),
        can_accept=can_accept,
        is_moderator=is_moderator,
    )
    return _posts_context(request, topic, page, html=html)


def _posts_context(
    request: HttpRequest, topic: Topic, page: PostsPage, *, html: bool
) -> dict:
    topic_url = topic.get_absolute_url()
    if html:
        render_posts(
            request,
            topic,
            page.posts,
            topic_url=topic_url,
            can_reply=page.can_reply,
            is_moderator=page.is_moderator,
        )
    return {
        "topic": topic,
        "posts": page.posts,
        "topic_url": topic_url,
        "can_reply": page.can_reply,
        "can_accept": page.can_accept,
        "is_moderator": page.is_moderator,
        "can_moderate_topic": page.is_moderator,
    }


def _mark_post_permissions(user, topic: Topic, posts: list[Post]) -> tuple[bool, bool]:
    """Set what `user` may do on each post, the topics continuing them and the
    newcomers' first posts; returns (may accept a solution, moderates)."""
    can_accept = permissions.can_accept_solution(user, topic)
    is_moderator = permissions.can_moderate_topic(user, topic)
    allowed = permissions.post_permissions(user, topic)
    for post in posts:
        post.topic = topic
        for name, value in allowed(post).items():
            setattr(post, name, value)
        post.can_accept = can_accept and not post.is_first_post and not post.is_deleted
    _attach_continuations(posts, user)
    mark_first_posts(posts, user)
    return can_accept, is_moderator


def _attach_small_actions(topic: Topic, page: PostsPage) -> None:
    """The page's small notices ("closed automatically"), one query: each goes
    under the last post shown at or before the one it follows."""
    for post in page.posts:
        post.small_actions = []
    if not page.posts:
        return
    size = settings.FORUM_POSTS_PER_PAGE
    for action in _small_actions(topic, (page.number - 1) * size, page.number * size):
        before = [p for p in page.posts if p.post_number <= action.after_post_number]
        (before[-1] if before else page.posts[0]).small_actions.append(action)


def _small_actions(topic: Topic, after: int, last: int) -> list[SmallAction]:
    """The topic's small notices after posts `after` + 1 to `last`, oldest first.
    A raw query (`small_action_topic` index): on every topic page, and almost
    always empty, building it through the ORM cost more than running it."""
    table = connection.ops.quote_name(SmallAction._meta.db_table)
    sql = (
        "SELECT id, topic_id, kind, after_post_number, text, created_at"  # noqa: S608
        f" FROM {table} WHERE topic_id = %s AND after_post_number > %s"
        " AND after_post_number <= %s ORDER BY created_at, id"
    )
    return list(SmallAction.objects.raw(sql, [topic.id, after, last]))


def one_post(request: HttpRequest, topic: Topic, post_id: int) -> Post:
    """A single post annotated as on the topic page (for htmx fragments)."""
    return _posts_for(topic, request.user).get(pk=post_id)


def _posts_for(topic: Topic, user, *, html: bool = False):
    shown = topic.posts.for_page() if html else topic.posts.for_display()
    posts = shown.with_viewer_state(user)
    if permissions.can_moderate_topic(user, topic):
        return posts.with_moderator_state()
    return posts.alive_or_undoable_by(user)


def _duplicate_links(topic: Topic, user) -> dict:
    """Both ends of "duplicate of": the topic this one duplicates and the topics
    that duplicate it, those `user` may see. The latter only when the topic was
    read `with_duplicates_flag` and has any (or was read without the flag)."""
    visible = Topic.objects.visible_to(user).only("id", "slug", "title")
    target = None
    if topic.duplicate_of_id:
        target = visible.filter(pk=topic.duplicate_of_id).first()
    duplicates = []
    if getattr(topic, "has_duplicates", True):
        duplicates = list(visible.filter(duplicate_of=topic).order_by("id")[:20])
    return {"duplicate_of": target, "duplicates": duplicates}


def _continued_from(topic: Topic, user) -> Post | None:
    """The post this topic continues ("reply as new topic"), if the viewer sees it."""
    if not topic.continues_post_id:
        return None
    return (
        Post.objects.viewable_by(user)
        .select_related("topic")
        .filter(id=topic.continues_post_id)
        .first()
    )


def _solution(topic: Topic, posts: list[Post]) -> Post | None:
    if not topic.solution_id:
        return None
    for post in posts:
        if post.id == topic.solution_id:
            return None if post.is_hidden else post
    solution = (
        Post.objects.for_display().filter(id=topic.solution_id, is_hidden=False).first()
    )
    if solution is not None:
        solution.topic = topic
    return solution


def _attach_continuations(posts: list[Post], user) -> None:
    """The topics started from these posts ("reply as new topic") that the viewer
    sees, one query and only when a post has any (`Post.has_continuations`)."""
    linked = [post.id for post in posts if post.has_continuations]
    for post in posts:
        post.continued_in = []
    if not linked:
        return
    by_post = {post.id: post for post in posts}
    for topic in (
        Topic.objects.visible_to(user)
        .filter(continues_post_id__in=linked)
        .only("id", "slug", "title", "continues_post_id")
    ):
        by_post[topic.continues_post_id].continued_in.append(topic)


def _fresh_reply_form(
    request: HttpRequest, topic: Topic, posts: list[Post]
) -> ReplyForm:
    """The reply form: the member's saved draft if any, else empty; answering or
    quoting the post named by `?reply_to=` / `?quote=` (the no-JavaScript way)."""
    initial = {}
    draft = Draft.objects.filter(user=request.user, key=topic.reply_draft_key).first()
    if draft:
        initial = {
            "raw": draft.data.get("raw", ""),
            "reply_to_post_number": draft.data.get("reply_to_post_number"),
        }
    reply_to = request.GET.get("reply_to", "")
    if reply_to.isdigit():
        initial["reply_to_post_number"] = int(reply_to)
    quote = request.GET.get("quote", "")
    if quote.isdigit():
        quoted = topic.posts.alive().filter(post_number=int(quote), is_hidden=False)
        quoted = quoted.select_related("author").first()
        if quoted:
            initial["raw"] = quote_markdown(topic, quoted, quoted.raw)
            initial["reply_to_post_number"] = quoted.post_number
    form = ReplyForm(initial=initial)
    form.draft = draft
    return form


def quote_markdown(topic: Topic, post: Post, text: str) -> str:
    """A Markdown quote of `text` from `post` that names its author and links back."""
    lines = "\n".join(
        f"> {line}" if line else ">" for line in text.strip().splitlines()
    )
    link = topic.get_post_url(post.post_number)
    return f"> **@{post.author.username}** [wrote]({link}):\n{lines}\n\n"
