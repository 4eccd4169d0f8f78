from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from forum.categories.models import Access, CategoryPermission
from forum.topics import services
from forum.topics.models import Topic
from tests.factories import CategoryFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/topics"
TOP = "/api/v1/topics/top"


def detail_url(topic):
    return reverse("api:topic-detail", args=[topic.id])


def titles(response):
    return [row["title"] for row in response.json()["results"]]


def new_topic(**fields):
    return {
        "category": fields.pop("category"),
        "title": "Release 1.2 of the science pipelines",
        "raw": "We released **v1.2** today. The notes are on the website.",
        **fields,
    }


def test_latest_lists_visible_topics_newest_first(api, category):
    TopicFactory(category=category, title="The older topic of the two")
    TopicFactory(category=category, title="The newer topic of the two")
    response = api.get(LIST)
    assert response.status_code == 200
    assert titles(response) == [
        "The newer topic of the two",
        "The older topic of the two",
    ]


def test_latest_shapes_topic_json(api, topic, member):
    row = api.get(LIST).json()["results"][0]
    assert row["id"] == topic.id
    assert row["author"] == {
        "id": member.id,
        "username": "alice",
        "name": "Alice Astro",
    }
    assert row["category"]["slug"] == "support"
    assert row["url"] == topic.get_absolute_url()
    assert row["is_solved"] is False


def test_latest_hides_restricted_topics(api, topic, secret_topic):
    assert titles(api.get(LIST)) == ["Reading calexp images"]


def test_latest_shows_restricted_topics_to_group_members(
    as_user, member, collaboration, topic, secret_topic
):
    member.groups.add(collaboration)
    assert "Embargoed supernova candidates list" in titles(as_user(member).get(LIST))


def test_latest_filters_by_category_with_subcategories(api, category, topic):
    child = CategoryFactory(parent=category, name="Butler")
    TopicFactory(category=child, title="A topic in the subcategory")
    TopicFactory(title="A topic somewhere else entirely")
    response = api.get(LIST, {"category": category.id})
    assert sorted(titles(response)) == [
        "A topic in the subcategory",
        "Reading calexp images",
    ]


def test_latest_restricted_category_filter_is_404(api, secret_topic):
    response = api.get(LIST, {"category": secret_topic.category_id})
    assert response.status_code == 404
    assert response.json() == {"detail": "No such category."}


def test_latest_filters_by_tag(api, category, moderator):
    TopicFactory(
        category=category, author=moderator, title="Tagged with butler", tags=["butler"]
    )
    TopicFactory(category=category, title="A topic without any tags")
    assert titles(api.get(LIST, {"tag": "butler"})) == ["Tagged with butler"]


def test_latest_tag_filter_hides_restricted_topics(
    api, category, restricted_category, staff
):
    TopicFactory(
        category=restricted_category,
        author=staff,
        title="A secret tagged topic here",
        tags=["butler"],
    )
    # A tag used only where the caller can't see answers as a missing one.
    assert api.get(LIST, {"tag": "butler"}).status_code == 404


def test_latest_unknown_tag_is_404(api):
    assert api.get(LIST, {"tag": "nope"}).status_code == 404


def test_latest_filters_solved_and_unsolved(api, topic, member, other_member, category):
    TopicFactory(category=category, title="A question nobody answered")
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    assert titles(api.get(LIST, {"solved": "true"})) == ["Reading calexp images"]
    assert titles(api.get(LIST, {"solved": "false"})) == ["A question nobody answered"]


def test_latest_solved_filter_takes_discourse_yes_no_and_empty_means_any(
    api, topic, member, other_member, category
):
    TopicFactory(category=category, title="A question nobody answered")
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    assert titles(api.get(LIST, {"solved": "yes"})) == ["Reading calexp images"]
    assert titles(api.get(LIST, {"solved": "no"})) == ["A question nobody answered"]
    # As an HTML form's "any" choice submits it: no filter, like Discourse.
    assert sorted(titles(api.get(LIST, {"solved": ""}))) == [
        "A question nobody answered",
        "Reading calexp images",
    ]


