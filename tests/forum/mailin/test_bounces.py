import pytest
from django.contrib.admin.sites import site

from forum.mailin import bounces
from forum.mailin.models import IncomingMessage, MailHealth, MailingListMode
from forum.subscriptions.services import emails
from tests.factories import PostFactory

from . import mails

Status = IncomingMessage.Status


@pytest.fixture
def bounce_address(member, other_member, topic, mailoutbox):
    """The return path of a real notification email to Alice."""

    def bounce_address() -> str:
        post = PostFactory(topic=topic, author=other_member)
        emails.send_post_email(user=member, post=post, kind="replied")
        return mailoutbox[-1].from_email

    return bounce_address


def test_hard_bounce_is_counted_for_the_member(deliver, member, bounce_address):
    address = bounce_address()

    record = deliver(
        mails.delivery_report(to=address, failed="alice@example.org"), [address]
    )

    assert record.status == Status.BOUNCE
    health = MailHealth.objects.get(user=member)
    assert (health.hard_bounces, health.address) == (1, "alice@example.org")
    assert health.disabled_at is None


def test_soft_bounce_is_not_a_hard_one(deliver, member, bounce_address):
    address = bounce_address()

    deliver(
        mails.delivery_report(to=address, failed="alice@example.org", status="4.2.2")
    )

    health = MailHealth.objects.get(user=member)
    assert (health.hard_bounces, health.soft_bounces) == (0, 1)


def test_email_is_switched_off_past_the_threshold(
    deliver, member, bounce_address, settings, client, mailoutbox
):
    settings.FORUM_BOUNCE_THRESHOLD = 2
    MailingListMode.objects.create(user=member)
    for _ in range(2):
        address = bounce_address()
        deliver(mails.delivery_report(to=address, failed="alice@example.org"))

    member.refresh_from_db()
    assert member.email_replies == member.email_digest == "never"
    assert not MailingListMode.objects.filter(user=member).exists()
    assert MailHealth.objects.get(user=member).disabled_at is not None
    client.force_login(member)
    assert "bounced" in client.get("/latest").text


def test_bounces_never_get_a_reply(deliver, member, bounce_address, mailoutbox):
    address = bounce_address()
    sent_before = len(mailoutbox)

    deliver(mails.delivery_report(to=address, failed="alice@example.org"))

    assert len(mailoutbox) == sent_before


def test_bounce_with_an_unknown_key_counts_nothing(deliver, member):
    address = "bounce+0123456789abcdef0123456789abcdef@incoming.testserver"

    record = deliver(mails.delivery_report(to=address, failed="alice@example.org"))

    assert record.status == Status.BOUNCE
    assert not MailHealth.objects.exists()


def test_clearing_bounces_drops_the_banner(
    member, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        health = bounces.record_bounce(user=member, address="a@b", status="5.1.1")
        bounces.switch_off_email(user=member, health=health)
    client.force_login(member)
    assert "bounced" in client.get("/latest").text

    bounces.clear_bounces(user=member)

    assert "bounced" not in client.get("/latest").text


def test_staff_see_bounced_addresses_in_admin(admin_client, member):
    bounces.record_bounce(user=member, address="alice@example.org", status="5.1.1")

    response = admin_client.get("/admin/mailin/mailhealth/")

    assert response.status_code == 200
    assert "alice@example.org" in response.text
    assert site.is_registered(MailHealth)
