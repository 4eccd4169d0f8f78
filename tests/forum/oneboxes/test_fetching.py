"""Fetching a page to preview it: public addresses only (checked on the socket,
after DNS and after every redirect), http(s) only, size and time limits."""

import pytest

from forum.oneboxes import fetching
from forum.oneboxes.fetching import Refused, fetch_html, page_info


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.10",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 (an address to refuse, not to bind)
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(address, settings):
    settings.ONEBOX_ALLOWED_NETWORKS = []
    assert not fetching._allowed_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address, settings):
    settings.ONEBOX_ALLOWED_NETWORKS = []
    assert fetching._allowed_address(address)


def test_a_loopback_site_is_refused_when_connecting(stand_in_site, settings):
    settings.ONEBOX_ALLOWED_NETWORKS = []
    with pytest.raises(Refused, match=r"127\.0\.0\.2 is not a public address"):
        fetch_html(f"{stand_in_site}/paper")


def test_localhost_by_name_is_refused(loopback_site, settings):
    settings.ONEBOX_ALLOWED_NETWORKS = []
    with pytest.raises(Refused, match=r"127\.0\.0\.1 is not a public address"):
        fetch_html(f"http://localhost:{loopback_site.server_address[1]}/paper")


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://x"]
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(Refused, match="only http and https"):
        fetch_html(url)


def test_a_redirect_to_loopback_is_refused(
    stand_in_site, loopback_site, allow_stand_in
):
    port = loopback_site.server_address[1]
    with pytest.raises(Refused, match=r"127\.0\.0\.1 is not a public address"):
        fetch_html(f"{stand_in_site}/redirect-to/127.0.0.1:{port}/paper")


def test_a_redirect_to_an_allowed_page_is_followed(stand_in_site, allow_stand_in):
    target = stand_in_site.removeprefix("http://") + "/paper"
    url, html = fetch_html(f"{stand_in_site}/redirect-to/{target}")
    assert url.endswith("/paper")
    assert "Deep coadds" in html


def test_an_oversized_page_is_refused(stand_in_site, allow_stand_in):
    with pytest.raises(Refused, match="too large"):
        fetch_html(f"{stand_in_site}/huge")


def test_a_slow_page_is_refused(stand_in_site, allow_stand_in, monkeypatch):
    monkeypatch.setattr(fetching, "TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(fetching, "MAX_BYTES", 10 * 1024 * 1024)
    with pytest.raises(Refused, match="took too long"):
        fetch_html(f"{stand_in_site}/slow")


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/image.png", "not an HTML page"), ("/missing", "answered 404")],
)
def test_unusable_answers_are_refused(stand_in_site, allow_stand_in, path, reason):
    with pytest.raises(Refused, match=reason):
        fetch_html(f"{stand_in_site}{path}")


def test_opengraph_tags_win_over_the_title():
    info = page_info(
        "https://example.org/paper",
        '<title>T</title><meta property="og:title" content="A &amp; B">'
        '<meta name="description" content=" Long   text ">',
    )
    assert info.title == "A & B"
    assert info.description == "Long text"
    assert info.site_name == "example.org"


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://github.com/lsst/daf_butler/issues/12", "GitHub"),
        ("https://arxiv.org/abs/2206.01234", "arXiv"),
    ],
)
def test_github_and_arxiv_get_a_tidy_site_name(url, site):
    assert page_info(url, "<title>Paper</title>").site_name == site
