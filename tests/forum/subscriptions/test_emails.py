from datetime import timedelta

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse

from forum.subscriptions import services
from forum.subscriptions.models import PostEmail
from forum.subscriptions.services import emails
from forum.topics import services as topic_services
from tests.factories import PostFactory, TopicFactory, UserFactory

# Emails are decided after commit, so these tests really commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watcher(db, category):
    user = UserFactory(username="wendy", email="wendy@example.org")
    services.set_category_level(user=user, category=category, level=3)
    return user


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_watcher_gets_one_email_per_post(watcher, category, member, other_member):
    topic = TopicFactory(
        category=category, author=member, title="Calibration of g-band"
    )
    PostFactory(
        topic=topic, author=other_member, raw="A reply about g-band zero points."
    )
    received = mails_to("wendy@example.org")
    assert len(received) == 2
    assert received[0].subject == "[Meridian] [Support] Calibration of g-band"


def test_email_subject_keeps_ampersands_and_quotes_unescaped(watcher, category, member):
    category.name = "Data Q&A"
    category.save(update_fields=["name"])
    TopicFactory(category=category, author=member, title="Why don't <coadds> match?")
    subject = mails_to("wendy@example.org")[-1].subject
    assert subject == "[Meridian] [Data Q&A] Why don't <coadds> match?"


def test_email_has_both_parts_headers_and_footer(
    watcher, category, member, other_member
):
    topic = TopicFactory(
        category=category, author=member, title="Calibration of g-band", tags=()
    )
    topic.tags.add("calibration")
    PostFactory(topic=topic, author=other_member, raw="Math: $m = -2.5 \\log_{10} F$")
    message = mails_to("wendy@example.org")[-1]
    html = message.alternatives[0][0]
    assert "<math" in html
    assert "$m = -2.5" in message.body
    assert message.extra_headers["In-Reply-To"] == f"<topic-{topic.id}@testserver>"
    assert message.extra_headers["References"] == f"<topic-{topic.id}@testserver>"
    assert message.extra_headers["List-Id"] == "Support <support.testserver>"
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert message.extra_headers["X-Meridian-Tags"] == "calibration"
    assert "you are watching the category Support" in message.body
    assert "/email/unsubscribe/" in message.body


def test_first_post_email_is_the_thread_root(watcher, category, member):
    topic = TopicFactory(category=category, author=member)
    message = mails_to("wendy@example.org")[0]
    assert message.extra_headers["Message-ID"] == f"<topic-{topic.id}@testserver>"
    assert "In-Reply-To" not in message.extra_headers


def test_solved_topic_subject(watcher, category, member, other_member):
    topic = TopicFactory(
        category=category, author=member, title="Calibration of g-band"
    )
    answer = PostFactory(topic=topic, author=other_member)
    topic_services.accept_solution(topic=topic, post=answer, by=member)
    PostFactory(topic=topic, author=other_member, raw="Thanks, that settles it then.")
    assert "[Solved]" in mails_to("wendy@example.org")[-1].subject


def test_never_to_the_author(category, member):
    services.set_category_level(user=member, category=category, level=3)
    TopicFactory(category=category, author=member)
    assert mails_to(member.email) == []


def test_preference_never_stops_emails(watcher, category, member):
    watcher.email_watched = "never"
    watcher.save()
    TopicFactory(category=category, author=member)
    assert mails_to("wendy@example.org") == []


def test_mention_and_reply_emails_follow_preferences(topic, member, other_member):
    member.email_replies = "never"
    member.save()
    topic_services.create_post(
        author=other_member,
        topic=topic,
        raw="Replying to you, Alice.",
        reply_to_post_number=1,
    )
    assert mails_to(member.email) == []
    UserFactory(username="carol", email="carol@example.org")
    PostFactory(topic=topic, author=other_member, raw="What do you think, @carol?")
    assert len(mails_to("carol@example.org")) == 1


def test_no_email_about_what_the_member_cannot_see(
    restricted_category, collaboration, staff
):
    outsider = UserFactory(username="olga", email="olga@example.org")
    with pytest.raises(Http404):  # they can't even watch it
        services.set_category_level(
            user=outsider, category=restricted_category, level=3
        )
    insider = UserFactory(username="ivan", email="ivan@example.org")
    insider.groups.add(collaboration)
    from accounts.models import User

    services.set_category_level(
        user=User.objects.get(pk=insider.pk), category=restricted_category, level=3
    )
    insider.groups.remove(collaboration)  # loses access before the post
    TopicFactory(category=restricted_category, author=staff)
    assert mails_to("ivan@example.org") == []
    assert mails_to("olga@example.org") == []


