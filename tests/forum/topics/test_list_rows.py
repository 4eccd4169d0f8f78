"""List rows read as plain values (forum/topics/lists.py, issue 18): what a row
shows of its posters comes from the same columns as before, and the home page's
UNION ALL, compiled once per audience, still answers each audience its own."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from forum.subscriptions import services as subscriptions
from forum.topics import services
from forum.topics.category_overview import _overview_sql
from forum.topics.levels import NotificationLevel
from tests.factories import PostFactory, UserFactory

from .test_fragments import latest, png, row

pytestmark = pytest.mark.django_db


def test_row_shows_the_last_posters_avatar_and_its_removal(client, topic, other_member):
    PostFactory(topic=topic, author=other_member, raw="Try the butler first.")
    assert "/u/bob/avatar/letter.svg" in row(latest(client), topic)
    account_services.set_avatar(user=other_member, upload=png())
    other_member.refresh_from_db()
    assert other_member.avatar_url in row(latest(client), topic)
    account_services.remove_avatar(user=other_member)
    assert "/u/bob/avatar/letter.svg" in row(latest(client), topic)


def test_row_links_the_members_first_unread_post(client, topic, other_member):
    services.create_post(topic=topic, author=other_member, raw="A reply to be unread.")
    reader = UserFactory(username="erin")
    services.record_reading(user=reader, topic=topic, highest_seen=1)
    client.force_login(reader)
    topic.refresh_from_db()
    assert f'href="{topic.get_post_url(2)}"' in row(latest(client), topic)


def test_home_query_is_compiled_once_per_audience(client, topic):
    client.get(reverse("home"))
    before = _overview_sql.cache_info()
    text = client.get(reverse("home")).text
    after = _overview_sql.cache_info()
    assert topic.title in text
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


def test_home_compiled_for_a_group_member_shows_nothing_more_to_visitors(
    member, collaboration, topic, secret_topic
):
    member.groups.add(collaboration)
    signed_in = Client()
    signed_in.force_login(member)
    assert secret_topic.title in signed_in.get(reverse("home")).text
    text = Client().get(reverse("home")).text
    assert topic.title in text
    assert secret_topic.title not in text


def home_items(client, topic):
    """The home page's items of `topic`: in its category and in the latest column."""
    text = client.get(reverse("home")).text
    items = re.findall(rf"<li>(?:(?!</li>).)*/{topic.id}\".*?</li>", text, re.S)
    assert len(items) == 2, f"topic {topic.id} is not on the home page twice"
    return items


@pytest.mark.parametrize("signed_in", [False, True])
def test_home_items_show_each_change_on_the_next_request(
    client, topic, member, other_member, moderator, signed_in
):
    if signed_in:
        client.force_login(other_member)
    brief, item = home_items(client, topic)
    assert "0 replies" in item
    assert "Solved" not in brief + item
    first = topic.posts.get(post_number=1)
    services.edit_post(
        post=first, by=member, raw=first.raw, title="Reading coadd images"
    )
    reply = services.create_post(
        topic=topic, author=other_member, raw="Use a coadd for this one."
    )
    topic.tags.set(["butler"])
    services.accept_solution(topic=topic, post=reply, by=member)
    brief, item = home_items(client, topic)
    assert "Reading coadd images" in brief
    assert "Reading coadd images" in item
    assert "1 reply" in item
    assert 'href="/tag/butler"' in item
    assert "Solved" in brief
    assert "Solved" in item


def test_a_topic_muted_by_someone_else_stays_in_my_list(client, topic, other_member):
    reader = UserFactory(username="erin")
    services.record_reading(user=reader, topic=topic, highest_seen=1)
    subscriptions.set_topic_level(
        user=other_member, topic=topic, level=NotificationLevel.MUTED
    )
    client.force_login(reader)
    assert topic.title in latest(client)
    subscriptions.set_topic_level(
        user=reader, topic=topic, level=NotificationLevel.MUTED
    )
    assert topic.title not in latest(client)
