from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts.mentions import check_group_mentions
from forum import markup
from forum.categories.models import Category
from forum.categories.permissions import check_can_create_topic
from forum.safeguards.ratelimits import check_rate_limit

from .. import events, validators
from ..edit_permissions import topic_edit_refusal
from ..limits import check_posting_limits
from ..models import Post, PostRevision, Topic
from ..permissions import (
    can_see_topic,
    check_can_edit_post,
    check_can_reply,
    is_staff_or_moderator,
)
from . import reading

NEW_TOPIC_DRAFT = "new-topic"


def check_not_duplicate(author, raw: str) -> None:
    """Refuse the same text by the same member posted again within minutes."""
    minutes = settings.FORUM_DUPLICATE_POST_MINUTES
    since = timezone.now() - timedelta(minutes=minutes)
    if Post.objects.filter(
        author=author, raw=(raw or "").strip(), created_at__gte=since
    ).exists():
        raise ValidationError(
            f"You posted exactly this text in the last {minutes} minutes. "
            "Add something new, or edit your earlier post instead."
        )


def slug_for(title: str) -> str:
    return slugify(title)[:100].strip("-") or "topic"


def create_topic(
    *,
    author,
    category: Category,
    title: str,
    raw: str,
    tags=(),
    continues_post: Post | None = None,
) -> Topic:
    """Start a topic in `category` with `raw` as its first post (optionally
    continuing the discussion of `continues_post`: "reply as new topic")."""
    check_can_create_topic(author, category)
    check_posting_limits(user=author, raw=raw, kind="topic")
    check_rate_limit(author, "topic")
    check_not_duplicate(author, raw)
    if continues_post is not None and not can_see_topic(author, continues_post.topic):
        continues_post = None
    errors = {}
    try:
        title = validators.clean_title(title)
    except ValidationError as error:
        errors["title"] = error.messages
    try:
        raw = validators.clean_body(raw)
        check_group_mentions(author, markup.mentioned_usernames(raw))
    except ValidationError as error:
        errors["raw"] = error.messages
    try:
        tag_names = validators.clean_tags(
            tags, may_create=is_staff_or_moderator(author)
        )
    except ValidationError as error:
        errors["tags"] = error.messages
    if errors:
        raise ValidationError(errors)
    cooked = markup.render(raw)
    now = timezone.now()
    with transaction.atomic():
        topic = Topic.objects.create(
            title=title,
            slug=slug_for(title),
            category=category,
            author=author,
            created_at=now,
            bumped_at=now,
            last_posted_at=now,
            last_poster=author,
            post_count=1,
            highest_post_number=1,
        )
        if tag_names:
            topic.tags.set(tag_names)
        first_post = Post.objects.create(
            topic=topic,
            author=author,
            post_number=1,
            raw=raw,
            cooked=cooked,
            created_at=now,
        )
        Category.objects.filter(id=category.id).update(
            topic_count=F("topic_count") + 1, post_count=F("post_count") + 1
        )
        if continues_post is not None:
            topic.continues_post = continues_post
            topic.save(update_fields=["continues_post"])
            Post.objects.filter(pk=continues_post.pk).update(has_continuations=True)
        reading.note_posted(user=author, topic=topic, post_number=1)
        reading.discard_draft(user=author, key=NEW_TOPIC_DRAFT)
        events.post_created(first_post)
    return topic


def create_post(
    *, author, topic: Topic, raw: str, reply_to_post_number: int | None = None
) -> Post:
    """Add a reply to `topic`, numbered after every post before it."""
    check_can_reply(author, topic)
    check_posting_limits(user=author, raw=raw, kind="reply")
    check_rate_limit(author, "reply")
    check_not_duplicate(author, raw)
    try:
        raw = validators.clean_body(raw)
        check_group_mentions(author, markup.mentioned_usernames(raw))
    except ValidationError as error:
        raise ValidationError({"raw": error.messages}) from error
    if reply_to_post_number is not None and not (
        topic.posts.alive().filter(post_number=reply_to_post_number).exists()
    ):
        raise ValidationError(
            {"reply_to_post_number": "The post you are replying to does not exist."}
        )
    cooked = markup.render(raw)
    now = timezone.now()
    with transaction.atomic():
        # The row lock serialises post numbers; SQLite serialises writers anyway.
        locked = (
            Topic.objects.select_for_update()
            .only("highest_post_number")
            .get(pk=topic.pk)
        )
        post = Post.objects.create(
            topic=topic,
            author=author,
            post_number=locked.highest_post_number + 1,
            raw=raw,
            cooked=cooked,
            reply_to_post_number=reply_to_post_number,
            created_at=now,
        )
        Topic.objects.filter(pk=topic.pk).update(
            highest_post_number=post.post_number,
            post_count=F("post_count") + 1,
            reply_count=F("reply_count") + 1,
            bumped_at=now,
            last_posted_at=now,
            last_poster=author,
        )
        Category.objects.filter(id=topic.category_id).update(
            post_count=F("post_count") + 1
        )
        reading.note_posted(user=author, topic=topic, post_number=post.post_number)
        reading.discard_draft(user=author, key=topic.reply_draft_key)
        events.post_created(post)
    return post


def edit_post(
    *, post: Post, by, raw: str, title: str | None = None, reason: str = ""
) -> Post:
    """Change a post (for post 1 also its topic's title), keeping a revision."""
    check_can_edit_post(by, post)
    errors = {}
    try:
        raw = validators.clean_body(raw)
    except ValidationError as error:
        errors["raw"] = error.messages
    topic = post.topic
    new_title = topic.title
    if title is not None and post.is_first_post:
        try:
            new_title = validators.clean_title(title)
        except ValidationError as error:
            errors["title"] = error.messages
        else:
            refusal = topic_edit_refusal(by, topic)
            if new_title != topic.title and refusal:
                errors["title"] = [refusal]
    if errors:
        raise ValidationError(errors)
    if raw == post.raw and new_title == topic.title:
        return post
    now = timezone.now()
    with transaction.atomic():
        PostRevision.objects.create(
            post=post,
            number=post.version,
            editor=by,
            created_at=now,
            raw_before=post.raw,
            raw_after=raw,
            title_before=topic.title if post.is_first_post else "",
            title_after=new_title if post.is_first_post else "",
            reason=reason[:255],
        )
        post.raw = raw
        post.cooked = markup.render(raw)
        post.edited_at = now
        post.version = F("version") + 1
        post.last_edited_by = by
        fields = ["raw", "cooked", "edited_at", "version", "last_edited_by"]
        if post.is_hidden and by.id == post.author_id:
            # The author addressed the flags: show it again; the flags stay in the
            # review queue for a moderator to confirm.
            post.is_hidden = False
            fields.append("is_hidden")
        post.save(update_fields=fields)
        post.refresh_from_db(fields=["version"])
        if new_title != topic.title:
            topic.title = new_title
            topic.slug = slug_for(new_title)
            topic.save(update_fields=["title", "slug"])
        events.post_edited(post)
    return post


def rebake_posts(posts) -> int:
    """Re-cook `posts` from their raw Markdown; returns how many changed."""
    changed = []
    for post in posts:
        cooked = markup.render(post.raw)
        if cooked != post.cooked:
            post.cooked = cooked
            changed.append(post)
    Post.objects.bulk_update(changed, ["cooked"])
    return len(changed)
