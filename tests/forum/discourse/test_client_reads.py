"""pydiscourse 1.7.0's reading calls, unchanged, against a live Meridian."""

from accounts.models import User
from forum.topics import services
from tests.factories import CategoryFactory, TopicFactory


def test_latest_topics_lists_topics_with_their_users(discourse, answered):
    body = discourse().latest_topics()
    topics = body["topic_list"]["topics"]
    assert [t["id"] for t in topics] == [answered.id]
    row = topics[0]
    assert row["title"] == "Reading calexp images"
    assert row["slug"] == "reading-calexp-images"
    assert row["posts_count"] == 2
    assert row["category_id"] == answered.category_id
    assert row["last_poster_username"] == "bob"
    assert row["has_accepted_answer"] is False
    assert {u["username"] for u in body["users"]} == {"alice", "bob"}


def test_latest_topics_pages_from_zero(discourse, category, member, settings):
    settings.FORUM_TOPICS_PER_PAGE = 2
    for n in range(3):
        TopicFactory(category=category, author=member, title=f"Paging topic number {n}")
    first = discourse().latest_topics()
    assert len(first["topic_list"]["topics"]) == 2
    assert first["topic_list"]["more_topics_url"] == "/latest?page=1"
    second = discourse().latest_topics(page=1)
    assert len(second["topic_list"]["topics"]) == 1
    assert "more_topics_url" not in second["topic_list"]


def test_top_topics_ranks_by_likes_and_names_the_period(
    discourse, answered, other_member
):
    quiet = TopicFactory(category=answered.category, author=other_member)
    services.like_post(user=other_member, post=answered.posts.get(post_number=1))
    body = discourse().top_topics(period="weekly")
    ids = [t["id"] for t in body["topic_list"]["topics"]]
    assert ids == [answered.id, quiet.id]
    assert body["topic_list"]["for_period"] == "weekly"


def test_new_topics_lists_what_the_user_has_not_opened(discourse, answered, staff):
    body = discourse("bob").new_topics()
    assert body["topic_list"]["topics"] == []
    body = discourse("dana").new_topics()
    assert [t["id"] for t in body["topic_list"]["topics"]] == [answered.id]


def test_categories_and_category(discourse, category):
    child = CategoryFactory(name="Butler", slug="butler", parent=category)
    cats = discourse().categories()
    support = next(c for c in cats if c["id"] == category.id)
    assert support["name"] == "Support"
    assert support["slug"] == "support"
    assert support["subcategory_ids"] == [child.id]
    assert support["read_restricted"] is False
    assert all(c["id"] != child.id for c in cats)  # top level only, as Discourse
    shown = discourse().category(child.id)["category"]
    assert shown["parent_category_id"] == category.id
    assert shown["color"] == category.color.lstrip("#")


def test_category_topics_and_category_latest_topics(discourse, answered, category):
    child = CategoryFactory(name="Butler", slug="butler", parent=category)
    # A fresh row: the fixture's user cached its category access before `child`.
    author = User.objects.get(pk=answered.author_id)
    in_child = TopicFactory(category=child, author=author)
    by_id = discourse().category_topics(category.id)
    assert {t["id"] for t in by_id["topic_list"]["topics"]} == {
        answered.id,
        in_child.id,
    }
    nested = discourse().category_latest_topics("butler", parent="support")
    assert [t["id"] for t in nested["topic_list"]["topics"]] == [in_child.id]
    by_slug = discourse().category_latest_topics("support")
    assert len(by_slug["topic_list"]["topics"]) == 2


def test_topic_has_post_stream_and_details(discourse, answered):
    body = discourse().topic(answered.slug, answered.id)
    posts = body["post_stream"]["posts"]
    assert [p["post_number"] for p in posts] == [1, 2]
    assert body["post_stream"]["stream"] == [p["id"] for p in posts]
    assert posts[0]["username"] == "alice"
    assert "calexp" in posts[0]["cooked"]
    assert posts[1]["reply_to_post_number"] is None
    assert body["title"] == "Reading calexp images"
    assert body["details"]["created_by"]["username"] == "alice"
    assert body["details"]["can_create_post"] is True
    assert body["accepted_answer"] is None


def test_topic_print_returns_every_post(discourse, answered, other_member, settings):
    settings.FORUM_POSTS_PER_PAGE = 1
    body = discourse().topic(answered.slug, answered.id)
    assert len(body["post_stream"]["posts"]) == 1
    assert len(body["post_stream"]["stream"]) == 2
    printed = discourse().topic(answered.slug, answered.id, print="true")
    assert len(printed["post_stream"]["posts"]) == 2


