"""Wiki posts: a post many members may edit, each edit a revision, and the
date staff last checked it ("last reviewed")."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import TrustLevel
from forum.safeguards.log import log_action

from .. import events
from ..models import Post
from ..permissions import can_review_post, check_can_make_wiki


def make_wiki(*, post: Post, by, trust_level: int = TrustLevel.BASIC) -> Post:
    """Let members from `trust_level` on edit `post` (its moderators, or its
    author from trust level 1)."""
    check_can_make_wiki(by, post)
    if trust_level not in TrustLevel.values:
        raise ValidationError({"trust_level": "Choose one of the trust levels."})
    Post.objects.filter(pk=post.pk).update(is_wiki=True, wiki_trust_level=trust_level)
    post.is_wiki, post.wiki_trust_level = True, trust_level
    log_action(actor=by, action="make_wiki", target=post, after={"level": trust_level})
    events.topic_changed(post.topic_id)
    return post


def remove_wiki(*, post: Post, by) -> Post:
    """Only its author and moderators edit `post` again."""
    check_can_make_wiki(by, post)
    Post.objects.filter(pk=post.pk).update(is_wiki=False)
    post.is_wiki = False
    log_action(actor=by, action="remove_wiki", target=post)
    events.topic_changed(post.topic_id)
    return post


def set_reviewed(*, post: Post, by, on: date | None) -> Post:
    """Note that staff checked wiki `post` on `on` (None clears it)."""
    if not can_review_post(by, post):
        raise PermissionDenied("Only moderators may set when a wiki was reviewed.")
    Post.objects.filter(pk=post.pk).update(reviewed_on=on)
    post.reviewed_on = on
    log_action(
        actor=by,
        action="review_wiki",
        target=post,
        after={"reviewed_on": on.isoformat() if on else None},
    )
    events.topic_changed(post.topic_id)
    return post
