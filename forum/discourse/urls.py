"""Discourse's paths. Included from forum/urls.py before the forum's own URLs,
since some of Discourse's (`/t/<id>/<post_number>`) would otherwise match a
Meridian pattern with another meaning."""

from django.urls import re_path

from . import pages
from .views import lists, posts, site, topic_writes, topics, user_api_keys, users

app_name = "discourse"

ID = r"(?P<topic_id>[0-9]{1,18})"
NUMBER = r"(?P<post_number>[0-9]{1,9})"
SLUG = r"(?P<slug>[-\w]{1,100})"
CATEGORY_PATH = r"(?P<path>[-\w]{1,80}(?:/[-\w]{1,80}){0,2})"
CATEGORY_ID = r"(?P<category_id>[0-9]{1,18})"
POST_ID = r"(?P<post_id>[0-9]{1,18})"
USER = r"(?P<username>[\w.@+-]{1,150})"


def page_route(path: str, view, name: str):
    """The route of the whole path `path` (a regex); a view class is made a view."""
    if isinstance(view, type):
        view = view.as_view()
    return re_path(rf"^{path}$", view, name=name)


def json_route(path: str, view, name: str):
    """`<path>.json`, as Discourse's clients ask for its JSON."""
    return page_route(rf"{path}\.json", view, name)


def maybe_json_route(path: str, view, name: str):
    """`<path>` and `<path>.json`: Discourse's clients send these either way."""
    return page_route(rf"{path}(?:\.json)?", view, name)


api = [
    json_route("latest", lists.Latest, "latest"),
    json_route("top", lists.Top, "top"),
    json_route(r"top/(?P<period>\w{1,20})", lists.Top, "top_period"),
    json_route("new", lists.New, "new"),
    json_route("categories", lists.Categories, "categories"),
    json_route(f"c/{CATEGORY_PATH}/show", lists.CategoryShow, "category_show"),
    json_route(f"c/{CATEGORY_PATH}/l/latest", lists.CategoryLatest, "category_latest"),
    json_route(f"c/{CATEGORY_PATH}/l/top", lists.CategoryTop, "category_top"),
    json_route(f"c/{CATEGORY_PATH}", lists.CategoryLatest, "category"),
    json_route(f"topics/created-by/{USER}", lists.CreatedBy, "created_by"),
    json_route(f"t/{ID}/posts", topics.TopicPosts, "topic_posts"),
    maybe_json_route(f"t/{ID}/status", topic_writes.TopicStatus, "topic_status"),
    maybe_json_route(
        f"t/{ID}/notifications", topic_writes.TopicNotifications, "topic_notifications"
    ),
    json_route(f"t/{ID}", topic_writes.TopicResource, "topic"),
    json_route(f"t/{ID}/{NUMBER}", topics.TopicDetail, "topic_post"),
    json_route(f"t/{SLUG}/{ID}", topic_writes.TopicResource, "topic_slug"),
    json_route(f"t/{SLUG}/{ID}/{NUMBER}", topics.TopicDetail, "topic_slug_post"),
    maybe_json_route(
        f"posts/by_number/{ID}/{NUMBER}", topics.PostByNumber, "post_by_number"
    ),
    page_route(f"raw/{ID}(?:/{NUMBER})?", topics.Raw, "raw"),
    maybe_json_route("posts", posts.Posts, "posts"),
    maybe_json_route(f"posts/{POST_ID}", posts.PostDetail, "post"),
    maybe_json_route("post_actions", posts.PostActions, "post_actions"),
    maybe_json_route(f"post_actions/{POST_ID}", posts.PostActions, "post_action"),
    maybe_json_route("post_action_users", posts.PostActionUsers, "post_action_users"),
    maybe_json_route(
        f"category/{CATEGORY_ID}/notifications",
        topic_writes.CategoryNotifications,
        "category_notifications",
    ),
    maybe_json_route(
        "solution/accept", topic_writes.Solution.as_view(accept=True), "accept"
    ),
    maybe_json_route(
        "solution/unaccept", topic_writes.Solution.as_view(accept=False), "unaccept"
    ),
    json_route("search", site.Search, "search"),
    json_route("tags", site.Tags, "tags"),
    json_route(r"tag/(?P<name>[^/]{1,100})", site.TagTopics, "tag"),
    json_route(f"(?:u|users)/{USER}", users.UserDetail, "user"),
    json_route("user_actions", users.UserActions, "user_actions"),
    json_route("notifications", users.Notifications, "notifications"),
    json_route("site", site.Site, "site"),
    json_route("session/current", users.CurrentUser, "current_user"),
    page_route("user-api-key/new", user_api_keys.new, "user_api_key_new"),
    page_route(f"u/{USER}/preferences/apps", user_api_keys.apps, "apps"),
    page_route(
        rf"u/{USER}/preferences/apps/(?P<key_id>[0-9]{{1,18}})/revoke",
        user_api_keys.revoke_app,
        "revoke_app",
    ),
    maybe_json_route(
        "user-api-key/revoke", user_api_keys.Revoke, "user_api_key_revoke"
    ),
    json_route("about", site.About, "about"),
]

# A topic's own URL also takes Discourse's writes: PUT /t/<slug>/<id> changes
# it, DELETE /t/<id> deletes it; a GET there stays the topic page.
topic_methods = [
    page_route(f"t/{SLUG}/{ID}", pages.topic_url, "topic_url"),
    page_route(f"t/{ID}", pages.topic_url, "topic_id_url"),
]

# Before Meridian's `t/<slug>/<id>`, which would read the topic id as a slug;
# and Meridian's own topic and category pages, which also answer the old links
# of imported rows whose ids were taken.
links = [
    page_route(f"t/{ID}/{NUMBER}", pages.topic_post, "link_topic_post"),
    page_route(f"t/{SLUG}/{ID}/{NUMBER}", pages.topic_post_page, "topic_post_page"),
    page_route(f"c/{SLUG}/{CATEGORY_ID}", pages.category_page, "category_page"),
    page_route(
        rf"c/(?P<parent_slug>[-\w]{{1,100}})/{SLUG}/{CATEGORY_ID}",
        pages.category_page,
        "category_nested_page",
    ),
]

urlpatterns = [*api, *links, *topic_methods]
