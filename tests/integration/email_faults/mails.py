"""What the email fault tests share: beat's work, the watchers, the mails
expected, and what to print when one is missing."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model

from forum.celery import app
from forum.subscriptions import tasks
from forum.subscriptions.models import CategorySubscription, PostEmail
from forum.subscriptions.services import emails
from forum.topics import events
from forum.topics.models import PendingEvent


def beat() -> None:
    """What beat does every minute, here every two seconds; a broker still down
    only means the next round tries again."""
    try:
        events.drain_outbox()
        tasks.queue_overdue_emails()
    except Exception:  # the broker may be down: beat would retry next time
        app.pool.force_close_all()


def watchers(category, count: int) -> list:
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"watcher{n}",
            email=f"watcher{n}@example.org",
            email_watched="immediately",
        )
        for n in range(count)
    )
    CategorySubscription.objects.bulk_create(
        CategorySubscription(user=user, category=category, level=3) for user in users
    )
    return users


def expected_mails(posts, users) -> set:
    return {(u.email, emails.message_id(p)) for p in posts for u in users}


def all_sent(timeout: float = 10) -> bool:
    """Whether every email is marked sent (just after the sink had the last one,
    its sender may still be writing that down)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not PostEmail.objects.exclude(status="sent").exists():
            return True
        time.sleep(0.1)
    return False


def state(missing) -> str:
    """What the database says about the mails that did not arrive."""
    return "\n".join(
        [
            f"missing: {sorted(missing)}",
            f"emails: {list(PostEmail.objects.values_list('post_id', 'status'))}",
            f"outbox: {list(PendingEvent.objects.values_list('event', 'done'))}",
        ]
    )


def duplicates(received) -> int:
    return sum(count - 1 for count in received.values())
