"""URLs for pages that print many of them (a topic list's rows, a topic page's
posts): each URL name is reversed once per process into a pattern, then filled
by string formatting, which costs a fraction of a reverse() per row. The result
is the URL reverse() gives; templates get it from the models' URL methods.

Also the site's own address: a path made absolute for what is read away from the
site (feeds, search engines' metadata), and whether a URL points at this site.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

# Stand-ins no real argument equals (valid for int, slug and str converters),
# swapped for format fields after one reverse().
_INT_SAMPLE = 2_147_480_000
_STR_SAMPLE = "xlinksamplex"
# What reverse() leaves unquoted in an argument: RFC 3986 sub-delims and /~:@.
_SAFE = "!$&'()*+,;=/~:@"


@cache
def _pattern(name: str, kinds: tuple[str, ...], prefix: str) -> str:
    # `prefix`, the script prefix reverse() puts first, keys the cache.
    samples = [
        str(_INT_SAMPLE + i) if kind == "int" else f"{_STR_SAMPLE}{i}x"
        for i, kind in enumerate(kinds)
    ]
    url = reverse(name, args=samples).replace("{", "{{").replace("}", "}}")
    for i, sample in enumerate(samples):
        url = url.replace(sample, f"{{{i}}}")
    return url


def link(name: str, *args: int | str) -> str:
    """`reverse(name, args=args)`, at the cost of a string format."""
    kinds = tuple("int" if isinstance(arg, int) else "str" for arg in args)
    values = [
        arg if isinstance(arg, int) else quote(str(arg), safe=_SAFE) for arg in args
    ]
    return _pattern(name, kinds, get_script_prefix()).format(*values)


@receiver(setting_changed)
def _forget_patterns(*, setting: str, **kwargs) -> None:
    """Tests that swap the URLconf or the script name get fresh patterns."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _pattern.cache_clear()


def absolute(url: str) -> str:
    """`url` as read away from the site. A path on this site gets SITE_URL before
    it (which may end in the path the site is served under); anything else (an
    image on another host, a relative path) is resolved against SITE_URL."""
    if url.startswith("/") and not url.startswith("//"):
        return settings.SITE_URL + url
    return urljoin(settings.SITE_URL + "/", url)


def on_this_site(url: str) -> bool:
    """Whether `url` names this site's host (and port), as SITE_URL does."""
    return urlsplit(url).netloc.lower() == urlsplit(settings.SITE_URL).netloc.lower()
