"""manage.py import_discourse against a stand-in Discourse on 127.0.0.1."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import User
from forum.categories.models import Category
from forum.discourse.models import ImportedRecord, MovedId
from forum.topics.models import Like, Post, Topic
from tests.factories import CategoryFactory, TopicFactory

from .fake_discourse import ADMIN_KEY, FakeDiscourse, forum_recording, serve

LONG = 30  # over one chunk of /t/<id>.json: the rest comes from posts.json
VERY_LONG = 1001


@pytest.fixture
def native_topic(category, staff):
    """A topic Meridian already has: its id is taken for the import."""
    return TopicFactory(category=category, author=staff, title="Native topic here")


@pytest.fixture
def native_category(db):
    """A category Meridian already has, at the id of Discourse's "Help"."""
    return CategoryFactory(id=902, name="Native", slug="native")


@pytest.fixture
def make_fake(native_topic, native_category):
    stops = []

    def make(long_posts: int = LONG) -> FakeDiscourse:
        taken = native_topic.id
        ids = [taken, taken + 1000, taken + 1001, taken + 1002, taken + 1003]
        server = FakeDiscourse(forum_recording(ids, long_topic_posts=long_posts))
        stops.append(serve(server))
        return server

    yield make
    for stop in stops:
        stop()


@pytest.fixture
def fake(make_fake):
    return make_fake()


def run_import(fake, key=ADMIN_KEY) -> str:
    """Import from `fake`; returns the command's summary."""
    out = io.StringIO()
    call_command(
        "import_discourse",
        fake.url,
        api_key=key,
        api_username="carol",
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def _new_id(kind, source_id):
    return ImportedRecord.objects.get(kind=kind, source_id=source_id).target_id


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Category, User, Topic, Post, Like, Group, MovedId)
    } | {"memberships": User.groups.through.objects.count()}


def _topics(fake):
    return fake.recording["topics"]


def test_import_copies_categories_with_tree_colours_and_restrictions(fake):
    run_import(fake)
    help_ = Category.objects.get(id=_new_id("category", 902))
    butler = Category.objects.get(id=903)
    assert butler.parent == help_
    assert help_.color == "#25AAE2"
    assert help_.description == "Questions and answers."
    collab = Category.objects.get(id=904)
    assert list(collab.permissions.values_list("group__name", flat=True)) == ["collab"]
    assert Client().get(collab.get_absolute_url()).status_code == 404


def test_import_copies_users_with_names_trust_and_admin_visible_emails(fake):
    run_import(fake)
    alice = User.objects.get(username="alice")
    assert alice.name == "Alice Ødegaard"
    assert alice.email == "alice@example.org"
    assert User.objects.get(username="carol").trust_level == 2  # Meridian's highest
    assert not alice.has_usable_password()
    assert not User.objects.filter(username="system").exists()


def test_import_renames_a_user_whose_name_is_taken(fake, other_member, capsys):
    call_command("import_discourse", fake.url, api_key=ADMIN_KEY, api_username="carol")
    other_member.refresh_from_db()
    assert other_member.name == "Bob Photometry"
    assert User.objects.get(username="bob-12").name == "Bob Ng"
    output = capsys.readouterr().out
    assert "1 usernames already taken (renamed): bob → bob-12" in output
    assert (
        "Imported 4 categories, 4 users, 2 group memberships, 1 avatars, 5 topics"
    ) in output


def test_import_keeps_free_topic_ids_and_renumbers_taken_ones(fake, native_topic):
    run_import(fake)
    solved, secret, long, unicode, welcome = _topics(fake)
    for data in (secret, long, unicode, welcome):
        assert Topic.objects.get(id=data["id"]).title == data["title"]
    native_topic.refresh_from_db()
    assert native_topic.title == "Native topic here"
    moved = Topic.objects.get(title=solved["title"])
    assert moved.id != solved["id"]


def test_links_to_taken_ids_redirect_to_where_the_rows_went(fake, native_topic):
    output = run_import(fake)
    solved = _topics(fake)[0]
    moved = Topic.objects.get(title=solved["title"])
    old = f"/t/{solved['slug']}/{solved['id']}"
    client = Client()
    response = client.get(old)
    assert (response.status_code, response.url) == (301, moved.get_absolute_url())
    assert client.get(f"{old}/2").url == moved.get_post_url(2)
    assert client.get(f"{old}/last").url == moved.get_post_url(3)
    # The native topic at that id keeps its own links.
    native = client.get(native_topic.get_absolute_url())
    assert native.status_code == 200
    assert b"Native topic here" in native.content
    help_ = Category.objects.get(id=_new_id("category", 902))
    response = client.get("/c/help/902")
    assert (response.status_code, response.url) == (301, help_.get_absolute_url())
    assert client.get("/c/native/902").status_code == 200
    assert client.get("/c/help/butler-help/903").status_code == 200
    taken = "topic ids already taken (new id; old links redirect)"
    assert f"{taken}: {solved['id']} → {moved.id}" in output
    assert (
        f"category ids already taken (new id; old links redirect): 902 → {help_.id}"
        in output
    )


