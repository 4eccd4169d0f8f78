from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from forum.subscriptions.models import Digest
from forum.subscriptions.services import digests
from forum.topics import services as topic_services
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_8 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def readers(db):
    return [
        UserFactory(username=f"reader{n}", email=f"reader{n}@example.org")
        for n in range(4)
    ]


@pytest.fixture(autouse=True)
def only_readers_want_digests(db, member, other_member):
    """The actors who write the activity asked for no digest."""
    for user in (member, other_member):
        user.email_digest = "never"
        user.save()


def reader_mail():
    return [m for m in mail.outbox if m.to[0].startswith("reader")]


@pytest.fixture
def activity(category, member, other_member):
    topic = TopicFactory(
        category=category, author=member, title="Which filter for SNe?"
    )
    answer = PostFactory(topic=topic, author=other_member)
    topic_services.accept_solution(topic=topic, post=answer, by=member)
    topic.refresh_from_db()
    return topic


def in_window(topic, now):
    from forum.topics.models import Topic

    Topic.objects.filter(pk=topic.pk).update(
        created_at=now - timedelta(days=1), solved_at=now - timedelta(hours=2)
    )


def test_weekly_digest_sent_at_the_chosen_hour(readers, activity):
    in_window(activity, MONDAY_8)
    assert digests.send_due_digests(MONDAY_8) == 4
    message = mail.outbox[0]
    assert message.subject == "[Meridian] Your weekly summary"
    assert "Which filter for SNe?" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "List-Unsubscribe" in message.extra_headers


def test_no_digest_at_another_hour(readers, activity):
    assert digests.send_due_digests(MONDAY_8 + timedelta(hours=1)) == 0


def test_digest_hour_is_in_the_members_time_zone(readers, activity):
    reader = readers[0]
    reader.time_zone = "America/Santiago"  # UTC-3 in November
    reader.save()
    in_window(activity, MONDAY_8 + timedelta(hours=3))
    digests.send_due_digests(MONDAY_8 + timedelta(hours=3))
    assert [m.to for m in mail.outbox] == [["reader0@example.org"]]


def test_no_digest_when_nothing_is_new(readers):
    assert digests.send_due_digests(MONDAY_8) == 0
    assert mail.outbox == []


def test_digest_never_holds_restricted_topics(readers, secret_topic, activity):
    in_window(activity, MONDAY_8)
    in_window(secret_topic, MONDAY_8)
    digests.send_due_digests(MONDAY_8)
    assert reader_mail()
    assert all("Embargoed" not in m.body for m in reader_mail())


def test_running_twice_sends_once(readers, activity):
    in_window(activity, MONDAY_8)
    digests.send_due_digests(MONDAY_8)
    digests.send_due_digests(MONDAY_8)
    assert len(mail.outbox) == 4


def test_a_run_killed_halfway_then_rerun_sends_each_exactly_once(
    readers, activity, monkeypatch
):
    in_window(activity, MONDAY_8)
    real_send = digests.send_templated_email
    sent = []

    def flaky(**kwargs):
        if len(sent) == 2:
            raise ConnectionError("SMTP went away")
        sent.append(kwargs["to"])
        real_send(**kwargs)

    monkeypatch.setattr(digests, "send_templated_email", flaky)
    with pytest.raises(ConnectionError):
        digests.send_due_digests(MONDAY_8)
    monkeypatch.setattr(digests, "send_templated_email", real_send)
    digests.send_due_digests(MONDAY_8)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(r.email for r in readers)


def test_a_claim_left_by_a_killed_worker_expires(readers, activity):
    in_window(activity, MONDAY_8)
    for reader in readers:
        digests._record(reader, MONDAY_8)
    Digest.objects.update(claimed_at=MONDAY_8)  # a worker died mid-send
    assert digests.send_due_digests(MONDAY_8 + timedelta(minutes=5)) == 0
    assert digests.send_due_digests(MONDAY_8 + timedelta(minutes=11)) == 4


def test_daily_digest_every_day(readers, activity):
    for reader in readers:
        reader.email_digest = "daily"
        reader.save()
    tuesday = MONDAY_8 + timedelta(days=1)
    in_window(activity, tuesday)
    assert digests.send_due_digests(tuesday) == 4


def test_public_digest_page_and_feed(client, activity):
    import feedparser

    in_window(activity, MONDAY_8)
    digest = digests.publish_public_digest(MONDAY_8)
    page = client.get(reverse("subscriptions:digest", args=[digest.id]))
    assert "Which filter for SNe?" in page.text
    feed = feedparser.parse(client.get(reverse("feeds:digest")).content)
    assert feed.bozo == 0
    assert "Which filter for SNe?" in feed.entries[0].summary


def test_public_digest_leaves_out_restricted(client, secret_topic, activity):
    in_window(activity, MONDAY_8)
    in_window(secret_topic, MONDAY_8)
    digest = digests.publish_public_digest(MONDAY_8)
    page = client.get(reverse("subscriptions:digest", args=[digest.id]))
    assert "Embargoed" not in page.text


def test_digest_killed_after_smtp_accepted_is_resent_with_same_message_id(
    readers, activity, monkeypatch
):
    in_window(activity, MONDAY_8)
    real_mark_sent = digests.mark_sent

    def killed(digest, sections):
        raise SystemExit("the worker was killed")  # not an Exception: no cleanup

    monkeypatch.setattr(digests, "mark_sent", killed)
    with pytest.raises(SystemExit):
        digests.send_due_digests(MONDAY_8)
    (first,) = reader_mail()
    digest = Digest.objects.get(user__email=first.to[0])
    assert digest.status == "sending" and digest.attempts == 1
    assert first.message()["Message-ID"] == digest.message_id
    assert digest.message_id.startswith("<digest.")

    monkeypatch.setattr(digests, "mark_sent", real_mark_sent)
    assert digests.send_due_digests(MONDAY_8 + timedelta(minutes=5)) == 3
    digest.refresh_from_db()
    assert digest.status == "sending"  # its sender may still be alive
    assert digests.send_due_digests(MONDAY_8 + timedelta(minutes=11)) == 1
    digest.refresh_from_db()
    assert (digest.status, digest.attempts) == ("sent", 2)
    again = [m for m in reader_mail() if m.to == first.to]
    assert [m.message()["Message-ID"] for m in again] == [digest.message_id] * 2
    assert len(reader_mail()) == 5
    assert {d.status for d in Digest.objects.filter(user__isnull=False)} == {"sent"}
