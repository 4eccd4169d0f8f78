"""Flags and the review queue.

A post flagged by enough members (weighted by trust level; a moderator's flag
counts in full) is hidden until reviewed, and its author is told why. Moderators
agree (hide or delete, optionally silencing the author), disagree (clear and
unhide) or defer; flaggers hear the outcome.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.services import silence_user
from forum.safeguards.log import log_action
from forum.safeguards.ratelimits import check_rate_limit
from forum.subscriptions.services import notify_moderation
from forum.topics import services as topic_services
from forum.topics.models import Post
from forum.topics.permissions import (
    can_see_post,
    check_can_moderate_topic,
    is_staff_or_moderator,
    moderated_category_ids,
)

from .models import Flag

Status = Flag.Status


def flag_weight(user) -> int:
    if is_staff_or_moderator(user):
        return settings.FORUM_FLAGS_TO_HIDE
    return 2 if getattr(user, "trust_level", 0) >= 2 else 1


def can_silence_members(user) -> bool:
    return is_staff_or_moderator(user)


def check_can_silence_members(user) -> None:
    if not can_silence_members(user):
        raise PermissionDenied("Only site moderators may silence members.")


def flag_post(*, user, post: Post, reason: str, message: str = "") -> Flag:
    """Report `post` to the moderators, once per member and post."""
    if not user.is_authenticated or not can_see_post(user, post):
        raise Http404("No such post.")
    if post.author_id == user.id:
        raise ValidationError(
            "You can't flag your own post; edit or delete it instead."
        )
    if reason not in Flag.Reason.values:
        raise ValidationError("Choose why you are flagging this post.")
    message = message.strip()
    if reason == Flag.Reason.OTHER and not message:
        raise ValidationError("Say what is wrong with the post, for the moderators.")
    check_rate_limit(user, "flag")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                post=post, user=user, reason=reason, message=message[:1000]
            )
    except IntegrityError as error:
        raise ValidationError("You have already flagged this post.") from error
    _hide_if_flagged_enough(post)
    return flag


def _hide_if_flagged_enough(post: Post) -> None:
    pending = Flag.objects.filter(post=post, status=Status.PENDING).select_related(
        "user"
    )
    weight = sum(flag_weight(flag.user) for flag in pending)
    if weight >= settings.FORUM_FLAGS_TO_HIDE and not post.is_hidden:
        Post.objects.filter(pk=post.pk).update(is_hidden=True)
        post.is_hidden = True
        log_action(
            actor=None,
            action="auto_hide_post",
            target=post,
            after={"flag_weight": weight},
            reason="Hidden automatically after flags from the community.",
        )
        _tell(post.author, post, "post_hidden")


def author_history(user_ids) -> dict[int, dict]:
    """For the review queue: each author's posts, and flags upheld against them."""
    rows = User.objects.filter(id__in=set(user_ids)).annotate(
        post_total=Count("posts", distinct=True),
        upheld=Count(
            "posts__flags", filter=Q(posts__flags__status=Status.AGREED), distinct=True
        ),
    )
    return {
        user.id: {
            "posts": user.post_total,
            "upheld_flags": user.upheld,
            "joined": user.date_joined,
            "silenced_until": user.silenced_until,
        }
        for user in rows
    }


def review_queue(user):
    """Posts with pending flags, in categories `user` moderates, most flagged first."""
    posts = (
        Post.objects.filter(
            flags__status=Status.PENDING,
            topic__category_id__in=moderated_category_ids(user),
        )
        .annotate(pending=Count("flags", filter=Q(flags__status=Status.PENDING)))
        .select_related("topic__category", "author")
        .order_by("-pending", "-created_at")
    )
    return list(posts)


def agree(
    *,
    post: Post,
    by,
    action: str = "hide",
    silence_author: bool = False,
    reason: str = "",
) -> Post:
    """Uphold the flags: hide or delete the post, optionally silence its author."""
    check_can_moderate_topic(by, post.topic)
    if action not in ("hide", "delete"):
        raise ValidationError("Choose to hide or to delete the post.")
    with transaction.atomic():
        post = _lock(post)
        if action == "delete":
            topic_services.delete_post(post=post, by=by, reason=reason)
        elif not post.is_hidden:
            topic_services.hide_post(post=post, by=by, reason=reason)
        if silence_author:
            silence(user=post.author, by=by, reason=reason or "Flagged posts")
        _resolve(post, by, Status.AGREED)
    return post


def disagree(*, post: Post, by, reason: str = "") -> Post:
    """Dismiss the flags: the post is fine; show it again."""
    check_can_moderate_topic(by, post.topic)
    with transaction.atomic():
        post = _lock(post)
        if post.is_hidden:
            topic_services.unhide_post(post=post, by=by, reason=reason)
        _resolve(post, by, Status.DISAGREED)
    return post


def defer(*, post: Post, by, reason: str = "") -> Post:
    """Take the post out of the queue without deciding."""
    check_can_moderate_topic(by, post.topic)
    with transaction.atomic():
        _resolve(_lock(post), by, Status.DEFERRED)
    return post


def _lock(post: Post) -> Post:
    """The post, fresh and locked: two moderators deciding at once are served
    one after the other, and the second sees what the first decided."""
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("topic__category", "author")
        .get(pk=post.pk)
    )


def _resolve(post: Post, by, status: str) -> None:
    flags = list(
        Flag.objects.filter(post=post, status=Status.PENDING).select_related("user")
    )
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(
        status=status, resolved_by=by, resolved_at=timezone.now()
    )
    log_action(
        actor=by,
        action=f"flags_{status}",
        target=post,
        after={"flags": len(flags)},
    )
    kind = {Status.AGREED: "flag_agreed", Status.DISAGREED: "flag_disagreed"}.get(
        status
    )
    if kind:
        for flag in flags:
            _tell(flag.user, post, kind)


def silence(*, user, by, reason: str, days: int | None = None) -> None:
    """Stop `user` posting until a date, saying why (and log it)."""
    check_can_silence_members(by)
    days = days or settings.FORUM_SILENCE_DAYS
    until = timezone.now() + timedelta(days=days)
    before = {"silenced_until": user.silenced_until and user.silenced_until.isoformat()}
    silence_user(user=user, until=until, reason=reason)
    log_action(
        actor=by,
        action="silence_user",
        target=user,
        before=before,
        after={"silenced_until": until.isoformat()},
        reason=reason,
    )


def _tell(user, post: Post, kind: str) -> None:
    notify_moderation(user=user, post=post, kind=kind)
