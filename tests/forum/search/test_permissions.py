"""Restricted content never shows in search: not in results, counts, snippets or
suggestions, on every backend; permission changes count at once."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from forum.categories.models import Access, CategoryPermission
from forum.search import indexing, services
from forum.search.query import parse
from forum.topics import services as topic_services
from tests.factories import CategoryFactory, GroupFactory, PostFactory, TopicFactory

from .conftest import ON_POSTGRES


@pytest.fixture
def forum(reindex, topic, secret_topic):
    reindex()


def find(text, user):
    return services.search(parse(text), user=user)


@pytest.mark.parametrize("actor", ["anonymous", "member"])
def test_search_hides_restricted_topics_and_counts(forum, request, actor):
    user = request.getfixturevalue(actor)
    page = find("embargoed", user)
    assert (page.total, page.results) == (0, [])
    assert find("candidates list", user).total == 0


def test_search_shows_restricted_topics_to_group_members(
    forum, member, collaboration, secret_topic
):
    member.groups.add(collaboration)
    member = User.objects.get(pk=member.pk)  # as the next request loads it
    assert [r.topic for r in find("embargoed", member).results] == [secret_topic]


def test_search_shows_restricted_topics_to_staff(forum, staff, secret_topic):
    assert find("embargoed", staff).total == 1


def test_search_counts_only_visible_topics(forum, member, topic, secret_topic):
    PostFactory(
        topic=secret_topic, author=secret_topic.author, raw="Calexp too, secretly."
    )
    indexing.index_topic(secret_topic.id)
    page = find("calexp", member)
    assert page.total == 1
    assert [r.topic for r in page.results] == [topic]


def test_search_permission_change_counts_without_reindexing(
    forum, member, restricted_category
):
    assert find("embargoed", member).total == 0
    # As the admin does it: saving the permission invalidates cached access.
    CategoryPermission.objects.create(
        category=restricted_category, group=None, access=Access.SEE
    )
    member = User.objects.get(pk=member.pk)  # as the next request loads it
    assert find("embargoed", member).total == 1


def test_search_hides_topic_moved_into_restricted_category_before_reindex(
    search_backend, topic, restricted_category, staff, member
):
    indexing.rebuild()
    topic_services.move_topic(topic=topic, category=restricted_category, by=staff)
    # No reindex yet: a stale entry must still not show the moved topic.
    page = find("calexp", member)
    assert page.results == []


def test_search_restricted_category_filter_reads_like_a_missing_one(forum, member):
    assert find("embargoed #transients-private", member).notes == [
        "There is no category “transients-private”."
    ]


def test_search_misspelling_of_a_restricted_word_finds_nothing(forum, member):
    page = find("embargoedd", member)
    assert (page.total, page.results) == (0, [])


def test_suggest_hides_restricted_topics(forum, member, staff):
    assert services.suggest(parse("embargo"), user=member) == []
    assert len(services.suggest(parse("embargo"), user=staff)) == 1


def test_search_pages_never_show_restricted_text(forum, client, member):
    client.force_login(member)
    for url in (
        reverse("search:search") + "?q=embargoed",
        reverse("search:search") + "?q=embargoedd",
        reverse("discourse:search") + "?q=embargoed",
        reverse("search:suggest") + "?q=embarg",
        reverse("search:search") + "?q=%23transients-private",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"mbargoed supernova" not in response.content
        assert b"candidates" not in response.content


def test_search_hides_unlisted_topics_from_members(
    search_backend, category, member, moderator
):
    unlisted = TopicFactory(
        category=category, author=member, title="Unlisted seeing notes"
    )
    unlisted.is_visible = False
    unlisted.save(update_fields=["is_visible"])
    indexing.rebuild()
    assert find("seeing", member).total == 0
    assert find("seeing", moderator).total == 1


@pytest.fixture
def unlisted(category, member):
    topic = TopicFactory(
        category=category, author=member, title="Unlisted seeing notes"
    )
    topic.is_visible = False
    topic.save(update_fields=["is_visible"])
    return topic


@pytest.mark.parametrize("moderates", ["its category", "another category"])
def test_category_moderators_find_unlisted_topics_only_where_they_moderate(
    search_backend, unlisted, other_member, moderates
):
    here = unlisted.category if moderates == "its category" else CategoryFactory()
    mods = GroupFactory(name="mods")
    here.moderator_groups.add(mods)
    other_member.groups.add(mods)
    indexing.rebuild()
    other_member = User.objects.get(pk=other_member.pk)
    found = find("seeing", other_member).total
    assert found == (1 if moderates == "its category" else 0)
    # A category moderator elsewhere also finds none when naming the category.
    named = find(f"seeing #{unlisted.category.slug}", other_member).total
    assert named == found


# PostgreSQL reads a topic's category and state from its search document, kept
# by database triggers in the transaction of the change itself. These searches
# run before any reindexing (in a test, nothing queued after commit runs), so
# they show that no outsider ever counts a topic they may no longer see.
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES, reason="the topic documents are PostgreSQL's"
)


@pytest.fixture
def postgres_forum(settings, topic):
    settings.SEARCH_BACKEND = "postgres"
    PostFactory(topic=topic, author=topic.author, raw="Calexp and bias frames here.")
    indexing.rebuild()
    return topic


# One word (the topic documents answer), two words (the post entries answer).
WORDS = ["calexp", "calexp bias"]


@postgres_only
@pytest.mark.parametrize("text", WORDS)
def test_topic_moved_into_restricted_category_is_never_counted_for_outsiders(
    postgres_forum, restricted_category, staff, member, anonymous, text
):
    assert find(text, member).total == 1
    with transaction.atomic():
        topic_services.move_topic(
            topic=postgres_forum, category=restricted_category, by=staff
        )
        # Within the move's own transaction already.
        for outsider in (member, anonymous):
            page = find(text, outsider)
            assert (page.total, page.results) == (0, [])
    assert find(text, member).total == 0
    moved = find(f"{text} #{restricted_category.slug}", staff)
    assert [result.topic for result in moved.results] == [postgres_forum]


@postgres_only
@pytest.mark.parametrize("text", WORDS)
@pytest.mark.parametrize("change", ["unlist_topic", "delete_topic"])
def test_unlisted_or_deleted_topic_is_never_counted_before_reindexing(
    postgres_forum, staff, member, text, change
):
    getattr(topic_services, change)(topic=postgres_forum, by=staff)
    page = find(text, member)
    assert (page.total, page.results) == (0, [])
    topic_services.restore_topic(topic=postgres_forum, by=staff)
    topic_services.list_topic(topic=postgres_forum, by=staff)
    assert find(text, member).total == 1


@postgres_only
@pytest.mark.parametrize("change", ["hide_post", "delete_post"])
def test_hidden_or_deleted_post_is_never_counted_before_reindexing(
    postgres_forum, staff, member, change
):
    post = PostFactory(
        topic=postgres_forum, author=member, raw="A quasar slipped into this one."
    )
    indexing.index_topic(postgres_forum.id)
    assert find("quasar", member).total == 1
    getattr(topic_services, change)(post=post, by=staff)
    assert find("quasar", member).total == 0
    assert find('"quasar slipped"', member).total == 0
    # The rest of the topic is still found, with its title.
    assert find("calexp", member).total == 1
    assert find("reading in:title", member).total == 1