def test_old_links_of_a_moved_restricted_topic_stay_404_for_outsiders(
    fake, native_topic, member
):
    run_import(fake)
    secret = _topics(fake)[1]
    new_id = _new_id("topic", secret["id"])
    MovedId.objects.create(
        kind="topic", old_id=native_topic.id, old_slug=secret["slug"], target_id=new_id
    )
    client = Client()
    client.force_login(member)
    assert client.get(f"/t/{secret['slug']}/{native_topic.id}").status_code == 404


def test_import_copies_a_topic_of_over_a_thousand_posts(make_fake):
    fake = make_fake(VERY_LONG)
    run_import(fake)
    long = Topic.objects.get(id=_topics(fake)[2]["id"])
    assert long.post_count == VERY_LONG
    assert long.highest_post_number == VERY_LONG
    last = long.posts.get(post_number=VERY_LONG)
    assert last.raw == f"Long reply number {VERY_LONG}."
    assert "<p>Long reply number" in last.cooked


def test_import_copies_every_posts_raw_and_cooks_it(fake):
    run_import(fake)
    long = Topic.objects.get(id=_topics(fake)[2]["id"])
    assert long.post_count == LONG
    assert long.posts.get(post_number=LONG).raw == f"Long reply number {LONG}."
    unicode = Topic.objects.get(id=_topics(fake)[3]["id"])
    assert unicode.is_closed and unicode.is_pinned
    assert not unicode.is_archived
    assert Topic.objects.get(id=_topics(fake)[4]["id"]).is_archived
    first = unicode.posts.get()
    assert "Versteckter Text 😀" in first.raw
    assert "[details" not in first.raw and "[poll" not in first.raw
    assert "<strong>Mehr lesen</strong>" in first.cooked


def test_import_makes_discourse_quotes_readable_with_a_link(fake):
    run_import(fake)
    # The topic's Discourse id was taken: the quote links to its new id.
    topic = Topic.objects.get(title="How do I read calexp images?")
    reply = topic.posts.get(post_number=3)
    assert reply.raw.startswith(f"> **bob** [wrote](/t/{topic.id}/2):")
    assert "[quote" not in reply.raw


def test_import_copies_likes_with_their_counts(fake):
    run_import(fake)
    topic = Topic.objects.get(title="How do I read calexp images?")
    answer = topic.posts.get(post_number=2)
    assert sorted(answer.likes.values_list("user__username", flat=True)) == [
        "alice",
        "carol",
    ]
    assert answer.like_count == 2
    assert topic.like_count == 2
    assert User.objects.get(username="bob").likes_received == 2


def test_import_copies_solutions_and_tags(fake):
    run_import(fake)
    topic = Topic.objects.get(title="How do I read calexp images?")
    assert topic.solution.post_number == 2
    assert topic.solution.is_solution
    assert sorted(t.name for t in topic.tags.all()) == ["butler", "calexp"]


def test_old_links_resolve_after_import(fake):
    run_import(fake)
    long = _topics(fake)[2]
    client = Client()
    response = client.get(f"/t/{long['id']}/25")
    assert response.status_code == 302
    assert response.url.endswith(f"/{long['id']}/25")
    assert client.get(response.url).status_code == 200
    assert client.get("/c/general").status_code == 301


def test_a_second_run_adds_only_what_is_new(fake):
    run_import(fake)
    counts = (Topic.objects.count(), Post.objects.count(), User.objects.count())
    welcome = _topics(fake)[4]
    welcome["posts"].append(
        {**welcome["posts"][0], "id": 50002, "post_number": 2, "raw": "Hello!"}
    )
    output = run_import(fake)
    assert (Topic.objects.count(), User.objects.count()) == (counts[0], counts[2])
    assert Post.objects.count() == counts[1] + 1
    assert Topic.objects.get(id=welcome["id"]).post_count == 2
    assert "Imported 1 posts." in output
    assert "Skipped" not in output


