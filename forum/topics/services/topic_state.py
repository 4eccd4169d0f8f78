"""Moderator actions on a topic's state: pin, close, archive, list, banner, move,
change owner, delete and restore. Each checks `can_moderate_topic` (site
moderators in every category they see, a category's moderator groups there) and
lands in the staff action log. Deleting is soft: all is restorable."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forum.categories.models import Category
from forum.safeguards.log import log_action

from .. import events
from ..banner import forget_banner
from ..closing import SmallAction
from ..models import CloseReason, Topic
from ..permissions import (
    can_moderate_category,
    can_see_topic,
    check_can_delete_topic,
    check_can_moderate_topic,
)
from .topic_edits import record_revision, relocate

TOPIC_STATE = [
    "is_pinned",
    "is_pinned_globally",
    "pinned_until",
    "is_closed",
    "is_archived",
    "is_visible",
    "is_banner",
]


def _topic_state(topic: Topic, names) -> dict:
    return {name: _plain(getattr(topic, name)) for name in names}


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _set_topic(topic: Topic, by, action: str, reason: str = "", **changes) -> Topic:
    """Change some of a topic's flags as a moderator, and log it."""
    check_can_moderate_topic(by, topic)
    before = _topic_state(topic, changes)
    Topic.objects.filter(pk=topic.pk).update(**changes)
    for name, value in changes.items():
        setattr(topic, name, value)
    log_action(
        actor=by,
        action=action,
        target=topic,
        before=before,
        after=_topic_state(topic, changes),
        reason=reason,
    )
    events.topic_changed(topic.id)
    return topic


def pin_topic(
    *,
    topic: Topic,
    by,
    globally: bool = False,
    until: datetime | None = None,
    reason: str = "",
) -> Topic:
    """Pin `topic` at the top of its category (or of every list when `globally`),
    optionally until a date."""
    return _set_topic(
        topic,
        by,
        "pin_globally" if globally else "pin",
        reason,
        is_pinned=True,
        is_pinned_globally=globally,
        pinned_at=timezone.now(),
        pinned_until=until,
    )


def unpin_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Let `topic` fall back into its place by activity."""
    return _set_topic(
        topic, by, "unpin", reason, is_pinned=False, is_pinned_globally=False
    )


def close_topic(
    *,
    topic: Topic,
    by,
    reason: str = "",
    close_reason: str = CloseReason.OTHER,
    note: str = "",
    duplicate_of: Topic | None = None,
) -> Topic:
    """Stop `topic` taking replies, saying why (shown in the topic); a duplicate
    names the topic it duplicates, which then links back to it."""
    check_can_moderate_topic(by, topic)
    if close_reason not in CloseReason.values:
        raise ValidationError({"close_reason": "Choose one of the close reasons."})
    if close_reason == CloseReason.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError(
                {"duplicate_of": "Say which topic this one duplicates."}
            )
        if duplicate_of.pk == topic.pk or not can_see_topic(by, duplicate_of):
            raise ValidationError(
                {"duplicate_of": "A topic duplicates another topic you can see."}
            )
    else:
        duplicate_of = None
    return _set_topic(
        topic,
        by,
        "close",
        reason,
        is_closed=True,
        closed_at=timezone.now(),
        closed_by_id=by.pk,
        close_reason=close_reason,
        close_note=note[:500],
        duplicate_of_id=duplicate_of.pk if duplicate_of else None,
    )


def open_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Let `topic` take replies again."""
    return _set_topic(
        topic,
        by,
        "open",
        reason,
        is_closed=False,
        closed_at=None,
        closed_by_id=None,
        close_reason="",
        close_note="",
        duplicate_of_id=None,
    )


def close_solved_topics(*, now: datetime | None = None) -> int:
    """Close the open topics whose solution was accepted more than their
    category's `auto_close_days_after_solution` ago (the beat task runs this),
    each with a small notice in its thread; returns how many closed. Safe to run
    twice: closed topics are skipped."""
    now = now or timezone.now()
    closed = 0
    for category in Category.objects.filter(auto_close_days_after_solution__gt=0):
        days = category.auto_close_days_after_solution
        after = f"{days} day{'s' if days != 1 else ''} after its solution was accepted"
        due = Topic.objects.filter(
            category=category,
            is_closed=False,
            deleted_at__isnull=True,
            solution__isnull=False,
            solved_at__lte=now - timedelta(days=days),
        ).values_list("id", flat=True)
        for topic_id in list(due):
            with transaction.atomic():
                locked = (
                    Topic.objects.select_for_update()
                    .filter(pk=topic_id, is_closed=False)
                    .only("highest_post_number")
                    .first()
                )
                if locked is None:
                    continue
                Topic.objects.filter(pk=topic_id).update(
                    is_closed=True,
                    closed_at=now,
                    closed_by=None,
                    close_reason=CloseReason.RESOLVED,
                    close_note=(
                        f"Closed automatically {after}. Start a new topic for a "
                        "new question."
                    ),
                )
                SmallAction.objects.create(
                    topic_id=topic_id,
                    kind=SmallAction.Kind.AUTO_CLOSED,
                    after_post_number=locked.highest_post_number,
                    text=f"This topic was closed automatically {after}.",
                    created_at=now,
                )
            closed += 1
            events.topic_changed(topic_id)
    return closed


