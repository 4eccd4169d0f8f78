import io
import logging

import pytest
from constance import config
from django.core.management import CommandError, call_command

from accounts.models import GroupProfile, TrustLevel, User
from forum.categories.permissions import category_access
from forum.demo.seeding import refresh_guides, seed_forum
from forum.demo.templating import fill_in
from forum.topics.models import Post, Topic

pytestmark = pytest.mark.django_db

TOPIC = """---
title: "How to ask a good question here"
category: help
author: helper
tags: [forum-howto]
days_ago: 3
---
Use up to {{ settings.FORUM_MAX_TAGS_PER_TOPIC }} tags on a topic.
---
author: asker
after_hours: 2
solution: true
---
Thanks, that answers it for me completely.
"""


@pytest.fixture
def fixtures_dir(tmp_path):
    (tmp_path / "topics").mkdir()
    (tmp_path / "groups.yaml").write_text("- name: collab\n")
    (tmp_path / "users.yaml").write_text(
        "- username: helper\n  is_staff: true\n  groups: [collab]\n"
        "- username: asker\n  bio: 'I study *galaxies*.'\n"
    )
    (tmp_path / "categories.yaml").write_text(
        "- slug: help\n  name: Help\n  allow_solutions: true\n"
        "- slug: collab\n  name: Collab\n  read_groups: [collab]\n"
    )
    (tmp_path / "topics" / "010-ask.md").write_text(TOPIC)
    return tmp_path


def test_seed_creates_everything(fixtures_dir):
    report = seed_forum(fixtures_dir)
    topic = Topic.objects.get()
    assert report.changed
    assert topic.posts.count() == 2
    assert topic.solution.post_number == 2
    assert list(topic.tags.names()) == ["forum-howto"]


def test_seed_twice_changes_nothing(fixtures_dir):
    seed_forum(fixtures_dir)
    report = seed_forum(fixtures_dir)
    assert not report.changed
    assert Post.objects.count() == 2


def test_seed_updates_changed_post_in_place(fixtures_dir):
    seed_forum(fixtures_dir)
    path = fixtures_dir / "topics" / "010-ask.md"
    path.write_text(TOPIC.replace("answers it for me", "settles it for me"))
    report = seed_forum(fixtures_dir)
    assert report.updated == ["post 010-ask#2"]
    assert "settles it" in Post.objects.get(post_number=2).cooked


def test_seed_leaves_users_replies_alone(fixtures_dir, member):
    from forum.topics import services

    seed_forum(fixtures_dir)
    topic = Topic.objects.get()
    services.create_post(author=member, topic=topic, raw="My own reply, not seeded.")
    seed_forum(fixtures_dir)
    assert topic.posts.filter(author=member).get().raw == "My own reply, not seeded."


def test_seeded_guides_quote_settings_from_code(fixtures_dir, settings):
    settings.FORUM_MAX_TAGS_PER_TOPIC = 7
    seed_forum(fixtures_dir)
    assert "up to 7 tags" in Post.objects.get(post_number=1).cooked


def test_seeded_restricted_category_hidden_from_visitors(fixtures_dir, anonymous):
    seed_forum(fixtures_dir)
    from forum.categories.models import Category

    collab = Category.objects.get(slug="collab")
    assert collab.id not in category_access(anonymous).visible


def test_fill_in_reverses_urls():
    assert fill_in("{% url 'topics:latest' %}") == "/latest"


def test_seed_reports_bad_fixture_with_file_name(fixtures_dir):
    (fixtures_dir / "topics" / "020-bad.md").write_text(
        "---\ntitle: short\ncategory: help\nauthor: helper\n---\n"
        "Body long enough here.\n"
    )
    with pytest.raises(CommandError, match=r"020-bad\.md"):
        call_command("seed_forum", fixtures=fixtures_dir)


def test_reset_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused"):
        call_command("seed_forum", "--reset")


def test_seed_fills_group_profiles_and_trusts_seeded_users(fixtures_dir):
    (fixtures_dir / "groups.yaml").write_text(
        "- name: collab\n  title: The Collab\n  description: We collaborate.\n"
        "  visible: false\n  allow_join_requests: true\n"
    )
    seed_forum(fixtures_dir)

    profile = GroupProfile.objects.get(group__name="collab")
    assert (profile.title, profile.description) == ("The Collab", "We collaborate.")
    assert not profile.is_visible and profile.allow_join_requests
    assert set(User.objects.values_list("trust_level", flat=True)) == {
        TrustLevel.MEMBER
    }


DEMO_TOPIC = """---
title: "A demo discussion about seeing"
category: help
author: helper
tags: [seeing]
days_ago: 5
demo: true
---
The seeing was poor all week; how do you cope with it?
"""


@pytest.fixture
def demo_fixtures_dir(fixtures_dir):
    (fixtures_dir / "users.yaml").write_text(
        "- username: helper\n  is_staff: true\n  groups: [collab]\n"
        "- username: asker\n  demo: true\n"
    )
    (fixtures_dir / "topics" / "020-demo.md").write_text(DEMO_TOPIC)
    return fixtures_dir


