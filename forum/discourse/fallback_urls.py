"""Discourse's page URLs that would shadow Meridian's own if tried first
(`/c/<slug>/<id>` is Meridian's category page too; `/my/preferences` is
Meridian's): included last from forum/urls.py."""

from django.urls import re_path

from . import pages

app_name = "discourse_links"
urlpatterns = [
    re_path(
        r"^c/(?P<path>[-\w]{1,80}(?:/[-\w]{1,80})?)/?$",
        pages.category,
        name="category",
    ),
    re_path(r"^my/(?P<rest>[-\w/]{0,100})$", pages.my, name="my"),
]
