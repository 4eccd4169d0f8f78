"""Email notifications about new posts, and one-click unsubscribing.

A post's emails are decided after commit and sent after a short delay, each checked
again at send time: the member still may see the post, still wants such emails,
has not read the post meanwhile, and has not had an email about it already.

Effectively once: each email is a PostEmail row, written `pending` with its
Message-ID when decided, claimed (`sending`) by one sender at a time, and marked
`sent` only after the SMTP server accepted it. A sender that dies in between
leaves the claim; after FORUM_EMAIL_SEND_LEASE seconds the email is sent again
with the same Message-ID (a possible duplicate, recognisable and counted in
`attempts`). A task the broker lost is queued again by beat (`overdue_emails`).
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail, signing
from django.db.models import F, Q
from django.utils import timezone
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
Status = PostEmail.Status
logger = logging.getLogger(__name__)


def domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def record_post_emails(post: Post, recipients: dict[int, str]) -> list[PostEmail]:
    """Record one pending email (with its Message-ID) per recipient who wants such
    emails, due after the delay that lets readers on the site see the post first.
    Returns the new ones: those recorded before (an event replayed) were queued
    then."""
    due_at = timezone.now() + timedelta(seconds=settings.FORUM_EMAIL_DELAY)
    recorded = []
    for user_id, kind in recipients.items():
        if kind not in PREFERENCE:
            continue
        email, created = PostEmail.objects.get_or_create(
            user_id=user_id,
            post=post,
            defaults={"kind": kind, "message_id": message_id(post), "due_at": due_at},
        )
        if created:
            recorded.append(email)
    return recorded


def send_post_email(*, user, post: Post, kind: str) -> bool:
    """Send `user` the email about `post` if it is still wanted; True if sent.
    Safe to run twice, and concurrently: only the sender that claims the row sends."""
    email, _ = PostEmail.objects.get_or_create(
        user=user,
        post=post,
        defaults={"kind": kind, "message_id": message_id(post)},
    )
    if email.status == Status.SENT:
        return False
    kind = email.kind if email.kind in PREFERENCE else kind

    def send(message_id: str, connection) -> bool:
        if not _still_wanted(user, post, kind):
            return False
        _mail(user, post, kind, message_id, connection)
        return True

    return deliver(email, send)


def deliver(email: PostEmail, send: Callable[..., bool]) -> bool:
    """Claim `email`, have `send(message_id, connection)` mail it, then mark it
    sent; True if sent. `send` answers False when the mail is no longer wanted: the
    row goes. False too when another sender holds a live claim or it was sent.

    The SMTP connection is closed (QUIT) only after the send is recorded, so a
    sender killed after the server accepted the mail and before that record (the
    one way to send it twice) has a window of one UPDATE."""
    claimed_at = timezone.now()
    lease = timedelta(seconds=settings.FORUM_EMAIL_SEND_LEASE)
    claimed = PostEmail.objects.filter(
        Q(status=Status.PENDING)
        | Q(status=Status.SENDING, claimed_at__lt=claimed_at - lease),
        pk=email.pk,
    ).update(status=Status.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1)
    if not claimed:
        return False
    email.refresh_from_db(fields=["attempts", "message_id"])
    if email.attempts > 1:
        logger.warning(
            "Sending %s again (attempt %s) with Message-ID %s: an earlier attempt "
            "may have reached the recipient",
            email,
            email.attempts,
            email.message_id,
        )
    mine = PostEmail.objects.filter(
        pk=email.pk, status=Status.SENDING, claimed_at=claimed_at
    )
    connection = mail.get_connection()
    try:
        try:
            connection.open()
            sent = send(email.message_id, connection)
        except Exception:
            # Refused or unreachable: pending again; beat queues it again later.
            mine.update(status=Status.PENDING, claimed_at=None, due_at=timezone.now())
            raise
        if sent:
            mark_sent(email)
        else:
            mine.delete()
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    return sent


def mark_sent(email: PostEmail) -> None:
    """The SMTP server accepted the mail: never send it again."""
    PostEmail.objects.filter(pk=email.pk).update(
        status=Status.SENT, sent_at=timezone.now()
    )


def overdue_emails(now=None, limit: int = 500) -> list[PostEmail]:
    """The emails to queue again: pending ones whose task was lost (the broker lost
    it, or the send failed) and those whose sender died mid-send (claim older than
    the lease). Each is pushed back as it is returned, and waits twice as long
    before the next time, so a long queue (its tasks are still coming) is not
    flooded with copies."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.FORUM_EMAIL_RETRY_SECONDS)
    lease = timedelta(seconds=settings.FORUM_EMAIL_SEND_LEASE)
    overdue = list(
        PostEmail.objects.filter(
            Q(status=Status.PENDING, due_at__lt=now - grace)
            | Q(status=Status.SENDING, claimed_at__lt=now - lease),
            kind__in=list(PREFERENCE),
        ).order_by("due_at")[:limit]
    )
    for email in overdue:
        PostEmail.objects.filter(pk=email.pk).update(
            due_at=now + grace * (2 ** min(email.requeued, 6) - 1),
            requeued=F("requeued") + 1,
        )
    return overdue


def _mail(user, post: Post, kind: str, message_id: str, connection) -> None:
    topic = post.topic
    scope = unsubscribe_scope(user, topic, kind)
    token = unsubscribe_token(user, scope)
    headers = post_headers(post, token)
    headers["Message-ID"] = message_id
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
        headers=headers,
        recipient=user,
        post=post,
        connection=connection,
    )


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
        "Message-ID": message_id(post),
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


def message_id(post: Post) -> str:
    """A post's mails all carry this Message-ID (a topic's first post is the root
    its replies refer to), so a mail sent twice is recognisable as one."""
    if post.is_first_post:
        return f"<topic-{post.topic_id}@{domain()}>"
    return f"<post-{post.id}@{domain()}>"


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
