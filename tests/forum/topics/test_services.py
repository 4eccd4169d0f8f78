import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from forum.topics import services
from forum.topics.models import Post, PostRevision, Topic
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_create_topic_writes_first_post_and_counters(member, category):
    topic = services.create_topic(
        author=member,
        category=category,
        title="How do I read a calexp?",
        raw="I tried `butler.get` and got **nothing** back.",
    )
    post = topic.posts.get()
    assert post.post_number == 1
    assert "<strong>nothing</strong>" in post.cooked
    category.refresh_from_db()
    assert (category.topic_count, category.post_count) == (1, 1)
    assert topic.slug == "how-do-i-read-a-calexp"


def test_create_topic_refuses_short_title_and_body_saying_why(member, category):
    with pytest.raises(ValidationError) as error:
        services.create_topic(author=member, category=category, title="Help", raw="hi")
    assert "at least 15 characters" in error.value.message_dict["title"][0]
    assert "at least 20 characters" in error.value.message_dict["raw"][0]
    assert not Topic.objects.exists()


def test_create_topic_refuses_unknown_tag_for_members(member, category):
    with pytest.raises(ValidationError) as error:
        services.create_topic(
            author=member,
            category=category,
            title="A perfectly fine title here",
            raw="A perfectly fine body for a question.",
            tags=["brand-new"],
        )
    assert "Unknown tag: brand-new" in error.value.message_dict["tags"][0]


def test_create_topic_lets_moderators_create_tags(moderator, category):
    topic = services.create_topic(
        author=moderator,
        category=category,
        title="A perfectly fine title here",
        raw="A perfectly fine body for a question.",
        tags=["DP0", "butler"],
    )
    assert sorted(topic.tags.names()) == ["butler", "dp0"]


def test_create_topic_refused_in_category_user_cannot_see(member, restricted_category):
    with pytest.raises(PermissionDenied):
        services.create_topic(
            author=member,
            category=restricted_category,
            title="A perfectly fine title here",
            raw="A perfectly fine body for a question.",
        )


def test_create_post_numbers_replies_in_order(topic, other_member):
    first = services.create_post(
        author=other_member, topic=topic, raw="The first reply with enough text."
    )
    second = services.create_post(
        author=other_member, topic=topic, raw="The second reply with enough text."
    )
    topic.refresh_from_db()
    assert (first.post_number, second.post_number) == (2, 3)
    assert (topic.reply_count, topic.post_count, topic.highest_post_number) == (2, 3, 3)
    assert topic.last_poster == other_member


def test_create_post_refuses_reply_to_missing_post(topic, other_member):
    with pytest.raises(ValidationError) as error:
        services.create_post(
            author=other_member,
            topic=topic,
            raw="Replying to a ghost post here.",
            reply_to_post_number=7,
        )
    assert "does not exist" in str(error.value)


def test_create_post_refused_in_closed_topic(topic, other_member, moderator):
    services.close_topic(topic=topic, by=moderator)
    with pytest.raises(PermissionDenied, match="closed"):
        services.create_post(
            author=other_member, topic=topic, raw="Can I still reply to this?"
        )


def test_edit_post_keeps_a_revision(topic, member):
    post = topic.posts.get()
    services.edit_post(
        post=post,
        by=member,
        raw="An improved question with more detail.",
        title="Reading calexp images with the Butler",
        reason="clarify",
    )
    post.refresh_from_db()
    topic.refresh_from_db()
    revision = PostRevision.objects.get()
    assert post.version == 2
    assert revision.raw_before.startswith("I am trying")
    assert revision.raw_after == "An improved question with more detail."
    assert revision.title_after == "Reading calexp images with the Butler"
    assert revision.reason == "clarify"
    assert topic.slug == "reading-calexp-images-with-the-butler"


def test_edit_post_refused_for_someone_elses_post(topic, other_member):
    with pytest.raises(PermissionDenied):
        services.edit_post(
            post=topic.posts.get(), by=other_member, raw="Hijacked text goes here."
        )
    assert topic.posts.get().version == 1


