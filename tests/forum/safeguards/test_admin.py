"""The live settings page in admin: staff change a rule, the next request obeys
it, and the change is in the staff action log."""

import pytest
from constance import config

from forum.safeguards.models import StaffAction
from forum.safeguards.ratelimits import RateLimited
from forum.topics import services
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
