from django.urls import path

from . import digest_views, feeds

category = feeds.CategoryFeed()
tag = feeds.TagFeed()
urlpatterns = [
    path("latest.rss", feeds.TopicsFeed(), name="latest"),
    path("posts.rss", feeds.PostsFeed(), name="posts"),
    path("top.rss", feeds.TopFeed(), name="top"),
    path("digest.rss", digest_views.DigestFeed(), name="digest"),
    path("c/<slug:slug>/<int:category_id>.rss", category, name="category"),
    path(
        "c/<slug:parent_slug>/<slug:slug>/<int:category_id>.rss",
        category,
        name="category_nested",
    ),
    path(
        "c/<slug:slug>/<int:category_id>/solved.rss",
        feeds.CategoryFeed("solved"),
        name="category_solved",
    ),
    path(
        "c/<slug:slug>/<int:category_id>/unsolved.rss",
        feeds.CategoryFeed("unsolved"),
        name="category_unsolved",
    ),
    path(
        "c/<slug:parent_slug>/<slug:slug>/<int:category_id>/solved.rss",
        feeds.CategoryFeed("solved"),
        name="category_nested_solved",
    ),
    path(
        "c/<slug:parent_slug>/<slug:slug>/<int:category_id>/unsolved.rss",
        feeds.CategoryFeed("unsolved"),
        name="category_nested_unsolved",
    ),
    path("tag/<str:name>.rss", tag, name="tag"),
    path("tag/<str:name>/solved.rss", feeds.TagFeed("solved"), name="tag_solved"),
    path("tag/<str:name>/unsolved.rss", feeds.TagFeed("unsolved"), name="tag_unsolved"),
    path("t/<slug:slug>/<int:topic_id>.rss", feeds.TopicFeed(), name="topic"),
    path(
        "u/<str:username>/activity.rss", feeds.UserActivityFeed(), name="user_activity"
    ),
]
