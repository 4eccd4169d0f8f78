"""Discourse's page URLs, tried after all of Meridian's own so none of them
shadows a Meridian page (`/c/<slug>/<id>`, `/my/preferences`, `/tags/suggest`
are Meridian's): included last from forum/urls.py."""

from django.urls import re_path

from . import pages
from .urls import ID, SLUG, USER

app_name = "discourse_links"
urlpatterns = [
    re_path(
        r"^c/(?P<path>[-\w]{1,80}(?:/[-\w]{1,80})?)/?$",
        pages.category,
        name="category",
    ),
    re_path(r"^my/(?P<rest>[-\w/]{0,100})$", pages.my, name="my"),
    re_path(rf"^t/{SLUG}/{ID}/last$", pages.topic_last, name="topic_last"),
    re_path(rf"^t/{ID}/last$", pages.topic_last, name="topic_last_id"),
    re_path(r"^p/(?P<post_id>[0-9]{1,18})$", pages.post, name="post"),
    re_path(
        r"^tags/c/(?P<path>[-\w/]{1,200})/(?P<name>[^/]{1,100})$",
        pages.tag,
        name="category_tag",
    ),
    re_path(r"^tags/(?P<name>[^/]{1,100})$", pages.tag, name="tag"),
    re_path(
        rf"^u/{USER}/(?P<rest>summary|activity/.*|badges)$",
        pages.user,
        name="user_page",
    ),
    re_path(rf"^users/{USER}$", pages.user, name="user"),
    re_path(r"^top/(?P<period>\w{1,20})$", pages.top, name="top"),
    re_path(r"^(?:faq|tos|privacy)$", pages.guidelines, name="guidelines"),
    re_path(r"^login$", pages.login, name="login"),
    re_path(r"^signup$", pages.signup, name="signup"),
]
