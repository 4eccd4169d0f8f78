"""Celery tasks: each takes ids, loads fresh rows, and is safe to run twice.

The mail tasks are acknowledged after they ran, and given back to the broker when
their worker process dies, so a killed worker's mail is sent by another; the
state of each email (services/emails.py, digests.py) keeps that from doubling it.
"""

from celery import shared_task
from django.contrib.auth import get_user_model

from forum.topics.models import Like, Post

from . import services
from .services import digests, emails

MAIL_TASK = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**MAIL_TASK)
def notify_post(post_id: int) -> int:
    post = Post.objects.select_related("topic").filter(id=post_id).first()
    if post is None or post.is_deleted:
        return 0
    return len(services.notify_post(post))


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


@shared_task(**MAIL_TASK)
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


@shared_task(**MAIL_TASK)
def queue_overdue_emails() -> int:
    """Celery beat runs this every minute: queue again the emails whose task was
    lost or whose sender died mid-send."""
    return emails.queue_overdue()


@shared_task(**MAIL_TASK)
def send_digests() -> int:
    """Celery beat runs this every hour: send the digests due at this hour."""
    return digests.send_due_digests()


@shared_task
def publish_weekly_digest() -> bool:
    return digests.publish_public_digest() is not None
