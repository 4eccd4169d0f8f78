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
