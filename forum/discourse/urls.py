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
JSON = r"(?:\.json)?"
CATEGORY_PATH = r"(?P<path>[-\w]{1,80}(?:/[-\w]{1,80}){0,2})"
USER = r"(?P<username>[\w.@+-]{1,150})"

api = [
    re_path(r"^latest\.json$", lists.Latest.as_view(), name="latest"),
    re_path(r"^top\.json$", lists.Top.as_view(), name="top"),
    re_path(
        r"^top/(?P<period>\w{1,20})\.json$", lists.Top.as_view(), name="top_period"
    ),
    re_path(r"^new\.json$", lists.New.as_view(), name="new"),
    re_path(r"^categories\.json$", lists.Categories.as_view(), name="categories"),
    re_path(
        rf"^c/{CATEGORY_PATH}/show\.json$",
        lists.CategoryShow.as_view(),
        name="category_show",
    ),
    re_path(
        rf"^c/{CATEGORY_PATH}/l/latest\.json$",
        lists.CategoryLatest.as_view(),
        name="category_latest",
    ),
    re_path(
        rf"^c/{CATEGORY_PATH}/l/top\.json$",
        lists.CategoryTop.as_view(),
        name="category_top",
    ),
    re_path(
        rf"^c/{CATEGORY_PATH}\.json$", lists.CategoryLatest.as_view(), name="category"
    ),
    re_path(
        rf"^topics/created-by/{USER}\.json$",
        lists.CreatedBy.as_view(),
        name="created_by",
    ),
    re_path(rf"^t/{ID}/posts\.json$", topics.TopicPosts.as_view(), name="topic_posts"),
    re_path(
        rf"^t/{ID}/status{JSON}$",
        topic_writes.TopicStatus.as_view(),
        name="topic_status",
    ),
    re_path(
        rf"^t/{ID}/notifications{JSON}$",
        topic_writes.TopicNotifications.as_view(),
        name="topic_notifications",
    ),
    re_path(rf"^t/{ID}\.json$", topic_writes.TopicResource.as_view(), name="topic"),
    re_path(
        rf"^t/{ID}/{NUMBER}\.json$", topics.TopicDetail.as_view(), name="topic_post"
    ),
    re_path(
        rf"^t/{SLUG}/{ID}\.json$",
        topic_writes.TopicResource.as_view(),
        name="topic_slug",
    ),
    re_path(
        rf"^t/{SLUG}/{ID}/{NUMBER}\.json$",
        topics.TopicDetail.as_view(),
        name="topic_slug_post",
    ),
    re_path(
        rf"^posts/by_number/{ID}/{NUMBER}{JSON}$",
        topics.PostByNumber.as_view(),
        name="post_by_number",
    ),
    re_path(rf"^raw/{ID}(?:/{NUMBER})?$", topics.Raw.as_view(), name="raw"),
    re_path(r"^posts(?:\.json)?$", posts.Posts.as_view(), name="posts"),
    re_path(
        rf"^posts/(?P<post_id>[0-9]{{1,18}}){JSON}$",
        posts.PostDetail.as_view(),
        name="post",
    ),
    re_path(
        r"^post_actions(?:\.json)?$", posts.PostActions.as_view(), name="post_actions"
    ),
    re_path(
        rf"^post_actions/(?P<post_id>[0-9]{{1,18}}){JSON}$",
        posts.PostActions.as_view(),
        name="post_action",
    ),
    re_path(
        r"^post_action_users(?:\.json)?$",
        posts.PostActionUsers.as_view(),
        name="post_action_users",
    ),
    re_path(
        rf"^category/(?P<category_id>[0-9]{{1,18}})/notifications{JSON}$",
        topic_writes.CategoryNotifications.as_view(),
        name="category_notifications",
    ),
    re_path(
        r"^solution/accept(?:\.json)?$",
        topic_writes.Solution.as_view(accept=True),
        name="accept",
    ),
    re_path(
        r"^solution/unaccept(?:\.json)?$",
        topic_writes.Solution.as_view(accept=False),
        name="unaccept",
    ),
    re_path(r"^search\.json$", site.Search.as_view(), name="search"),
    re_path(r"^tags\.json$", site.Tags.as_view(), name="tags"),
    re_path(r"^tag/(?P<name>[^/]{1,100})\.json$", site.TagTopics.as_view(), name="tag"),
    re_path(rf"^(?:u|users)/{USER}\.json$", users.UserDetail.as_view(), name="user"),
    re_path(r"^user_actions\.json$", users.UserActions.as_view(), name="user_actions"),
    re_path(
        r"^notifications\.json$", users.Notifications.as_view(), name="notifications"
    ),
    re_path(r"^site\.json$", site.Site.as_view(), name="site"),
    re_path(
        r"^session/current\.json$", users.CurrentUser.as_view(), name="current_user"
    ),
    re_path(r"^user-api-key/new$", user_api_keys.new, name="user_api_key_new"),
    re_path(rf"^u/{USER}/preferences/apps$", user_api_keys.apps, name="apps"),
    re_path(
        rf"^u/{USER}/preferences/apps/(?P<key_id>[0-9]{{1,18}})/revoke$",
        user_api_keys.revoke_app,
        name="revoke_app",
    ),
    re_path(
        r"^user-api-key/revoke(?:\.json)?$",
        user_api_keys.Revoke.as_view(),
        name="user_api_key_revoke",
    ),
    re_path(r"^about\.json$", site.About.as_view(), name="about"),
]

# A topic's own URL also takes Discourse's writes: PUT /t/<slug>/<id> changes
# it, DELETE /t/<id> deletes it; a GET there stays the topic page.
topic_methods = [
    re_path(rf"^t/{SLUG}/{ID}$", pages.topic_url, name="topic_url"),
    re_path(rf"^t/{ID}$", pages.topic_url, name="topic_id_url"),
]

CATEGORY_ID = r"(?P<category_id>[0-9]{1,18})"

# Before Meridian's `t/<slug>/<id>`, which would read the topic id as a slug;
# and Meridian's own topic and category pages, which also answer the old links
# of imported rows whose ids were taken.
links = [
    re_path(rf"^t/{ID}/{NUMBER}$", pages.topic_post, name="link_topic_post"),
    re_path(
        rf"^t/{SLUG}/{ID}/{NUMBER}$", pages.topic_post_page, name="topic_post_page"
    ),
    re_path(rf"^c/{SLUG}/{CATEGORY_ID}$", pages.category_page, name="category_page"),
    re_path(
        rf"^c/(?P<parent_slug>[-\w]{{1,100}})/{SLUG}/{CATEGORY_ID}$",
        pages.category_page,
        name="category_nested_page",
    ),
]

urlpatterns = [*api, *links, *topic_methods]
