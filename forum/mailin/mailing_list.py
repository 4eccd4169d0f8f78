"""Mailing-list mode: a member gets every new post they may see by email (less
what they muted), each threaded and repliable like a list's mail. A daily cap
keeps a busy day from flooding them; past it, the daily summary takes over."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils import timezone

from forum.core.emails import send_templated_email
from forum.subscriptions.models import PostEmail
from forum.subscriptions.services.emails import deliver, message_id, post_headers
from forum.topics.models import Post, Topic

from .models import MailingListMode

STOP_SALT = "meridian.mailing-list"
WINDOW = timedelta(days=1)
KIND = "mailing_list"


def set_mailing_list_mode(*, user, enabled: bool) -> None:
    """Turn mailing-list mode on or off for `user`."""
    if enabled:
        MailingListMode.objects.get_or_create(user=user)
    else:
        MailingListMode.objects.filter(user=user).delete()


def stop_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=STOP_SALT)


def read_stop_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    return data.get("u") if isinstance(data, dict) else None


def send_mailing_list(now: datetime | None = None) -> int:
    """Mail every mailing-list member the posts they have not had yet (beat task,
    each minute); returns how many mails went out. Safe to run twice."""
    now = now or timezone.now()
    sent = 0
    modes = MailingListMode.objects.select_related("user").filter(user__is_active=True)
    for mode in modes.exclude(user__email=""):
        sent += _send_to(mode.user, since=max(mode.enabled_at, now - WINDOW), now=now)
    return sent


def posts_for(user, *, since: datetime, until: datetime):
    """New posts `user` may see and did not mute, not by them, not mailed yet."""
    topics = Topic.objects.visible_to(user).not_muted_by(user)
    return (
        Post.objects.visible_to(user)
        .alive()
        .filter(
            created_at__gte=since,
            created_at__lte=until,
            is_hidden=False,
            topic__in=topics.values("id"),
        )
        .exclude(author=user)
        .exclude(id__in=PostEmail.objects.filter(user=user).values("post_id"))
        .select_related("topic__category__parent", "author")
        .order_by("created_at")
    )


def _send_to(user, *, since: datetime, now: datetime) -> int:
    until = now - timedelta(seconds=settings.FORUM_EMAIL_DELAY)
    cap = settings.FORUM_MAILING_LIST_DAILY_CAP
    today = PostEmail.objects.filter(user=user, created_at__gte=now - WINDOW).count()
    sent = 0
    # First those a sender left unsent (it failed, or died mid-send).
    lease = timedelta(seconds=settings.FORUM_EMAIL_SEND_LEASE)
    for email in PostEmail.objects.filter(
        Q(status=PostEmail.Status.PENDING)
        | Q(status=PostEmail.Status.SENDING, claimed_at__lt=now - lease),
        user=user,
        kind=KIND,
    ).select_related("post__topic__category__parent", "post__author"):
        sent += _deliver(user, email)
    for post in posts_for(user, since=since, until=until):
        if today + sent >= cap:
            _fall_back_to_digest(user)
            break
        sent += send_post(user=user, post=post)
    return sent


def _fall_back_to_digest(user) -> None:
    """Past the cap, the day's other posts reach the member in the daily summary."""
    if user.email_digest != "daily":
        user.email_digest = "daily"
        user.save(update_fields=["email_digest"])


def send_post(*, user, post: Post) -> int:
    """Mail `post` to `user` effectively once (the PostEmail row is unique, and
    marked sent after the SMTP server accepted the mail); 1 if sent."""
    email, created = PostEmail.objects.get_or_create(
        user=user, post=post, defaults={"kind": KIND, "message_id": message_id(post)}
    )
    return _deliver(user, email) if created else 0


def _deliver(user, email: PostEmail) -> int:
    def send(message_id: str, connection) -> bool:
        _mail(user, email.post, message_id, connection)
        return True

    return int(deliver(email, send))


def _mail(user, post: Post, message_id: str, connection) -> None:
    topic = post.topic
    stop_url = f"{settings.SITE_URL}/email/mailing-list/stop/{stop_token(user)}"
    headers = post_headers(post, "")
    headers["Message-ID"] = message_id
    headers["List-Unsubscribe"] = f"<{stop_url}>"
    send_templated_email(
        to=user.email,
        template="post",
        context={
            "recipient": user,
            "post": post,
            "topic": topic,
            "reason": "you are in mailing-list mode (every new post you may see)",
            "post_url": settings.SITE_URL
            + topic.get_post_url(post.post_number)
            + f"#post-{post.post_number}",
            "unsubscribe_url": stop_url,
            "stop_text": "Stop mailing-list mode",
        },
        headers=headers,
        recipient=user,
        post=post,
        connection=connection,
    )
