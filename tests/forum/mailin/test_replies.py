from datetime import timedelta

import pytest
from django.utils import timezone

from forum.categories.access import invalidate_category_access
from forum.mailin.models import IncomingMessage, ReplyKey
from forum.mailin.outgoing import revoke_reply_keys
from forum.subscriptions.services import emails
from forum.topics import services as topics
from tests.factories import PostFactory, TopicFactory, UserFactory

from . import mails

Status = IncomingMessage.Status
TEXT = "Thanks Bob, setting the collection explicitly fixed it for me."


@pytest.fixture
def bobs_reply(topic, other_member):
    return PostFactory(
        topic=topic, author=other_member, raw="Try setting the collection explicitly."
    )


def test_reply_by_email_lands_in_the_topic_as_the_member_s_post(
    deliver, reply_address, member, bobs_reply, mailoutbox
):
    to = reply_address(member, bobs_reply)

    record = deliver(mails.gmail_reply(sender="alice@example.org", to=to, text=TEXT))

    assert record.status == Status.POSTED
    post = record.post
    assert (post.author, post.topic, post.raw) == (member, bobs_reply.topic, TEXT)
    assert post.reply_to_post_number == bobs_reply.post_number
    assert "<p>Thanks Bob" in post.cooked
    assert not any(m.subject.startswith("Not posted") for m in mailoutbox)


def test_notification_email_carries_a_reply_address_that_posts(
    deliver, member, other_member, topic, mailoutbox
):
    post = PostFactory(
        topic=topic, author=other_member, raw="Try setting the collection explicitly."
    )
    emails.send_post_email(user=member, post=post, kind="replied")
    sent = mailoutbox[-1]
    (reply_to,) = sent.reply_to
    assert reply_to.startswith("reply+") and reply_to.endswith("@incoming.testserver")
    assert sent.from_email.startswith("bounce+")
    assert sent.extra_headers["From"] == "noreply@meridian.invalid"
    assert "reply to this email" in sent.body

    record = deliver(
        mails.outlook_reply(sender="Alice <alice@example.org>", to=reply_to, text=TEXT)
    )

    assert record.post.raw == TEXT
    assert ReplyKey.objects.get(user=member, post=post).key in reply_to


def test_reply_keys_are_per_recipient_and_unguessable(member, other_member, bobs_reply):
    from forum.mailin.outgoing import reply_key_for

    mine = reply_key_for(user=member, post=bobs_reply)
    theirs = reply_key_for(user=other_member, post=bobs_reply)

    assert mine.key != theirs.key and len(mine.key) == 32
    assert reply_key_for(user=member, post=bobs_reply) == mine


def test_same_message_delivered_twice_posts_once(
    deliver, reply_address, member, bobs_reply
):
    message = mails.gmail_reply(
        sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
    )

    deliver(message)
    record = deliver(message)

    assert record.status == Status.POSTED
    assert bobs_reply.topic.posts.filter(author=member, raw=TEXT).count() == 1
    assert IncomingMessage.objects.count() == 1


def test_spoofed_from_is_refused_with_one_reply(
    deliver, reply_address, member, other_member, bobs_reply, mailoutbox
):
    to = reply_address(member, bobs_reply)

    record = deliver(mails.gmail_reply(sender="bob@example.org", to=to, text=TEXT))

    assert record.status == Status.REFUSED
    assert "another member" in record.reason
    assert not bobs_reply.topic.posts.filter(raw=TEXT).exists()
    (answer,) = mailoutbox
    assert answer.to == ["bob@example.org"]
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"
    assert answer.extra_headers["In-Reply-To"] == record.message_id


def test_unverified_address_is_an_unknown_sender(
    deliver, reply_address, bobs_reply, mailoutbox
):
    eve = UserFactory(username="eve", verified_email=False)

    record = deliver(
        mails.plain(sender=eve.email, to=reply_address(eve, bobs_reply), text=TEXT)
    )

    assert record.status == Status.REFUSED
    assert "not the verified address" in mailoutbox[0].body


def test_wrong_key_is_refused(deliver, member, bobs_reply, mailoutbox):
    to = "reply+0123456789abcdef0123456789abcdef@incoming.testserver"

    record = deliver(mails.gmail_reply(sender="alice@example.org", to=to, text=TEXT))

    assert record.status == Status.REFUSED
    assert "unknown or no longer valid" in mailoutbox[0].body


def test_revoked_key_is_refused(deliver, reply_address, member, bobs_reply):
    to = reply_address(member, bobs_reply)
    revoke_reply_keys(ReplyKey.objects.filter(user=member))

    record = deliver(mails.gmail_reply(sender="alice@example.org", to=to, text=TEXT))

    assert record.status == Status.REFUSED


def test_member_who_lost_access_to_a_restricted_topic_is_refused(
    deliver,
    reply_address,
    member,
    staff,
    restricted_category,
    collaboration,
    mailoutbox,
):
    member.groups.add(collaboration)
    topic = TopicFactory(category=restricted_category, author=staff)
    to = reply_address(member, topic.posts.get())
    member.groups.remove(collaboration)
    invalidate_category_access()

    record = deliver(mails.gmail_reply(sender="alice@example.org", to=to, text=TEXT))

    assert record.status == Status.REFUSED
    assert not topic.posts.filter(author=member).exists()
    assert topic.title not in mailoutbox[0].body
    assert "can no longer see" in mailoutbox[0].body


