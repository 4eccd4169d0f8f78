"""Topic lists: /latest.json, /top.json, /new.json, a category's lists."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from forum.api.lookups import validated
from forum.api.permissions import KeyAllowsMethod
from forum.categories.models import Category
from forum.subscriptions.models import CategorySubscription
from forum.topics.querysets import TOP_PERIODS

from .. import reads
from ..base import DiscourseView
from ..serializers import categories as category_json
from ..serializers import topics as topic_json


class ListQuery(serializers.Serializer):
    page = serializers.IntegerField(min_value=0, max_value=10_000, default=0)
    period = serializers.ChoiceField(
        choices=list(TOP_PERIODS), default="all", required=False
    )


def _pinned_first(topics):
    pinned = Case(
        When(Q(is_pinned=True) | Q(is_pinned_globally=True), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return topics.order_by(-pinned, "-bumped_at", "-id")


class TopicListView(DiscourseView):
    """A page of topics (Discourse pages count from 0) with a link to the next."""

    list_name = "latest"

    def topics(self, request, **kwargs):
        return _pinned_first(
            reads.topics_for_list(request.user).not_muted_by(request.user)
        )

    def get(self, request, **kwargs):
        query = validated(ListQuery, request.query_params.dict())
        per_page = settings.FORUM_TOPICS_PER_PAGE
        rows = reads.page_of(self.topics(request, **kwargs), query["page"], per_page)
        more = None
        if len(rows) == per_page:
            more = f"{request.path.removesuffix('.json')}?page={query['page'] + 1}"
        body = topic_json.topic_list(
            rows,
            request.user,
            more_url=more,
            per_page=per_page,
            category=getattr(self, "category", None),
        )
        return Response(self.finish(body, query))

    def finish(self, body: dict, query: dict) -> dict:
        return body


class Latest(TopicListView):
    pass


class Top(TopicListView):
    def topics(self, request, period: str | None = None, **kwargs):
        self.period = period or request.query_params.get("period", "all")
        if self.period not in TOP_PERIODS:
            self.period = "all"
        topics = reads.topics_for_list(request.user).top_in(self.period)
        return topics.order_by("-score", "-bumped_at", "-id")

    def finish(self, body, query):
        body["topic_list"]["for_period"] = self.period
        return body


class New(TopicListView):
    permission_classes = [IsAuthenticated, KeyAllowsMethod]

    def topics(self, request, **kwargs):
        user = request.user
        return reads.topics_for_list(user).new_for(user).order_by("-created_at")


class CreatedBy(TopicListView):
    def topics(self, request, username: str, **kwargs):
        topics = reads.topics_for_list(request.user)
        return topics.filter(author__username__iexact=username).order_by("-created_at")


class CategoryLatest(TopicListView):
    """/c/<slug>/<id>.json, /c/<id>.json, /c/<parent>/<child>/l/latest.json..."""

    def topics(self, request, path: str, **kwargs):
        self.category = reads.category_from_path(request.user, path.split("/"))
        topics = reads.topics_for_list(request.user).in_category(self.category)
        return _pinned_first(topics)


class CategoryTop(CategoryLatest):
    def topics(self, request, path: str, **kwargs):
        self.category = reads.category_from_path(request.user, path.split("/"))
        topics = reads.topics_for_list(request.user).in_category(self.category)
        return topics.top_in("all").order_by("-score", "-bumped_at", "-id")


class CategoryShow(DiscourseView):
    """/c/<id>/show.json: one category."""

    def get(self, request, path: str):
        category = reads.category_from_path(request.user, path.split("/"))
        children = list(
            Category.objects.visible_to(request.user)
            .filter(parent=category)
            .values_list("id", flat=True)
        )
        level = None
        if request.user.is_authenticated:
            level = (
                CategorySubscription.objects.filter(
                    user=request.user, category=category
                )
                .values_list("level", flat=True)
                .first()
            )
        data = category_json.category(
            category, request.user, child_ids=children, level=level
        )
        return Response({"category": data})


class Categories(DiscourseView):
    """/categories.json: every category the caller may see."""

    def get(self, request):
        rows = list(Category.objects.visible_to(request.user).select_related("parent"))
        levels = {}
        if request.user.is_authenticated:
            levels = dict(
                CategorySubscription.objects.filter(user=request.user).values_list(
                    "category_id", "level"
                )
            )
        items = category_json.categories(rows, request.user, levels)
        by_id = {item["id"]: item for item in items}
        top_level = [item for item in items if item["parent_category_id"] is None]
        if request.query_params.get("include_subcategories") == "true":
            for item in top_level:
                item["subcategory_list"] = [
                    by_id[i] for i in item["subcategory_ids"] if i in by_id
                ]
        return Response(
            {
                "category_list": {
                    "can_create_category": request.user.is_authenticated
                    and request.user.is_staff,
                    "can_create_topic": request.user.is_authenticated,
                    "categories": top_level,
                }
            }
        )
