"""Who may see and do what with topics, posts and tags: one question per concept.

Views build their templates' context from these, and the API's serializers and
permissions, feeds, search, emails, digests and the review queue ask the same
functions. Category visibility is decided by `category_access`, moderation by
`moderated_category_ids`, and "staff or moderator" by
`accounts.permissions.is_staff_or_moderator`; nothing here restates them. Each
`check_*` twin raises PermissionDenied with a message that says why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.permissions import check_can_post, is_staff_or_moderator
from forum.categories.permissions import (
    can_moderate_category,
    can_see_category,
    category_access,
    moderated_category_ids,
)

from .models import Post, Topic

__all__ = [
    "can_accept_solution",
    "can_bookmark_post",
    "can_delete_post",
    "can_edit_post",
    "can_edit_wiki",
    "can_flag_post",
    "can_like_post",
    "can_make_wiki",
    "can_moderate_category",
    "can_moderate_topic",
    "can_reply",
    "can_reply_to_post",
    "can_restore_post",
    "can_review_flags_in",
    "can_review_post",
    "can_see_category",
    "can_see_post",
    "can_see_review_queue",
    "can_see_tag",
    "can_see_topic",
    "is_staff_or_moderator",
    "moderated_category_ids",
    "post_permissions",
    "unlisted_category_ids",
]


def can_moderate_topic(user, topic: Topic) -> bool:
    """Site moderators and staff, and the topic's category moderators."""
    return can_moderate_category(user, topic.category)


def check_can_moderate_topic(user, topic: Topic) -> None:
    if not can_moderate_topic(user, topic):
        raise PermissionDenied("Only moderators of this category may do this.")


def can_review_flags_in(user, category) -> bool:
    """Flags on posts of `category` reach `user`'s review queue."""
    return can_moderate_category(user, category)


def can_see_review_queue(user) -> bool:
    """Site moderators and staff, and members of a category's moderator group;
    each sees there only the flags of categories they moderate."""
    return is_staff_or_moderator(user) or bool(
        user.is_authenticated and category_access(user).moderates
    )


def check_can_see_review_queue(user) -> None:
    if not can_see_review_queue(user):
        raise PermissionDenied("Only moderators may see the review queue.")


def can_see_topic(user, topic: Topic) -> bool:
    """Its category is visible; a deleted topic only to its moderators."""
    if topic.category_id not in category_access(user).visible:
        return False
    return not topic.is_deleted or topic.category_id in moderated_category_ids(user)


class _InTopic:
    """What `user` may do in `topic` as a whole, each asked once and only when a
    question needs it: the part of the per-post questions below that is the
    same for every post of the topic (a page of 20 posts asked
    `can_moderate_topic` 59 times)."""

    def __init__(self, user, topic: Topic):
        self.user = user
        self.topic = topic

    @cached_property
    def moderates(self) -> bool:
        return can_moderate_topic(self.user, self.topic)

    @cached_property
    def sees(self) -> bool:
        return can_see_topic(self.user, self.topic)

    @cached_property
    def sees_deleted_posts(self) -> bool:
        return self.topic.category_id in moderated_category_ids(self.user)

    @cached_property
    def replies(self) -> bool:
        return can_reply(self.user, self.topic)

    @cached_property
    def access(self):
        return category_access(self.user)


def post_permissions(user, topic: Topic) -> Callable[[Post], dict[str, bool]]:
    """What `user` may do with each post of `topic`, for a page of them: a
    function of a post giving the answers of `can_edit_post`, `can_delete_post`,
    `can_restore_post`, `can_flag_post`, `can_like_post`, `can_make_wiki`,
    `can_review_post`, `can_bookmark_post` and `can_reply_to_post` (as
    `can_edit`, `can_delete`, ...), with the topic's part asked once."""
    in_topic = _InTopic(user, topic)

    def of(post: Post) -> dict[str, bool]:
        return {
            "can_edit": _can_edit_post(user, post, in_topic),
            "can_delete": _can_delete_post(user, post, in_topic),
            "can_restore": _can_restore_post(user, post, in_topic),
            "can_flag": _can_flag_post(user, post, in_topic),
            "can_like": _can_like_post(user, post, in_topic),
            "can_make_wiki": _can_make_wiki(user, post, in_topic),
            "can_review": _can_review_post(post, in_topic),
            "can_bookmark": _can_bookmark_post(user, post, in_topic),
            "can_reply": _can_reply_to_post(post, in_topic),
        }

    return of


def can_see_post(user, post: Post) -> bool:
    """Its topic is visible; a deleted post only to its moderators, and to its
    author when they deleted it themselves (to undo it)."""
    return _can_see_post(user, post, _InTopic(user, post.topic))


def _can_see_post(user, post: Post, in_topic: _InTopic) -> bool:
    if not in_topic.sees:
        return False
    if not post.is_deleted:
        return True
    own = user.is_authenticated and post.author_id == post.deleted_by_id == user.pk
    return own or in_topic.sees_deleted_posts


def can_see_tag(user, tag) -> bool:
    """A tag exists for `user` only where they see a topic that carries it."""
    return Topic.objects.visible_to(user).filter(tags=tag).exists()


def unlisted_category_ids(user) -> frozenset[int]:
    """The categories whose unlisted topics `user` may find: those they moderate
    (every visible one for staff and site moderators)."""
    return moderated_category_ids(user)


def can_reply(user, topic: Topic) -> bool:
    if not user.is_authenticated or not user.is_active or topic.is_deleted:
        return False
    if user.is_silenced:
        return False
    if topic.category_id not in category_access(user).can_reply:
        return False
    if topic.is_closed or topic.is_archived:
        return can_moderate_topic(user, topic)
    return True


