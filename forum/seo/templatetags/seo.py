"""`{% page_head %}`, `{% topic_head %}`, `{% category_head %}`: the canonical link,
description, sharing tags and JSON-LD in a page's <head>, from the page's context."""

from django import template
from django.conf import settings

from forum.core import live
from forum.core.links import absolute

from ..metadata import PageMeta, category_meta, topic_meta

register = template.Library()


def _page_number(request) -> int:
    value = request.GET.get("page", "") if request is not None else ""
    return int(value) if value.isdecimal() and 1 < int(value) < 100_000 else 1


def _head(context, meta: PageMeta) -> dict:
    return {
        "meta": meta,
        "site_name": live.get("SITE_NAME"),
        "search_engines_allowed": settings.SEARCH_ENGINES_ALLOWED,
    }


@register.inclusion_tag("seo/_head.html", takes_context=True)
def page_head(context) -> dict:
    """Any page: canonical at its path (and page number), the site's description."""
    request = context.get("request")
    url = ""
    if request is not None:
        page = _page_number(request)
        url = absolute(request.path) + (f"?page={page}" if page > 1 else "")
    meta = PageMeta(
        title=live.get("SITE_NAME"), description=live.get("SITE_DESCRIPTION"), url=url
    )
    return _head(context, meta)


@register.inclusion_tag("seo/_head.html", takes_context=True)
def topic_head(context) -> dict:
    meta = topic_meta(
        topic=context["topic"],
        posts=context["posts"],
        solution=context.get("solution"),
        page_number=context.get("page_number", 1),
    )
    return _head(context, meta)


@register.inclusion_tag("seo/_head.html", takes_context=True)
def category_head(context) -> dict:
    return _head(
        context,
        category_meta(context["category"], _page_number(context.get("request"))),
    )
