"""Changing a topic's title, category and tags after posting: who may, the
revision it leaves, and what follows (watchers, search, counts)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from taggit.models import Tag

from accounts.models import TrustLevel
from forum.categories.models import Access, CategoryPermission
from forum.subscriptions.models import (
    CategorySubscription,
    Notification,
    TagSubscription,
)
from forum.topics import edit_permissions, services
from forum.topics.levels import NotificationLevel
from forum.topics.models import PostRevision, Topic
from tests.factories import CategoryFactory, GroupFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_access(db):
    return CategoryFactory(name="Data access", slug="data-access")


@pytest.fixture
def tags(db):
    return [Tag.objects.create(name=n, slug=n) for n in ("butler", "calexp")]


def age(topic, days):
    Topic.objects.filter(pk=topic.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    topic.refresh_from_db()


# services


def test_author_moves_and_retags_their_question(data_access, topic, member, tags):
    services.edit_topic(
        topic=topic,
        by=member,
        category=data_access,
        tags=["butler", "calexp"],
        reason="Wrong place",
    )
    topic.refresh_from_db()
    assert topic.category == data_access
    assert sorted(topic.tags.names()) == ["butler", "calexp"]


def test_edit_leaves_one_revision_with_who_and_what(
    data_access, topic, member, tags, category
):
    services.edit_topic(
        topic=topic,
        by=member,
        title="Reading calexp images with the Butler",
        category=data_access,
        tags=["butler"],
        reason="Clearer",
    )
    revision = PostRevision.objects.get()
    assert revision.post.post_number == 1
    assert revision.editor == member
    assert (revision.title_before, revision.title_after) == (
        "Reading calexp images",
        "Reading calexp images with the Butler",
    )
    assert (revision.category_before, revision.category_after) == (
        category,
        data_access,
    )
    assert (revision.tags_before, revision.tags_after) == ([], ["butler"])
    assert revision.reason == "Clearer"
    assert revision.number == 1
    assert revision.post.version == 2


def test_edit_without_changes_leaves_no_revision(topic, member, category):
    services.edit_topic(topic=topic, by=member, title=topic.title, category=category)
    assert not PostRevision.objects.exists()


def test_moving_carries_the_counts(data_access, topic, member, category):
    services.edit_topic(topic=topic, by=member, category=data_access)
    category.refresh_from_db()
    data_access.refresh_from_db()
    assert (category.topic_count, category.post_count) == (0, 0)
    assert (data_access.topic_count, data_access.post_count) == (1, 1)


def test_author_cannot_move_into_a_category_they_cannot_post_in(
    topic, member, restricted_category
):
    with pytest.raises(ValidationError) as refused:
        services.edit_topic(topic=topic, by=member, category=restricted_category)
    assert "can't start topics in" in str(refused.value.message_dict["category"])
    topic.refresh_from_db()
    assert topic.category != restricted_category


def test_author_cannot_move_into_a_reply_only_category(topic, member):
    reply_only = CategoryFactory(name="Announcements", slug="announcements")
    CategoryPermission.objects.create(category=reply_only, access=Access.REPLY)
    with pytest.raises(ValidationError) as refused:
        services.edit_topic(topic=topic, by=member, category=reply_only)
    assert "Announcements" in refused.value.message_dict["category"][0]


def test_author_cannot_invent_tags(topic, member):
    with pytest.raises(ValidationError) as refused:
        services.edit_topic(topic=topic, by=member, tags=["brand-new-tag"])
    assert "Unknown tag" in refused.value.message_dict["tags"][0]


def test_moderator_may_create_tags_while_editing(topic, moderator):
    services.edit_topic(topic=topic, by=moderator, tags=["brand-new-tag"])
    assert list(topic.tags.names()) == ["brand-new-tag"]


def test_bad_title_is_refused_and_nothing_changes(data_access, topic, member):
    with pytest.raises(ValidationError) as refused:
        services.edit_topic(topic=topic, by=member, title="x", category=data_access)
    assert "title" in refused.value.message_dict
    topic.refresh_from_db()
    assert topic.category != data_access
    assert not PostRevision.objects.exists()


def test_other_members_may_not_edit_the_topic(topic, other_member, data_access):
    with pytest.raises(PermissionDenied):
        services.edit_topic(topic=topic, by=other_member, category=data_access)


@pytest.mark.parametrize(
    ("trust_level", "days", "allowed"),
    [
        (TrustLevel.NEW, 0, True),
        (TrustLevel.NEW, 2, False),
        (TrustLevel.BASIC, 6, True),
        (TrustLevel.BASIC, 8, False),
        (TrustLevel.MEMBER, 29, True),
        (TrustLevel.MEMBER, 31, False),
    ],
)
def test_author_edit_window_grows_with_trust(topic, member, trust_level, days, allowed):
    member.trust_level = trust_level
    member.save(update_fields=["trust_level"])
    age(topic, days)
    assert edit_permissions.can_edit_topic(member, topic) is allowed


def test_after_the_window_the_refusal_says_to_ask_a_moderator(topic, member):
    age(topic, 400)
    with pytest.raises(PermissionDenied, match="ask a moderator"):
        services.edit_topic(topic=topic, by=member, tags=[])


def test_moderator_edits_old_topics(data_access, topic, moderator):
    age(topic, 400)
    services.edit_topic(topic=topic, by=moderator, category=data_access)
    topic.refresh_from_db()
    assert topic.category == data_access


def test_category_moderator_moves_only_into_categories_they_moderate(
    topic, category, data_access
):
    group_mods = UserFactory(username="cato")
    mods = GroupFactory(name="support-mods")
    category.moderator_groups.add(mods)
    group_mods.groups.add(mods)
    with pytest.raises(ValidationError, match="categories you moderate"):
        services.edit_topic(topic=topic, by=group_mods, category=data_access)


def test_title_edit_through_the_post_respects_the_window(topic, member):
    age(topic, 400)
    first = topic.posts.get(post_number=1)
    with pytest.raises(ValidationError) as refused:
        services.edit_post(
            post=first, by=member, raw=first.raw, title="A different title entirely"
        )
    assert "ask a moderator" in refused.value.message_dict["title"][0]


def test_moderator_move_is_a_revision_too(data_access, topic, moderator):
    services.move_topic(topic=topic, category=data_access, by=moderator)
    revision = PostRevision.objects.get()
    assert revision.editor == moderator
    assert revision.category_after == data_access


def test_moving_into_a_category_without_solutions_clears_the_solution(
    data_access, topic, member, other_member
):
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    services.edit_topic(topic=topic, by=member, category=data_access)
    topic.refresh_from_db()
    assert topic.solution is None


# what follows


def test_watchers_of_the_new_category_hear_of_the_topic(
    data_access, topic, member, django_capture_on_commit_callbacks
):
    watcher = UserFactory(username="wanda")
    CategorySubscription.objects.create(
        user=watcher, category=data_access, level=NotificationLevel.WATCHING_FIRST_POST
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_topic(topic=topic, by=member, category=data_access)
    notification = Notification.objects.get(user=watcher)
    assert notification.kind == Notification.Kind.WATCHED_TOPIC
    assert notification.post.post_number == 1


def test_watchers_of_an_added_tag_hear_once(
    topic, member, tags, django_capture_on_commit_callbacks
):
    watcher = UserFactory(username="wanda")
    TagSubscription.objects.create(
        user=watcher, tag=tags[0], level=NotificationLevel.WATCHING
    )
    for names in (["butler"], ["butler", "calexp"]):
        with django_capture_on_commit_callbacks(execute=True):
            services.edit_topic(topic=topic, by=member, tags=names)
    assert Notification.objects.filter(user=watcher).count() == 1


def test_watchers_who_cannot_see_the_topic_hear_nothing(
    secret_topic, staff, restricted_category, tags, django_capture_on_commit_callbacks
):
    outsider = UserFactory(username="otto")
    TagSubscription.objects.create(
        user=outsider, tag=tags[0], level=NotificationLevel.WATCHING
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_topic(topic=secret_topic, by=staff, tags=["butler"])
    assert not Notification.objects.filter(user=outsider).exists()


def test_edit_reindexes_the_topic(
    data_access, topic, member, django_capture_on_commit_callbacks
):
    with (
        mock.patch("forum.search.tasks.index_topic.delay") as index,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.edit_topic(topic=topic, by=member, category=data_access)
    index.assert_called_once_with(topic.id)


# pages


def test_topic_page_links_the_edit_form_for_its_author(client, topic, member):
    client.force_login(member)
    response = client.get(topic.get_absolute_url())
    assert f"/t/{topic.id}/edit" in response.content.decode()


def test_topic_page_has_no_edit_link_for_others(client, topic, other_member):
    client.force_login(other_member)
    response = client.get(topic.get_absolute_url())
    assert f"/t/{topic.id}/edit" not in response.content.decode()


def test_edit_form_saves_and_returns_to_the_topic(
    data_access, client, topic, member, tags
):
    client.force_login(member)
    response = client.post(
        f"/t/{topic.id}/edit",
        {
            "title": "Reading calexp images with the Butler",
            "category": data_access.id,
            "tags": "butler, calexp",
            "reason": "tidy",
        },
    )
    topic.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert topic.category == data_access
    assert sorted(topic.tags.names()) == ["butler", "calexp"]


def test_edit_form_shows_why_a_move_is_refused(
    client, topic, member, restricted_category, collaboration
):
    reply_only = CategoryFactory(name="Announcements", slug="announcements")
    CategoryPermission.objects.create(category=reply_only, access=Access.REPLY)
    client.force_login(member)
    response = client.post(
        f"/t/{topic.id}/edit",
        {"title": topic.title, "category": reply_only.id, "tags": ""},
    )
    assert response.status_code == 400
    assert "can&#x27;t start topics in “Announcements”" in response.content.decode()


def test_edit_form_does_not_offer_hidden_categories(
    client, topic, member, restricted_category
):
    client.force_login(member)
    response = client.get(f"/t/{topic.id}/edit")
    assert response.status_code == 200
    assert restricted_category.name not in response.content.decode()
    response = client.post(
        f"/t/{topic.id}/edit",
        {"title": topic.title, "category": restricted_category.id},
    )
    assert response.status_code == 400


def test_edit_form_refused_to_other_members(client, topic, other_member):
    client.force_login(other_member)
    assert client.get(f"/t/{topic.id}/edit").status_code == 403


def test_edit_form_sends_visitors_to_sign_in(client, topic):
    response = client.get(f"/t/{topic.id}/edit")
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_edit_form_of_a_hidden_topic_is_404(client, secret_topic, member):
    client.force_login(member)
    assert client.get(f"/t/{secret_topic.id}/edit").status_code == 404


def test_history_shows_the_category_and_tag_change(
    data_access, client, topic, member, tags
):
    services.edit_topic(topic=topic, by=member, category=data_access, tags=["butler"])
    first = topic.posts.get(post_number=1)
    text = client.get(f"/p/{first.id}/revisions").content.decode()
    assert "<del>Support</del> → <ins>Data access</ins>" in text
    assert "<del>none</del> → <ins>butler</ins>" in text
    assert "alice" in text


def test_history_hides_the_name_of_a_category_the_reader_cannot_see(
    category, client, secret_topic, staff
):
    services.edit_topic(topic=secret_topic, by=staff, category=category)
    first = secret_topic.posts.get(post_number=1)
    text = client.get(f"/p/{first.id}/revisions").content.decode()
    assert "Transients private" not in text
    assert "(hidden)" in text


def test_edit_form_query_count_is_bounded(
    client, topic, member, django_assert_max_num_queries
):
    for _ in range(5):
        CategoryFactory()
    client.force_login(member)
    with django_assert_max_num_queries(15):
        assert client.get(f"/t/{topic.id}/edit").status_code == 200


# in place of the title (htmx)

HTMX = {"hx-request": "true"}


def test_topic_page_opens_the_form_in_place_with_htmx(client, topic, member):
    client.force_login(member)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert f'hx-get="/t/{topic.id}/edit" hx-target="#topic-title"' in page
    response = client.get(f"/t/{topic.id}/edit", headers=HTMX)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert 'id="topic-title"' in text
    assert f'hx-post="/t/{topic.id}/edit"' in text
    assert 'name="title"' in text and 'name="category"' in text


def test_the_form_s_own_page_posts_without_htmx(client, topic, member):
    client.force_login(member)
    text = client.get(f"/t/{topic.id}/edit").content.decode()
    assert "<html" in text
    assert "hx-post" not in text


def test_saving_in_place_gives_back_the_new_title(
    data_access, client, topic, member, tags
):
    client.force_login(member)
    response = client.post(
        f"/t/{topic.id}/edit",
        {
            "title": "Reading calexp images with the Butler",
            "category": data_access.id,
            "tags": "butler calexp",
        },
        headers=HTMX,
    )
    topic.refresh_from_db()
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert "<bdi>Reading calexp images with the Butler</bdi>" in text
    assert "<title>Reading calexp images with the Butler" in text
    assert "Data access</a>" in text
    assert ">butler</a>" in text and ">calexp</a>" in text
    assert response["HX-Replace-Url"] == topic.get_absolute_url()
    assert topic.category == data_access


def test_a_refused_edit_in_place_shows_the_form_again_with_why(client, topic, member):
    client.force_login(member)
    response = client.post(
        f"/t/{topic.id}/edit",
        {"title": "Hi", "category": topic.category_id, "tags": ""},
        headers=HTMX,
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in text
    assert 'class="field-error"' in text
    assert f'hx-post="/t/{topic.id}/edit"' in text
    topic.refresh_from_db()
    assert topic.title == "Reading calexp images"


def test_edit_in_place_query_counts_are_bounded(
    data_access, client, topic, member, django_assert_max_num_queries
):
    for _ in range(5):
        CategoryFactory()
    client.force_login(member)
    client.get(topic.get_absolute_url())  # warm-up: the daily visit note
    with django_assert_max_num_queries(12):
        client.get(f"/t/{topic.id}/edit", headers=HTMX)
    with django_assert_max_num_queries(30):
        client.post(
            f"/t/{topic.id}/edit",
            {"title": topic.title, "category": data_access.id, "tags": ""},
            headers=HTMX,
        )
