from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from forum.subscriptions.services import digests
from forum.topics.models import Topic
from tests.factories import UserFactory

from . import mails

MONDAY_8 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
TEXT = "I read about this in the digest and have the same question, sadly."


def test_digest_entries_can_be_answered_by_email(
    deliver, topic, mailoutbox, member, other_member
):
    for user in (member, other_member):
        user.email_digest = "never"
        user.save(update_fields=["email_digest"])
    reader = UserFactory(username="rita", email="rita@example.org")
    Topic.objects.filter(pk=topic.pk).update(created_at=MONDAY_8 - timedelta(days=1))

    assert digests.send_due_digests(MONDAY_8) == 1
    (digest,) = mailoutbox
    assert digest.from_email.startswith("bounce+")
    line = next(line for line in digest.body.splitlines() if "Reply by email" in line)
    address = unquote(line.split("mailto:")[1].split("?")[0])
    assert "reply by email</a>" in digest.alternatives[0][0]

    record = deliver(mails.plain(sender="rita@example.org", to=address, text=TEXT))

    assert record.post.topic == topic and record.post.author == reader
