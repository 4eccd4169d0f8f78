"""Cooked HTML for places read away from the site (email, RSS)."""

import re

# Cooked HTML is serialised by bleach: attributes always in double quotes. A
# leading "//" or "/\" is another host, left alone.
_SITE_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?![/\\])')


def absolute_urls(cooked: str, site_url: str) -> str:
    """Make the site-relative links and images of `cooked` absolute."""
    return _SITE_RELATIVE.sub(lambda m: f"{m.group(1)}{site_url}/", cooked)


# "](/path" of an inline link or image; "](//host" is another site.
_MARKDOWN_RELATIVE = re.compile(r"\]\(/(?![/\\])")


def absolute_markdown_urls(raw: str, site_url: str) -> str:
    """Make the site-relative link and image targets of Markdown absolute (for
    the plain-text part of an email)."""
    return _MARKDOWN_RELATIVE.sub(f"]({site_url}/", raw)
