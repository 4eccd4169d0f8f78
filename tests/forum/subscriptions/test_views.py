import pytest
from django.urls import reverse

from forum.subscriptions.models import Notification
from tests.factories import PostFactory

# Notifications are created after commit, so these tests really commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def notified(topic, member, other_member):
    PostFactory(
        topic=topic, author=other_member, raw="A reply for Alice to hear about."
    )
    return Notification.objects.get(user=member)


def test_notifications_page_lists_them(client, member, notified):
    client.force_login(member)
    text = client.get(reverse("subscriptions:notifications", args=["alice"])).text
    assert "Bob Photometry posted in a topic you watch" in text


def test_someone_elses_notifications_are_404(client, other_member, notified):
    client.force_login(other_member)
    url = reverse("subscriptions:notifications", args=["alice"])
    assert client.get(url).status_code == 404


def test_bell_shows_unread_count(client, member, notified):
    client.force_login(member)
    assert 'class="bell-count">1<' in client.get(reverse("topics:latest")).text


def test_menu_fragment(client, member, notified):
    client.force_login(member)
    response = client.get(reverse("subscriptions:menu"), HTTP_HX_REQUEST="true")
    assert "Reading calexp images" in response.text
    assert "<html" not in response.text


def test_open_marks_read_and_goes_to_post(client, member, notified):
    client.force_login(member)
    response = client.post(reverse("subscriptions:open", args=[notified.id]))
    assert response["Location"].endswith("/2#post-2")
    notified.refresh_from_db()
    assert notified.is_read


def test_open_someone_elses_is_404(client, other_member, notified):
    client.force_login(other_member)
    assert (
        client.post(reverse("subscriptions:open", args=[notified.id])).status_code
        == 404
    )


def test_read_all(client, member, notified):
    client.force_login(member)
    client.post(reverse("subscriptions:read_all"))
    notified.refresh_from_db()
    assert notified.is_read


@pytest.mark.parametrize("count", [5, 50])
def test_notifications_page_query_count(
    client, topic, member, other_member, count, django_assert_max_num_queries
):
    for _ in range(count):
        PostFactory(topic=topic, author=other_member)
    client.force_login(member)
    url = reverse("subscriptions:notifications", args=["alice"])
    client.get(url)  # warm-up: the daily visit note, cached header counts
    with django_assert_max_num_queries(8):
        client.get(url)
