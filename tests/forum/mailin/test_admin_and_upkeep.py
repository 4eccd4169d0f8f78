from datetime import timedelta

from django.utils import timezone

from forum.mailin.maintenance import purge_old_mail
from forum.mailin.models import IncomingMessage, SentMail

from . import mails


def test_staff_inspect_a_refused_message_with_its_raw_text(admin_client, deliver):
    record = deliver(
        mails.plain(
            sender="stranger@example.net",
            to="nobody@incoming.testserver",
            text="Please post this question about photometric redshifts.",
        )
    )

    listing = admin_client.get("/admin/mailin/incomingmessage/?status=refused")
    detail = admin_client.get(f"/admin/mailin/incomingmessage/{record.pk}/change/")

    assert "stranger@example.net" in listing.text
    assert "photometric redshifts" in detail.text
    assert "No category or topic takes mail" in detail.text


def test_old_messages_and_bounce_keys_are_purged(deliver, member, settings):
    settings.FORUM_MAILIN_KEEP_DAYS = 14
    old = deliver(mails.plain(sender="a@example.net", to="x@y.org", text="old mail"))
    new = deliver(mails.plain(sender="a@example.net", to="x@y.org", text="new mail"))
    IncomingMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    SentMail.objects.create(key="k" * 32, user=member, address=member.email)
    SentMail.objects.update(sent_at=timezone.now() - timedelta(days=15))

    assert purge_old_mail() == 2

    assert list(IncomingMessage.objects.all()) == [new]
    assert not SentMail.objects.exists()


def test_email_settings_page_query_count_is_bounded(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)

    with django_assert_max_num_queries(12):
        response = client.get("/email/settings")

    assert response.status_code == 200


def test_email_settings_needs_sign_in(client, db):
    assert client.get("/email/settings").status_code == 302
