import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from forum.core.links import absolute, link, on_this_site


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("topics:detail", ["reading-calexp-images", 42]),
        ("topics:detail_post", ["a-b", 7, 3]),
        ("topics:like", [12]),
        ("accounts:profile", ["alice"]),
        ("accounts:profile", ["zoë o'brien"]),
        ("tags:detail", ["dp0-2"]),
        ("tags:detail", ["c++ & ml?#"]),
        ("tags:detail", ["50%"]),
        ("categories:detail_nested", ["support", "data-access", 5]),
        ("accounts:group_decide", ["Rubin Staff", 9, "approve"]),
    ],
)
def test_link_gives_what_reverse_gives(name, args):
    assert link(name, *args) == reverse(name, args=args)


def test_link_follows_a_changed_script_prefix():
    with override_settings(FORCE_SCRIPT_NAME="/forum/"):
        from django.urls import set_script_prefix

        set_script_prefix("/forum/")
        try:
            assert link("topics:like", 3) == "/forum/p/3/like"
        finally:
            set_script_prefix("/")
    assert link("topics:like", 3) == "/p/3/like"


SITE = "https://forum.example.org"


@pytest.mark.parametrize(
    ("site_url", "url", "expected"),
    [
        (SITE, "/t/a/1", f"{SITE}/t/a/1"),
        # A site served under a path: SITE_URL carries it, the path does not.
        ("https://example.org/forum", "/t/a/1", "https://example.org/forum/t/a/1"),
        (SITE, "/u/..", f"{SITE}/u/.."),
        # An image in a post may be on another host, or written relative.
        (SITE, "https://cdn.example.net/a.png", "https://cdn.example.net/a.png"),
        (SITE, "//cdn.example.net/a.png", "https://cdn.example.net/a.png"),
        (SITE, "a.png", f"{SITE}/a.png"),
    ],
)
def test_absolute_puts_the_site_before_its_own_paths(settings, site_url, url, expected):
    settings.SITE_URL = site_url
    assert absolute(url) == expected


@pytest.mark.parametrize(
    ("url", "ours"),
    [
        (f"{SITE}/t/a/1", True),
        ("http://FORUM.example.org/latest", True),
        ("https://forum.example.org:8443/t/a/1", False),
        ("https://example.org/t/a/1", False),
        ("https://forum.example.org.evil.test/t/a/1", False),
        # A bare path names no host.
        ("/t/a/1", False),
    ],
)
def test_on_this_site_compares_the_host_and_port(settings, url, ours):
    settings.SITE_URL = SITE
    assert on_this_site(url) is ours


# What a template may write by hand: the server-error page, which must render
# when anything else failed (the URLconf included), links to "/".
BY_HAND_ON_PURPOSE = {("core/unavailable.html", "/")}
URL_ATTRIBUTE = re.compile(
    r'(?:href|action|hx-get|hx-post|src|data-[a-z-]*url)="([^"]*)"'
)
# A path written out, or pieced together around template variables.
BUILT = re.compile(r"^/|\}\}/|/\{\{|%\}/")


def test_templates_build_no_url_by_hand():
    root = Path(settings.BASE_DIR) / "templates"
    found = sorted(
        (str(path.relative_to(root)), value)
        for path in root.rglob("*.html")
        for value in URL_ATTRIBUTE.findall(path.read_text())
        if BUILT.search(value)
        and (str(path.relative_to(root)), value) not in BY_HAND_ON_PURPOSE
    )
    assert found == [], "Use {% url %} or the model's URL method: " + repr(found)
