import pytest
from django.urls import reverse

from forum.moderation import services
from forum.moderation.models import Flag
from forum.safeguards.models import StaffAction
from forum.topics.models import Post, Topic
from tests.factories import CategoryFactory, GroupFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spam(topic, other_member):
    return PostFactory(
        topic=topic, author=other_member, raw="Buy cheap telescopes now!"
    )


def test_flag_page_and_submit(client, spam, member):
    client.force_login(member)
    url = reverse("moderation:flag", args=[spam.id])
    assert "Off-topic" in client.get(url).text
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 302
    assert Flag.objects.get().user == member


def test_flag_without_reason_says_why(client, spam, member):
    client.force_login(member)
    response = client.post(reverse("moderation:flag", args=[spam.id]), {})
    assert response.status_code == 400
    assert "Choose why you are flagging this post." in response.text


def test_flag_twice_says_so(client, spam, member):
    client.force_login(member)
    url = reverse("moderation:flag", args=[spam.id])
    client.post(url, {"reason": "spam"})
    response = client.post(url, {"reason": "spam"})
    assert "already flagged" in response.text


def test_flag_counts_are_for_moderators_only(client, spam, member, moderator):
    services.flag_post(user=member, post=spam, reason="spam")
    url = spam.topic.get_absolute_url() + "?page=1"
    client.force_login(member)
    assert 'class="flag-count"' not in client.get(url).text
    client.force_login(moderator)
    assert 'class="flag-count"' in client.get(url).text


def test_review_queue_page(client, spam, member, moderator):
    services.flag_post(user=member, post=spam, reason="spam", message="")
    client.force_login(moderator)
    text = client.get(reverse("moderation:review")).text
    assert "Buy cheap telescopes" in text
    assert "Spam</strong> by alice" in text


def test_review_is_for_moderators(client, member):
    client.force_login(member)
    assert client.get(reverse("moderation:review")).status_code == 403


def test_decide_from_the_queue(client, spam, member, moderator):
    services.flag_post(user=member, post=spam, reason="spam")
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:decide", args=[spam.id]),
        {"decision": "hide", "silence": "1", "reason": "spam wave"},
    )
    assert response.status_code == 302
    spam.refresh_from_db()
    spam.author.refresh_from_db()
    assert spam.is_hidden and spam.author.silenced_until


def test_decide_needs_a_decision(client, spam, moderator):
    client.force_login(moderator)
    response = client.post(reverse("moderation:decide", args=[spam.id]), {})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("pin", "is_pinned", True),
        ("pin_globally", "is_pinned_globally", True),
        ("close", "is_closed", True),
        ("archive", "is_archived", True),
        ("unlist", "is_visible", False),
        ("banner", "is_banner", True),
    ],
)
def test_topic_actions_are_done_and_logged(
    client, topic, moderator, action, field, value
):
    client.force_login(moderator)
    client.post(
        reverse("moderation:topic_action", args=[topic.id]),
        {"action": action, "reason": "tidying"},
    )
    topic.refresh_from_db()
    assert getattr(topic, field) is value
    entry = StaffAction.objects.get()
    assert (entry.actor, entry.reason, entry.target_id) == (
        moderator,
        "tidying",
        topic.id,
    )
    assert entry.before[field] is (not value)


def test_pin_until_a_date_ends_by_itself(client, topic, moderator, category):
    from datetime import timedelta

    from django.utils import timezone

    from forum.topics import services as topic_services
    from tests.factories import TopicFactory

    topic_services.pin_topic(
        topic=topic, by=moderator, globally=True, until=timezone.now() - timedelta(1)
    )
    TopicFactory(category=category, title="A newer topic than the old pin")
    text = client.get(reverse("topics:latest")).text
    assert text.index("A newer topic than the old pin") < text.index(topic.title)


def test_move_needs_a_category(client, topic, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:topic_action", args=[topic.id]),
        {"action": "move"},
        follow=True,
    )
    assert "Choose the category to move the topic to." in response.text


def test_move_and_change_owner(client, topic, moderator, other_member):
    target = CategoryFactory(name="Data Q&A", slug="data-qa")
    client.force_login(moderator)
    url = reverse("moderation:topic_action", args=[topic.id])
    client.post(url, {"action": "move", "category": target.id})
    client.post(url, {"action": "change_owner", "owner": "bob"})
    topic.refresh_from_db()
    assert topic.category == target
    assert topic.author == other_member
    assert topic.posts.get(post_number=1).author == other_member


def test_change_owner_to_unknown_member(client, topic, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:topic_action", args=[topic.id]),
        {"action": "change_owner", "owner": "nobody"},
        follow=True,
    )
    assert "no active member with that username" in response.text


def test_members_cannot_moderate(client, topic, member):
    client.force_login(member)
    response = client.post(
        reverse("moderation:topic_action", args=[topic.id]), {"action": "close"}
    )
    assert response.status_code == 403
    topic.refresh_from_db()
    assert not topic.is_closed


