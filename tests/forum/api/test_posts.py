import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from forum.topics import services
from forum.topics.models import Post, PostRevision

pytestmark = pytest.mark.django_db


def post_url(post):
    return reverse("api:post-detail", args=[post.id])


def test_post_detail_shows_raw_and_cooked(api, reply):
    data = api.get(post_url(reply)).json()
    assert (data["post_number"], data["raw"]) == (2, "A reply with some detail.")
    assert data["cooked"] == "<p>A reply with some detail.</p>"
    assert data["can_edit"] is False


def test_post_in_restricted_topic_is_404(api, as_user, member, secret_topic):
    post = secret_topic.posts.get()
    assert api.get(post_url(post)).status_code == 404
    assert as_user(member).get(post_url(post)).status_code == 404


def test_hidden_post_keeps_its_text_from_members(api, as_user, reply, moderator):
    services.hide_post(post=reply, by=moderator)
    data = api.get(post_url(reply)).json()
    assert (data["is_hidden"], data["raw"], data["cooked"]) == (True, None, None)
    assert as_user(moderator).get(post_url(reply)).json()["raw"]


def test_edit_post_with_reason_keeps_revision(as_user, other_member, reply):
    response = as_user(other_member).patch(
        post_url(reply),
        {"raw": "A reply with much more useful detail.", "reason": "typo"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    revision = PostRevision.objects.get()
    assert (revision.reason, revision.raw_before) == (
        "typo",
        "A reply with some detail.",
    )


def test_edit_first_post_title_only(as_user, member, topic):
    first = topic.posts.get()
    response = as_user(member).patch(
        post_url(first),
        {"title": "Reading calexp images with the Butler"},
        format="json",
    )
    assert response.status_code == 200
    topic.refresh_from_db()
    assert topic.title == "Reading calexp images with the Butler"


def test_edit_someone_elses_post_is_403(as_user, member, reply):
    response = as_user(member).patch(
        post_url(reply), {"raw": "Rewriting another person's reply."}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You may only edit your own posts."}


def test_edit_with_bad_body_is_400_and_changes_nothing(as_user, other_member, reply):
    response = as_user(other_member).patch(post_url(reply), {"raw": "x"}, format="json")
    assert response.status_code == 400
    reply.refresh_from_db()
    assert reply.raw == "A reply with some detail."


def test_put_is_not_allowed(as_user, other_member, reply):
    response = as_user(other_member).put(post_url(reply), {}, format="json")
    assert response.status_code == 405
    assert "not allowed" in response.json()["detail"]


def test_delete_own_reply_then_moderator_restores_it(
    as_user, api, other_member, moderator, reply
):
    assert as_user(other_member).delete(post_url(reply)).status_code == 204
    assert Post.objects.get(id=reply.id).is_deleted
    # Gone for others; its author still sees it, to undo the delete.
    assert APIClient().get(post_url(reply)).status_code == 404
    assert api.get(post_url(reply)).status_code == 200
    restore = reverse("api:post-restore", args=[reply.id])
    response = as_user(moderator).post(restore)
    assert response.status_code == 200
    assert response.json()["is_deleted"] is False


def test_delete_someone_elses_post_is_403(as_user, member, reply):
    response = as_user(member).delete(post_url(reply))
    assert response.status_code == 403
    assert not Post.objects.get(id=reply.id).is_deleted


def test_restore_deleted_post_is_404_to_members(
    as_user, member, moderator, reply, topic
):
    services.delete_post(post=reply, by=moderator)
    # The author of the topic can see the topic but not the deleted reply.
    response = as_user(member).post(reverse("api:post-restore", args=[reply.id]))
    assert response.status_code == 404


def test_restore_live_post_by_member_is_403(as_user, member, reply):
    response = as_user(member).post(reverse("api:post-restore", args=[reply.id]))
    assert response.status_code == 403
