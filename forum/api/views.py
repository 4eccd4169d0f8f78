"""The REST API. Each view parses with an input serializer, fetches through the
same querysets and permission functions as the HTML views, calls one service, and
shapes the answer with an output serializer."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView
from taggit.models import Tag

from accounts.models import User
from forum.categories.models import Category
from forum.core.pagination import page_number
from forum.topics import services
from forum.topics.models import Post, Topic
from forum.topics.pages import topic_posts_page

from . import inputs, outputs
from .lookups import (
    ID_PATTERN,
    USERNAME_PATTERN,
    validated,
    visible_category,
    visible_post,
    visible_topic,
)
from .models import ApiKey
from .pagination import (
    BumpedCursorPagination,
    DateCursorPagination,
    PagePagination,
    TopPagePagination,
)


class CategoryViewSet(viewsets.GenericViewSet):
    queryset = Category.objects.none()
    serializer_class = outputs.CategorySerializer
    lookup_value_regex = ID_PATTERN
    pagination_class = None

    def list(self, request):
        """Every category the caller may see, in display order."""
        categories = Category.objects.visible_to(request.user).select_related("parent")
        return Response(self.get_serializer(categories, many=True).data)

    def retrieve(self, request, pk):
        return Response(self.get_serializer(visible_category(request.user, pk)).data)


class TopicViewSet(viewsets.GenericViewSet):
    queryset = Topic.objects.none()
    serializer_class = outputs.TopicSerializer
    pagination_class = BumpedCursorPagination
    lookup_value_regex = ID_PATTERN

    def _filtered(self, query: dict):
        user = self.request.user
        topics = Topic.objects.visible_to(user).listed()
        if "category" in query:
            category = Category.objects.visible_to(user).filter(id=query["category"])
            if not category.exists():
                raise Http404("No such category.")
            topics = topics.in_category(category.get())
        if "tag" in query:
            tag = Topic.objects.visible_to(user).tag_or_404(query["tag"])
            topics = topics.with_tag(tag.name)
        if query.get("solved") is not None:
            topics = topics.solved(query["solved"])
        return topics

    @extend_schema(parameters=[inputs.TopicFilterSerializer])
    def list(self, request):
        """Topics by latest activity, newest first (cursor-paginated)."""
        query = validated(inputs.TopicFilterSerializer, request.query_params.dict())
        page = self.paginate_queryset(self._filtered(query).for_list())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        parameters=[inputs.TopTopicFilterSerializer],
        responses=outputs.TopicSerializer(many=True),
    )
    @action(detail=False, pagination_class=TopPagePagination)
    def top(self, request):
        """Topics ranked by likes, replies and views, optionally of a recent period."""
        query = validated(inputs.TopTopicFilterSerializer, request.query_params.dict())
        topics = self._filtered(query).top_in(query["period"])
        topics = topics.order_by("-score", "-bumped_at", "-id").for_list()
        page = self.paginate_queryset(topics)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        parameters=[inputs.PageQuerySerializer], responses=outputs.TopicDetailSerializer
    )
    def retrieve(self, request, pk):
        """A topic with one page of its posts, by post number."""
        return self._detail(visible_topic(request.user, pk))

    @extend_schema(
        request=inputs.TopicCreateSerializer,
        responses={201: outputs.TopicDetailSerializer},
    )
    def create(self, request):
        """Start a topic: its title and first post, in a category, with tags."""
        data = validated(inputs.TopicCreateSerializer, request.data)
        category = Category.objects.visible_to(request.user).filter(id=data["category"])
        if not category.exists():
            raise Http404("No such category.")
        topic = services.create_topic(
            author=request.user,
            category=category.get(),
            title=data["title"],
            raw=data["raw"],
            tags=data["tags"],
        )
        return self._detail(
            visible_topic(request.user, topic.id), first=True, status=201
        )

    @extend_schema(
        request=inputs.ReplyCreateSerializer, responses={201: outputs.PostSerializer}
    )
    @action(detail=True, methods=["post"])
    def posts(self, request, pk):
        """Reply to a topic, optionally to one of its posts."""
        topic = visible_topic(request.user, pk)
        data = validated(inputs.ReplyCreateSerializer, request.data)
        post = services.create_post(
            author=request.user,
            topic=topic,
            raw=data["raw"],
            reply_to_post_number=data.get("reply_to_post_number"),
        )
        return Response(
            outputs.PostSerializer(post, context=self.get_serializer_context()).data,
            status=201,
        )

    @extend_schema(
        methods=["POST"],
        request=inputs.SolutionSerializer,
        responses=outputs.TopicDetailSerializer,
        description="Mark a reply as the solution (the asker, moderators, staff).",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: outputs.TopicDetailSerializer},
        description="Clear the topic's solution.",
    )
    @action(detail=True, methods=["post", "delete"])
    def solution(self, request, pk):
        topic = visible_topic(request.user, pk)
        if request.method == "DELETE":
            services.unaccept_solution(topic=topic, by=request.user)
        else:
            data = validated(inputs.SolutionSerializer, request.data)
            post = visible_post(request.user, data["post"])
            services.accept_solution(topic=topic, post=post, by=request.user)
        return self._detail(topic, first=True)

    def _detail(self, topic: Topic, *, first: bool = False, status: int = 200):
        page = topic_posts_page(
            topic, self.request.user, number=1 if first else page_number(self.request)
        )
        number, last = page.number, page.last
        url = self.request.build_absolute_uri(
            reverse("api:topic-detail", args=[topic.id])
        )
        topic.post_stream = {
            "page": number,
            "last_page": last,
            "posts_per_page": settings.FORUM_POSTS_PER_PAGE,
            "next": replace_query_param(url, "page", number + 1)
            if number < last
            else None,
            "previous": replace_query_param(url, "page", number - 1)
            if number > 1
            else None,
            "posts": page.posts,
        }
        topic.solution_post = page.solution
        topic.permissions = {
            "can_reply": page.can_reply,
            "can_accept_solution": page.can_accept,
        }
        data = outputs.TopicDetailSerializer(
            topic, context=self.get_serializer_context()
        ).data
        return Response(data, status=status)


class PostViewSet(viewsets.GenericViewSet):
    queryset = Post.objects.none()
    serializer_class = outputs.PostSerializer
    lookup_value_regex = ID_PATTERN

    def retrieve(self, request, pk):
        return Response(self.get_serializer(visible_post(request.user, pk)).data)

    @extend_schema(request=inputs.PostEditSerializer)
    def partial_update(self, request, pk):
        """Edit a post (its author or a moderator); every edit keeps a revision."""
        post = visible_post(request.user, pk)
        data = validated(inputs.PostEditSerializer, request.data)
        services.edit_post(
            post=post,
            by=request.user,
            raw=data.get("raw", post.raw),
            title=data.get("title"),
            reason=data["reason"],
        )
        return Response(self.get_serializer(post).data)

    def destroy(self, request, pk):
        """Delete a post (soft: moderators can restore it); post 1 deletes the topic."""
        services.delete_post(post=visible_post(request.user, pk), by=request.user)
        return Response(status=204)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk):
        """Bring back a deleted post (moderators)."""
        post = visible_post(request.user, pk)
        services.restore_post(post=post, by=request.user)
        return Response(self.get_serializer(post).data)


class TagPagination(PagePagination):
    page_size = 100


class TagViewSet(viewsets.GenericViewSet):
    queryset = Tag.objects.none()
    serializer_class = outputs.TagSerializer
    pagination_class = TagPagination

    def list(self, request):
        """Tags with the number of topics the caller may see under each."""
        visible = Topic.objects.visible_to(request.user).listed()
        tags = (
            Tag.objects.annotate(
                topic_count=Count(
                    "taggit_taggeditem_items",
                    filter=Q(
                        taggit_taggeditem_items__object_id__in=visible.values("id")
                    ),
                )
            )
            .filter(topic_count__gt=0)
            .order_by("-topic_count", "name")
        )
        page = self.paginate_queryset(tags)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def active_member(username: str) -> User:
    member = User.objects.filter(username__iexact=username, is_active=True).first()
    if member is None:
        raise Http404("No such user.")
    return member


class UserViewSet(viewsets.GenericViewSet):
    queryset = User.objects.none()
    serializer_class = outputs.UserSerializer
    pagination_class = DateCursorPagination
    lookup_field = "username"
    lookup_value_regex = USERNAME_PATTERN

    def retrieve(self, request, username):
        """A member's public profile."""
        return Response(self.get_serializer(active_member(username)).data)

    @extend_schema(responses=outputs.ActivityPostSerializer(many=True))
    @action(detail=True)
    def activity(self, request, username):
        """A member's posts, newest first: only those the caller may see."""
        posts = (
            Post.objects.visible_to(request.user)
            .alive()
            .filter(author=active_member(username), is_hidden=False)
            .select_related("topic__category", "author")
        )
        page = self.paginate_queryset(posts)
        data = outputs.ActivityPostSerializer(
            page, many=True, context=self.get_serializer_context()
        ).data
        return self.get_paginated_response(data)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=outputs.MeSerializer)
    def get(self, request):
        """Who the caller is, and which API key they used."""
        key = request.auth if isinstance(request.auth, ApiKey) else None
        return Response(outputs.MeSerializer({"user": request.user, "key": key}).data)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([])
def not_found(request, path: str = ""):
    """Unknown URLs under /api/ answer JSON too."""
    raise NotFound(f"No such API endpoint: {request.path}. See /api/docs/.")
