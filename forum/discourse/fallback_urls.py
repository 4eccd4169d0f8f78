"""Discourse's page URLs, tried after all of Meridian's own so none of them
shadows a Meridian page (`/c/<slug>/<id>`, `/my/preferences`, `/tags/suggest`
are Meridian's): included last from forum/urls.py."""

from . import pages
from .urls import ID, SLUG, USER, page_route

app_name = "discourse_links"
urlpatterns = [
    page_route(
        r"c/(?P<path>[-\w]{1,80}(?:/[-\w]{1,80})?)/?", pages.category, "category"
    ),
    page_route(r"my/(?P<rest>[-\w/]{0,100})", pages.my, "my"),
    page_route(f"t/{SLUG}/{ID}/last", pages.topic_last, "topic_last"),
    page_route(f"t/{ID}/last", pages.topic_last, "topic_last_id"),
    page_route(r"p/(?P<post_id>[0-9]{1,18})", pages.post, "post"),
    page_route(
        r"tags/c/(?P<path>[-\w/]{1,200})/(?P<name>[^/]{1,100})",
        pages.tag,
        "category_tag",
    ),
    page_route(r"tags/(?P<name>[^/]{1,100})", pages.tag, "tag"),
    page_route(
        f"u/{USER}/(?P<rest>summary|activity/.*|badges)", pages.user, "user_page"
    ),
    page_route(f"users/{USER}", pages.user, "user"),
    page_route(r"top/(?P<period>\w{1,20})", pages.top, "top"),
    page_route("(?:faq|tos|privacy)", pages.guidelines, "guidelines"),
    page_route("login", pages.login, "login"),
    page_route("signup", pages.signup, "signup"),
]
