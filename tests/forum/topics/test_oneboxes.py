"""Links to this forum's own topics and posts become cards from the database, but
only for topics anyone may read: a card is baked into HTML every reader gets."""

import pytest

from forum import markup
from forum.topics import services
from tests.factories import PostFactory


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://forum.example.org"


def test_a_public_topic_link_becomes_a_card(topic, member, other_member):
    answer = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=answer, by=member)
    url = f"https://forum.example.org{topic.get_absolute_url()}"
    cooked = markup.render(f"See\n\n{url}\n")
    assert '<div class="onebox">' in cooked
    assert '<div class="onebox-source">Meridian · Support</div>' in cooked
    assert (
        f'<a href="{url}" rel="nofollow ugc noopener">Reading calexp images</a>'
        in cooked
    )
    assert '<span class="onebox-solved">Solved: </span>' in cooked
    assert "I am trying to read a calexp" in cooked


def test_a_post_link_shows_that_post(topic, other_member):
    PostFactory(
        topic=topic, author=other_member, raw="Use the calexp.wcs attribute instead."
    )
    cooked = markup.render(f"https://forum.example.org/t/{topic.slug}/{topic.id}/2")
    assert "Reading calexp images (post #2)" in cooked
    assert "Use the calexp.wcs attribute instead." in cooked


def test_a_restricted_topic_link_stays_a_plain_link(secret_topic):
    url = f"https://forum.example.org{secret_topic.get_absolute_url()}"
    cooked = markup.render(url)
    assert "onebox" not in cooked
    assert secret_topic.title not in cooked


def test_links_to_other_sites_or_inline_links_are_not_carded(topic):
    url = f"https://forum.example.org{topic.get_absolute_url()}"
    assert "onebox" not in markup.render(f"Inline {url} here.")
    assert "onebox" not in markup.render(f"https://elsewhere.org/t/x/{topic.id}")
    assert "onebox" not in markup.render("https://forum.example.org/t/nothing/999999")


def _linking_post(topic, target, author, django_capture_on_commit_callbacks):
    url = f"https://forum.example.org/t/{target.id}"
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_post(author=author, topic=topic, raw=f"See\n\n{url}\n")


def test_a_card_goes_when_its_topic_moves_into_a_restricted_category(
    topic,
    category,
    restricted_category,
    staff,
    member,
    django_capture_on_commit_callbacks,
):
    moving = services.create_topic(
        author=member,
        category=category,
        title="Embargoed transient follow-up notes",
        raw="Notes from the follow-up observations of last week.",
    )
    post = _linking_post(topic, moving, staff, django_capture_on_commit_callbacks)
    assert moving.title in post.cooked
    with django_capture_on_commit_callbacks(execute=True):
        services.move_topic(topic=moving, category=restricted_category, by=staff)
    post.refresh_from_db()
    assert "onebox" not in post.cooked
    assert moving.title not in post.cooked
    assert f'href="https://forum.example.org/t/{moving.id}"' in post.cooked


def test_a_card_comes_when_its_topic_moves_into_a_public_category(
    topic, category, secret_topic, staff, django_capture_on_commit_callbacks
):
    post = _linking_post(topic, secret_topic, staff, django_capture_on_commit_callbacks)
    assert "onebox" not in post.cooked
    with django_capture_on_commit_callbacks(execute=True):
        services.move_topic(topic=secret_topic, category=category, by=staff)
    post.refresh_from_db()
    assert '<div class="onebox">' in post.cooked
    assert secret_topic.title in post.cooked