def test_suspended_member_is_refused(deliver, reply_address, member, bobs_reply):
    member.suspended_until = timezone.now() + timedelta(days=3)
    member.save(update_fields=["suspended_until"])

    record = deliver(
        mails.plain(
            sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
        )
    )

    assert record.status == Status.REFUSED
    assert "suspended" in record.reason


def test_silenced_member_is_refused(deliver, reply_address, member, bobs_reply):
    member.silenced_until = timezone.now() + timedelta(days=3)
    member.save(update_fields=["silenced_until"])

    record = deliver(
        mails.plain(
            sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
        )
    )

    assert record.status == Status.REFUSED
    assert "silenced" in record.reason


def test_deactivated_member_is_refused(deliver, reply_address, member, bobs_reply):
    to = reply_address(member, bobs_reply)
    member.is_active = False
    member.save(update_fields=["is_active"])

    record = deliver(mails.plain(sender="alice@example.org", to=to, text=TEXT))

    assert record.status == Status.REFUSED
    assert "deactivated" in record.reason


def test_reply_to_a_closed_topic_says_it_is_closed(
    deliver, reply_address, member, moderator, bobs_reply, mailoutbox
):
    topics.close_topic(topic=bobs_reply.topic, by=moderator)

    record = deliver(
        mails.plain(
            sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
        )
    )

    assert record.status == Status.REFUSED
    assert mailoutbox[-1].subject.startswith("Not posted")
    assert "The topic is closed" in mailoutbox[-1].body


def test_too_short_reply_says_why(
    deliver, reply_address, member, bobs_reply, mailoutbox
):
    record = deliver(
        mails.apple_reply(
            sender="alice@example.org", to=reply_address(member, bobs_reply), text="+1"
        )
    )

    assert record.status == Status.REFUSED
    assert "at least 20 characters" in mailoutbox[0].body


def test_rate_limited_reply_says_so(
    deliver, reply_address, member, bobs_reply, settings, mailoutbox
):
    settings.FORUM_REPLIES_PER_MINUTE = [0, 0, 0]

    record = deliver(
        mails.plain(
            sender="alice@example.org", to=reply_address(member, bobs_reply), text=TEXT
        )
    )

    assert record.status == Status.REFUSED
    assert "limit" in record.reason
    assert "You are posting too fast" in mailoutbox[0].body


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "junk"},
        {"subject": "Automatic reply: Reading calexp images"},
    ],
)
def test_auto_replies_are_never_answered(
    deliver, reply_address, member, bobs_reply, mailoutbox, headers
):
    message = mails.auto_reply(
        sender="alice@example.org", to=reply_address(member, bobs_reply), **headers
    )

    record = deliver(message)

    assert record.status == Status.IGNORED
    assert mailoutbox == []
    assert not bobs_reply.topic.posts.filter(author=member, post_number__gt=1).exists()


def test_refusal_replies_are_rate_limited_per_address(
    deliver, db, mailoutbox, settings
):
    settings.FORUM_MAILIN_REPLIES_PER_HOUR = 2
    for _ in range(4):
        deliver(
            mails.plain(
                sender="stranger@example.net",
                to="reply+0123456789abcdef0123456789abcdef@incoming.testserver",
                text=TEXT,
            )
        )

    assert len(mailoutbox) == 2
    assert IncomingMessage.objects.filter(status=Status.REFUSED).count() == 4


def test_mail_from_the_forum_itself_is_ignored(deliver, db, mailoutbox):
    record = deliver(
        mails.plain(
            sender="noreply@meridian.invalid",
            to="nobody@incoming.testserver",
            text=TEXT,
        )
    )

    assert record.status == Status.IGNORED
    assert mailoutbox == []


def test_reply_by_email_reaches_the_other_watchers_threaded(
    deliver, reply_address, member, other_member, bobs_reply, mailoutbox
):
    to = reply_address(member, bobs_reply)

    record = deliver(mails.gmail_reply(sender="alice@example.org", to=to, text=TEXT))

    (to_bob,) = [m for m in mailoutbox if m.to == ["bob@example.org"]]
    topic_id = bobs_reply.topic_id
    assert to_bob.extra_headers["Message-ID"] == f"<post-{record.post.id}@testserver>"
    assert to_bob.extra_headers["In-Reply-To"] == f"<topic-{topic_id}@testserver>"
    assert to_bob.reply_to[0].startswith("reply+")
    assert TEXT in to_bob.body


def test_html_only_reply_is_cooked_safe(deliver, reply_address, member, bobs_reply):
    html = (
        "<div>Setting the collection fixed it, <b>thanks</b>!</div>"
        "<script>alert(1)</script><img src=x onerror=alert(2)>"
        '<a href="javascript:alert(3)">details</a>'
    )

    record = deliver(
        mails.html_only_reply(
            sender="alice@example.org", to=reply_address(member, bobs_reply), html=html
        )
    )

    cooked = record.post.cooked
    assert "<strong>thanks</strong>" in cooked
    assert "<script" not in cooked and "onerror" not in cooked
    assert "javascript:" not in cooked
