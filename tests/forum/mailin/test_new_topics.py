import pytest
from taggit.models import Tag

from forum.mailin.models import CategoryInbox, IncomingMessage
from forum.topics.models import Topic

from . import mails

Status = IncomingMessage.Status
BODY = "The calexp I read with the Butler has no WCS. What am I missing here?"


@pytest.fixture
def support_inbox(category):
    return CategoryInbox.objects.create(category=category, address="Support@Lists.Org")


def test_mail_to_a_category_address_starts_a_topic(deliver, member, support_inbox):
    Tag.objects.create(name="butler", slug="butler")

    record = deliver(
        mails.plain(
            sender="alice@example.org",
            to="support@lists.org",
            subject="[butler] [nosuchtag] Calexp without a WCS",
            text=f"{BODY}\n\n-- \nAlice",
        )
    )

    assert record.status == Status.POSTED
    topic = Topic.objects.get(title="Calexp without a WCS")
    assert (topic.category, topic.author) == (support_inbox.category, member)
    assert list(topic.tags.names()) == ["butler"]
    assert topic.posts.get().raw == BODY


def test_member_not_allowed_in_the_category_gets_told(
    deliver, member, restricted_category, mailoutbox
):
    CategoryInbox.objects.create(
        category=restricted_category, address="transients@lists.org"
    )

    record = deliver(
        mails.plain(
            sender="alice@example.org",
            to="transients@lists.org",
            subject="Candidate list for tonight",
            text=BODY,
        )
    )

    assert record.status == Status.REFUSED
    assert (
        not Topic.objects.filter(category=restricted_category)
        .exclude(title__startswith="Embargoed")
        .exists()
    )
    assert "may not start topics" in mailoutbox[0].body


def test_unknown_sender_to_a_category_is_refused_once(
    deliver, support_inbox, mailoutbox
):
    record = deliver(
        mails.plain(
            sender="stranger@example.net",
            to="support@lists.org",
            subject="Question about calexps",
            text=BODY,
        )
    )

    assert record.status == Status.REFUSED
    assert [m.to for m in mailoutbox] == [["stranger@example.net"]]
    assert "not the verified address of any member" in mailoutbox[0].body


def test_mail_to_an_unknown_address_says_no_category_takes_it(
    deliver, member, mailoutbox
):
    record = deliver(
        mails.plain(
            sender="alice@example.org",
            to="nosuch@lists.org",
            subject="Question about calexps",
            text=BODY,
        )
    )

    assert record.status == Status.REFUSED
    assert "No category or topic takes mail" in mailoutbox[0].body


def test_short_title_is_refused_with_the_reason(
    deliver, member, support_inbox, mailoutbox
):
    record = deliver(
        mails.plain(
            sender="alice@example.org",
            to="support@lists.org",
            subject="Help",
            text=BODY,
        )
    )

    assert record.status == Status.REFUSED
    assert "title must be at least" in mailoutbox[0].body
