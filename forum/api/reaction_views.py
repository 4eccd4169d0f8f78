"""Likes and bookmarks: the caller likes or bookmarks a post (idempotent: POST
adds, DELETE removes, repeating either changes nothing), who liked a post, and the
caller's bookmarks. The same services and rules as the buttons on the site."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from forum.topics import services
from forum.topics.models import Bookmark, Like, Post

from . import outputs
from .lookups import ID_PATTERN, visible_post
from .pagination import DateCursorPagination, PagePagination
from .permissions import KeyAllowsMethod


class LikerPagination(PagePagination):
    page_size = 50


class PostReactionViewSet(viewsets.GenericViewSet):
    queryset = Post.objects.none()
    serializer_class = outputs.LikeStateSerializer
    lookup_value_regex = ID_PATTERN

    @extend_schema(
        methods=["POST"],
        request=None,
        responses=outputs.LikeStateSerializer,
        description="Like the post; liking it again changes nothing. "
        "Not your own posts, nor deleted or hidden ones.",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: outputs.LikeStateSerializer},
        description="Take back your like, if any.",
    )
    @action(detail=True, methods=["post", "delete"])
    def like(self, request, pk):
        post = visible_post(request.user, pk)
        if request.method == "DELETE":
            services.unlike_post(user=request.user, post=post)
        else:
            services.like_post(user=request.user, post=post)
        count = Post.objects.filter(pk=post.pk).values_list("like_count", flat=True)
        state = {
            "post_id": post.id,
            "liked": request.method != "DELETE",
            "like_count": count.get(),
        }
        return Response(outputs.LikeStateSerializer(state).data)

    @extend_schema(responses=outputs.LikerSerializer(many=True))
    @action(detail=True, pagination_class=LikerPagination)
    def likes(self, request, pk):
        """Who liked the post, the latest first."""
        post = visible_post(request.user, pk)
        likes = (
            Like.objects.filter(post=post)
            .select_related("user")
            .order_by("-created_at", "-id")
        )
        page = self.paginate_queryset(likes)
        data = outputs.LikerSerializer(page, many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        methods=["POST"],
        request=None,
        responses=outputs.BookmarkStateSerializer,
        description="Bookmark the post; bookmarking it again changes nothing.",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: outputs.BookmarkStateSerializer},
        description="Remove your bookmark of the post, if any.",
    )
    @action(detail=True, methods=["post", "delete"])
    def bookmark(self, request, pk):
        post = visible_post(request.user, pk)
        if request.method == "DELETE":
            services.remove_bookmark(user=request.user, post=post)
        else:
            services.add_bookmark(user=request.user, post=post)
        state = {"post_id": post.id, "bookmarked": request.method != "DELETE"}
        return Response(outputs.BookmarkStateSerializer(state).data)


class BookmarkViewSet(viewsets.GenericViewSet):
    queryset = Bookmark.objects.none()
    serializer_class = outputs.BookmarkSerializer
    pagination_class = DateCursorPagination
    permission_classes = [IsAuthenticated, KeyAllowsMethod]

    def list(self, request):
        """Your bookmarks, the latest first (cursor-paginated); only posts you may
        still see."""
        user = request.user
        bookmarks = Bookmark.objects.filter(
            user=user, post__in=Post.objects.visible_to(user).alive()
        ).select_related("post__topic__category", "post__author")
        page = self.paginate_queryset(bookmarks)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
