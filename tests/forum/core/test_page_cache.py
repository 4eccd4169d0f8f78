import re

import pytest
from django.middleware.csrf import _does_token_match
from django.test import Client

from forum.categories.models import Access, CategoryPermission
from forum.topics import services

from ...factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.FORUM_ANON_CACHE_SECONDS = 60


def test_page_cache_serves_visitors_a_stored_copy(
    client, topic, django_assert_num_queries
):
    first = client.get(topic.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(topic.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content


def test_page_cache_answers_a_matching_etag_with_not_modified(client, topic):
    client.get(topic.get_absolute_url())
    etag = client.get(topic.get_absolute_url())["ETag"]
    response = client.get(topic.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304


def test_page_cache_is_never_used_for_members(
    client, topic, member, django_assert_max_num_queries
):
    client.force_login(member)
    client.get("/latest")
    with django_assert_max_num_queries(50) as captured:
        response = client.get("/latest")
    assert len(captured) > 0
    assert member.username in response.content.decode()


def test_page_cache_is_not_filled_by_members(
    client, topic, member, django_assert_max_num_queries
):
    client.force_login(member)
    client.get(topic.get_absolute_url())
    with django_assert_max_num_queries(50) as captured:
        response = Client().get(topic.get_absolute_url())
    assert len(captured) > 0
    # The site header (not the page's <head>, whose JSON-LD names the author).
    header = response.content.decode().split("<body", 1)[1].split("</header>")[0]
    assert member.username not in header


def test_page_cache_shows_a_new_reply_at_once(
    client, topic, other_member, django_capture_on_commit_callbacks
):
    client.get(topic.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(topic=topic, author=other_member, raw="A new reply about calexp.")
    assert (
        "A new reply about calexp."
        in client.get(topic.get_absolute_url()).content.decode()
    )


def test_page_cache_shows_a_solution_at_once(
    client, topic, member, other_member, django_capture_on_commit_callbacks
):
    reply = PostFactory(topic=topic, author=other_member)
    client.get(topic.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_solution(topic=topic, post=reply, by=member)
    assert "Accepted solution" in client.get(topic.get_absolute_url()).content.decode()


def test_page_cache_never_shows_a_member_restricted_content(
    client, secret_topic, member, collaboration
):
    member.groups.add(collaboration)
    insider = Client()
    insider.force_login(member)
    assert insider.get(secret_topic.get_absolute_url()).status_code == 200
    assert client.get(secret_topic.get_absolute_url()).status_code == 404
    assert secret_topic.title not in client.get("/latest").content.decode()


def test_page_cache_forgets_pages_when_a_category_is_restricted(
    client, topic, collaboration
):
    assert client.get(topic.get_absolute_url()).status_code == 200
    CategoryPermission.objects.create(
        category=topic.category, group=collaboration, access=Access.CREATE
    )
    assert client.get(topic.get_absolute_url()).status_code == 404


def test_page_cache_skips_visitors_with_a_session(
    client, topic, django_assert_max_num_queries
):
    client.get(topic.get_absolute_url())
    client.cookies["sessionid"] = "not-a-real-session"
    with django_assert_max_num_queries(50) as captured:
        client.get(topic.get_absolute_url())
    assert len(captured) > 0


def test_page_cache_keeps_a_page_until_the_write_commits(
    client, topic, other_member, django_capture_on_commit_callbacks
):
    client.get(topic.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        PostFactory(topic=topic, author=other_member, raw="Not committed reply yet.")
    assert (
        "Not committed reply yet."
        not in client.get(topic.get_absolute_url()).content.decode()
    )
    for callback in callbacks:
        callback()
    assert (
        "Not committed reply yet."
        in client.get(topic.get_absolute_url()).content.decode()
    )


def test_page_cache_never_shares_a_csrf_token(db):
    tokens = {}
    for secret in ("a" * 32, "b" * 32):
        visitor = Client()
        visitor.cookies["csrftoken"] = secret
        html = visitor.get("/accounts/login/").content.decode()
        tokens[secret] = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html)[1]
    for secret, token in tokens.items():
        assert _does_token_match(token, secret)


def test_pages_served_from_the_cache_count_each_visitors_view(topic):
    from forum.topics.view_counts import flush_view_counts

    for visitor in range(10):
        Client(REMOTE_ADDR=f"10.0.0.{visitor}").get(topic.get_absolute_url())
    flush_view_counts()
    topic.refresh_from_db()
    assert topic.view_count == 10


def test_page_cache_never_serves_a_feed_with_a_token(client, member, secret_topic):
    from forum.subscriptions.services import reset_feed_token

    member.groups.add(
        *secret_topic.category.permissions.values_list("group", flat=True)
    )
    old = reset_feed_token(user=member).token
    url = f"/latest.rss?token={old}"
    assert "Embargoed" in client.get(url).text
    reset_feed_token(user=member)

    response = client.get(url)

    assert response.status_code == 404
    assert "Embargoed" not in response.text


def test_page_cache_keeps_no_copy_of_a_feed_with_a_token(client, member, topic):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forum.subscriptions.services import reset_feed_token

    url = f"/latest.rss?token={reset_feed_token(user=member).token}"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    assert "private" in first["Cache-Control"]
    assert len(queries) > 0
