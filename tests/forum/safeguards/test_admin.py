"""The live settings page in admin: staff change a rule, the next request obeys
it, and the change is in the staff action log."""

from datetime import timedelta

import pytest
from constance import config
from django.test import Client
from django.utils import timezone

from accounts.models import User
from forum.safeguards.models import StaffAction
from forum.safeguards.ratelimits import RateLimited
from forum.topics import services
from forum.topics.models import Post, Topic
from tests.factories import PostFactory, TopicFactory, UserFactory

URL = "/admin/constance/config/"


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _submit(client, **changes):
    form = client.get(URL).context["form"]
    data = {name: form.initial[name] for name in form.fields}
    data.update(changes)
    return client.post(URL, data, follow=True)


def test_staff_change_the_replies_per_minute_and_the_next_reply_obeys(
    staff_client, category, member, other_member
):
    topic = TopicFactory(category=category, author=member)
    PostFactory(topic=topic, author=other_member)
    response = _submit(staff_client, FORUM_REPLIES_PER_MINUTE="1,1,1")
    assert response.status_code == 200
    assert "Live settings updated successfully." in response.content.decode()
    with pytest.raises(RateLimited, match="limit of 1 replies per minute"):
        services.create_post(
            author=other_member, topic=topic, raw="A second reply within the minute."
        )


def test_a_change_is_in_the_staff_action_log(staff_client, db):
    _submit(staff_client, FORUM_MIN_TITLE_LENGTH=10)
    action = StaffAction.objects.get(action="live setting changed")
    assert action.actor.username == "root"
    assert action.before == {"FORUM_MIN_TITLE_LENGTH": 15}
    assert action.after == {"FORUM_MIN_TITLE_LENGTH": 10}


def test_a_malformed_value_is_refused_with_a_message(staff_client, db):
    response = _submit(staff_client, FORUM_REPLIES_PER_MINUTE="two,4,6")
    assert response.status_code == 200
    assert "Three whole numbers separated by commas" in response.content.decode()
    assert config.FORUM_REPLIES_PER_MINUTE == "2,4,6"
    assert not StaffAction.objects.filter(action="live setting changed").exists()


def test_members_cannot_open_the_page(client, member):
    client.force_login(member)
    assert client.get(URL).status_code == 302


# The rules made live for #23, each as staff save it and as it is logged.
NEW_RULES = [
    ("FORUM_NEW_USER_MAX_TOPICS_PER_DAY", "1", 3, 1),
    ("FORUM_NEW_USER_MAX_REPLIES_PER_DAY", "1", 10, 1),
    ("FORUM_TOPIC_EDIT_DAYS", "3,7,30", "1,7,30", "3,7,30"),
    ("FORUM_DIGEST_DEFAULT", "daily", "weekly", "daily"),
    ("FORUM_DIGEST_HOUR", "6", 8, 6),
]


@pytest.mark.parametrize(("name", "value", "before", "after"), NEW_RULES)
def test_each_new_live_rule_change_is_in_the_staff_action_log(
    staff_client, name, value, before, after
):
    response = _submit(staff_client, **{name: value})
    assert "Live settings updated successfully." in response.content.decode()
    action = StaffAction.objects.get(action="live setting changed")
    assert (action.before, action.after) == ({name: before}, {name: after})


def test_a_new_members_topics_per_day_change_holds_on_the_next_request(
    staff_client, category, newcomer
):
    TopicFactory(category=category, author=newcomer)
    _submit(staff_client, FORUM_NEW_USER_MAX_TOPICS_PER_DAY="1")
    client = Client()
    client.force_login(newcomer)
    response = client.post(
        "/new-topic",
        {
            "title": "Reading the visit table from the Butler",
            "category": category.id,
            "raw": "How do I read the visit table for one night of observing?",
        },
    )
    assert "New members may start 1 topic a day" in response.content.decode()
    assert Topic.objects.filter(author=newcomer).count() == 1


def test_a_new_members_replies_per_day_change_holds_on_the_next_request(
    staff_client, topic, newcomer
):
    PostFactory(topic=topic, author=newcomer)
    _submit(staff_client, FORUM_NEW_USER_MAX_REPLIES_PER_DAY="1")
    client = Client()
    client.force_login(newcomer)
    response = client.post(
        f"/t/{topic.id}/reply",
        {"raw": "A second reply of mine today, about the calexp images."},
    )
    assert "New members may post 1 reply a day" in response.content.decode()
    assert Post.objects.filter(author=newcomer).count() == 1


def test_a_longer_topic_edit_window_holds_on_the_next_request(
    staff_client, category, newcomer
):
    topic = TopicFactory(category=category, author=newcomer)
    Topic.objects.filter(pk=topic.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    client = Client()
    client.force_login(newcomer)
    assert client.get(f"/t/{topic.id}/edit").status_code == 403
    _submit(staff_client, FORUM_TOPIC_EDIT_DAYS="3,7,30")
    assert client.get(f"/t/{topic.id}/edit").status_code == 200


def test_the_digest_defaults_apply_to_the_next_sign_up(staff_client, client):
    _submit(staff_client, FORUM_DIGEST_DEFAULT="daily", FORUM_DIGEST_HOUR="6")
    Client().post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "username": "newcomer",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    member = User.objects.get(username="newcomer")
    assert (member.email_digest, member.digest_hour) == ("daily", 6)


def test_a_digest_hour_outside_the_day_is_refused(staff_client, db):
    response = _submit(staff_client, FORUM_DIGEST_HOUR="24")
    assert "Ensure this value is less than or equal to 23." in response.content.decode()
    assert not StaffAction.objects.filter(action="live setting changed").exists()
