"""/robots.txt and the sitemaps."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from forum.core.links import absolute

from .sitemaps import SITEMAPS

# Pages that are someone's own, or endless variations of a list: not for an index.
PRIVATE_PATHS = [
    "/accounts/",
    "/admin/",
    "/api/",
    "/bookmarks",
    "/demo/",
    "/digests/",
    "/drafts/",
    "/email/",
    "/level/",
    "/my/",
    "/new",
    "/notifications",
    "/preview",
    "/review",
    "/search",
    "/tags/suggest",
    "/u/",
    "/unread",
    "/users/",
    "/*?token=",
]


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    if not settings.SEARCH_ENGINES_ALLOWED:
        lines = ["User-agent: *", "Disallow: /"]
    else:
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS)]
        lines += ["", f"Sitemap: {absolute(reverse('seo:sitemap_index'))}"]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@require_GET
@sitemap_views.x_robots_tag
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Each section's sitemap pages, on SITE_URL (Django's own index view takes the
    domain from the sites framework's row instead)."""
    if not settings.SEARCH_ENGINES_ALLOWED:
        raise Http404("This site is closed to search engines.")
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute(reverse("seo:sitemap_section", args=[section]))
        last_mod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, last_mod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(
                sitemap_views.SitemapIndexItem(f"{location}?p={page}", last_mod)
            )
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )


@require_GET
def sitemap_section(request: HttpRequest, section: str) -> TemplateResponse:
    if not settings.SEARCH_ENGINES_ALLOWED:
        raise Http404("This site is closed to search engines.")
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)
