"""The caller's own notifications, and their notification levels on categories,
tags and topics: the same services as the site's bell menus."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from taggit.models import Tag

from forum.categories.models import Category
from forum.subscriptions import services
from forum.subscriptions.models import (
    CategorySubscription,
    Notification,
    TagSubscription,
)
from forum.topics.levels import NotificationLevel
from forum.topics.models import Topic, TopicUser

from . import inputs, outputs
from .lookups import (
    ID_PATTERN,
    TAG_PATTERN,
    validated,
    visible_category,
    visible_topic,
)
from .pagination import DateCursorPagination
from .permissions import KeyAllowsMethod

SIGNED_IN = [IsAuthenticated, KeyAllowsMethod]


class NotificationViewSet(viewsets.GenericViewSet):
    queryset = Notification.objects.none()
    serializer_class = outputs.NotificationSerializer
    pagination_class = DateCursorPagination
    permission_classes = SIGNED_IN
    lookup_value_regex = ID_PATTERN

    def _mine(self):
        return (
            Notification.objects.for_user(self.request.user)
            .about_topics()
            .for_display()
        )

    @extend_schema(parameters=[inputs.NotificationFilterSerializer])
    def list(self, request):
        """Your notifications, newest first (cursor-paginated)."""
        query = validated(
            inputs.NotificationFilterSerializer, request.query_params.dict()
        )
        notifications = self._mine()
        if query["unread"]:
            notifications = notifications.unread()
        page = self.paginate_queryset(notifications)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=None, responses=outputs.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk):
        """Mark one of your notifications read."""
        notification = self._mine().filter(id=pk).first()
        if notification is None:
            raise Http404("No such notification.")
        services.mark_read(user=request.user, notification=notification)
        return Response(self.get_serializer(self._mine().get(id=pk)).data)

    @extend_schema(request=None, responses=outputs.MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all your notifications read."""
        marked = services.mark_all_read(user=request.user)
        return Response(outputs.MarkedReadSerializer({"marked": marked}).data)


class LevelViewSet(viewsets.GenericViewSet):
    """GET and PUT `…/{id}/notification-level`: how closely you follow something.
    Subclasses say what the URL names, how to read the level, and which service
    sets it."""

    serializer_class = inputs.LevelSerializer
    permission_classes = SIGNED_IN
    pagination_class = None
    lookup_value_regex = ID_PATTERN

    def target(self, key):
        raise NotImplementedError

    def current(self, target) -> int | None:
        raise NotImplementedError

    def change(self, target, level: int) -> None:
        raise NotImplementedError

    @extend_schema(methods=["GET"], description="Your notification level on it.")
    @extend_schema(methods=["PUT"], description="Set your notification level on it.")
    @action(detail=True, methods=["get", "put"], url_path="notification-level")
    def notification_level(self, request, **kwargs):
        target = self.target(kwargs[self.lookup_field])
        if request.method == "PUT":
            level = validated(self.get_serializer_class(), request.data)["level"]
            self.change(target, level)
        else:
            level = self.current(target)
        level = NotificationLevel(NotificationLevel.NORMAL if level is None else level)
        return Response({"level": level.value, "label": level.label})


class CategoryLevelViewSet(LevelViewSet):
    queryset = Category.objects.none()

    def target(self, key):
        return visible_category(self.request.user, key)

    def current(self, target):
        mine = CategorySubscription.objects.filter(
            user=self.request.user, category=target
        )
        return mine.values_list("level", flat=True).first()

    def change(self, target, level):
        services.set_category_level(
            user=self.request.user, category=target, level=level
        )


class TagLevelViewSet(LevelViewSet):
    queryset = Tag.objects.none()
    lookup_field = "name"
    lookup_value_regex = TAG_PATTERN

    def target(self, key):
        return Topic.objects.visible_to(self.request.user).tag_or_404(key)

    def current(self, target):
        mine = TagSubscription.objects.filter(user=self.request.user, tag=target)
        return mine.values_list("level", flat=True).first()

    def change(self, target, level):
        services.set_tag_level(user=self.request.user, tag=target, level=level)


class TopicLevelViewSet(LevelViewSet):
    queryset = Topic.objects.none()
    serializer_class = inputs.TopicLevelSerializer

    def target(self, key):
        return visible_topic(self.request.user, key)

    def current(self, target):
        mine = TopicUser.objects.filter(user=self.request.user, topic=target)
        return mine.values_list("notification_level", flat=True).first()

    def change(self, target, level):
        services.set_topic_level(user=self.request.user, topic=target, level=level)
