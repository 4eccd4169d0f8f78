"""`permissions.post_permissions`, the topic page's per-post answers asked with
the topic's part once, gives what each `can_*_post` question gives on its own,
for every kind of viewer and post."""

from __future__ import annotations

from datetime import timedelta
from itertools import product

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.models import TrustLevel
from forum.categories.access import invalidate_category_access
from forum.categories.models import Access, CategoryPermission
from forum.topics import permissions
from forum.topics.models import Post, Topic

from ...factories import (
    CategoryFactory,
    GroupFactory,
    PostFactory,
    TopicFactory,
    UserFactory,
)

ONE_BY_ONE = {
    "can_edit": permissions.can_edit_post,
    "can_delete": permissions.can_delete_post,
    "can_restore": permissions.can_restore_post,
    "can_flag": permissions.can_flag_post,
    "can_like": permissions.can_like_post,
    "can_make_wiki": permissions.can_make_wiki,
    "can_review": permissions.can_review_post,
    "can_bookmark": permissions.can_bookmark_post,
    "can_reply": permissions.can_reply_to_post,
}


def _viewers(author, category_moderators, readers):
    now = timezone.now()
    return {
        "anonymous": AnonymousUser(),
        "author": author,
        "member": UserFactory(username="member"),
        "newcomer": UserFactory(username="newcomer", trust_level=TrustLevel.NEW),
        "silenced": UserFactory(
            username="silenced", silenced_until=now + timedelta(days=1)
        ),
        "inactive": UserFactory(username="inactive", is_active=False),
        "site_moderator": UserFactory(username="mod", is_moderator=True),
        "staff": UserFactory(username="staff", is_staff=True),
        "category_moderator": _in_group(
            UserFactory(username="catmod"), category_moderators
        ),
        "reader": _in_group(UserFactory(username="reader"), readers),
    }


def _in_group(user, group):
    user.groups.add(group)
    return user


def _posts(topic: Topic, author, other) -> list[Post]:
    """Replies in every state the actions depend on."""
    now = timezone.now()
    states = {
        "alive": {},
        "locked": {"is_locked": True},
        "wiki": {"is_wiki": True, "wiki_trust_level": 1},
        "wiki for regulars": {"is_wiki": True, "wiki_trust_level": 3},
        "hidden": {"is_hidden": True},
        "deleted by author": {"deleted_at": now, "deleted_by": author},
        "deleted long ago": {
            "deleted_at": now - timedelta(days=30),
            "deleted_by": author,
        },
        "deleted by moderator": {"deleted_at": now, "deleted_by": other},
    }
    posts = [topic.posts.get(post_number=1)]
    for writer, fields in product((author, other), states.values()):
        post = PostFactory(topic=topic, author=writer)
        Post.objects.filter(pk=post.pk).update(**fields)
        posts.append(Post.objects.get(pk=post.pk))
    return posts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "topic_state",
    [
        {},
        {"is_closed": True},
        {"is_archived": True},
        {"deleted_at": "now"},
    ],
    ids=["open", "closed", "archived", "deleted"],
)
@pytest.mark.parametrize("restricted", [False, True], ids=["public", "restricted"])
def test_answers_match_the_one_post_questions(topic_state, restricted):
    category = CategoryFactory(allow_solutions=True)
    category_moderators = GroupFactory(name="catmods")
    readers = GroupFactory(name="readers")
    category.moderator_groups.add(category_moderators)
    author = UserFactory(username="author")
    other = UserFactory(username="other")
    if restricted:
        for group in (readers, category_moderators):
            CategoryPermission.objects.create(
                category=category, group=group, access=Access.CREATE
            )
        author.groups.add(readers)
        other.groups.add(readers)
    invalidate_category_access()
    topic = TopicFactory(category=category, author=author)
    posts = _posts(topic, author, other)
    if topic_state:
        fields = {
            name: timezone.now() if value == "now" else value
            for name, value in topic_state.items()
        }
        Topic.objects.filter(pk=topic.pk).update(**fields)
    topic = Topic.objects.select_related("category").get(pk=topic.pk)
    viewers = _viewers(author, category_moderators, readers)
    answers: dict[str, set[bool]] = {key: set() for key in ONE_BY_ONE}
    for name, user in viewers.items():
        allowed = permissions.post_permissions(user, topic)
        for post in posts:
            post.topic = topic
            expected = {key: ask(user, post) for key, ask in ONE_BY_ONE.items()}
            assert allowed(post) == expected, (name, post.post_number)
            for key, value in expected.items():
                answers[key].add(value)
    if not topic_state:
        # The open topic asks every question both ways: the cases above matter.
        assert all(seen == {True, False} for seen in answers.values()), answers
