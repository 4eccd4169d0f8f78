"""Permission checks for topics and posts. Views, templates and the API ask these."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.permissions import check_can_post
from forum.categories.permissions import category_access

from .models import Post, Topic


def is_moderator(user) -> bool:
    """Staff and site-wide moderators moderate everywhere."""
    return bool(user.is_authenticated and user.is_staff_or_moderator)


def can_moderate(user, category) -> bool:
    """Site moderators everywhere; a category's moderator groups in that category."""
    if is_moderator(user):
        return True
    return user.is_authenticated and category.id in category_access(user).moderates


def check_can_moderate(user, category) -> None:
    if not can_moderate(user, category):
        raise PermissionDenied("Only moderators of this category may do this.")


def can_see_topic(user, topic: Topic) -> bool:
    if topic.category_id not in category_access(user).visible:
        return False
    return not topic.is_deleted or is_moderator(user)


def can_reply(user, topic: Topic) -> bool:
    if not user.is_authenticated or not user.is_active or topic.is_deleted:
        return False
    if user.is_silenced:
        return False
    if topic.category_id not in category_access(user).can_reply:
        return False
    if topic.is_closed or topic.is_archived:
        return can_moderate(user, topic.category)
    return True


def check_can_reply(user, topic: Topic) -> None:
    if can_reply(user, topic):
        return
    check_can_post(user)  # silenced: says why and until when
    if topic.is_closed or topic.is_archived:
        raise PermissionDenied("This topic is closed; it no longer takes replies.")
    raise PermissionDenied("You may not reply in this category.")


def can_edit_post(user, post: Post) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if can_moderate(user, post.topic.category):
        return True
    return (
        post.author_id == user.id
        and not post.is_deleted
        and not post.is_locked
        and not post.topic.is_archived
        and post.topic.category_id in category_access(user).visible
    )


def check_can_edit_post(user, post: Post) -> None:
    if not can_edit_post(user, post):
        raise PermissionDenied("You may only edit your own posts.")


def can_accept_solution(user, topic: Topic) -> bool:
    if not user.is_authenticated or not topic.category.allow_solutions:
        return False
    if not can_see_topic(user, topic):
        return False
    return topic.author_id == user.id or can_moderate(user, topic.category)


def check_can_accept_solution(user, topic: Topic) -> None:
    if not topic.category.allow_solutions:
        raise PermissionDenied("Solutions are not used in this category.")
    if not can_accept_solution(user, topic):
        raise PermissionDenied(
            "Only the person who asked, moderators and staff may mark the solution."
        )


def can_undo_delete(user, post: Post) -> bool:
    """An author may bring back a reply they deleted themselves, for a while."""
    if not user.is_authenticated or not post.is_deleted or post.is_first_post:
        return False
    window = timedelta(seconds=settings.FORUM_UNDO_DELETE_SECONDS)
    return (
        post.author_id == user.id
        and post.deleted_by_id == user.id
        and post.deleted_at >= timezone.now() - window
    )


def can_restore_post(user, post: Post) -> bool:
    return can_moderate(user, post.topic.category) or can_undo_delete(user, post)


def check_can_restore_post(user, post: Post) -> None:
    if not can_restore_post(user, post):
        raise PermissionDenied("Only moderators may restore this post.")


def check_is_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators and staff may do this.")
