"""The topic page's last page (suggested topics, tags, the reply form) within the
query budgets of docs/performance.md: 6 for a visitor, 10 signed in, and the
pieces that were made cheaper still show what they showed."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from heroicons import _render_icon
from taggit.models import Tag

from forum.topics import services
from tests.factories import PostFactory, TopicFactory, UserFactory


@pytest.fixture
def thread(category, member, other_member):
    """A tagged topic with replies by newcomers and regulars, a related topic
    to suggest, and a topic closed as its duplicate."""
    Tag.objects.create(name="butler", slug="butler")
    topic = TopicFactory(
        category=category, author=member, title="Butler reads fail", tags=["butler"]
    )
    for n in range(6):
        PostFactory(topic=topic, author=UserFactory() if n % 2 else other_member)
    TopicFactory(
        category=category,
        author=other_member,
        title="Also about the butler",
        tags=["butler"],
    )
    return topic


def _warm(client, url: str) -> None:
    # The first request fills per-process caches (category access, banner,
    # fragments): the budget is that of a warm worker, as `make bench` counts.
    assert client.get(url).status_code == 200


def test_a_visitor_reads_a_last_page_in_six_queries(
    client, thread, django_assert_max_num_queries
):
    url = thread.get_absolute_url()
    _warm(client, url)
    with django_assert_max_num_queries(6):
        page = client.get(url).content.decode()
    assert "Suggested topics" in page and "Also about the butler" in page
    assert f'href="{reverse("tags:detail", args=["butler"])}"' in page


def test_a_member_reads_a_last_page_in_ten_queries(
    client, thread, other_member, django_assert_max_num_queries
):
    services.record_reading(user=other_member, topic=thread, highest_seen=7)
    client.force_login(other_member)
    url = thread.get_absolute_url()
    _warm(client, url)
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert "Suggested topics" in page and 'id="reply"' in page


def test_duplicates_are_listed_when_there_are_some(
    client, thread, category, member, moderator
):
    copy = TopicFactory(category=category, author=member, title="Butler reads again")
    services.close_topic(
        topic=copy, by=moderator, close_reason="duplicate", duplicate_of=thread
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "duplicates of this topic" in page and "Butler reads again" in page


@pytest.mark.parametrize(
    ("tag", "style", "size", "attrs"),
    [
        ("heroicon_mini", "mini", 20, {}),
        ("heroicon_outline", "outline", 22, {"aria_hidden": "true"}),
        ("heroicon_solid", "solid", 18, {"aria_hidden": "true", "class": "a&b"}),
        ("heroicon_micro", "micro", 16, {"stroke_linecap": "round"}),
    ],
)
def test_icons_are_the_packages_markup(tag, style, size, attrs):
    arguments = " ".join(f'{key}="{value}"' for key, value in attrs.items())
    source = (
        f'{{% load heroicons %}}{{% {tag} "check-circle" size={size} {arguments} %}}'
    )
    expected = _render_icon(style, "check-circle", size, attrs)
    for _ in range(2):  # built, then from the process's cache
        assert Template(source).render(Context()) == expected


def test_link_is_the_url_tags_url():
    names = ["home", "topics:latest", "search:search", "account_login"]
    for name in names:
        source = f"{{% load forum_tags %}}{{% link '{name}' %}}"
        assert Template(source).render(Context()) == reverse(name)
