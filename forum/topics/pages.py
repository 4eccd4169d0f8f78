"""What the topic page shows: one page of posts, the solution under the question,
the viewer's read state, likes and bookmarks, and what they may do. URLs are built
once per page, not once per post."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest

from accounts.first_posts import mark_first_posts
from forum.moderation.models import Flag
from forum.subscriptions.levels_ui import level_menu

from . import permissions
from .forms import ReplyForm
from .fragments import render_posts
from .lists import page_number
from .models import Bookmark, Draft, Like, Post, Topic, TopicUser
from .services import reply_draft_key


def topic_context(
    request: HttpRequest,
    topic: Topic,
    *,
    post_number: int | None = None,
    reply_form: ReplyForm | None = None,
    last_page: bool = False,
    state: TopicUser | None = None,
    html: bool = True,
) -> dict:
    user = request.user
    size = settings.FORUM_POSTS_PER_PAGE
    last = max(1, (topic.highest_post_number + size - 1) // size)
    if last_page:
        number = last
    elif post_number is not None:
        number = (max(post_number, 1) - 1) // size + 1
    else:
        number = page_number(request)
    if number > last:
        raise Http404("No such page.")
    posts = list(
        _posts_for(topic, user).filter(
            post_number__gt=(number - 1) * size, post_number__lte=number * size
        )
    )
    solution = _solution(topic, posts) if number == 1 else None
    context = posts_context(request, topic, posts, html=html)
    can_reply = context["can_reply"]
    if reply_form is None and can_reply:
        reply_form = _fresh_reply_form(request, topic, posts)
    if user.is_authenticated:
        current = state.notification_level if state else None
        context.update(level_menu("topic", topic.id, current, topic=True))
    return {
        **context,
        "continued_from": _continued_from(topic, user),
        "category": topic.category,
        "solution": solution,
        "page_number": number,
        "last_page": last,
        "reply_form": reply_form,
        "state": state,
    }


def posts_context(
    request: HttpRequest, topic: Topic, posts: list[Post], *, html: bool = True
) -> dict:
    """Per-post permissions and links, for a page of posts or one new post, and
    with `html` each post's HTML as the viewer sees it (`post.html`)."""
    user = request.user
    can_accept = permissions.can_accept_solution(user, topic)
    is_moderator = permissions.can_moderate_topic(user, topic)
    for post in posts:
        post.topic = topic
        post.can_edit = permissions.can_edit_post(user, post)
        post.can_accept = can_accept and not post.is_first_post and not post.is_deleted
        post.can_delete = permissions.can_delete_post(user, post)
        post.can_restore = permissions.can_restore_post(user, post)
        post.can_flag = permissions.can_flag_post(user, post)
        post.can_like = permissions.can_like_post(user, post)
    _attach_continuations(posts, user)
    mark_first_posts(posts, user)
    topic_url = topic.get_absolute_url()
    can_reply = permissions.can_reply(user, topic)
    if html:
        render_posts(
            request,
            topic,
            posts,
            topic_url=topic_url,
            can_reply=can_reply,
            is_moderator=is_moderator,
        )
    return {
        "topic": topic,
        "posts": posts,
        "topic_url": topic_url,
        "can_reply": can_reply,
        "can_accept": can_accept,
        "is_moderator": is_moderator,
        "can_moderate_topic": is_moderator,
    }


def one_post(request: HttpRequest, topic: Topic, post_id: int) -> Post:
    """A single post annotated as on the topic page (for htmx fragments)."""
    return _posts_for(topic, request.user).get(pk=post_id)


def _posts_for(topic: Topic, user):
    posts = topic.posts.for_display()
    if permissions.can_moderate_topic(user, topic):
        pending = Flag.objects.filter(post=OuterRef("pk"), status=Flag.Status.PENDING)
        posts = posts.annotate(
            pending_flags=Coalesce(
                Subquery(
                    pending.values("post").annotate(n=Count("id")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            )
        )
    else:
        posts = posts.alive_or_undoable_by(user)
    if user.is_authenticated:
        posts = posts.annotate(
            liked_by_me=Exists(Like.objects.filter(post=OuterRef("pk"), user=user)),
            bookmarked_by_me=Exists(
                Bookmark.objects.filter(post=OuterRef("pk"), user=user)
            ),
        )
    return posts


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
    return (
        Post.objects.for_display().filter(id=topic.solution_id, is_hidden=False).first()
    )


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
    draft = Draft.objects.filter(user=request.user, key=reply_draft_key(topic)).first()
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