def check_can_reply(user, topic: Topic) -> None:
    if can_reply(user, topic):
        return
    check_can_post(user)  # silenced: says why and until when
    if topic.is_closed or topic.is_archived:
        raise PermissionDenied("This topic is closed; it no longer takes replies.")
    raise PermissionDenied("You may not reply in this category.")


def can_edit_post(user, post: Post) -> bool:
    """Its moderators; its author; and for a wiki, members at its trust level
    who may reply in its category. Not while deleted, locked or archived."""
    return _can_edit_post(user, post, _InTopic(user, post.topic))


def _can_edit_post(user, post: Post, in_topic: _InTopic) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if in_topic.moderates:
        return True
    if post.is_deleted or post.is_locked or post.topic.is_archived:
        return False
    if post.author_id == user.id:
        return post.topic.category_id in in_topic.access.visible
    return _can_edit_wiki(user, post, in_topic)


def can_edit_wiki(user, post: Post) -> bool:
    return _can_edit_wiki(user, post, _InTopic(user, post.topic))


def _can_edit_wiki(user, post: Post, in_topic: _InTopic) -> bool:
    return bool(
        post.is_wiki
        and user.is_authenticated
        and not user.is_silenced
        and user.trust_level >= post.wiki_trust_level
        and not post.topic.is_deleted
        and post.topic.category_id in in_topic.access.can_reply
    )


def can_make_wiki(user, post: Post) -> bool:
    """Its moderators, or its author from trust level 1 on."""
    return _can_make_wiki(user, post, _InTopic(user, post.topic))


def _can_make_wiki(user, post: Post, in_topic: _InTopic) -> bool:
    if not user.is_authenticated or not user.is_active or post.is_deleted:
        return False
    if in_topic.moderates:
        return True
    return (
        post.author_id == user.id
        and not user.is_silenced
        and user.trust_level >= 1
        and _can_see_post(user, post, in_topic)
    )


def check_can_make_wiki(user, post: Post) -> None:
    if not can_make_wiki(user, post):
        raise PermissionDenied(
            "Only moderators, and the author from trust level 1, may make a wiki."
        )


def can_review_post(user, post: Post) -> bool:
    """Staff and moderators of its category set a wiki's "last reviewed" date."""
    return _can_review_post(post, _InTopic(user, post.topic))


def _can_review_post(post: Post, in_topic: _InTopic) -> bool:
    return post.is_wiki and in_topic.moderates


def check_can_edit_post(user, post: Post) -> None:
    if not can_edit_post(user, post):
        raise PermissionDenied("You may only edit your own posts.")


def can_delete_post(user, post: Post) -> bool:
    """Its author or its moderators, while it is not deleted (post 1: the topic)."""
    return _can_delete_post(user, post, _InTopic(user, post.topic))


def _can_delete_post(user, post: Post, in_topic: _InTopic) -> bool:
    if not user.is_authenticated or not user.is_active or post.is_deleted:
        return False
    if not _can_see_post(user, post, in_topic):
        return False
    return post.author_id == user.id or in_topic.moderates


def check_can_delete_post(user, post: Post) -> None:
    if not can_see_post(user, post) or not (
        post.author_id == user.id or can_moderate_topic(user, post.topic)
    ):
        raise PermissionDenied("Only its author and moderators may delete a post.")


def can_delete_topic(user, topic: Topic) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if not can_see_topic(user, topic):
        return False
    return topic.author_id == user.id or can_moderate_topic(user, topic)


def check_can_delete_topic(user, topic: Topic) -> None:
    if not can_delete_topic(user, topic):
        raise PermissionDenied("Only its author and moderators may delete a topic.")


def can_flag_post(user, post: Post) -> bool:
    """Members may flag others' visible posts for the moderators."""
    return _can_flag_post(user, post, _InTopic(user, post.topic))


def _can_flag_post(user, post: Post, in_topic: _InTopic) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and post.author_id != user.id
        and not post.is_deleted
        and _can_see_post(user, post, in_topic)
    )


def can_like_post(user, post: Post) -> bool:
    return _can_like_post(user, post, _InTopic(user, post.topic))


def _can_like_post(user, post: Post, in_topic: _InTopic) -> bool:
    return bool(
        user.is_authenticated
        and post.author_id != user.id
        and not post.is_deleted
        and _can_see_post(user, post, in_topic)
    )


def can_bookmark_post(user, post: Post) -> bool:
    return _can_bookmark_post(user, post, _InTopic(user, post.topic))


def _can_bookmark_post(user, post: Post, in_topic: _InTopic) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and not post.is_deleted
        and _can_see_post(user, post, in_topic)
    )


def can_reply_to_post(user, post: Post) -> bool:
    """Reply to or quote this post: a reply in its topic, to a post still there."""
    return _can_reply_to_post(post, _InTopic(user, post.topic))


def _can_reply_to_post(post: Post, in_topic: _InTopic) -> bool:
    return not post.is_deleted and in_topic.replies


def can_accept_solution(user, topic: Topic) -> bool:
    if not user.is_authenticated or not topic.category.allow_solutions:
        return False
    if not can_see_topic(user, topic):
        return False
    return topic.author_id == user.id or can_moderate_topic(user, topic)


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
    """Its moderators, or its author undoing their own delete for a while."""
    return _can_restore_post(user, post, _InTopic(user, post.topic))


def _can_restore_post(user, post: Post, in_topic: _InTopic) -> bool:
    return post.is_deleted and (in_topic.moderates or can_undo_delete(user, post))


def check_can_restore_post(user, post: Post) -> None:
    if not can_restore_post(user, post):
        raise PermissionDenied("Only moderators may restore this post.")
