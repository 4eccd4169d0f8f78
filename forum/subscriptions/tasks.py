"""Celery tasks: each takes ids, loads fresh rows, and is safe to run twice.

The mail tasks are acknowledged after they ran, and given back to the broker when
their worker process dies, so a killed worker's mail is sent by another; the
state of each email (services/emails.py, digests.py) keeps that from doubling it.
Also the functions that queue them (topics.events runs the first three after
commit).
"""

import logging

from celery import shared_task
from django.contrib.auth import get_user_model

from forum.core import live
from forum.topics.models import Like, Post, Topic

from . import services
from .services import digests, emails

MAIL_TASK = {"acks_late": True, "reject_on_worker_lost": True}
logger = logging.getLogger(__name__)


def post_created(post) -> None:
    """Queue the notifications about a new post (an error reaches topics.events,
    so the event stays in the outbox)."""
    notify_post.delay(post.id)


def post_liked(like) -> None:
    notify_like.delay(like.id)


def solution_accepted(post, by) -> None:
    notify_solution.delay(post.id, by.id)


def topic_edited(topic, *, category_changed: bool, added_tags: list[str]) -> None:
    """Queue telling the watchers of a topic's new category or tags."""
    if category_changed or added_tags:
        notify_topic_edit.delay(topic.id, category_changed, added_tags)


def schedule_post_emails(post: Post, recipients: dict[int, str]) -> None:
    """Record one pending email per recipient who wants it and queue it, after the
    delay that lets readers on the site see the post first."""
    for email in emails.record_post_emails(post, recipients):
        try:
            send_post_email.apply_async(
                (email.user_id, post.id, email.kind),
                countdown=live.get("FORUM_EMAIL_DELAY"),
            )
        except Exception:
            # The email stays pending: beat queues it again when the broker is back.
            logger.warning("Could not queue the email about post %s", post.id)


@shared_task(**MAIL_TASK)
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
def notify_topic_edit(
    topic_id: int, category_changed: bool, added_tags: list[str]
) -> int:
    topic = Topic.objects.select_related("category").filter(id=topic_id).first()
    if topic is None:
        return 0
    return len(
        services.notify_topic_edit(
            topic, category_changed=category_changed, added_tags=added_tags
        )
    )


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
def queue_overdue_emails(now=None) -> int:
    """Celery beat runs this every minute: queue again the emails whose task was
    lost or whose sender died mid-send; returns how many."""
    overdue = emails.overdue_emails(now)
    for email in overdue:
        send_post_email.delay(email.user_id, email.post_id, email.kind)
    return len(overdue)


@shared_task(**MAIL_TASK)
def send_digests() -> int:
    """Celery beat runs this every hour: send the digests due at this hour."""
    return digests.send_due_digests()


@shared_task
def publish_weekly_digest() -> bool:
    return digests.publish_public_digest() is not None