def test_no_email_when_already_read(watcher, category, member, other_member):
    topic = TopicFactory(category=category, author=member)
    mail.outbox.clear()
    reply = PostFactory.build(topic=topic, author=other_member)
    post = topic_services.create_post(author=other_member, topic=topic, raw=reply.raw)
    PostEmail.objects.filter(post=post).delete()
    mail.outbox.clear()
    topic_services.record_reading(
        user=watcher, topic=topic, highest_seen=post.post_number
    )
    assert emails.send_post_email(user=watcher, post=post, kind="watched_post") is False


def test_at_most_one_email_per_member_and_post(watcher, category, member):
    topic = TopicFactory(category=category, author=member)
    post = topic.posts.get()
    assert (
        emails.send_post_email(user=watcher, post=post, kind="watched_topic") is False
    )
    assert len(mails_to("wendy@example.org")) == 1


def test_one_click_unsubscribe_without_signing_in(client, watcher, category, member):
    TopicFactory(category=category, author=member)
    header = mails_to("wendy@example.org")[0].extra_headers["List-Unsubscribe"]
    url = header.strip("<>").replace("http://testserver", "")
    assert "Unsubscribe" in client.get(url).text
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert "no longer get emails about the category Support" in response.text
    mail.outbox.clear()
    TopicFactory(category=category, author=member)
    assert mails_to("wendy@example.org") == []


