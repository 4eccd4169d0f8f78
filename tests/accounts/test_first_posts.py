import html

import pytest

from accounts.first_posts import mark_first_posts
from accounts.models import TrustLevel
from forum.topics.models import Post
from tests.factories import PostFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(category):
    veteran = UserFactory(username="vera", trust_level=TrustLevel.MEMBER)
    return TopicFactory(category=category, author=veteran)


def _page(topic):
    return list(topic.posts.for_display())


def test_first_post_of_a_newcomer_is_marked(topic, newcomer, other_member):
    first = PostFactory(topic=topic, author=newcomer)
    second = PostFactory(topic=topic, author=newcomer)

    posts = _page(topic)
    mark_first_posts(posts, other_member)

    marked = {post.id for post in posts if post.is_welcome_post}
    assert marked == {first.id}
    assert second.id not in marked


def test_authors_do_not_see_their_own_welcome(topic, newcomer):
    PostFactory(topic=topic, author=newcomer)

    posts = _page(topic)
    mark_first_posts(posts, newcomer)

    assert not any(post.is_welcome_post for post in posts)


def test_staff_and_established_members_are_not_welcomed(topic, staff, anonymous):
    PostFactory(topic=topic, author=staff)
    PostFactory(topic=topic, author=UserFactory(trust_level=TrustLevel.MEMBER))

    posts = _page(topic)
    mark_first_posts(posts, anonymous)

    assert [p.is_welcome_post for p in posts[1:]] == [False, False]


def test_marking_a_page_takes_one_query(topic, anonymous, django_assert_num_queries):
    for _ in range(5):
        PostFactory(topic=topic, author=UserFactory(trust_level=TrustLevel.NEW))
    posts = _page(topic)

    with django_assert_num_queries(1):
        mark_first_posts(posts, anonymous)

    assert sum(post.is_welcome_post for post in posts) == 5


def test_topic_page_shows_the_welcome_notice(client, topic, newcomer):
    reply = PostFactory(topic=topic, author=newcomer)

    text = html.unescape(client.get(topic.get_absolute_url()).text)

    assert "This is Nova's first post — let's welcome them" in text
    assert Post.objects.get(pk=reply.pk).author == newcomer