def test_latest_unknown_solved_value_is_400(api):
    response = api.get(LIST, {"solved": "foo"})
    assert response.status_code == 400
    assert "solved" in response.json()["errors"]


def test_latest_bad_filter_is_400(api):
    response = api.get(LIST, {"category": "abc"})
    assert response.status_code == 400
    assert response.json()["errors"]["category"] == ["A valid integer is required."]


def test_latest_paginates_with_cursor(api, category, settings):
    settings.FORUM_TOPICS_PER_PAGE = 2
    for n in range(3):
        TopicFactory(category=category, title=f"Paginated topic number {n}")
    first = api.get(LIST).json()
    assert len(first["results"]) == 2
    second = api.get(first["next"]).json()
    assert [r["title"] for r in second["results"]] == ["Paginated topic number 0"]
    assert second["next"] is None
    assert second["previous"]


@pytest.mark.parametrize("cursor", ["garbage", "cD1ub3QtYS1kYXRl"])
def test_latest_forged_cursor_is_404(api, topic, cursor):
    response = api.get(LIST, {"cursor": cursor})
    assert response.status_code == 404
    assert "cursor" in response.json()["detail"]


def test_top_ranks_by_replies_and_likes(api, category, other_member):
    quiet = TopicFactory(category=category, title="A quiet topic with no replies")
    busy = TopicFactory(category=category, title="A busy topic with replies")
    PostFactory(topic=busy, author=other_member)
    Topic.objects.filter(id=quiet.id).update(bumped_at=timezone.now() + timedelta(1))
    assert titles(api.get(TOP)) == [busy.title, quiet.title]


def test_top_of_a_period_leaves_out_older_topics(api, category):
    old = TopicFactory(category=category, title="A topic from long ago")
    Topic.objects.filter(id=old.id).update(created_at=timezone.now() - timedelta(60))
    TopicFactory(category=category, title="A topic from this week")
    assert titles(api.get(TOP, {"period": "monthly"})) == ["A topic from this week"]


def test_top_hides_restricted_topics(api, topic, secret_topic):
    assert titles(api.get(TOP)) == ["Reading calexp images"]


def test_top_bad_period_is_400(api):
    response = api.get(TOP, {"period": "decade"})
    assert response.status_code == 400
    assert "period" in response.json()["errors"]


def test_top_page_past_the_end_is_404(api, topic):
    assert api.get(TOP, {"page": 2}).status_code == 404


def test_topic_detail_has_posts_and_solution(api, topic, member, other_member):
    reply = PostFactory(
        topic=topic, author=other_member, raw="Use butler.get('calexp')."
    )
    services.accept_solution(topic=topic, post=reply, by=member)
    data = api.get(detail_url(topic)).json()
    assert data["title"] == "Reading calexp images"
    assert [p["post_number"] for p in data["post_stream"]["posts"]] == [1, 2]
    assert data["solution"]["id"] == reply.id
    assert data["post_stream"]["posts"][0]["raw"].startswith("I am trying")
    assert data["permissions"] == {"can_reply": False, "can_accept_solution": False}


