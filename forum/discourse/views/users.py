"""Users: profiles, their actions, the caller's notifications."""

from __future__ import annotations

from django.http import Http404
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from forum.api.lookups import validated
from forum.api.permissions import KeyAllowsMethod
from forum.api.views import active_member
from forum.subscriptions.models import Notification
from forum.topics.models import Post, Topic

from ..base import DiscourseView
from ..serializers import users as user_json

PAGE = 30


class UserDetail(DiscourseView):
    """/u/<username>.json and /users/<username>.json."""

    def get(self, request, username: str):
        user = active_member(username)
        posts = Post.objects.visible_to(request.user).alive().filter(author=user)
        topics = Topic.objects.visible_to(request.user).filter(author=user)
        user.accepted_answers = posts.filter(is_solution=True).count()
        data = user_json.profile(
            user,
            request.user,
            post_count=posts.count(),
            topic_count=topics.count(),
        )
        return Response({"user_badges": [], "user": data})


class CurrentUser(DiscourseView):
    """/session/current.json: who the caller is (what an application asks
    first with its user API key); 404 for a visitor, as on Discourse."""

    def get(self, request):
        if not request.user.is_authenticated:
            raise Http404("You are not signed in.")
        return Response({"current_user": user_json.current_user(request.user)})


class ActionsQuery(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    filter = serializers.CharField(required=False, default="4,5")
    offset = serializers.IntegerField(min_value=0, max_value=100_000, default=0)


class UserActions(DiscourseView):
    """/user_actions.json?username=&filter=4,5: a member's topics and replies
    (filters 4 and 5), only those the caller may see."""

    def get(self, request):
        query = validated(ActionsQuery, request.query_params.dict())
        try:
            kinds = {int(part) for part in query["filter"].split(",") if part}
        except ValueError as error:
            raise ValidationError(
                {"filter": ["Use action types such as 4,5."]}
            ) from error
        user = active_member(query["username"])
        posts = (
            Post.objects.visible_to(request.user)
            .alive()
            .filter(author=user, is_hidden=False)
            .select_related("author", "topic")
            .order_by("-created_at", "-id")
        )
        if user_json.NEW_TOPIC in kinds and user_json.REPLY not in kinds:
            posts = posts.filter(post_number=1)
        elif user_json.REPLY in kinds and user_json.NEW_TOPIC not in kinds:
            posts = posts.filter(post_number__gt=1)
        elif not kinds & {user_json.NEW_TOPIC, user_json.REPLY}:
            posts = posts.none()
        rows = posts[query["offset"] : query["offset"] + PAGE]
        return Response({"user_actions": [user_json.user_action(p) for p in rows]})


def _last_seen(rows: list[Notification]) -> int:
    """The newest notification already read, as Discourse's marker of what the
    user has seen (0 for none)."""
    return max((n.id for n in rows if n.is_read), default=0)


class Notifications(DiscourseView):
    """/notifications.json: the caller's notifications, newest first."""

    permission_classes = [IsAuthenticated, KeyAllowsMethod]

    def get(self, request):
        mine = Notification.objects.for_user(request.user).about_topics()
        rows = list(mine.for_display()[:60])
        return Response(
            {
                "notifications": [user_json.notification(n) for n in rows],
                "total_rows_notifications": mine.count(),
                "seen_notification_id": _last_seen(rows),
                "load_more_notifications": "/notifications?offset=60",
            }
        )
