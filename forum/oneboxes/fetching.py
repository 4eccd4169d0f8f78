"""Fetch a page on another site to preview it, safely.

Server-side request forgery is the risk: a member could post a link to an
address only the server can reach. So only http and https; the address actually
connected to (after DNS, checked on the socket itself so a second DNS answer
cannot swap it) must be a public one; redirects are followed by hand, each
checked the same way; and the body is read only up to a size and a time limit.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_BYTES = 512 * 1024
TIMEOUT_SECONDS = 5
MAX_REDIRECTS = 3
USER_AGENT = "Meridian link preview (+https://github.com/)"


class Refused(Exception):
    """The URL may not be fetched, or its answer is unusable; says why."""


def _allowed_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    allowed = [ipaddress.ip_network(net) for net in settings.ONEBOX_ALLOWED_NETWORKS]
    if any(ip in network for network in allowed):
        return True
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _check_peer(sock) -> None:
    address = sock.getpeername()[0]
    if not _allowed_address(address):
        sock.close()
        raise Refused(f"refused: {address} is not a public address")


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self):
        sock = super()._new_conn()
        _check_peer(sock)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self):
        sock = super()._new_conn()
        _check_peer(sock)
        return sock


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPPool,
            "https": _GuardedHTTPSPool,
        }


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def _read(response: requests.Response) -> bytes:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    body = b""
    for chunk in response.iter_content(16 * 1024):
        body += chunk
        if len(body) > MAX_BYTES:
            raise Refused("refused: the page is too large")
        if time.monotonic() > deadline:
            raise Refused("refused: the page took too long")
    return body


def fetch_html(url: str) -> tuple[str, str]:
    """(final URL, HTML text) of `url`, or Refused saying why not."""
    with _session() as session:
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                raise Refused("refused: only http and https links are previewed")
            try:
                response = session.get(
                    url, timeout=TIMEOUT_SECONDS, stream=True, allow_redirects=False
                )
            except requests.RequestException as error:
                cause = error.__context__ or error
                while cause is not None and not isinstance(cause, Refused):
                    cause = cause.__context__
                raise cause or Refused("failed: the site did not answer") from error
            with response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                if response.status_code != 200:
                    raise Refused(f"failed: the site answered {response.status_code}")
                kind = response.headers.get("Content-Type", "")
                if "html" not in kind:
                    raise Refused("refused: not an HTML page")
                body = _read(response)
                return url, body.decode(response.encoding or "utf-8", "replace")
        raise Refused("refused: too many redirects")


@dataclass
class PageInfo:
    title: str = ""
    description: str = ""
    site_name: str = ""


class _MetaParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and "content" in values and key not in self.meta:
                self.meta[key] = values["content"] or ""
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data) -> None:
        if self._in_title:
            self.title += data


def _clean(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def page_info(url: str, html: str) -> PageInfo:
    """Title, description and site name from OpenGraph tags, else the <title>."""
    parser = _MetaParser()
    parser.feed(html)
    meta = parser.meta
    host = urlsplit(url).hostname or ""
    return PageInfo(
        title=_clean(
            meta.get("og:title") or meta.get("twitter:title") or parser.title, 300
        ),
        description=_clean(
            meta.get("og:description") or meta.get("description") or "", 500
        ),
        site_name=_clean(meta.get("og:site_name") or _known_site(host) or host, 100),
    )


def _known_site(host: str) -> str:
    """A tidy name for the sites this community links to most."""
    if host == "github.com" or host.endswith(".github.com"):
        return "GitHub"
    if host in ("arxiv.org", "www.arxiv.org", "export.arxiv.org"):
        return "arXiv"
    return ""
