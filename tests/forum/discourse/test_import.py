"""manage.py import_discourse against a stand-in Discourse on 127.0.0.1."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import User
from forum.categories.models import Category
from forum.topics.models import Post, Topic
from tests.factories import TopicFactory

from .fake_discourse import ADMIN_KEY, FakeDiscourse, forum_recording, serve

LONG = 30  # over one chunk of /t/<id>.json: the rest comes from posts.json
VERY_LONG = 1001


@pytest.fixture
def native_topic(category, staff):
    """A topic Meridian already has: its id is taken for the import."""
    return TopicFactory(category=category, author=staff, title="Native topic here")


@pytest.fixture
def make_fake(native_topic):
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


def run_import(fake, key=ADMIN_KEY):
    call_command(
        "import_discourse", fake.url, api_key=key, api_username="carol", stdout=None
    )


def _topics(fake):
    return fake.recording["topics"]


def test_import_copies_categories_with_tree_colours_and_restrictions(fake):
    run_import(fake)
    help_, butler = Category.objects.get(id=902), Category.objects.get(id=903)
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
    assert "user bob became bob-12: the name was taken" in output
    assert "Imported 4 categories, 3 users, 5 topics" in output


def test_import_keeps_free_topic_ids_and_renumbers_taken_ones(fake, native_topic):
    run_import(fake)
    solved, secret, long, unicode, welcome = _topics(fake)
    for data in (secret, long, unicode, welcome):
        assert Topic.objects.get(id=data["id"]).title == data["title"]
    native_topic.refresh_from_db()
    assert native_topic.title == "Native topic here"
    moved = Topic.objects.get(title=solved["title"])
    assert moved.id != solved["id"]


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
    first = unicode.posts.get()
    assert "Versteckter Text 😀" in first.raw
    assert "[details" not in first.raw and "[poll" not in first.raw
    assert "<strong>Mehr lesen</strong>" in first.cooked


def test_import_makes_discourse_quotes_readable_with_a_link(fake):
    run_import(fake)
    topic = Topic.objects.get(title="How do I read calexp images?")
    reply = topic.posts.get(post_number=3)
    assert reply.raw.startswith(f"> **bob** [wrote](/t/{_topics(fake)[0]['id']}/2):")
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
    run_import(fake)
    assert (Topic.objects.count(), User.objects.count()) == (counts[0], counts[2])
    assert Post.objects.count() == counts[1] + 1
    assert Topic.objects.get(id=welcome["id"]).post_count == 2


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


def test_without_an_admin_key_emails_stay_empty(fake):
    run_import(fake, key="a-user-key")
    assert User.objects.get(username="alice").email == ""


def test_unreachable_site_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Cannot reach"):
        call_command(
            "import_discourse", "http://127.0.0.1:9", api_key="k", api_username="u"
        )
