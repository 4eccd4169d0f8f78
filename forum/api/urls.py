from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import (
    key_views,
    member_views,
    message_views,
    reaction_views,
    search_views,
    upload_views,
    views,
)
from .docs import DocsView

router = SimpleRouter(trailing_slash=False)
router.register("categories", views.CategoryViewSet, basename="category")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("posts", views.PostViewSet, basename="post")
router.register("tags", views.TagViewSet, basename="tag")
router.register("users", views.UserViewSet, basename="user")
router.register("posts", reaction_views.PostReactionViewSet, basename="post-reaction")
router.register("bookmarks", reaction_views.BookmarkViewSet, basename="bookmark")
router.register(
    "notifications", member_views.NotificationViewSet, basename="notification"
)
router.register(
    "categories", member_views.CategoryLevelViewSet, basename="category-level"
)
router.register("tags", member_views.TagLevelViewSet, basename="tag-level")
router.register("topics", member_views.TopicLevelViewSet, basename="topic-level")
router.register("messages", message_views.ConversationViewSet, basename="message")

app_name = "api"
urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/me", views.MeView.as_view(), name="me"),
    path("api/v1/search", search_views.SearchView.as_view(), name="search"),
    path("api/v1/uploads", upload_views.UploadView.as_view(), name="uploads"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", DocsView.as_view(), name="docs"),
    re_path(r"^api/(?P<path>.*)$", views.not_found),
    path("u/<str:username>/api-keys", key_views.keys, name="keys"),
    path(
        "u/<str:username>/api-keys/<int:key_id>/revoke",
        key_views.revoke,
        name="revoke_key",
    ),
]
