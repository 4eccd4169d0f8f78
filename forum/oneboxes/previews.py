"""Previews of other sites' pages: which links to fetch, fetching them, and the
cards the cooking gets for the ones fetched."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from forum import markup
from forum.core.links import on_this_site
from forum.markup import Preview

from .fetching import Refused, fetch_html, page_info
from .models import LinkPreview

logger = logging.getLogger(__name__)

# A failed fetch is tried again after this long; a good one is kept.
RETRY_AFTER = timedelta(days=1)


def urls_to_fetch(raw: str) -> list[str]:
    """The external links standing alone in `raw` with no usable preview yet."""
    urls = [url for url in markup.lone_urls(raw) if not on_this_site(url)][:10]
    known = LinkPreview.objects.filter(url__in=urls).filter(
        status=LinkPreview.Status.OK
    ) | LinkPreview.objects.filter(
        url__in=urls, fetched_at__gt=timezone.now() - RETRY_AFTER
    )
    done = set(known.values_list("url", flat=True))
    return [url for url in urls if url not in done]


def fetch_preview(url: str) -> LinkPreview:
    """Fetch `url` and store what it says about itself (or why it failed)."""
    fields = {"status": LinkPreview.Status.FAILED, "fetched_at": timezone.now()}
    try:
        final_url, html = fetch_html(url)
        info = page_info(final_url, html)
    except Refused as refusal:
        fields["reason"] = str(refusal)[:200]
        logger.info("link preview of %s: %s", url, refusal)
    else:
        if info.title:
            fields.update(
                status=LinkPreview.Status.OK,
                title=info.title,
                description=info.description,
                site_name=info.site_name,
                reason="",
            )
        else:
            fields["reason"] = "the page has no title"
    preview, _ = LinkPreview.objects.update_or_create(url=url, defaults=fields)
    return preview


def stored_previews(urls: set[str]) -> dict[str, Preview]:
    """The cooking's resolver: cards for the URLs fetched successfully."""
    external = [url for url in urls if not on_this_site(url)]
    if not external:
        return {}
    rows = LinkPreview.objects.filter(url__in=external, status=LinkPreview.Status.OK)
    return {
        row.url: Preview(
            url=row.url,
            title=row.title,
            site_name=row.site_name,
            description=row.description,
        )
        for row in rows
    }
