"""Site-wide reads: /site.json, /about.json, tags, and /search.json."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from taggit.models import Tag

from accounts.models import User
from accounts.roles import staff_or_moderators
from forum.api.exceptions import ServiceUnavailable
from forum.api.lookups import validated
from forum.categories.models import Category
from forum.core import live
from forum.search.backends import SearchUnavailable
from forum.search.query import MAX_QUERY_LENGTH, parse
from forum.search.services import search
from forum.subscriptions.models import CategorySubscription
from forum.topics.levels import NotificationLevel
from forum.topics.models import Post, Topic

from .. import reads
from ..base import DiscourseView
from ..serializers import categories as category_json
from ..serializers import search as search_json
from ..serializers.common import basic_user
from .lists import TopicListView, _pinned_first

SEARCH_USERS = 5
NOTHING_TO_SEARCH = "Nothing to search for: pass words or filters in q, e.g. ?q=calexp"


def _tags_with_counts(user):
    visible = Topic.objects.visible_to(user).listed()
    return (
        Tag.objects.annotate(
            topic_count=Count(
                "taggit_taggeditem_items",
                filter=Q(taggit_taggeditem_items__object_id__in=visible.values("id")),
            )
        )
        .filter(topic_count__gt=0)
        .order_by("-topic_count", "name")
    )


def _tag_json(tag) -> dict:
    return {
        "id": tag.id,
        "text": tag.name,
        "name": tag.name,
        "description": None,
        "count": tag.topic_count,
        "pm_count": 0,
        "pm_only": False,
        "target_tag": None,
    }


class Tags(DiscourseView):
    """/tags.json: tags with how many topics the caller may see under each."""

    def get(self, request):
        tags = [_tag_json(tag) for tag in _tags_with_counts(request.user)]
        return Response({"tags": tags, "extras": {"categories": []}})


class TagTopics(TopicListView):
    """/tag/<name>.json: the latest topics with that tag."""

    def topics(self, request, name: str, **kwargs):
        tag = Topic.objects.visible_to(request.user).tag_or_404(name)
        return _pinned_first(reads.topics_for_list(request.user).with_tag(tag.name))


def _categories(user) -> list[dict]:
    rows = list(Category.objects.visible_to(user).select_related("parent"))
    levels = {}
    if user.is_authenticated:
        levels = dict(
            CategorySubscription.objects.filter(user=user).values_list(
                "category_id", "level"
            )
        )
    return category_json.categories(rows, user, levels)


class Site(DiscourseView):
    """/site.json: what a client needs to know about the forum."""

    def get(self, request):
        return Response(
            {
                "default_archetype": "regular",
                "notification_levels": {
                    level.label.lower().replace(" ", "_"): level.value
                    for level in NotificationLevel
                },
                "post_action_types": [
                    {"id": 2, "name_key": "like", "name": "Like", "is_flag": False}
                ],
                "trust_levels": [
                    {"id": 0, "name": "new user"},
                    {"id": 1, "name": "basic user"},
                    {"id": 2, "name": "member"},
                ],
                "archetypes": [
                    {"id": "regular", "name": "Regular Topic", "options": []}
                ],
                "can_create_tag": False,
                "can_tag_topics": request.user.is_authenticated,
                "top_tags": [tag.name for tag in _tags_with_counts(request.user)[:50]],
                "categories": _categories(request.user),
            }
        )


class About(DiscourseView):
    """/about.json: the forum's name, description, staff and counts."""

    def get(self, request):
        staff = User.objects.filter(staff_or_moderators(), is_active=True)
        topics = Topic.objects.visible_to(request.user).listed()
        return Response(
            {
                "about": {
                    "title": live.get("SITE_NAME"),
                    "description": live.get("FORUM_DISCLAIMER"),
                    "locale": "en",
                    "version": "Meridian",
                    "https": settings.SITE_URL.startswith("https"),
                    "can_see_about_stats": True,
                    "admins": [basic_user(u) for u in staff.filter(is_staff=True)],
                    "moderators": [basic_user(u) for u in staff.filter(is_staff=False)],
                    "stats": {
                        "topic_count": topics.count(),
                        "post_count": Post.objects.visible_to(request.user)
                        .alive()
                        .count(),
                        "user_count": User.objects.filter(is_active=True).count(),
                    },
                }
            }
        )


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH, required=False, default="", allow_blank=True
    )
    term = serializers.CharField(
        max_length=MAX_QUERY_LENGTH, required=False, default="", allow_blank=True
    )
    page = serializers.IntegerField(min_value=1, max_value=100, default=1)


class Search(DiscourseView):
    """/search.json?q=: the site's search (same engine, same permissions) in
    Discourse's shape, as the API key's user when one is given."""

    def get(self, request):
        data = validated(SearchQuery, request.query_params.dict())
        term = data["q"] or data["term"]
        query = parse(term)
        if query.is_empty:
            raise ValidationError({"q": [NOTHING_TO_SEARCH]})
        try:
            page = search(query, user=request.user, page=data["page"])
        except SearchUnavailable as error:
            raise ServiceUnavailable(str(error)) from error
        words = " ".join(query.words)
        users, categories = [], []
        if words and data["page"] == 1:
            users = [
                basic_user(u)
                for u in User.objects.filter(is_active=True)
                .filter(Q(username__icontains=words) | Q(name__icontains=words))
                .order_by("username")[:SEARCH_USERS]
            ]
            categories = [
                {
                    "id": c.id,
                    "name": c.name,
                    "slug": c.slug,
                    "color": c.color.lstrip("#"),
                }
                for c in Category.objects.visible_to(request.user).filter(
                    name__icontains=words
                )[:SEARCH_USERS]
            ]
        body = search_json.search_page(
            page,
            term,
            users=users,
            categories=categories,
            can_create_topic=request.user.is_authenticated,
        )
        return Response(body)
