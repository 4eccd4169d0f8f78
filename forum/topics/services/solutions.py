from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import events
from ..models import Post, Topic
from ..permissions import check_can_accept_solution


def accept_solution(*, topic: Topic, post: Post, by) -> Topic:
    """Mark `post`, a reply of `topic`, as the answer that solved it."""
    check_can_accept_solution(by, topic)
    if post.topic_id != topic.id or post.is_first_post:
        raise ValidationError("Only a reply in this topic can be its solution.")
    if post.is_deleted or post.is_hidden:
        raise ValidationError("A deleted or hidden post cannot be the solution.")
    with transaction.atomic():
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        Post.objects.filter(topic=topic, is_solution=True).update(is_solution=False)
        Post.objects.filter(pk=post.pk).update(is_solution=True)
        topic.solution = post
        topic.solved_at = timezone.now()
        topic.save(update_fields=["solution", "solved_at"])
        events.solution_accepted(post, by)
    post.is_solution = True
    return topic


def unaccept_solution(*, topic: Topic, by) -> Topic:
    """Clear the solution of `topic`."""
    check_can_accept_solution(by, topic)
    with transaction.atomic():
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        Post.objects.filter(topic=topic, is_solution=True).update(is_solution=False)
        topic.solution = None
        topic.solved_at = None
        topic.save(update_fields=["solution", "solved_at"])
        events.solution_unaccepted(topic)
    return topic
