import html

import pytest

from accounts.models import TrustLevel
from forum.topics.first_posts import mark_first_posts
from forum.topics.models import Post
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def veteran_topic(category):
    veteran = UserFactory(username="vera", trust_level=TrustLevel.MEMBER)
    return TopicFactory(category=category, author=veteran)


def _page(topic):
    return list(topic.posts.for_display())


def test_first_post_of_a_newcomer_is_marked(veteran_topic, newcomer, other_member):
    first = PostFactory(topic=veteran_topic, author=newcomer)
    second = PostFactory(topic=veteran_topic, author=newcomer)

    posts = _page(veteran_topic)
    mark_first_posts(posts, other_member)

    marked = {post.id for post in posts if post.is_welcome_post}
    assert marked == {first.id}
    assert second.id not in marked


def test_authors_do_not_see_their_own_welcome(veteran_topic, newcomer):
    PostFactory(topic=veteran_topic, author=newcomer)

    posts = _page(veteran_topic)
    mark_first_posts(posts, newcomer)

    assert not any(post.is_welcome_post for post in posts)


def test_staff_and_established_members_are_not_welcomed(
    veteran_topic, staff, anonymous
):
    PostFactory(topic=veteran_topic, author=staff)
    PostFactory(topic=veteran_topic, author=UserFactory(trust_level=TrustLevel.MEMBER))

    posts = _page(veteran_topic)
    mark_first_posts(posts, anonymous)

    assert [p.is_welcome_post for p in posts[1:]] == [False, False]


def test_marking_a_page_takes_one_query(
    veteran_topic, anonymous, django_assert_num_queries
):
    for _ in range(5):
        PostFactory(topic=veteran_topic, author=UserFactory(trust_level=TrustLevel.NEW))
    posts = _page(veteran_topic)

    with django_assert_num_queries(1):
        mark_first_posts(posts, anonymous)

    assert sum(post.is_welcome_post for post in posts) == 5


def test_topic_page_shows_the_welcome_notice(client, veteran_topic, newcomer):
    reply = PostFactory(topic=veteran_topic, author=newcomer)

    text = html.unescape(client.get(veteran_topic.get_absolute_url()).text)

    assert "This is Nova's first post — let's welcome them" in text
    assert Post.objects.get(pk=reply.pk).author == newcomer
