from datetime import timedelta

import pytest
from django.utils import timezone

from forum.mailin import mailing_list
from forum.mailin.models import MailingListMode
from forum.subscriptions.services import set_category_level, set_topic_level
from forum.topics.levels import NotificationLevel
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory

LATER = timedelta(hours=1)


@pytest.fixture
def reader(db):
    user = UserFactory(username="rita", email="rita@example.org")
    MailingListMode.objects.create(
        user=user, enabled_at=timezone.now() - timedelta(minutes=5)
    )
    return user


def _mails_to(mailoutbox, user):
    return [m for m in mailoutbox if m.to == [user.email]]


def test_every_new_post_is_mailed_once_threaded_and_repliable(
    reader, topic, other_member, mailoutbox
):
    reply = PostFactory(topic=topic, author=other_member)

    sent = mailing_list.send_mailing_list(now=timezone.now() + LATER)
    again = mailing_list.send_mailing_list(now=timezone.now() + LATER)

    assert (sent, again) == (2, 0)
    first, second = _mails_to(mailoutbox, reader)
    assert first.extra_headers["Message-ID"] == f"<topic-{topic.id}@testserver>"
    assert second.extra_headers["Message-ID"] == f"<post-{reply.id}@testserver>"
    assert second.extra_headers["In-Reply-To"] == f"<topic-{topic.id}@testserver>"
    assert second.reply_to[0].startswith("reply+")
    assert "/email/mailing-list/stop/" in second.extra_headers["List-Unsubscribe"]


def test_muted_category_and_topic_are_left_out(
    reader, category, other_member, topic, mailoutbox
):
    quiet = CategoryFactory(name="Off topic", slug="off-topic")
    other = TopicFactory(
        category=quiet, author=other_member, title="Photometry of faint galaxies"
    )
    set_category_level(
        user=reader, category=other.category, level=NotificationLevel.MUTED
    )
    set_topic_level(user=reader, topic=topic, level=NotificationLevel.MUTED)

    assert mailing_list.send_mailing_list(now=timezone.now() + LATER) == 0


def test_restricted_posts_are_not_mailed(reader, secret_topic, mailoutbox):
    mailing_list.send_mailing_list(now=timezone.now() + LATER)

    assert _mails_to(mailoutbox, reader) == []
    assert secret_topic.title not in "".join(m.body for m in mailoutbox)


def test_own_posts_are_not_mailed(reader, category, mailoutbox):
    TopicFactory(category=category, author=reader)

    assert mailing_list.send_mailing_list(now=timezone.now() + LATER) == 0


def test_daily_cap_falls_back_to_the_digest(
    reader, topic, other_member, settings, mailoutbox
):
    settings.FORUM_MAILING_LIST_DAILY_CAP = 1
    PostFactory(topic=topic, author=other_member)

    assert mailing_list.send_mailing_list(now=timezone.now() + LATER) == 1

    reader.refresh_from_db()
    assert reader.email_digest == "daily"


def test_settings_page_explains_and_switches_mailing_list_mode(client, member):
    client.force_login(member)

    page = client.get("/email/settings")
    assert "every new post" in page.text
    client.post("/email/settings", {"mailing_list_mode": "on"})
    assert MailingListMode.objects.filter(user=member).exists()
    client.post("/email/settings", {})
    assert not MailingListMode.objects.filter(user=member).exists()


def test_preferences_page_points_to_mailing_list_mode(client, member):
    client.force_login(member)

    page = client.get(f"/u/{member.username}/preferences")

    assert "Mailing-list mode" in page.text


def test_one_click_stop_link_turns_it_off(client, reader):
    token = mailing_list.stop_token(reader)

    assert client.get(f"/email/mailing-list/stop/{token}").status_code == 200
    assert MailingListMode.objects.filter(user=reader).exists()
    client.post(f"/email/mailing-list/stop/{token}", {"List-Unsubscribe": "One-Click"})

    assert not MailingListMode.objects.filter(user=reader).exists()


def test_bad_stop_link_is_a_400(client, db):
    assert client.get("/email/mailing-list/stop/forged").status_code == 400
