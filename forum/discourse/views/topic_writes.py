"""Changing a topic: title and category, status, notification levels, solutions.
Each goes through the same service (and so the same permission check) as the
site's buttons."""

from __future__ import annotations

from django.http import Http404
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from forum.api.lookups import validated
from forum.api.permissions import KeyAllowsMethod
from forum.categories.models import Category
from forum.subscriptions import services as levels
from forum.topics import services
from forum.topics.levels import NotificationLevel

from .. import reads
from ..base import DiscourseView
from ..serializers.common import basic_user
from . import queries
from .topics import TopicDetail

SIGNED_IN = [IsAuthenticated, KeyAllowsMethod]

# status -> (service when enabled, service when disabled)
STATUS_CHANGES = {
    "closed": (services.close_topic, services.open_topic),
    "archived": (services.archive_topic, services.unarchive_topic),
    "visible": (services.list_topic, services.unlist_topic),
    "pinned": (services.pin_topic, services.unpin_topic),
    "pinned_globally": (
        lambda **kw: services.pin_topic(globally=True, **kw),
        services.unpin_topic,
    ),
}


class UpdateTopicInput(serializers.Serializer):
    title = serializers.CharField(required=False)
    category_id = serializers.IntegerField(
        required=False, min_value=1, max_value=queries.MAX_ID
    )
    tags = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, max_length=50
    )


def _update_input(request) -> dict:
    """Form bodies say `tags[]`, JSON bodies `tags`; both mean the same."""
    data = request.data
    if hasattr(data, "getlist"):
        plain = {key: data.get(key) for key in data if not key.endswith("[]")}
        if "tags[]" in data or "tags" in data:
            plain["tags"] = data.getlist("tags[]") or data.getlist("tags")
        data = plain
    return validated(UpdateTopicInput, data)


class StatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=list(STATUS_CHANGES))
    enabled = serializers.BooleanField()


class LevelInput(serializers.Serializer):
    notification_level = serializers.ChoiceField(
        choices=[level.value for level in NotificationLevel]
    )


class SolutionInput(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=queries.MAX_ID)


class TopicUpdate(DiscourseView):
    """PUT /t/<slug>/<id>(.json) and /t/-/<id>.json: title, category and tags.
    DELETE /t/<id>(.json): delete the topic (soft, restorable)."""

    def put(self, request, topic_id: int, **kwargs):
        data = _update_input(request)
        topic = reads.visible_topic(request.user, topic_id)
        category = None
        if "category_id" in data:
            category = (
                Category.objects.visible_to(request.user)
                .filter(id=data["category_id"])
                .first()
            )
            if category is None:
                raise Http404("No such category.")
        services.edit_topic(
            topic=topic,
            by=request.user,
            title=data.get("title"),
            category=category,
            tags=[name for name in data["tags"] if name] if "tags" in data else None,
        )
        topic = reads.visible_topic(request.user, topic_id)
        return Response(
            {
                "basic_topic": {
                    "id": topic.id,
                    "title": topic.title,
                    "fancy_title": topic.title,
                    "slug": topic.slug,
                    "posts_count": topic.post_count,
                    "category_id": topic.category_id,
                }
            }
        )

    def delete(self, request, topic_id: int, **kwargs):
        topic = reads.visible_topic(request.user, topic_id)
        services.delete_topic(topic=topic, by=request.user)
        return Response({"success": "OK"})


class TopicResource(TopicUpdate, TopicDetail):
    """/t/<id>.json: GET reads the topic, PUT changes it, DELETE deletes it."""


class TopicStatus(DiscourseView):
    """PUT /t/<id>/status: closed, archived, visible, pinned, pinned_globally."""

    permission_classes = SIGNED_IN

    def put(self, request, topic_id: int):
        data = validated(StatusInput, request.data)
        topic = reads.visible_topic(request.user, topic_id)
        enable, disable = STATUS_CHANGES[data["status"]]
        (enable if data["enabled"] else disable)(topic=topic, by=request.user)
        return Response({"success": "OK", "topic_status_update": None})


class TopicNotifications(DiscourseView):
    """POST /t/<id>/notifications: the caller's notification level on a topic."""

    permission_classes = SIGNED_IN

    def post(self, request, topic_id: int):
        level = validated(LevelInput, request.data)["notification_level"]
        topic = reads.visible_topic(request.user, topic_id)
        levels.set_topic_level(user=request.user, topic=topic, level=level)
        return Response({"success": "OK"})


class CategoryNotifications(DiscourseView):
    """POST /category/<id>/notifications: the caller's level on a category."""

    permission_classes = SIGNED_IN

    def post(self, request, category_id: int):
        level = validated(LevelInput, request.data)["notification_level"]
        category = reads.category_from_path(request.user, [str(category_id)])
        levels.set_category_level(user=request.user, category=category, level=level)
        return Response({"success": "OK"})


class Solution(DiscourseView):
    """POST /solution/accept and /solution/unaccept with the post's `id`, as the
    solved plugin takes them."""

    permission_classes = SIGNED_IN
    accept = True

    def post(self, request):
        post_id = validated(SolutionInput, request.data)["id"]
        post = reads.visible_post(request.user, post_id)
        topic = post.topic
        if self.accept:
            services.accept_solution(topic=topic, post=post, by=request.user)
            answer = {
                "post_number": post.post_number,
                "username": post.author.username,
                "name": post.author.name,
                "excerpt": post.cooked[:300],
                "accepter_username": request.user.username,
                "accepter_name": request.user.name,
            }
            return Response({"success": "OK", "accepted_answer": answer})
        if topic.solution_id != post.id:
            raise Http404("That post is not this topic's solution.")
        services.unaccept_solution(topic=topic, by=request.user)
        return Response({"success": "OK", "accepter": basic_user(request.user)})