def test_edit_post_with_bad_body_changes_nothing(topic, member):
    post = topic.posts.get()
    with pytest.raises(ValidationError):
        services.edit_post(post=post, by=member, raw="short")
    post.refresh_from_db()
    assert post.raw.startswith("I am trying")
    assert not PostRevision.objects.exists()


def test_accept_solution_marks_reply(topic, member, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    topic.refresh_from_db()
    reply.refresh_from_db()
    assert topic.solution == reply
    assert reply.is_solution


def test_accept_solution_moves_to_another_reply(topic, member, other_member):
    first = PostFactory(topic=topic, author=other_member)
    second = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=first, by=member)
    services.accept_solution(topic=topic, post=second, by=member)
    assert list(Post.objects.filter(is_solution=True)) == [second]


def test_accept_solution_refuses_first_post(topic, member):
    with pytest.raises(ValidationError):
        services.accept_solution(topic=topic, post=topic.posts.get(), by=member)


def test_accept_solution_refuses_post_of_other_topic(topic, member, category):
    other = PostFactory(topic=TopicFactory(category=category))
    with pytest.raises(ValidationError):
        services.accept_solution(topic=topic, post=other, by=member)


def test_accept_solution_refused_to_non_author(topic, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    with pytest.raises(PermissionDenied):
        services.accept_solution(topic=topic, post=reply, by=other_member)


def test_accept_solution_allowed_to_moderator(topic, moderator, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=moderator)
    topic.refresh_from_db()
    assert topic.solution == reply


def test_accept_solution_refused_where_category_disallows(member, other_member):
    topic = TopicFactory(author=member)
    reply = PostFactory(topic=topic, author=other_member)
    with pytest.raises(PermissionDenied, match="not used"):
        services.accept_solution(topic=topic, post=reply, by=member)


def test_unaccept_solution_clears_it(topic, member, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    services.unaccept_solution(topic=topic, by=member)
    topic.refresh_from_db()
    assert topic.solution is None
    assert not Post.objects.filter(is_solution=True).exists()


def test_database_refuses_two_solutions_in_one_topic(topic, other_member):
    first = PostFactory(topic=topic, author=other_member)
    second = PostFactory(topic=topic, author=other_member)
    Post.objects.filter(pk=first.pk).update(is_solution=True)
    with pytest.raises(IntegrityError):
        Post.objects.filter(pk=second.pk).update(is_solution=True)


def test_database_refuses_first_post_as_solution(topic):
    with pytest.raises(IntegrityError):
        topic.posts.filter(post_number=1).update(is_solution=True)


def test_delete_and_restore_post_keep_counts(topic, other_member, moderator):
    reply = PostFactory(topic=topic, author=other_member)
    services.delete_post(post=reply, by=other_member)
    topic.refresh_from_db()
    assert topic.reply_count == 0
    services.restore_post(post=reply, by=moderator)
    topic.refresh_from_db()
    reply.refresh_from_db()
    assert topic.reply_count == 1
    assert reply.deleted_at is None


def test_delete_post_refused_to_others(topic, other_member):
    with pytest.raises(PermissionDenied):
        services.delete_post(post=PostFactory(topic=topic), by=other_member)


def test_delete_solution_clears_topic_solution(topic, member, other_member):
    reply = PostFactory(topic=topic, author=other_member)
    services.accept_solution(topic=topic, post=reply, by=member)
    services.delete_post(post=reply, by=other_member)
    topic.refresh_from_db()
    assert topic.solution is None


def test_move_topic_moves_counts(topic, moderator):
    from tests.factories import CategoryFactory

    target = CategoryFactory()
    services.move_topic(topic=topic, category=target, by=moderator)
    target.refresh_from_db()
    topic.category.refresh_from_db()
    assert (target.topic_count, target.post_count) == (1, 1)


def test_moderation_actions_refused_to_members(topic, member):
    for action in (services.pin_topic, services.close_topic, services.unpin_topic):
        with pytest.raises(PermissionDenied):
            action(topic=topic, by=member)
