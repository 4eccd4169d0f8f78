"""Posts: read one or the latest, create a topic or reply, edit, delete, like."""

from __future__ import annotations

from django.http import Http404
from rest_framework import serializers
from rest_framework.response import Response

from forum.api.lookups import validated
from forum.categories.models import Category
from forum.topics import services
from forum.topics.models import Like, Post

from .. import reads
from ..base import DiscourseView
from ..serializers import posts as post_json
from ..serializers.common import basic_user
from . import queries


class CreatePostInput(serializers.Serializer):
    raw = serializers.CharField(trim_whitespace=False)
    title = serializers.CharField(required=False, allow_blank=True)
    category = serializers.IntegerField(
        required=False, min_value=1, max_value=queries.MAX_ID
    )
    topic_id = serializers.IntegerField(
        required=False, min_value=1, max_value=queries.MAX_ID
    )
    reply_to_post_number = serializers.IntegerField(
        required=False, min_value=1, max_value=queries.MAX_ID
    )
    tags = serializers.ListField(
        child=serializers.CharField(), required=False, default=list
    )

    def validate(self, data):
        if "topic_id" not in data and not data.get("title"):
            raise serializers.ValidationError(
                "Give a title (and a category) for a new topic, or a topic_id to reply."
            )
        return data


class EditPostInput(serializers.Serializer):
    raw = serializers.CharField(trim_whitespace=False)
    edit_reason = serializers.CharField(required=False, allow_blank=True, default="")


class LikeInput(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=queries.MAX_ID)
    post_action_type_id = serializers.IntegerField()

    def validate_post_action_type_id(self, value):
        if value != post_json.LIKE:
            raise serializers.ValidationError(
                "Only likes (post_action_type_id 2) are supported; flag on the site."
            )
        return value


def _create_input(request) -> dict:
    """Form bodies say `tags[]`, JSON bodies `tags`; both mean the same."""
    data = request.data
    if hasattr(data, "getlist"):
        plain = {key: data.get(key) for key in data if not key.endswith("[]")}
        plain["tags"] = data.getlist("tags[]") or data.getlist("tags")
        data = plain
    return validated(CreatePostInput, data)


def _edit_input(request) -> dict:
    """pydiscourse sends `post[raw]`; Discourse's docs `{"post": {"raw": ...}}`."""
    data = request.data
    nested = data.get("post")
    if isinstance(nested, dict):
        return validated(EditPostInput, nested)
    return validated(
        EditPostInput,
        {
            key.removeprefix("post[").removesuffix("]"): data.get(key)
            for key in ("post[raw]", "post[edit_reason]", "raw", "edit_reason")
            if data.get(key) is not None
        },
    )


class Posts(DiscourseView):
    """GET /posts.json: the latest posts the caller may see. POST /posts: a new
    topic (title, category) or a reply (topic_id)."""

    def get(self, request):
        before = (
            queries.id_list([request.query_params["before"]])
            if request.query_params.get("before")
            else []
        )
        posts = Post.objects.visible_to(request.user).alive().filter(is_hidden=False)
        if before:
            posts = posts.filter(id__lt=before[0])
        rows = posts.select_related("author", "topic__category").order_by("-id")[:50]
        return Response(
            {
                "latest_posts": [
                    post_json.post(post, request.user, include_raw=True)
                    for post in rows
                ]
            }
        )

    def post(self, request):
        data = _create_input(request)
        user = request.user
        if "topic_id" in data:
            topic = reads.visible_topic(user, data["topic_id"])
            post = services.create_post(
                author=user,
                topic=topic,
                raw=data["raw"],
                reply_to_post_number=data.get("reply_to_post_number"),
            )
        else:
            category = (
                Category.objects.visible_to(user)
                .filter(id=data.get("category"))
                .first()
            )
            if category is None:
                raise Http404("No such category.")
            topic = services.create_topic(
                author=user,
                category=category,
                title=data["title"],
                raw=data["raw"],
                tags=data["tags"],
            )
            post = topic.posts.get(post_number=1)
        post = reads.visible_post(user, post.id)
        return Response(post_json.post(post, user, include_raw=True))


class PostDetail(DiscourseView):
    """GET, PUT and DELETE /posts/<id>(.json)."""

    def get(self, request, post_id: int):
        post = reads.visible_post(request.user, post_id)
        return Response(post_json.post(post, request.user, include_raw=True))

    def put(self, request, post_id: int):
        post = reads.visible_post(request.user, post_id)
        data = _edit_input(request)
        services.edit_post(
            post=post, by=request.user, raw=data["raw"], reason=data["edit_reason"]
        )
        post = reads.visible_post(request.user, post_id)
        return Response({"post": post_json.post(post, request.user, include_raw=True)})

    def delete(self, request, post_id: int):
        post = reads.visible_post(request.user, post_id)
        services.delete_post(post=post, by=request.user)
        return Response({"success": "OK"})


class PostActions(DiscourseView):
    """POST /post_actions (like) and DELETE /post_actions/<post_id> (unlike)."""

    def post(self, request):
        data = validated(LikeInput, request.data)
        post = reads.visible_post(request.user, data["id"])
        services.like_post(user=request.user, post=post)
        post = reads.visible_post(request.user, post.id)
        return Response(post_json.post(post, request.user))

    def delete(self, request, post_id: int):
        validated(LikeInput, {"id": post_id, **request.query_params.dict()})
        post = reads.visible_post(request.user, post_id)
        services.unlike_post(user=request.user, post=post)
        post = reads.visible_post(request.user, post.id)
        return Response(post_json.post(post, request.user))


class LikersQuery(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=queries.MAX_ID)
    post_action_type_id = serializers.IntegerField(default=post_json.LIKE)


class PostActionUsers(DiscourseView):
    """GET /post_action_users?id=<post>&post_action_type_id=2: who liked a
    post the caller may see (who flagged is for moderators, on the site)."""

    def get(self, request):
        query = validated(LikersQuery, request.query_params.dict())
        if query["post_action_type_id"] != post_json.LIKE:
            raise Http404("Only likes are listed here.")
        post = reads.visible_post(request.user, query["id"])
        likes = Like.objects.filter(post=post).select_related("user").order_by("id")
        users = [
            {**basic_user(like.user), "username_lower": like.user.username.lower()}
            for like in likes
        ]
        return Response(
            {"post_action_users": users, "total_rows_post_action_users": len(users)}
        )
