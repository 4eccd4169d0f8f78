"""Closing with a reason: the reasons, "duplicate of" both ways, and closing a
topic by itself some days after its solution was accepted."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forum.safeguards.models import StaffAction
from forum.subscriptions.models import Notification
from forum.topics import services, tasks
from forum.topics.closing import SmallAction
from forum.topics.models import CloseReason, Topic
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(category, other_member):
    return TopicFactory(
        category=category, author=other_member, title="Reading calexp with Butler"
    )


def solved(topic, member, other_member, *, days_ago):
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    Topic.objects.filter(pk=topic.pk).update(
        solved_at=timezone.now() - timedelta(days=days_ago)
    )


# services


def test_close_keeps_the_reason_and_note(topic, moderator):
    services.close_topic(
        topic=topic,
        by=moderator,
        close_reason=CloseReason.OFF_TOPIC,
        note="Ask this on the software list.",
    )
    topic.refresh_from_db()
    assert topic.is_closed
    assert topic.close_reason == CloseReason.OFF_TOPIC
    assert topic.close_note == "Ask this on the software list."
    assert topic.closed_by == moderator
    assert topic.closed_at is not None


def test_close_as_duplicate_names_the_original(topic, original, moderator):
    services.close_topic(
        topic=topic,
        by=moderator,
        close_reason=CloseReason.DUPLICATE,
        duplicate_of=original,
    )
    assert list(original.duplicates.all()) == [topic]


def test_duplicate_needs_the_original(topic, moderator):
    with pytest.raises(ValidationError) as refused:
        services.close_topic(
            topic=topic, by=moderator, close_reason=CloseReason.DUPLICATE
        )
    assert "duplicate_of" in refused.value.message_dict


def test_a_topic_is_not_its_own_duplicate(topic, moderator):
    with pytest.raises(ValidationError):
        services.close_topic(
            topic=topic,
            by=moderator,
            close_reason=CloseReason.DUPLICATE,
            duplicate_of=topic,
        )


def test_duplicate_of_a_topic_the_moderator_cannot_see_is_refused(
    topic, moderator, secret_topic
):
    with pytest.raises(ValidationError):
        services.close_topic(
            topic=topic,
            by=moderator,
            close_reason=CloseReason.DUPLICATE,
            duplicate_of=secret_topic,
        )


def test_other_reasons_drop_a_duplicate_target(topic, original, moderator):
    services.close_topic(
        topic=topic,
        by=moderator,
        close_reason=CloseReason.RESOLVED,
        duplicate_of=original,
    )
    topic.refresh_from_db()
    assert topic.duplicate_of is None


def test_unknown_close_reason_is_refused(topic, moderator):
    with pytest.raises(ValidationError):
        services.close_topic(topic=topic, by=moderator, close_reason="bored")


def test_members_may_not_close(topic, member):
    with pytest.raises(PermissionDenied):
        services.close_topic(topic=topic, by=member, close_reason=CloseReason.RESOLVED)


def test_opening_clears_the_reason(topic, original, moderator):
    services.close_topic(
        topic=topic,
        by=moderator,
        close_reason=CloseReason.DUPLICATE,
        duplicate_of=original,
    )
    services.open_topic(topic=topic, by=moderator)
    topic.refresh_from_db()
    assert not topic.is_closed
    assert (topic.close_reason, topic.duplicate_of) == ("", None)


# closing after the solution


def test_auto_close_is_off_by_default(topic, member, other_member):
    solved(topic, member, other_member, days_ago=400)
    assert services.close_solved_topics() == 0


def test_auto_close_closes_solved_topics_after_the_set_days(
    topic, category, member, other_member
):
    category.auto_close_days_after_solution = 7
    category.save(update_fields=["auto_close_days_after_solution"])
    solved(topic, member, other_member, days_ago=8)
    assert tasks.close_solved_topics() == 1
    topic.refresh_from_db()
    assert topic.is_closed
    assert topic.close_reason == CloseReason.RESOLVED
    assert topic.closed_by is None
    assert "7 days after its solution" in topic.close_note


def test_auto_close_waits_for_the_days_and_runs_once(
    topic, category, member, other_member
):
    category.auto_close_days_after_solution = 7
    category.save(update_fields=["auto_close_days_after_solution"])
    solved(topic, member, other_member, days_ago=6)
    assert services.close_solved_topics() == 0
    later = timezone.now() + timedelta(days=2)
    assert services.close_solved_topics(now=later) == 1
    assert services.close_solved_topics(now=later) == 0


def test_auto_close_skips_unsolved_topics(topic, category):
    category.auto_close_days_after_solution = 1
    category.save(update_fields=["auto_close_days_after_solution"])
    Topic.objects.filter(pk=topic.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    assert services.close_solved_topics() == 0


def _auto_closed(topic, category, member, other_member, *, days=7):
    category.auto_close_days_after_solution = days
    category.save(update_fields=["auto_close_days_after_solution"])
    solved(topic, member, other_member, days_ago=days + 1)
    assert services.close_solved_topics() == 1
    topic.refresh_from_db()
    return topic


def test_auto_close_posts_a_small_notice_after_the_last_post(
    topic, category, member, other_member
):
    PostFactory(topic=topic, author=member)
    topic = _auto_closed(topic, category, member, other_member)
    [action] = SmallAction.objects.filter(topic=topic)
    assert action.kind == SmallAction.Kind.AUTO_CLOSED
    assert action.after_post_number == topic.highest_post_number
    assert action.text == (
        "This topic was closed automatically 7 days after its solution was accepted."
    )
    assert services.close_solved_topics() == 0
    assert SmallAction.objects.filter(topic=topic).count() == 1


def test_the_notice_says_one_day_for_one(topic, category, member, other_member):
    _auto_closed(topic, category, member, other_member, days=1)
    assert "1 day after" in SmallAction.objects.get().text


def test_the_notice_is_no_post_no_reply_and_tells_nobody(
    topic, category, member, other_member, django_capture_on_commit_callbacks
):
    category.auto_close_days_after_solution = 7
    category.save(update_fields=["auto_close_days_after_solution"])
    solved(topic, member, other_member, days_ago=8)
    topic.refresh_from_db()
    counts = (topic.post_count, topic.reply_count, topic.highest_post_number)
    notified = Notification.objects.count()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.close_solved_topics()
    topic.refresh_from_db()
    assert (topic.post_count, topic.reply_count, topic.highest_post_number) == counts
    assert Notification.objects.count() == notified
    assert mail.outbox == []


def test_the_topic_page_shows_the_notice_as_a_line_after_the_posts(
    client, topic, category, member, other_member
):
    topic = _auto_closed(topic, category, member, other_member)
    client.force_login(member)
    text = client.get(topic.get_absolute_url(), follow=True).content.decode()
    line = text[text.index('class="small-action"') :]
    line = line[: line.index("</p>")]
    assert "closed automatically 7 days after its solution was accepted" in line
    assert "Like" not in line and "Reply" not in line
    assert text.index('id="post-2"') < text.index('class="small-action"')
    assert text.count('class="small-action"') == 1


def test_the_notice_shows_on_the_page_of_its_post_only(
    client, topic, category, member, other_member, settings
):
    settings.FORUM_POSTS_PER_PAGE = 2
    for _ in range(2):
        PostFactory(topic=topic, author=member)
    topic = _auto_closed(topic, category, member, other_member)
    assert topic.highest_post_number == 4
    first = client.get(topic.get_absolute_url() + "?page=1").content.decode()
    second = client.get(topic.get_absolute_url() + "?page=2").content.decode()
    assert "small-action" not in first
    assert "small-action" in second
    more = client.get(
        topic.get_absolute_url() + "?page=2", headers={"hx-request": "true"}
    ).content.decode()
    assert "small-action" in more


def test_the_notice_stays_in_the_thread_after_reopening(
    client, topic, category, member, other_member, moderator
):
    topic = _auto_closed(topic, category, member, other_member)
    services.open_topic(topic=topic, by=moderator)
    text = client.get(topic.get_absolute_url()).content.decode()
    assert "closed automatically" in text


@pytest.mark.parametrize("count", [1, 6])
def test_topic_page_with_notices_has_bounded_queries(
    client, topic, category, member, other_member, count, django_assert_max_num_queries
):
    topic = _auto_closed(topic, category, member, other_member)
    for _ in range(count - 1):
        SmallAction.objects.create(
            topic=topic, kind="auto_closed", after_post_number=2, text="Closed."
        )
    client.force_login(other_member)
    with django_assert_max_num_queries(13):
        response = client.get(topic.get_absolute_url())
    assert response.content.decode().count('class="small-action"') == count


def test_staff_set_auto_close_in_admin_and_the_next_run_obeys_it(
    client, topic, category, member, other_member
):
    """Auto-close is a live rule per category: no restart, and in the staff log."""
    solved(topic, member, other_member, days_ago=8)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/categories/category/{category.id}/change/",
        {
            "name": category.name,
            "slug": category.slug,
            "description": "",
            "color": "#3f6ea6",
            "position": 0,
            "allow_solutions": "on",
            "auto_close_days_after_solution": 7,
            "permissions-TOTAL_FORMS": 0,
            "permissions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert tasks.close_solved_topics() == 1
    logged = StaffAction.objects.get(action="admin_change", actor=admin)
    assert "Auto close days after solution" in str(logged.after)


def test_auto_close_is_on_the_beat_schedule(settings):
    tasks_run = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "forum.topics.tasks.close_solved_topics" in tasks_run


# pages


def test_moderator_closes_as_duplicate_from_the_menu(
    client, topic, original, moderator
):
    client.force_login(moderator)
    response = client.post(
        f"/t/{topic.id}/moderate",
        {
            "action": "close",
            "close_reason": "duplicate",
            "duplicate_of": f"https://forum.example.org{original.get_absolute_url()}",
            "note": "Same question, answered there.",
        },
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.duplicate_of == original


def test_menu_reports_an_unknown_duplicate(client, topic, moderator):
    client.force_login(moderator)
    response = client.post(
        f"/t/{topic.id}/moderate",
        {"action": "close", "close_reason": "duplicate", "duplicate_of": "999999"},
        follow=True,
    )
    assert "There is no such topic." in response.content.decode()
    topic.refresh_from_db()
    assert not topic.is_closed


def test_topic_pages_link_duplicates_both_ways(client, topic, original, moderator):
    services.close_topic(
        topic=topic,
        by=moderator,
        close_reason=CloseReason.DUPLICATE,
        duplicate_of=original,
        note="Answered there.",
    )
    text = client.get(topic.get_absolute_url()).content.decode()
    assert "Closed as a duplicate" in text
    assert f'href="{original.get_absolute_url()}"' in text
    assert "Answered there." in text
    back = client.get(original.get_absolute_url()).content.decode()
    assert f'href="{topic.get_absolute_url()}"' in back


def test_hidden_duplicates_are_not_listed_on_the_original(
    client, original, staff, secret_topic
):
    services.close_topic(
        topic=secret_topic,
        by=staff,
        close_reason=CloseReason.DUPLICATE,
        duplicate_of=original,
    )
    text = client.get(original.get_absolute_url()).content.decode()
    assert secret_topic.title not in text
    assert "duplicates of this topic" not in text


@pytest.mark.parametrize("count", [1, 8])
def test_topic_page_with_duplicates_has_bounded_queries(
    client, original, moderator, category, count, django_assert_max_num_queries
):
    for _ in range(count):
        dup = TopicFactory(category=category)
        services.close_topic(
            topic=dup,
            by=moderator,
            close_reason=CloseReason.DUPLICATE,
            duplicate_of=original,
        )
    client.force_login(moderator)
    # 14: the page also reads the suggested topics at its end and the page's
    # small-action notices.
    with django_assert_max_num_queries(14):
        response = client.get(original.get_absolute_url())
    assert response.content.decode().count("duplicates of this topic") == 1
