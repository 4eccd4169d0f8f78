import pytest
from django.urls import reverse
from taggit.models import Tag

from forum.topics.services.posting import create_topic
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_tag_page_lists_its_topics(client, category, moderator):
    TopicFactory(
        category=category,
        author=moderator,
        title="Butler tips and tricks",
        tags=["butler"],
    )
    response = client.get(reverse("tags:detail", args=["butler"]))
    assert response.status_code == 200
    assert "Butler tips and tricks" in response.text


def test_unknown_tag_is_404(client, db):
    assert client.get(reverse("tags:detail", args=["nothing-here"])).status_code == 404


def test_tags_index_counts_only_visible_topics(
    client, category, restricted_category, staff
):
    TopicFactory(
        category=category, author=staff, title="Public butler question", tags=["butler"]
    )
    TopicFactory(
        category=restricted_category,
        author=staff,
        title="Secret butler question",
        tags=["butler", "secret"],
    )
    text = client.get(reverse("tags:index")).text
    assert "× 1" in text
    assert "secret" not in text


def test_restricted_topics_absent_from_tag_page(client, restricted_category, staff):
    TopicFactory(
        category=restricted_category,
        author=staff,
        title="Secret butler question",
        tags=["butler"],
    )
    assert (
        "Secret butler" not in client.get(reverse("tags:detail", args=["butler"])).text
    )


@pytest.mark.parametrize("count", [5, 50])
def test_tag_page_query_count_is_bounded(
    client, category, moderator, count, django_assert_max_num_queries
):
    for n in range(count):
        TopicFactory(
            category=category,
            author=moderator,
            title=f"Tagged topic {n:03}",
            tags=["dp0"],
        )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("tags:detail", args=["dp0"])).status_code == 200


def test_tags_index_shares_counts_without_leaking_restricted_topics(
    client, category, restricted_category, collaboration, member, staff
):
    TopicFactory(category=category, author=staff, tags=["butler"])
    TopicFactory(category=restricted_category, author=staff, tags=["butler", "secret"])
    member.groups.add(collaboration)
    client.force_login(member)
    insider = client.get(reverse("tags:index")).text
    assert 'butler</a> <span class="count">× 2' in insider
    assert "secret" in insider
    client.logout()
    outsider = client.get(reverse("tags:index")).text
    assert 'butler</a> <span class="count">× 1' in outsider
    assert "secret" not in outsider


def test_tags_index_counts_a_topic_created_through_the_service(
    client, category, moderator, django_capture_on_commit_callbacks
):
    assert "photometry" not in client.get(reverse("tags:index")).text
    with django_capture_on_commit_callbacks(execute=True):
        create_topic(
            author=moderator,
            category=category,
            title="Photometry of faint sources",
            raw="How do I measure the photometry of faint sources?",
            tags=["photometry"],
        )
    assert "photometry" in client.get(reverse("tags:index")).text


@pytest.mark.parametrize("count", [5, 50])
def test_tags_index_query_count_is_bounded(
    client, category, member, moderator, count, django_assert_max_num_queries
):
    for n in range(count):
        TopicFactory(category=category, author=moderator, tags=[f"tag{n}", "common"])
    client.force_login(member)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("tags:index")).status_code == 200
    # The counts are shared until a topic changes: no counting query then.
    with django_assert_max_num_queries(4) as captured:
        assert client.get(reverse("tags:index")).status_code == 200
    assert not any("taggit_tag" in query["sql"] for query in captured)


def test_tag_suggestions_offer_existing_tags_for_the_word_being_typed(client, member):
    for name in ("butler", "butler-gen3", "calexp"):
        Tag.objects.create(name=name, slug=name)
    client.force_login(member)
    response = client.get(reverse("tags:suggest"), {"tags": "calexp But"})
    assert 'data-add-tag="butler"' in response.text
    assert 'data-add-tag="butler-gen3"' in response.text
    assert 'data-add-tag="calexp"' not in response.text


def test_tag_suggestions_say_which_tags_are_new_before_submit(client, member):
    Tag.objects.create(name="butler", slug="butler")
    client.force_login(member)
    response = client.get(reverse("tags:suggest"), {"tags": "butler photoz, "})
    assert "New tag: <strong>photoz</strong>" in response.text
    assert "only moderators can create tags" in response.text


def test_tag_suggestions_query_count_is_bounded(
    client, member, django_assert_max_num_queries
):
    client.force_login(member)
    with django_assert_max_num_queries(10):
        client.get(reverse("tags:suggest"), {"tags": "a b c d e f g h"})


def test_new_topic_error_page_keeps_the_preview(client, category, member):
    client.force_login(member)
    response = client.post(
        reverse("topics:create"),
        {"category": category.id, "title": "x", "raw": "Some **bold** words here."},
    )
    assert response.status_code == 400
    assert "<strong>bold</strong>" in response.text


@pytest.fixture
def restricted_tag(secret_topic):
    """A tag carried only by a topic in a restricted category."""
    create_topic(
        author=secret_topic.author,
        category=secret_topic.category,
        title="Embargoed transient alerts for tonight",
        raw="Candidates for follow-up are listed in the attachment here.",
        tags=["embargoed-sn"],
    )
    return "embargoed-sn"


def test_tag_suggestions_hide_tags_of_restricted_categories(
    client, member, restricted_tag
):
    client.force_login(member)
    response = client.get(reverse("tags:suggest"), {"tags": "embargo"})
    assert "embargoed-sn" not in response.text


def test_tag_suggestions_never_confirm_a_restricted_tag_exists(
    client, member, restricted_tag
):
    client.force_login(member)
    response = client.get(reverse("tags:suggest"), {"tags": "embargoed-sn "})
    assert "New tag: <strong>embargoed-sn</strong>" in response.text