def test_category_moderators_moderate_only_their_categories(client, topic, member):
    helpers = GroupFactory(name="support-helpers")
    topic.category.moderator_groups.add(helpers)
    member.groups.add(helpers)
    client.force_login(member)
    url = reverse("moderation:topic_action", args=[topic.id])
    client.post(url, {"action": "close"})
    topic.refresh_from_db()
    assert topic.is_closed
    from tests.factories import TopicFactory

    other = TopicFactory(category=CategoryFactory(), title="Outside their category")
    response = client.post(
        reverse("moderation:topic_action", args=[other.id]), {"action": "close"}
    )
    assert response.status_code == 403


def test_post_actions_hide_and_lock(client, spam, moderator):
    client.force_login(moderator)
    url = reverse("moderation:post_action", args=[spam.id])
    client.post(url, {"action": "hide"})
    client.post(url, {"action": "lock"})
    spam.refresh_from_db()
    assert spam.is_hidden and spam.is_locked
    assert client.post(url, {"action": "explode"}).status_code == 400


def test_locked_post_cannot_be_edited_by_its_author(
    client, spam, moderator, other_member
):
    from forum.topics import services as topic_services

    topic_services.lock_post(post=spam, by=moderator)
    client.force_login(other_member)
    assert client.get(reverse("topics:edit_post", args=[spam.id])).status_code == 403


def test_split_off_topic_tangent(client, topic, moderator, other_member):
    keep = PostFactory(topic=topic, author=other_member, raw="On topic: the Butler.")
    tangent = [
        PostFactory(topic=topic, author=other_member, raw=f"Tangent about coffee {n}.")
        for n in range(2)
    ]
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:split", args=[topic.id]),
        {
            "posts": [str(p.post_number) for p in tangent],
            "title": "Coffee at the observatory",
            "category": topic.category_id,
        },
    )
    new = Topic.objects.get(title="Coffee at the observatory")
    assert response.status_code == 302
    assert list(new.posts.values_list("post_number", flat=True)) == [1, 2]
    topic.refresh_from_db()
    new.refresh_from_db()
    assert (topic.post_count, new.post_count) == (2, 2)
    assert Post.objects.get(pk=keep.pk).topic == topic
    assert StaffAction.objects.filter(action="split_topic").exists()
    page = client.get(topic.get_absolute_url() + "?page=1").text
    assert "Continued in: " in page
    assert "Coffee at the observatory</a>" in page


def test_split_without_posts_says_why(client, topic, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:split", args=[topic.id]),
        {"title": "A new topic title here", "category": topic.category_id},
    )
    assert response.status_code == 400
    assert "Choose the replies to move." in response.text


def test_merge_topics(client, topic, moderator, category):
    from tests.factories import TopicFactory

    other = TopicFactory(category=category, title="Duplicate calexp question")
    PostFactory(topic=other)
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:merge", args=[other.id]), {"target": topic.id}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    other.refresh_from_db()
    assert topic.post_count == 3
    assert other.deleted_at is not None


def test_merge_into_itself_or_nowhere(client, topic, moderator):
    client.force_login(moderator)
    url = reverse("moderation:merge", args=[topic.id])
    assert "cannot be merged into itself" in client.post(url, {"target": topic.id}).text
    assert "no such topic" in client.post(url, {"target": 99999}).text


def test_admin_changes_land_in_the_staff_log(client, category):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post(
        reverse("admin:categories_category_change", args=[category.id]),
        {
            "name": "Support desk",
            "slug": "support",
            "description": "",
            "color": "#3f6ea6",
            "position": 0,
            "allow_solutions": "on",
            "auto_close_days_after_solution": 0,
            "permissions-TOTAL_FORMS": 0,
            "permissions-INITIAL_FORMS": 0,
        },
    )
    assert StaffAction.objects.filter(action="admin_change", actor=admin).exists()


def test_staff_log_is_read_only_in_admin(client, topic, moderator):
    from forum.topics import services as topic_services

    topic_services.close_topic(topic=topic, by=moderator)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    entry = StaffAction.objects.get()
    assert (
        client.get(reverse("admin:safeguards_staffaction_changelist")).status_code
        == 200
    )
    url = reverse("admin:safeguards_staffaction_delete", args=[entry.id])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert StaffAction.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("count", [3, 12])
def test_review_queue_query_count(
    client, topic, moderator, count, django_assert_max_num_queries
):
    for n in range(count):
        post = PostFactory(topic=topic, raw=f"Questionable post number {n}.")
        services.flag_post(user=UserFactory(), post=post, reason="spam")
    client.force_login(moderator)
    client.get(reverse("moderation:review"))
    with django_assert_max_num_queries(10):
        client.get(reverse("moderation:review"))