def test_post_by_topic_and_number(discourse, answered):
    body = discourse().post(answered.id, 2)
    assert body["post_stream"]["posts"][0]["post_number"] == 2
    assert body["post_stream"]["posts"][0]["username"] == "bob"
    by_number = discourse().post_by_number(answered.id, 2)
    assert by_number["raw"].startswith("Use butler.get")


def test_post_by_id_has_raw_and_cooked(discourse, answered):
    reply = answered.posts.get(post_number=2)
    body = discourse().post_by_id(reply.id)
    assert body["id"] == reply.id
    assert body["topic_id"] == answered.id
    assert body["raw"] == reply.raw
    assert body["cooked"] == reply.cooked
    assert body["username"] == "bob"
    assert body["accepted_answer"] is False


def test_posts_by_ids_and_topic_posts(discourse, answered):
    ids = list(answered.posts.order_by("post_number").values_list("id", flat=True))
    body = discourse().posts(answered.id, post_ids=[ids[1]])
    assert [p["id"] for p in body["post_stream"]["posts"]] == [ids[1]]
    body = discourse().topic_posts(answered.id)
    assert [p["id"] for p in body["post_stream"]["posts"]] == ids


def test_latest_posts_newest_first_with_before(discourse, answered):
    ids = list(answered.posts.order_by("-id").values_list("id", flat=True))
    body = discourse().latest_posts()
    assert [p["id"] for p in body["latest_posts"]] == ids
    older = discourse().latest_posts(before=ids[0])
    assert [p["id"] for p in older["latest_posts"]] == ids[1:]


def test_search_finds_posts_and_topics(discourse, answered, search_index):
    search_index()
    body = discourse().search("mask plane")
    assert body["posts"][0]["topic_id"] == answered.id
    assert body["posts"][0]["username"] == "bob"
    assert body["topics"][0]["title"] == "Reading calexp images"
    assert body["grouped_search_result"]["post_ids"] == [body["posts"][0]["id"]]
    assert body["grouped_search_result"]["term"] == "mask plane"


def test_user_and_user_actions(discourse, answered):
    user = discourse().user("bob")
    assert user["username"] == "bob"
    assert user["name"] == "Bob Photometry"
    assert user["post_count"] == 1
    actions = discourse().user_actions("alice", "4,5")
    assert [a["topic_id"] for a in actions] == [answered.id]
    assert actions[0]["action_type"] == 4


def test_topics_by_user(discourse, answered):
    topics = discourse().topics_by("alice")
    assert [t["id"] for t in topics] == [answered.id]


def test_site_info_and_about(discourse, category):
    site = discourse().get_site_info()
    assert any(c["slug"] == "support" for c in site["categories"])
    assert site["notification_levels"]["watching"] == 3
    about = discourse().about()["about"]
    assert about["title"]
    assert "dana" in [u["username"] for u in about["admins"]]


def test_category_topics_by_slug_and_id(discourse, answered, category):
    body = discourse()._get(f"/c/{category.slug}/{category.id}.json")
    assert [t["id"] for t in body["topic_list"]["topics"]] == [answered.id]
    assert discourse().category_topics(category.id)["topic_list"]["topics"]


def test_search_finds_users_and_categories(discourse, answered, search_index):
    search_index()
    body = discourse().search("bob")
    assert [u["username"] for u in body["users"]] == ["bob"]
    body = discourse().search("support")
    assert [c["slug"] for c in body["categories"]] == ["support"]


def test_tags_and_a_tags_topics(discourse, answered):
    answered.tags.add("butler")
    tags = discourse()._get("/tags.json")["tags"]
    assert [(t["text"], t["count"]) for t in tags] == [("butler", 1)]
    body = discourse()._get("/tag/butler.json")
    assert [t["id"] for t in body["topic_list"]["topics"]] == [answered.id]


def test_raw_is_the_posts_markdown_as_plain_text(client, answered):
    response = client.get(f"/raw/{answered.id}/2")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == answered.posts.get(post_number=2).raw
    assert (
        client.get(f"/raw/{answered.id}")
        .content.decode()
        .startswith(answered.posts.get(post_number=1).raw[:20])
    )


def test_user_by_u_and_users_paths(discourse, answered):
    assert discourse()._get("/u/bob.json")["user"]["username"] == "bob"
    assert discourse().user("bob")["username"] == "bob"


def test_who_liked_a_post(discourse, answered, member):
    reply = answered.posts.get(post_number=2)
    services.like_post(user=member, post=reply)
    body = discourse().post_action_users(reply.id, post_action_type_id=2)
    assert [u["username"] for u in body["post_action_users"]] == ["alice"]
    assert body["total_rows_post_action_users"] == 1
