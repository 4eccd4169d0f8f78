"""The dashboard's figures, checked against data whose answers are known."""

from datetime import timedelta

from django.utils import timezone

from forum.insights import figures
from forum.topics import services
from forum.topics.models import Post, Topic
from tests.factories import CategoryFactory, PostFactory, TopicFactory, UserFactory


def _backdate(
    topic: Topic, *, days: float, reply_after_hours=None, solved_after_hours=None
):
    created = timezone.now() - timedelta(days=days)
    Topic.objects.filter(pk=topic.pk).update(created_at=created)
    Post.objects.filter(topic=topic, post_number=1).update(created_at=created)
    if reply_after_hours is not None:
        Post.objects.filter(topic=topic, post_number=2).update(
            created_at=created + timedelta(hours=reply_after_hours)
        )
    if solved_after_hours is not None:
        Topic.objects.filter(pk=topic.pk).update(
            solved_at=created + timedelta(hours=solved_after_hours)
        )


def test_daily_series_count_topics_posts_and_posters_per_day(
    category, member, other_member
):
    topic = TopicFactory(category=category, author=member)
    PostFactory(topic=topic, author=other_member)
    PostFactory(topic=topic, author=member)
    period = figures.Period.last(7)
    series = figures.daily_series(period)
    assert len(series["posts"]) == len(period.dates) == 8
    assert series["new topics"][-1] == 1
    assert series["posts"][-1] == 3
    assert series["active members"][-1] == 2
    assert sum(series["new topics"][:-1]) == 0


def test_deleted_posts_do_not_count(category, member, moderator):
    topic = TopicFactory(category=category, author=member)
    reply = PostFactory(topic=topic, author=member)
    services.delete_post(post=reply, by=moderator)
    assert figures.daily_series(figures.Period.last(7))["posts"][-1] == 1


def test_category_health_medians_and_solved_share(category, member, other_member):
    answered = [TopicFactory(category=category, author=member) for _ in range(3)]
    for topic in answered:
        PostFactory(topic=topic, author=other_member)
    TopicFactory(category=category, author=member)  # no reply
    _backdate(answered[0], days=2, reply_after_hours=1, solved_after_hours=4)
    _backdate(answered[1], days=2, reply_after_hours=3, solved_after_hours=10)
    _backdate(answered[2], days=2, reply_after_hours=8)
    (row,) = figures.category_health(figures.Period.last(7), member)
    assert row.category == category
    assert row.questions == 4
    assert row.solved == 2
    assert row.solved_share == 0.5
    assert row.median_hours_to_first_reply == 3.0
    assert row.median_hours_to_solution == 7.0


def test_category_health_leaves_out_what_the_viewer_cannot_see(
    category, secret_topic, member, staff
):
    secret_topic.category.allow_solutions = True
    secret_topic.category.save()
    period = figures.Period.last(7)
    names = [row.category.name for row in figures.category_health(period, member)]
    assert names == ["Support"]


def test_questions_outside_the_period_are_left_out(category, member):
    topic = TopicFactory(category=category, author=member)
    _backdate(topic, days=40)
    (row,) = figures.category_health(figures.Period.last(30), member)
    assert row.questions == 0
    assert row.median_hours_to_first_reply is None


def test_unanswered_questions_older_than_n_days(category, member, other_member):
    old = TopicFactory(category=category, author=member)
    _backdate(old, days=5)
    answered = TopicFactory(category=category, author=member)
    PostFactory(topic=answered, author=other_member)
    _backdate(answered, days=5)
    TopicFactory(category=category, author=member)  # too recent
    discussion = TopicFactory(category=category, author=member)
    Topic.objects.filter(pk=discussion.pk).update(
        category=CategoryFactory(allow_solutions=False)
    )
    _backdate(discussion, days=5)
    assert list(figures.unanswered_questions(member, older_than_days=3)) == [old]


def test_public_figures_count_only_public_content(
    category, topic, secret_topic, member
):
    UserFactory(username="former", is_active=False)
    shown = figures.public_figures()
    assert shown["topics"] == 1
    assert shown["posts"] == 1
    assert shown["solved"] == 0
    assert shown["topics_last_30_days"] == 1
    assert shown["members"] == 2  # alice and the restricted topic's author
