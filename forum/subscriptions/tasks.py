"""Celery tasks: each takes ids, loads fresh rows, and is safe to run twice; and
the functions that queue them (topics.events runs the first three after commit)."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from forum.topics.models import Like, Post

from . import services
from .services import digests, emails


def post_created(post) -> None:
    """Queue the notifications about a new post (an error reaches topics.events,
    so the event stays in the outbox)."""
    notify_post.delay(post.id)


def post_liked(like) -> None:
    notify_like.delay(like.id)


def solution_accepted(post, by) -> None:
    notify_solution.delay(post.id, by.id)


def schedule_post_emails(post: Post, recipients: dict[int, str]) -> None:
    """Queue one email per recipient who wants it, after the delay that lets
    readers on the site see the post first."""
    for user_id, kind in recipients.items():
        if kind in emails.PREFERENCE:
            send_post_email.apply_async(
                (user_id, post.id, kind), countdown=settings.FORUM_EMAIL_DELAY
            )


@shared_task
def notify_post(post_id: int) -> int:
    post = Post.objects.select_related("topic").filter(id=post_id).first()
    if post is None or post.is_deleted:
        return 0
    created, wanted = services.notify_post(post)
    schedule_post_emails(post, wanted)
    return len(created)


@shared_task
def notify_like(like_id: int) -> int:
    like = Like.objects.select_related("post__topic").filter(id=like_id).first()
    return len(services.notify_like(like)) if like else 0


@shared_task
def notify_solution(post_id: int, by_id: int) -> int:
    post = Post.objects.select_related("topic").filter(id=post_id).first()
    if post is None or not post.is_solution:
        return 0
    return len(services.notify_solution(post, by_id))


@shared_task
def send_post_email(user_id: int, post_id: int, kind: str) -> bool:
    user = get_user_model().objects.filter(id=user_id).first()
    post = (
        Post.objects.select_related("topic__category__parent", "author")
        .filter(id=post_id)
        .first()
    )
    if user is None or post is None:
        return False
    return emails.send_post_email(user=user, post=post, kind=kind)


@shared_task
def send_digests() -> int:
    """Celery beat runs this every hour: send the digests due at this hour."""
    return digests.send_due_digests()


@shared_task
def publish_weekly_digest() -> bool:
    return digests.publish_public_digest() is not None
