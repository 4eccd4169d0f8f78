"""Daily and weekly summary emails, and the public weekly digest.

Effectively once: each digest is recorded (member, period) with its Message-ID
before it is sent (pending), claimed by one run at a time (sending), and marked
sent only after the SMTP server accepted the mail. A run that fails leaves the
record unclaimed; one that is killed leaves its claim, which expires after
CLAIM_LEASE. Either way a later run sends it, with the same Message-ID, and counts
the attempt: a digest sent twice is recognisable.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.permissions import can_enter
from forum.core.emails import send_templated_email
from forum.topics.levels import NotificationLevel
from forum.topics.models import Post, Topic

from ..models import CategorySubscription, Digest, TagSubscription
from .emails import domain, unsubscribe_token

logger = logging.getLogger(__name__)
PERIOD_LENGTH = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
CLAIM_LEASE = timedelta(minutes=10)
SECTION_SIZE = 5
FOLLOWING = [
    NotificationLevel.TRACKING,
    NotificationLevel.WATCHING,
    NotificationLevel.WATCHING_FIRST_POST,
]


def local_now(user, now: datetime) -> datetime:
    try:
        zone = ZoneInfo(user.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone)


def period_key(frequency: str, local: datetime) -> str:
    if frequency == "daily":
        return f"daily:{local.date().isoformat()}"
    year, week, _ = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def is_due(user, now: datetime) -> bool:
    """A member's digest is due at their chosen hour (on Mondays for weekly)."""
    local = local_now(user, now)
    if local.hour != user.digest_hour:
        return False
    return user.email_digest == "daily" or local.weekday() == 0


def send_due_digests(now: datetime | None = None) -> int:
    """Record and send every digest that is due now, and any a crash left unsent."""
    now = now or timezone.now()
    members = (
        get_user_model()
        .objects.filter(is_active=True, email_digest__in=["daily", "weekly"])
        .exclude(email="")
    )
    for user in members.iterator():
        # Suspended members hear nothing until they may come back.
        if can_enter(user) and is_due(user, now):
            _record(user, now)
    sent = 0
    for digest in Digest.objects.filter(
        user__isnull=False, sent_at__isnull=True
    ).select_related("user"):
        sent += send_digest(digest, now)
    return sent


def _record(user, now: datetime) -> Digest | None:
    frequency = user.email_digest
    key = period_key(frequency, local_now(user, now))
    last = (
        Digest.objects.filter(user=user, sent_at__isnull=False)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    since = max(last or now - PERIOD_LENGTH[frequency], now - PERIOD_LENGTH["weekly"])
    try:
        with transaction.atomic():
            return Digest.objects.create(
                user=user,
                period=key,
                since=since,
                created_at=now,
                message_id=f"<digest.{uuid.uuid4().hex}@{domain()}>",
            )
    except IntegrityError:
        return None  # this period's digest is already recorded


def send_digest(digest: Digest, now: datetime | None = None) -> int:
    """Send one recorded digest if this run can claim it; returns 1 if sent."""
    now = now or timezone.now()
    claimed = Digest.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE),
        pk=digest.pk,
        sent_at__isnull=True,
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return 0
    digest.refresh_from_db(fields=["attempts", "message_id"])
    if digest.attempts > 1:
        logger.warning(
            "Sending %s again (attempt %s) with Message-ID %s: an earlier attempt "
            "may have reached the recipient",
            digest,
            digest.attempts,
            digest.message_id,
        )
    user = digest.user
    sections = digest_sections(user, since=digest.since, until=digest.created_at)
    if not any(sections.values()):
        # Nothing new: nothing is sent, and the period counts as done.
        Digest.objects.filter(pk=digest.pk).update(sent_at=now, topics={})
        return 0
    try:
        _mail(user, digest, sections)
    except Exception:
        Digest.objects.filter(pk=digest.pk).update(claimed_at=None)
        raise
    mark_sent(digest, sections)
    return 1


def mark_sent(digest: Digest, sections: dict) -> None:
    """The SMTP server accepted the digest: never send it again."""
    Digest.objects.filter(pk=digest.pk).update(
        sent_at=timezone.now(),
        topics={name: [t.id for t in topics] for name, topics in sections.items()},
    )


def _mail(user, digest: Digest, sections: dict) -> None:
    token = unsubscribe_token(user, "digest")
    unsubscribe_url = f"{settings.SITE_URL}/email/unsubscribe/{token}"
    send_templated_email(
        to=user.email,
        template="digest",
        context={
            "recipient": user,
            "frequency": digest.period.split(":")[0],
            "sections": sections,
            "unsubscribe_url": unsubscribe_url,
        },
        headers={
            **({"Message-ID": digest.message_id} if digest.message_id else {}),
            "List-Id": f"{settings.SITE_NAME} digest <digest.{_domain()}>",
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
        recipient=user,
    )


def _domain() -> str:
    return domain()


def digest_sections(user, *, since: datetime, until: datetime) -> dict[str, list]:
    """What a digest holds: the most active new topics, topics newly solved, and
    unanswered questions in tags the member has answered before — in what they
    follow, or the whole forum they may see when they follow nothing."""
    topics = _followed_topics(user).listed()
    new = topics.filter(created_at__gte=since, created_at__lt=until)
    popular = new.order_by(
        (F("reply_count") * 3 + F("like_count")).desc(), "-created_at"
    )[:SECTION_SIZE]
    solved = topics.filter(solved_at__gte=since, solved_at__lt=until).order_by(
        "-solved_at"
    )[:SECTION_SIZE]
    answered_tags = []
    if user.is_authenticated:
        answered_tags = list(
            Topic.tags.through.objects.filter(
                object_id__in=Post.objects.filter(
                    author=user, post_number__gt=1
                ).values("topic_id")
            )
            .values_list("tag_id", flat=True)
            .distinct()
        )
    unanswered = (
        new.filter(reply_count=0, tags__in=answered_tags).distinct()[:SECTION_SIZE]
        if answered_tags
        else []
    )
    return {
        "popular": list(popular.select_related("category")),
        "solved": list(solved.select_related("category")),
        "unanswered": list(unanswered),
    }


def _followed_topics(user):
    visible = Topic.objects.visible_to(user)
    if not user.is_authenticated:
        return visible
    categories = CategorySubscription.objects.filter(user=user, level__in=FOLLOWING)
    tags = TagSubscription.objects.filter(user=user, level__in=FOLLOWING)
    if not categories.exists() and not tags.exists():
        return visible.not_muted_by(user)
    category_ids = list(categories.values_list("category_id", flat=True))
    return visible.filter(
        Q(category_id__in=category_ids)
        | Q(category__parent_id__in=category_ids)
        | Q(tags__in=tags.values("tag_id"))
    ).distinct()


def publish_public_digest(now: datetime | None = None) -> Digest | None:
    """The public weekly digest (a page and an RSS item): once per ISO week."""
    now = now or timezone.now()
    key = period_key("weekly", now)
    since = now - PERIOD_LENGTH["weekly"]
    sections = digest_sections(AnonymousUser(), since=since, until=now)
    if not any(sections.values()):
        return None
    try:
        with transaction.atomic():
            return Digest.objects.create(
                user=None,
                period=key,
                since=since,
                created_at=now,
                sent_at=now,
                topics={
                    name: [t.id for t in items] for name, items in sections.items()
                },
            )
    except IntegrityError:
        return None