def archive_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Freeze `topic`: no replies, no edits."""
    return _set_topic(topic, by, "archive", reason, is_archived=True)


def unarchive_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    return _set_topic(topic, by, "unarchive", reason, is_archived=False)


def unlist_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Keep `topic` reachable by its link but out of every list."""
    return _set_topic(topic, by, "unlist", reason, is_visible=False)


def list_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    return _set_topic(topic, by, "list", reason, is_visible=True)


def make_banner(*, topic: Topic, by, reason: str = "") -> Topic:
    """Show `topic` above every page (replacing any other banner)."""
    with transaction.atomic():
        check_can_moderate_topic(by, topic)
        Topic.objects.filter(is_banner=True).exclude(pk=topic.pk).update(
            is_banner=False
        )
        _set_topic(topic, by, "make_banner", reason, is_banner=True)
    forget_banner()
    return topic


def remove_banner(*, topic: Topic, by, reason: str = "") -> Topic:
    """Stop showing `topic` as the banner."""
    _set_topic(topic, by, "remove_banner", reason, is_banner=False)
    forget_banner()
    return topic


def move_topic(*, topic: Topic, category: Category, by, reason: str = "") -> Topic:
    """Move `topic` to `category`, carrying its counts along."""
    check_can_moderate_topic(by, topic)
    if not can_moderate_category(by, category):
        raise ValidationError("You can only move topics into categories you moderate.")
    if category.id == topic.category_id:
        return topic
    with transaction.atomic():
        # Two moderators moving the same topic at once: the second waits here and
        # moves it from where the first one put it, so counts stay right.
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        before = {"category": locked.category_id}
        if locked.category_id == category.id:
            return locked
        record_revision(
            topic=locked,
            by=by,
            title=locked.title,
            category=category,
            tags=None,
            reason=reason,
        )
        relocate(locked, topic, category)
        log_action(
            actor=by,
            action="move",
            target=topic,
            before=before,
            after={"category": category.id},
            reason=reason,
        )
        events.topic_edited(topic, category_changed=True, added_tags=[])
    return topic


def change_owner(*, topic: Topic, new_owner, by, reason: str = "") -> Topic:
    """Make `new_owner` the author of `topic` and of its first post."""
    check_can_moderate_topic(by, topic)
    before = {"author": topic.author_id}
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(author=new_owner)
        topic.posts.filter(post_number=1).update(author=new_owner)
        topic.author = new_owner
        log_action(
            actor=by,
            action="change_owner",
            target=topic,
            before=before,
            after={"author": new_owner.pk},
            reason=reason,
        )
    events.topic_changed(topic.id)
    return topic


def delete_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Soft-delete a topic with its posts (its author or a moderator)."""
    if topic.is_deleted:
        return topic
    check_can_delete_topic(by, topic)
    is_own = topic.author_id == by.id
    now = timezone.now()
    with transaction.atomic():
        if not Topic.objects.filter(pk=topic.pk, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=by
        ):
            topic.refresh_from_db(fields=["deleted_at", "deleted_by"])
            return topic
        # Read under the row lock the update took: the count may have moved since.
        count = Topic.objects.values_list("post_count", flat=True).get(pk=topic.pk)
        shift_category_counts(topic.category_id, topics=-1, posts=-count)
        if not is_own:
            log_action(actor=by, action="delete_topic", target=topic, reason=reason)
    topic.deleted_at, topic.deleted_by = now, by
    events.topic_changed(topic.id)
    return topic


def restore_topic(*, topic: Topic, by, reason: str = "") -> Topic:
    """Bring back a soft-deleted topic."""
    check_can_moderate_topic(by, topic)
    if not topic.is_deleted:
        return topic
    with transaction.atomic():
        if not Topic.objects.filter(pk=topic.pk, deleted_at__isnull=False).update(
            deleted_at=None, deleted_by=None
        ):
            topic.refresh_from_db(fields=["deleted_at", "deleted_by"])
            return topic
        count = Topic.objects.values_list("post_count", flat=True).get(pk=topic.pk)
        shift_category_counts(topic.category_id, topics=1, posts=count)
        log_action(actor=by, action="restore_topic", target=topic, reason=reason)
    topic.deleted_at = topic.deleted_by = None
    events.topic_changed(topic.id)
    return topic


def shift_category_counts(category_id: int, *, topics: int = 0, posts: int = 0) -> None:
    """Add to a category's topic and post counts (negative to take away)."""
    Category.objects.filter(id=category_id).update(
        topic_count=F("topic_count") + topics, post_count=F("post_count") + posts
    )
