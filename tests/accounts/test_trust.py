import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts import tasks, trust
from accounts.models import TrustLevel, User, UserStats
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer", trust_level=TrustLevel.NEW)


def _level(user) -> int:
    return User.objects.values_list("trust_level", flat=True).get(pk=user.pk)


def test_record_visit_counts_a_day_once(newcomer):
    trust.record_visit(newcomer)
    trust.record_visit(newcomer)

    stats = UserStats.objects.get(user=newcomer)
    assert stats.days_visited == 1
    assert stats.last_visit_on == timezone.localdate()


def test_record_visit_counts_each_new_day(newcomer):
    UserStats.objects.create(
        user=newcomer,
        days_visited=4,
        last_visit_on=timezone.localdate() - timezone.timedelta(days=1),
    )

    trust.record_visit(newcomer)

    assert UserStats.objects.get(user=newcomer).days_visited == 5


def test_record_visit_updates_last_seen(newcomer):
    trust.record_visit(newcomer)

    assert User.objects.get(pk=newcomer.pk).last_seen_at is not None


def test_note_visit_schedules_one_write_per_interval(
    newcomer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        tasks.note_visit(newcomer)
        tasks.note_visit(newcomer)
    assert len(callbacks) == 1
    cache.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        tasks.note_visit(newcomer)
    assert len(callbacks) == 1


def test_record_reading_adds_up(newcomer):
    trust.record_reading(user=newcomer, topics_entered=2, posts_read=10, seconds=60)
    trust.record_reading(user=newcomer, topics_entered=1, posts_read=5, seconds=30)

    stats = UserStats.objects.get(user=newcomer)
    assert (stats.topics_entered, stats.posts_read, stats.seconds_read) == (3, 15, 90)


def test_record_reading_refuses_negative_numbers(newcomer):
    with pytest.raises(ValueError, match="only grow"):
        trust.record_reading(user=newcomer, topics_entered=-1, posts_read=0, seconds=0)


def test_reading_a_little_promotes_to_basic(newcomer, settings):
    trust.record_reading(
        user=newcomer,
        topics_entered=settings.FORUM_TL1_MIN_TOPICS_ENTERED,
        posts_read=settings.FORUM_TL1_MIN_POSTS_READ,
        seconds=settings.FORUM_TL1_MIN_MINUTES_READ * 60 - 1,
    )
    assert _level(newcomer) == TrustLevel.NEW

    trust.record_reading(user=newcomer, topics_entered=0, posts_read=0, seconds=1)

    assert _level(newcomer) == TrustLevel.BASIC


def test_member_level_needs_visits_reading_and_posts(newcomer, settings, topic):
    settings.FORUM_TL2_MIN_POSTS = 2
    UserStats.objects.create(
        user=newcomer,
        days_visited=settings.FORUM_TL2_MIN_DAYS_VISITED,
        topics_entered=settings.FORUM_TL2_MIN_TOPICS_ENTERED,
        posts_read=settings.FORUM_TL2_MIN_POSTS_READ,
        seconds_read=settings.FORUM_TL2_MIN_MINUTES_READ * 60,
    )
    assert trust.promote_if_eligible(newcomer) == TrustLevel.BASIC  # no posts yet

    PostFactory(topic=topic, author=newcomer)
    PostFactory(topic=topic, author=newcomer)

    assert trust.promote_if_eligible(newcomer) == TrustLevel.MEMBER
    assert _level(newcomer) == TrustLevel.MEMBER


def test_promotion_never_lowers_a_level(db):
    veteran = UserFactory(trust_level=TrustLevel.MEMBER)

    assert trust.promote_if_eligible(veteran) == TrustLevel.MEMBER
    assert _level(veteran) == TrustLevel.MEMBER


def test_thresholds_come_from_settings(newcomer, settings):
    settings.FORUM_TL1_MIN_TOPICS_ENTERED = 1
    settings.FORUM_TL1_MIN_POSTS_READ = 1
    settings.FORUM_TL1_MIN_MINUTES_READ = 0

    trust.record_reading(user=newcomer, topics_entered=1, posts_read=1, seconds=0)

    assert _level(newcomer) == TrustLevel.BASIC


def test_describe_names_every_requirement(settings):
    settings.FORUM_TL2_MIN_DAYS_VISITED = 15

    text = trust.describe(TrustLevel.MEMBER)

    assert "15 days visited" in text
    assert "posts written" in text