def test_unsubscribe_get_changes_nothing(client, watcher, category, member):
    TopicFactory(category=category, author=member)
    url = mails_to("wendy@example.org")[0].extra_headers["List-Unsubscribe"].strip("<>")
    client.get(url.replace("http://testserver", ""))
    from forum.subscriptions.models import CategorySubscription

    assert CategorySubscription.objects.filter(user=watcher).exists()


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJ1IjoxfQ:bad:sig"])
def test_forged_unsubscribe_link_is_400(client, db, token):
    response = client.post(reverse("subscriptions:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "not valid" in response.text


# Effectively once: pending → sending → sent, with the Message-ID fixed first.


@pytest.fixture
def reply(watcher, category, member, other_member):
    """A reply whose email to the watcher is recorded but not sent yet."""
    topic = TopicFactory(category=category, author=member)
    post = PostFactory(topic=topic, author=other_member)
    PostEmail.objects.exclude(user=watcher).delete()
    PostEmail.objects.filter(post=post).update(
        status=PostEmail.Status.PENDING, sent_at=None, claimed_at=None, attempts=0
    )
    mail.outbox.clear()
    return post


def send(watcher, post):
    return emails.send_post_email(user=watcher, post=post, kind="watched_post")


def test_scheduling_records_pending_email_with_its_message_id(
    watcher, category, member, other_member, monkeypatch
):
    from forum.subscriptions import tasks

    queued = []
    monkeypatch.setattr(
        tasks.send_post_email,
        "apply_async",
        lambda args, countdown: queued.append((args, countdown)),
    )
    topic = TopicFactory(category=category, author=member)
    post = PostFactory(topic=topic, author=other_member)
    email = PostEmail.objects.get(user=watcher, post=post)
    assert email.status == "pending"
    assert email.kind == "watched_post"
    assert email.message_id == f"<post-{post.id}@testserver>"
    assert email.attempts == 0 and email.sent_at is None
    assert ((watcher.id, post.id, "watched_post"), 120) in queued
    assert mails_to("wendy@example.org") == []


def test_email_is_sending_while_smtp_talks_and_sent_only_after(
    watcher, reply, monkeypatch
):
    seen = []
    real_send = emails.send_templated_email

    def spy(**kwargs):
        seen.append(PostEmail.objects.get(user=watcher, post=reply))
        real_send(**kwargs)

    monkeypatch.setattr(emails, "send_templated_email", spy)
    assert send(watcher, reply) is True
    assert [(e.status, e.attempts, e.sent_at) for e in seen] == [("sending", 1, None)]
    email = PostEmail.objects.get(user=watcher, post=reply)
    assert email.status == "sent" and email.sent_at is not None
    (message,) = mails_to("wendy@example.org")
    assert message.message()["Message-ID"] == email.message_id
    assert send(watcher, reply) is False
    assert len(mails_to("wendy@example.org")) == 1


def test_refused_email_goes_back_to_pending_and_is_sent_later(
    watcher, reply, monkeypatch
):
    import smtplib

    real_send = emails.send_templated_email

    def refused(**kwargs):
        raise smtplib.SMTPServerDisconnected("the SMTP server went away")

    monkeypatch.setattr(emails, "send_templated_email", refused)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send(watcher, reply)
    email = PostEmail.objects.get(user=watcher, post=reply)
    assert (email.status, email.claimed_at, email.attempts) == ("pending", None, 1)
    monkeypatch.setattr(emails, "send_templated_email", real_send)
    assert send(watcher, reply) is True
    assert PostEmail.objects.get(pk=email.pk).status == "sent"
    assert len(mails_to("wendy@example.org")) == 1


def test_crash_between_smtp_accept_and_marking_sent_resends_same_message_id(
    watcher, reply, monkeypatch
):
    real_mark_sent = emails.mark_sent

    def killed(email):
        raise SystemExit("the worker was killed")  # not an Exception: no cleanup

    monkeypatch.setattr(emails, "mark_sent", killed)
    with pytest.raises(SystemExit):
        send(watcher, reply)
    email = PostEmail.objects.get(user=watcher, post=reply)
    assert email.status == "sending" and email.attempts == 1
    assert len(mails_to("wendy@example.org")) == 1  # the SMTP server had it

    # The task comes back (late acknowledgement) while the claim is live: no send.
    monkeypatch.setattr(emails, "mark_sent", real_mark_sent)
    assert send(watcher, reply) is False
    assert len(mails_to("wendy@example.org")) == 1

    # Past the lease the sender is presumed dead: sent again, recognisably.
    PostEmail.objects.filter(pk=email.pk).update(
        claimed_at=email.claimed_at - timedelta(seconds=301)
    )
    assert send(watcher, reply) is True
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    first, second = mails_to("wendy@example.org")
    assert first.message()["Message-ID"] == second.message()["Message-ID"]
    assert second.message()["Message-ID"] == email.message_id


def test_email_no_longer_wanted_is_dropped_not_sent(watcher, reply):
    watcher.email_watched = "never"
    watcher.save()
    assert send(watcher, reply) is False
    assert not PostEmail.objects.filter(user=watcher, post=reply).exists()
    assert mails_to("wendy@example.org") == []


def test_broker_down_when_scheduling_leaves_email_pending_for_beat(
    watcher, category, member, other_member, monkeypatch
):
    from forum.subscriptions import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis")

    monkeypatch.setattr(tasks.send_post_email, "apply_async", broker_down)
    topic = TopicFactory(category=category, author=member)
    post = PostFactory(topic=topic, author=other_member)
    email = PostEmail.objects.get(user=watcher, post=post)
    assert email.status == "pending"
    monkeypatch.undo()
    # Wendy's two, and Alice's about the reply to her topic.
    assert tasks.queue_overdue_emails(email.due_at + timedelta(seconds=121)) == 3
    email.refresh_from_db()
    assert email.status == "sent"
    assert sorted(m.message()["Message-ID"] for m in mails_to("wendy@example.org")) == [
        f"<post-{post.id}@testserver>",
        f"<topic-{topic.id}@testserver>",
    ]


def test_beat_queues_lost_and_abandoned_emails_only(watcher, reply, monkeypatch):
    from django.utils import timezone

    from forum.subscriptions import tasks

    now = timezone.now()
    queued = []
    monkeypatch.setattr(
        tasks.send_post_email, "delay", lambda *args: queued.append(args)
    )
    email = PostEmail.objects.get(user=watcher, post=reply)
    PostEmail.objects.filter(pk=email.pk).update(due_at=now - timedelta(seconds=60))
    assert tasks.queue_overdue_emails(now) == 0  # its task may still be coming
    PostEmail.objects.filter(pk=email.pk).update(due_at=now - timedelta(seconds=121))
    assert tasks.queue_overdue_emails(now) == 1
    assert queued == [(watcher.id, reply.id, "watched_post")]
    assert tasks.queue_overdue_emails(now) == 0  # not again before another grace period
    later = now + timedelta(seconds=121)
    assert tasks.queue_overdue_emails(later) == 1
    # Then each wait is twice as long: its task may be in a long queue.
    assert tasks.queue_overdue_emails(later + timedelta(seconds=239)) == 0
    assert tasks.queue_overdue_emails(later + timedelta(seconds=241)) == 1
    assert PostEmail.objects.get(pk=email.pk).requeued == 3
    PostEmail.objects.filter(pk=email.pk).update(status="sending", claimed_at=now)
    assert (
        tasks.queue_overdue_emails(now + timedelta(seconds=299)) == 0
    )  # a live sender
    assert tasks.queue_overdue_emails(now + timedelta(seconds=301)) == 1  # a dead one
    PostEmail.objects.filter(pk=email.pk).update(status="sent")
    assert tasks.queue_overdue_emails(now + timedelta(days=1)) == 0
