import pytest

from forum.mailin.models import IncomingMessage
from forum.mailin.outgoing import reply_key_for
from forum.mailin.tasks import enqueue

INCOMING = "incoming.testserver"


@pytest.fixture(autouse=True)
def _incoming_domain(settings):
    settings.FORUM_INCOMING_DOMAIN = INCOMING


@pytest.fixture
def deliver(db, django_capture_on_commit_callbacks):
    """Hand a message to the mail-in door (the task runs eagerly in tests) and
    return what became of it, with its after-commit work (replies) done."""

    def deliver(message, recipients=()) -> IncomingMessage:
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(message.as_bytes(), recipients)
        return IncomingMessage.objects.get(message_id=message["Message-ID"])

    return deliver


@pytest.fixture
def reply_address():
    def reply_address(user, post) -> str:
        return f"reply+{reply_key_for(user=user, post=post).key}@{INCOMING}"

    return reply_address
