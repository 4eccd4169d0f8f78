import pytest
from django.core.exceptions import ImproperlyConfigured

from forum.mailin import tasks
from forum.mailin.imap import poll_mailbox
from forum.mailin.models import IncomingMessage
from tests.factories import PostFactory

from . import mails
from .fake_imap import FakeImap, Mailbox

TEXT = "Thanks Bob, this reply came through the forum's IMAP mailbox."


@pytest.fixture
def bobs_reply(topic, other_member):
    return PostFactory(
        topic=topic, author=other_member, raw="Set the collection, Alice."
    )


def test_polling_posts_unseen_messages_and_marks_them_seen(
    reply_address, member, bobs_reply, settings
):
    to = reply_address(member, bobs_reply)
    box = Mailbox(
        [mails.gmail_reply(sender="alice@example.org", to=to, text=TEXT).as_bytes()]
    )
    server = FakeImap(box)
    settings.FORUM_IMAP_URL = server.url
    try:
        assert tasks.poll_imap() == 1
        assert tasks.poll_imap() == 0
    finally:
        server.shutdown()
        server.server_close()

    assert bobs_reply.topic.posts.filter(author=member, raw=TEXT).exists()
    assert box.seen == {1}
    assert set(box.logins) == {b'forum@example.org "s:cret"'}
    assert IncomingMessage.objects.count() == 1


def test_polling_does_nothing_without_a_mailbox(settings):
    settings.FORUM_IMAP_URL = ""

    assert tasks.poll_imap() == 0


def test_a_mailbox_url_of_another_kind_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        poll_mailbox("pop3://user@host/", hand_over=print)