def test_a_run_with_nothing_new_changes_nothing(fake):
    run_import(fake)
    before = _counts()
    likes = User.objects.get(username="bob").likes_received
    fake.requests.clear()
    output = run_import(fake)
    assert "Imported nothing new." in output
    assert _counts() == before
    assert User.objects.get(username="bob").likes_received == likes
    # Imported and skipped posts are not read again.
    assert not [path for path in fake.requests if path.startswith("/raw/")]


def test_an_interrupted_import_resumes(fake):
    fake.fail_after = 2
    with pytest.raises(CommandError, match="Run the command again"):
        run_import(fake)
    assert Topic.objects.filter(title="How do I read calexp images?").exists()
    assert not Topic.objects.filter(id=_topics(fake)[2]["id"]).exists()
    fake.fail_after = None
    fake.requests.clear()
    run_import(fake)
    assert Topic.objects.filter(id=_topics(fake)[4]["id"]).exists()
    # Posts already there were not read again.
    assert f"/raw/{_topics(fake)[0]['id']}/1" not in fake.requests


def test_a_resumed_import_ends_as_one_uninterrupted_run(make_fake):
    interrupted = make_fake()
    interrupted.fail_after = 3
    with pytest.raises(CommandError):
        run_import(interrupted)
    interrupted.fail_after = None
    run_import(interrupted)
    resumed = _counts()
    assert resumed == {
        "Category": 4 + 2,  # and the native Support and Native
        "User": 4 + 1,  # and Dana, the staff member of the native topic
        "Topic": 5 + 1,
        "Post": 3 + 1 + LONG + 1 + 1 + 1,
        "Like": 2,
        "Group": 1,
        "MovedId": 2,
        "memberships": 2,
    }
    assert set(
        Group.objects.get(name="collab").user_set.values_list("username", flat=True)
    ) == {"carol", "dave"}


def test_groups_and_memberships_are_copied(fake):
    run_import(fake)
    # A page of groups and of members at a time, to the last and no further.
    assert fake.requests.count("/groups.json") == 2
    assert fake.requests.count("/groups/collab/members.json") == 2
    assert not Group.objects.filter(name="trust_level_0").exists()
    collab = Group.objects.get(name="collab")
    members = set(collab.user_set.values_list("username", flat=True))
    assert members == {"carol", "dave"}
    profile = collab.profile
    assert profile.title == "Collaborator"
    assert profile.description == "People of the collaboration."
    assert not profile.is_visible
    assert profile.allow_join_requests
    assert list(profile.owners.values_list("username", flat=True)) == ["carol"]
    # Dave never wrote a post, and reads the collaboration's category.
    dave = User.objects.get(username="dave")
    client = Client()
    client.force_login(dave)
    collaboration = Category.objects.get(id=904)
    assert client.get(collaboration.get_absolute_url()).status_code == 200


def test_avatars_are_copied_and_letter_avatars_left_to_meridian(fake):
    output = run_import(fake)
    alice = User.objects.get(username="alice")
    assert alice.avatar
    assert alice.avatar.read().startswith(b"\x89PNG")
    assert not User.objects.get(username="bob").avatar
    assert not User.objects.get(username="carol").avatar
    assert (
        "1 avatars that could not be copied (letter avatar instead): carol:" in output
    )


def test_the_summary_says_what_was_skipped_and_why(fake):
    output = run_import(fake)
    unicode = _topics(fake)[3]
    assert (
        "Skipped or changed: 1 posts that are not regular posts (whispers, small "
        f"actions): topic {unicode['id']} post 2"
    ) in output


def test_the_progress_bar_counts_topics(fake):
    errors = io.StringIO()
    call_command(
        "import_discourse",
        fake.url,
        api_key=ADMIN_KEY,
        api_username="carol",
        stdout=io.StringIO(),
        stderr=errors,
    )
    bar = errors.getvalue()
    assert "5/5" in bar
    assert "topic" in bar


def test_without_an_admin_key_emails_stay_empty(fake):
    run_import(fake, key="a-user-key")
    assert User.objects.get(username="alice").email == ""


def test_unreachable_site_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Cannot reach"):
        call_command(
            "import_discourse", "http://127.0.0.1:9", api_key="k", api_username="u"
        )


def test_a_second_run_adds_new_members_and_keeps_an_admins_changes(fake):
    run_import(fake)
    profile = Group.objects.get(name="collab").profile
    profile.is_visible = True
    profile.save(update_fields=["is_visible"])
    collab = next(g for g in fake.recording["groups"] if g["name"] == "collab")
    collab["members"].append("alice")
    output = run_import(fake)
    assert "Imported 1 group memberships." in output
    profile.refresh_from_db()
    assert profile.is_visible
    members = set(profile.group.user_set.values_list("username", flat=True))
    assert members == {"alice", "carol", "dave"}