def test_topic_detail_pages_posts_by_number(api, topic, other_member, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    for _ in range(3):
        PostFactory(topic=topic, author=other_member)
    first = api.get(detail_url(topic)).json()["post_stream"]
    assert (first["page"], first["last_page"]) == (1, 2)
    second = api.get(first["next"]).json()["post_stream"]
    assert [p["post_number"] for p in second["posts"]] == [3, 4]
    assert api.get(detail_url(topic), {"page": 3}).status_code == 404


def test_restricted_topic_is_404(api, secret_topic):
    response = api.get(detail_url(secret_topic))
    assert response.status_code == 404
    assert response.json() == {"detail": "No such topic."}


def test_restricted_topic_is_404_to_members_outside_the_group(
    as_user, member, secret_topic
):
    assert as_user(member).get(detail_url(secret_topic)).status_code == 404


def test_unknown_and_huge_topic_ids_are_404(api):
    assert api.get("/api/v1/topics/999999").status_code == 404
    assert api.get("/api/v1/topics/99999999999999999999999").status_code == 404


def test_deleted_topic_is_404_to_members_but_shown_to_moderators(
    api, as_user, topic, member, moderator
):
    services.delete_topic(topic=topic, by=member)
    assert api.get(detail_url(topic)).status_code == 404
    assert as_user(moderator).get(detail_url(topic)).json()["is_deleted"] is True


def test_create_topic_returns_it_with_its_first_post(as_user, member, category):
    response = as_user(member).post(
        LIST, new_topic(category=category.id), format="json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["author"]["username"] == "alice"
    assert "<strong>v1.2</strong>" in data["post_stream"]["posts"][0]["cooked"]
    assert Topic.objects.get().title == "Release 1.2 of the science pipelines"


def test_create_topic_accepts_form_encoding(as_user, member, category):
    response = as_user(member).post(LIST, new_topic(category=category.id))
    assert response.status_code == 201


def test_create_topic_with_tags(as_user, moderator, category):
    body = new_topic(category=category.id, tags=["release", "pipelines"])
    response = as_user(moderator).post(LIST, body, format="json")
    assert sorted(response.json()["tags"]) == ["pipelines", "release"]


def test_create_topic_bad_input_says_what_to_fix(as_user, member, category):
    body = new_topic(category=category.id, title="Short", raw="hi")
    response = as_user(member).post(LIST, body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert "at least 15 characters" in data["errors"]["title"][0]
    assert "at least 20 characters" in data["errors"]["raw"][0]
    assert "title:" in data["detail"]
    assert not Topic.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [("title", 42), ("raw", ["a list"]), ("tags", "not-a-list"), ("category", "x")],
)
def test_create_topic_wrong_types_are_400(as_user, member, category, field, value):
    body = {**new_topic(category=category.id), field: value}
    response = as_user(member).post(LIST, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_create_topic_in_restricted_category_is_404(
    as_user, member, restricted_category
):
    response = as_user(member).post(
        LIST, new_topic(category=restricted_category.id), format="json"
    )
    assert response.status_code == 404
    assert not Topic.objects.exists()


def test_create_topic_where_member_may_only_reply_is_403(as_user, member, category):
    CategoryPermission.objects.create(
        category=category, group=None, access=Access.REPLY
    )
    response = as_user(member).post(
        LIST, new_topic(category=category.id), format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You may not start topics in this category."}


def test_reply_creates_a_post(as_user, other_member, topic):
    response = as_user(other_member).post(
        reverse("api:topic-posts", args=[topic.id]),
        {"raw": "Try the HSC/runs/RC2 collection.", "reply_to_post_number": 1},
        format="json",
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["post_number"], data["reply_to_post_number"]) == (2, 1)
    assert topic.posts.count() == 2


def test_reply_to_missing_post_is_400(as_user, other_member, topic):
    response = as_user(other_member).post(
        reverse("api:topic-posts", args=[topic.id]),
        {"raw": "Try the HSC/runs/RC2 collection.", "reply_to_post_number": 9},
        format="json",
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["errors"]["reply_to_post_number"][0]


def test_reply_in_closed_topic_is_403(as_user, other_member, topic, moderator):
    services.close_topic(topic=topic, by=moderator)
    response = as_user(other_member).post(
        reverse("api:topic-posts", args=[topic.id]),
        {"raw": "Try the HSC/runs/RC2 collection."},
        format="json",
    )
    assert response.status_code == 403
    assert "closed" in response.json()["detail"]


def test_reply_in_restricted_topic_is_404(as_user, member, secret_topic):
    response = as_user(member).post(
        reverse("api:topic-posts", args=[secret_topic.id]),
        {"raw": "Trying to post where I cannot see."},
        format="json",
    )
    assert response.status_code == 404
    assert secret_topic.posts.count() == 1


def test_mark_and_unmark_solution(as_user, member, other_member, topic):
    reply = PostFactory(topic=topic, author=other_member)
    api = as_user(member)
    url = reverse("api:topic-solution", args=[topic.id])
    marked = api.post(url, {"post": reply.id}, format="json")
    assert marked.status_code == 200
    assert (marked.json()["is_solved"], marked.json()["solution"]["id"]) == (
        True,
        reply.id,
    )
    cleared = api.delete(url)
    assert cleared.status_code == 200
    assert cleared.json()["solution"] is None
    topic.refresh_from_db()
    assert topic.solution_id is None


def test_mark_solution_refused_to_others(as_user, other_member, topic):
    reply = PostFactory(topic=topic, author=other_member)
    response = as_user(other_member).post(
        reverse("api:topic-solution", args=[topic.id]),
        {"post": reply.id},
        format="json",
    )
    assert response.status_code == 403
    assert "Only the person who asked" in response.json()["detail"]


def test_mark_first_post_as_solution_is_400(as_user, member, topic):
    response = as_user(member).post(
        reverse("api:topic-solution", args=[topic.id]),
        {"post": topic.posts.get().id},
        format="json",
    )
    assert response.status_code == 400
    assert "Only a reply" in response.json()["detail"]


def test_mark_unknown_post_as_solution_is_404(as_user, member, topic):
    response = as_user(member).post(
        reverse("api:topic-solution", args=[topic.id]), {"post": 424242}, format="json"
    )
    assert response.status_code == 404


def test_bot_posts_replies_marks_solution_and_reads_back(
    api, make_key, member, category
):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {make_key(member, name='release bot')}")
    topic = api.post(LIST, new_topic(category=category.id), format="json").json()
    reply = api.post(
        reverse("api:topic-posts", args=[topic["id"]]),
        {"raw": "Upgrade with `pip install pipelines==1.2` and rerun the tests."},
        format="json",
    ).json()
    api.post(
        reverse("api:topic-solution", args=[topic["id"]]),
        {"post": reply["id"]},
        format="json",
    )
    again = api.get(reverse("api:topic-detail", args=[topic["id"]])).json()
    assert again["is_solved"] is True
    assert again["solution"]["raw"].startswith("Upgrade with")
    assert [p["post_number"] for p in again["post_stream"]["posts"]] == [1, 2]


def test_patch_moves_and_retags_a_topic_as_its_author(as_user, member, topic):
    other = CategoryFactory(name="Data access", slug="data-access")
    Tag.objects.create(name="butler", slug="butler")
    response = as_user(member).patch(
        detail_url(topic),
        {"category": other.id, "tags": ["butler"], "reason": "wrong place"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["category"]["id"] == other.id
    assert response.json()["tags"] == ["butler"]
    revision = topic.posts.get(post_number=1).revisions.get()
    assert (revision.category_after, revision.tags_after) == (other, ["butler"])


def test_patch_refuses_a_category_the_author_cannot_post_in(as_user, member, topic):
    news = CategoryFactory(name="Announcements", slug="announcements")
    CategoryPermission.objects.create(category=news, access=Access.REPLY)
    response = as_user(member).patch(
        detail_url(topic), {"category": news.id}, format="json"
    )
    assert response.status_code == 400
    assert "Announcements" in str(response.json())


def test_patch_into_a_hidden_category_is_404(
    as_user, member, topic, restricted_category
):
    response = as_user(member).patch(
        detail_url(topic), {"category": restricted_category.id}, format="json"
    )
    assert response.status_code == 404


def test_patch_by_another_member_is_403(as_user, other_member, topic):
    response = as_user(other_member).patch(
        detail_url(topic), {"title": "Someone else's idea of a title"}, format="json"
    )
    assert response.status_code == 403


def test_patch_with_a_read_only_key_is_refused(as_user, member, topic):
    response = as_user(member, is_read_only=True).patch(
        detail_url(topic), {"title": "Reading calexp images again"}, format="json"
    )
    assert response.status_code == 403