def test_seed_without_demo_leaves_out_personas_their_posts_and_demo_topics(
    demo_fixtures_dir,
):
    report = seed_forum(demo_fixtures_dir)

    assert list(User.objects.values_list("username", flat=True)) == ["helper"]
    topic = Topic.objects.get()
    assert topic.title == "How to ask a good question here"
    assert topic.posts.count() == 1 and topic.solution is None
    assert report.left_out == 1


def test_seed_with_demo_adds_personas_and_demo_topics(demo_fixtures_dir):
    seed_forum(demo_fixtures_dir)
    report = seed_forum(demo_fixtures_dir, demo=True)

    assert "user asker" in report.created
    assert Topic.objects.count() == 2
    assert Topic.objects.get(title__startswith="How to").solution.post_number == 2


def test_seed_command_explains_what_was_left_out(demo_fixtures_dir):
    out = io.StringIO()
    call_command("seed_forum", fixtures=demo_fixtures_dir, stdout=out)
    lines = out.getvalue().splitlines()

    assert lines[0] == (
        "1 demo discussions and the demo people left out; "
        "`seed_forum --demo` adds them."
    )
    assert lines[1].startswith(f"Seeded the forum from {demo_fixtures_dir}: ")
    assert len(lines) == 2


def test_seeding_sends_no_mail_and_logs_no_warnings(
    demo_fixtures_dir, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    (demo_fixtures_dir / "topics" / "030-mention.md").write_text(
        TOPIC.replace("How to ask a good question here", "Asking @asker a question")
        + "\n@asker does this help you as well?\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "seed_forum", "--demo", fixtures=demo_fixtures_dir, stdout=io.StringIO()
        )

    assert Topic.objects.count() == 3
    assert mailoutbox == []
    assert [
        r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
    ] == []


def test_seed_pins_a_topic_in_its_category_only(fixtures_dir):
    path = fixtures_dir / "topics" / "010-ask.md"
    path.write_text(TOPIC.replace("days_ago: 3\n", "days_ago: 3\npinned: category\n"))
    seed_forum(fixtures_dir)

    topic = Topic.objects.get()
    assert topic.is_pinned and not topic.is_pinned_globally


def test_seed_makes_a_superuser_when_asked(fixtures_dir):
    (fixtures_dir / "users.yaml").write_text(
        "- username: helper\n  is_superuser: true\n- username: asker\n"
    )
    seed_forum(fixtures_dir)

    helper = User.objects.get(username="helper")
    assert helper.is_superuser and helper.is_staff
    assert not User.objects.get(username="asker").is_superuser


def test_a_live_setting_change_refreshes_the_guides_that_quote_it(fixtures_dir):
    guide_text = TOPIC.replace(
        "How to ask a good question here", "How long a title must be"
    ).replace(
        "Use up to {{ settings.FORUM_MAX_TAGS_PER_TOPIC }} tags on a topic.",
        "Titles need {{ settings.FORUM_MIN_TITLE_LENGTH }} characters.",
    )
    (fixtures_dir / "topics" / "020-titles.md").write_text(guide_text)
    seed_forum(fixtures_dir)
    config.FORUM_MIN_TITLE_LENGTH = 12
    assert refresh_guides({"FORUM_MIN_TITLE_LENGTH"}, fixtures_dir) == ["020-titles.md"]
    guide = Post.objects.get(topic__title="How long a title must be", post_number=1)
    assert "Titles need 12 characters." in guide.cooked
    assert refresh_guides({"FORUM_EMAIL_DELAY"}, fixtures_dir) == []


def test_guides_quote_the_live_edit_window_new_member_limits_and_digest(
    fixtures_dir,
):
    body = (
        "Edit your topic for {{ settings.FORUM_TOPIC_EDIT_DAYS.0 }} days, start "
        "{{ settings.FORUM_NEW_USER_MAX_TOPICS_PER_DAY }} topics a day, and get the "
        "{{ settings.FORUM_DIGEST_DEFAULT }} digest at "
        '{{ settings.FORUM_DIGEST_HOUR|stringformat:"02d" }}:00.'
    )
    guide_text = TOPIC.replace(
        "How to ask a good question here", "What a new member may do"
    ).replace(
        "Use up to {{ settings.FORUM_MAX_TAGS_PER_TOPIC }} tags on a topic.", body
    )
    (fixtures_dir / "topics" / "021-new-members.md").write_text(guide_text)
    seed_forum(fixtures_dir)
    config.FORUM_TOPIC_EDIT_DAYS = "2,7,30"
    config.FORUM_NEW_USER_MAX_TOPICS_PER_DAY = 4
    config.FORUM_DIGEST_DEFAULT = "daily"
    config.FORUM_DIGEST_HOUR = 6
    changed = {
        "FORUM_TOPIC_EDIT_DAYS",
        "FORUM_NEW_USER_MAX_TOPICS_PER_DAY",
        "FORUM_DIGEST_DEFAULT",
        "FORUM_DIGEST_HOUR",
    }
    assert refresh_guides(changed, fixtures_dir) == ["021-new-members.md"]
    guide = Post.objects.get(topic__title="What a new member may do", post_number=1)
    assert (
        "Edit your topic for 2 days, start 4 topics a day, and get the daily digest "
        "at 06:00." in guide.cooked
    )
