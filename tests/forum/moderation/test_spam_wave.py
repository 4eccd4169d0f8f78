"""The issue's "done when": a moderator handles a spam wave in the site."""

import pytest
from django.urls import reverse

from forum.safeguards.models import StaffAction
from forum.topics.models import Post, Topic
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_moderator_handles_a_spam_wave(client, topic, moderator, settings):
    settings.FORUM_FLAGS_TO_HIDE = 2
    spammer = UserFactory(username="spammer")
    spam = [
        PostFactory(topic=topic, author=spammer, raw=f"Cheap telescopes, visit us {n}!")
        for n in range(2)
    ]
    tangent = PostFactory(topic=topic, raw="Unrelated: who likes the new cafeteria?")
    members = [UserFactory(username=f"member{n}") for n in range(2)]

    for post in spam:  # flags come in and the posts hide themselves
        for member in members:
            client.force_login(member)
            client.post(reverse("moderation:flag", args=[post.id]), {"reason": "spam"})
    assert all(Post.objects.get(pk=p.pk).is_hidden for p in spam)

    client.force_login(moderator)  # the moderator reviews them
    queue = client.get(reverse("moderation:review")).text
    assert "Cheap telescopes, visit us 0" in queue
    client.post(
        reverse("moderation:decide", args=[spam[0].id]),
        {"decision": "delete", "silence": "1", "reason": "spam wave"},
    )
    client.post(reverse("moderation:decide", args=[spam[1].id]), {"decision": "delete"})
    spammer.refresh_from_db()
    assert spammer.silenced_until is not None
    assert "Cheap telescopes" not in client.get(reverse("moderation:review")).text

    client.post(  # and splits the off-topic tangent into its own topic
        reverse("moderation:split", args=[topic.id]),
        {
            "posts": [str(tangent.post_number)],
            "title": "The new cafeteria at the summit",
            "category": topic.category_id,
        },
    )
    assert Topic.objects.filter(title="The new cafeteria at the summit").exists()

    logged = set(StaffAction.objects.values_list("action", flat=True))
    assert {
        "auto_hide_post",
        "delete_post",
        "silence_user",
        "flags_agreed",
        "split_topic",
    } <= logged
