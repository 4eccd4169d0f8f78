"""What the topic page shows: one page of posts, the solution under the question,
and what the viewer may do. URLs are built once per page, not once per post."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest

from accounts.first_posts import mark_first_posts

from . import permissions
from .forms import ReplyForm
from .lists import page_number
from .models import Post, Topic


def topic_context(
    request: HttpRequest,
    topic: Topic,
    *,
    post_number: int | None = None,
    reply_form: ReplyForm | None = None,
    last_page: bool = False,
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
    posts = topic.posts.filter(
        post_number__gt=(number - 1) * size, post_number__lte=number * size
    ).for_display()
    is_moderator = permissions.is_moderator(user)
    if not is_moderator:
        posts = posts.alive()
    posts = list(posts)
    mark_first_posts(posts, user)
    solution = None
    if topic.solution_id and number == 1:
        solution = (
            Post.objects.for_display()
            .filter(id=topic.solution_id, is_hidden=False)
            .first()
        )
    can_accept = permissions.can_accept_solution(user, topic)
    for post in posts:
        post.can_edit = permissions.can_edit_post(user, post)
        post.can_accept = can_accept and not post.is_first_post and not post.is_deleted
        post.can_delete = not post.is_deleted and (
            is_moderator or post.author_id == user.id
        )
    can_reply = permissions.can_reply(user, topic)
    return {
        "topic": topic,
        "category": topic.category,
        "posts": posts,
        "solution": solution,
        "page_number": number,
        "last_page": last,
        "topic_url": topic.get_absolute_url(),
        "can_reply": can_reply,
        "can_accept": can_accept,
        "is_moderator": is_moderator,
        "reply_form": reply_form or (_fresh_reply_form(request) if can_reply else None),
    }


def _fresh_reply_form(request: HttpRequest) -> ReplyForm:
    """An empty reply form, answering the post named by `?reply_to=` if any."""
    reply_to = request.GET.get("reply_to", "")
    initial = {"reply_to_post_number": int(reply_to)} if reply_to.isdigit() else {}
    return ReplyForm(initial=initial)
