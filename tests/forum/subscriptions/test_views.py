import pytest
from django.urls import reverse

from forum.subscriptions.models import Notification
from forum.subscriptions.services import notify_post
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


# Twenty notifications are enough to show a query per row (the bound is 8).
@pytest.mark.parametrize("count", [5, 20])
def test_notifications_page_query_count(
    client,
    topic,
    member,
    other_member,
    count,
    django_assert_max_num_queries,
):
    for _ in range(count):
        # What the after-commit task does for each reply (no commit in a test).
        notify_post(PostFactory(topic=topic, author=other_member))
    # The replies notify the topic's author: the page lists `count` of them.
    assert Notification.objects.filter(user=member).count() == count
    client.force_login(member)
    url = reverse("subscriptions:notifications", args=["alice"])
    client.get(url)  # warm-up: the daily visit note, cached header counts
    with django_assert_max_num_queries(8):
        client.get(url)


def test_set_category_level_from_bell_menu(client, member, category):
    from forum.subscriptions.models import CategorySubscription

    client.force_login(member)
    url = reverse("subscriptions:set_level", args=["category", category.id])
    assert client.post(url, {"level": 3}).status_code == 302
    assert CategorySubscription.objects.get(user=member).level == 3
    client.post(url, {"level": 1})
    assert not CategorySubscription.objects.exists()


def test_set_level_bad_input(client, member, category):
    client.force_login(member)
    url = reverse("subscriptions:set_level", args=["category", category.id])
    assert client.post(url, {"level": "loud"}).status_code == 400
    assert client.post(url, {"level": 42}).status_code == 400
    bad_kind = reverse("subscriptions:set_level", args=["planet", "1"])
    assert client.post(bad_kind, {"level": 3}).status_code == 404


def test_set_level_on_hidden_category_is_404(client, member, restricted_category):
    client.force_login(member)
    url = reverse("subscriptions:set_level", args=["category", restricted_category.id])
    assert client.post(url, {"level": 3}).status_code == 404


def test_muted_category_drops_out_of_latest(client, member, topic, category):
    client.force_login(member)
    client.post(
        reverse("subscriptions:set_level", args=["category", category.id]), {"level": 0}
    )
    assert topic.title not in client.get(reverse("topics:latest")).text


def test_muted_tag_drops_out_of_latest(client, member, topic):
    topic.tags.add("noise")
    client.force_login(member)
    client.post(reverse("subscriptions:set_level", args=["tag", "noise"]), {"level": 0})
    assert topic.title not in client.get(reverse("topics:latest")).text


def test_watching_category_notifies_every_post(topic, other_member, category):
    from forum.subscriptions import services

    services.set_category_level(user=other_member, category=category, level=3)
    PostFactory(topic=topic)
    assert Notification.objects.filter(user=other_member, kind="watched_post").exists()


def test_watching_first_post_only_hears_of_new_topics(other_member, category, member):
    from forum.subscriptions import services
    from tests.factories import TopicFactory

    services.set_category_level(user=other_member, category=category, level=4)
    topic = TopicFactory(category=category, author=member)
    PostFactory(topic=topic)
    kinds = list(
        Notification.objects.filter(user=other_member).values_list("kind", flat=True)
    )
    assert kinds == ["watched_topic"]


def test_bell_menu_shows_on_category_tag_and_topic_pages(
    client, member, topic, category
):
    topic.tags.add("butler")
    client.force_login(member)
    for url in (
        category.get_absolute_url(),
        reverse("tags:detail", args=["butler"]),
        topic.get_absolute_url(),
    ):
        assert 'class="level-menu"' in client.get(url).text


def test_personal_feed_page_creates_and_resets_token(client, member):
    from forum.subscriptions.models import FeedToken

    client.force_login(member)
    url = reverse("subscriptions:feeds", args=["alice"])
    assert "no personal feed address" in client.get(url).text
    client.post(url)
    first = FeedToken.objects.get().token
    client.post(url)
    assert FeedToken.objects.get().token != first
    assert FeedToken.objects.get().token in client.get(url).text
