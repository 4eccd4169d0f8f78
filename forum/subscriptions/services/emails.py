"""Email notifications about new posts, and one-click unsubscribing.

A post's emails are decided after commit and sent after a short delay, each checked
again at send time: the member still may see the post, still wants such emails,
has not read the post meanwhile, and has not had an email about it already.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from taggit.models import Tag

from accounts.permissions import can_enter
from forum import markup
from forum.categories.models import Category
from forum.core.emails import send_templated_email
from forum.topics.levels import NotificationLevel
from forum.topics.models import Post, Topic, TopicUser
from forum.topics.permissions import can_see_post

from ..models import CategorySubscription, Notification, PostEmail, TagSubscription

Kind = Notification.Kind
PREFERENCE = {
    Kind.REPLIED: "email_replies",
    Kind.QUOTED: "email_replies",
    Kind.MENTIONED: "email_mentions",
    Kind.WATCHED_TOPIC: "email_watched",
    Kind.WATCHED_POST: "email_watched",
}
UNSUBSCRIBE_SALT = "meridian.unsubscribe"


def domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def send_post_email(*, user, post: Post, kind: str) -> bool:
    """Send `user` the email about `post` if it is still wanted; True if sent.
    Safe to run twice: the PostEmail row is written first and is unique."""
    topic = post.topic
    if not _still_wanted(user, post, kind):
        return False
    try:
        with transaction.atomic():
            PostEmail.objects.create(user=user, post=post)
    except IntegrityError:
        return False
    scope = unsubscribe_scope(user, topic, kind)
    token = unsubscribe_token(user, scope)
    send_templated_email(
        to=user.email,
        template="post",
        context={
            "recipient": user,
            "post": post,
            # Mail readers resolve no site-relative address (images, mentions).
            "cooked": markup.absolute_urls(post.cooked, settings.SITE_URL),
            "raw": markup.absolute_markdown_urls(post.raw, settings.SITE_URL),
            "topic": topic,
            "reason": reason_text(kind, scope),
            "post_url": settings.SITE_URL
            + topic.get_post_url(post.post_number)
            + f"#post-{post.post_number}",
            "unsubscribe_url": settings.SITE_URL + f"/email/unsubscribe/{token}",
            "stop_text": stop_text(scope),
        },
        headers=post_headers(post, token),
        recipient=user,
        post=post,
    )
    return True


def _still_wanted(user, post: Post, kind: str) -> bool:
    topic = post.topic
    if not can_enter(user) or not user.email or post.author_id == user.id:
        return False
    if post.is_deleted or post.is_hidden or topic.is_deleted:
        return False
    if not can_see_post(user, post):
        return False
    if getattr(user, PREFERENCE[kind]) != "immediately":
        return False
    last_read = (
        TopicUser.objects.filter(user=user, topic=topic)
        .values_list("last_read_post_number", flat=True)
        .first()
    )
    return not (last_read and last_read >= post.post_number)


def post_headers(post: Post, token: str) -> dict:
    """Headers that thread a topic in mail clients, and let them filter and stop it."""
    topic = post.topic
    category = topic.category
    root = f"<topic-{topic.id}@{domain()}>"
    headers = {
        "Message-ID": root if post.is_first_post else f"<post-{post.id}@{domain()}>",
        "List-Id": f"{category.name} <{category.slug}.{domain()}>",
        "List-Unsubscribe": f"<{settings.SITE_URL}/email/unsubscribe/{token}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "X-Meridian-Tags": ", ".join(sorted(topic.tags.names())),
        "Auto-Submitted": "auto-generated",
    }
    if not post.is_first_post:
        headers["In-Reply-To"] = root
        headers["References"] = root
    return headers


def unsubscribe_scope(user, topic: Topic, kind: str) -> str:
    """What one click should stop: the subscription that caused the email."""
    if kind in (Kind.REPLIED, Kind.QUOTED):
        return "replies"
    if kind == Kind.MENTIONED:
        return "mentions"
    if TopicUser.objects.filter(
        user=user, topic=topic, notification_level=NotificationLevel.WATCHING
    ).exists():
        return f"topic:{topic.id}"
    categories = [topic.category_id, topic.category.parent_id]
    subscription = CategorySubscription.objects.filter(
        user=user, category_id__in=[c for c in categories if c]
    ).first()
    if subscription:
        return f"category:{subscription.category_id}"
    tag = TagSubscription.objects.filter(user=user, tag__in=topic.tags.all()).first()
    if tag:
        return f"tag:{tag.tag_id}"
    return "watched"


def reason_text(kind: str, scope: str) -> str:
    if kind in (Kind.REPLIED, Kind.QUOTED, Kind.MENTIONED):
        return {
            Kind.REPLIED: "someone replied to your post",
            Kind.QUOTED: "someone quoted your post",
            Kind.MENTIONED: "someone mentioned you",
        }[kind]
    return f"you are watching {describe(scope)}"


def describe(scope: str) -> str:
    what, _, ident = scope.partition(":")
    if what == "topic":
        topic = Topic.objects.filter(id=ident).first()
        return f"the topic “{topic.title}”" if topic else "this topic"
    if what == "category":
        category = Category.objects.filter(id=ident).first()
        return f"the category {category}" if category else "this category"
    if what == "tag":
        tag = Tag.objects.filter(id=ident).first()
        return f"the tag {tag.name}" if tag else "this tag"
    return {
        "replies": "replies to your posts",
        "mentions": "mentions of you",
        "digest": "the summary digest",
    }.get(what, "topics")


def stop_text(scope: str) -> str:
    return f"Stop emails about {describe(scope)}"


def unsubscribe_token(user, scope: str) -> str:
    return signing.dumps({"u": user.pk, "s": scope}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"], str(data.get("s", ""))


def unsubscribe(*, user, scope: str) -> str:
    """Stop what `scope` names for `user`; returns a sentence saying what stopped."""
    what, _, ident = scope.partition(":")
    if what == "topic" and ident.isdigit():
        TopicUser.objects.filter(user=user, topic_id=ident).update(
            notification_level=NotificationLevel.TRACKING
        )
    elif what == "category" and ident.isdigit():
        CategorySubscription.objects.filter(user=user, category_id=ident).delete()
    elif what == "tag" and ident.isdigit():
        TagSubscription.objects.filter(user=user, tag_id=ident).delete()
    elif what in ("replies", "mentions", "watched", "digest"):
        field = {
            "replies": "email_replies",
            "mentions": "email_mentions",
            "watched": "email_watched",
            "digest": "email_digest",
        }[what]
        setattr(user, field, "never")
        user.save(update_fields=[field])
    else:
        return "Nothing to stop: this link names no subscription."
    return f"You will no longer get emails about {describe(scope)}."
