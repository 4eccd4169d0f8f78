"""Celery tasks: each takes ids, loads fresh rows, and is safe to run twice."""

from celery import shared_task
from django.contrib.auth import get_user_model

from forum.topics.models import Like, Post, Topic

from . import services
from .services import digests, emails


@shared_task
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
