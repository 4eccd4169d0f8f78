"""A tag used only in restricted categories does not exist for outsiders: every
URL that names it answers as for a tag that does not exist, and nobody outside
can follow it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from forum.subscriptions.models import TagSubscription
from forum.subscriptions.services import reset_feed_token
from forum.topics.levels import NotificationLevel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/tag/{}",
    "/tag/{}.rss",
    "/tag/{}/solved.rss",
    "/tag/{}/unsolved.rss",
    "/api/v1/topics?tag={}",
    "/api/v1/topics/top?tag={}",
]


@pytest.fixture
def embargo(secret_topic):
    secret_topic.tags.add("embargo")
    return "embargo"


@pytest.fixture
def insider(collaboration):
    user = UserFactory(username="insider")
    user.groups.add(collaboration)
    return user


@pytest.mark.parametrize("page", PAGES)
def test_restricted_tag_answers_like_a_missing_tag_to_visitors(client, embargo, page):
    assert client.get(page.format("no-such-tag")).status_code == 404
    assert client.get(page.format(embargo)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_restricted_tag_answers_404_to_a_site_moderator_outside_the_group(
    client, embargo, moderator, page
):
    client.force_login(moderator)
    assert client.get(page.format(embargo)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_restricted_tag_is_there_for_group_members(client, embargo, insider, page):
    # Feeds read as a visitor unless they carry the member's feed token.
    token = reset_feed_token(user=insider).token
    client.force_login(insider)
    url = page.format(embargo)
    if ".rss" in url:
        url += f"?token={token}"
    assert client.get(url).status_code == 200


def test_restricted_tag_cannot_be_watched_in_the_site(client, embargo, member):
    client.force_login(member)
    response = client.post(
        reverse("subscriptions:set_level", args=["tag", embargo]),
        {"level": NotificationLevel.WATCHING},
    )
    assert response.status_code == 404
    assert not TagSubscription.objects.exists()


def test_restricted_tag_cannot_be_watched_through_the_api(embargo, member):
    api = APIClient()
    api.force_authenticate(member)
    url = f"/api/v1/tags/{embargo}/notification-level"
    assert api.get(url).status_code == 404
    response = api.put(url, {"level": NotificationLevel.WATCHING}, format="json")
    assert response.status_code == 404
    assert not TagSubscription.objects.exists()


def test_group_member_can_watch_the_restricted_tag(embargo, insider):
    api = APIClient()
    api.force_authenticate(insider)
    url = f"/api/v1/tags/{embargo}/notification-level"
    response = api.put(url, {"level": NotificationLevel.WATCHING}, format="json")
    assert response.status_code == 200
    assert TagSubscription.objects.get().user == insider


def test_restricted_tag_is_not_on_the_tags_page(client, embargo):
    assert embargo not in client.get("/tags").text
    assert embargo not in client.get("/api/v1/tags").text
