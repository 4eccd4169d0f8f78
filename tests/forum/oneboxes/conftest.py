"""A stand-in web site on a loopback address, for link previews to fetch."""

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

PAGES = {
    "/paper": (
        200,
        "text/html; charset=utf-8",
        b"<html><head><title>Fallback title</title>"
        b'<meta property="og:title" content="Deep coadds of the &lt;DP0&gt; field">'
        b'<meta property="og:description" content="We describe   the coadds.">'
        b'<meta property="og:site_name" content="Stand-in Journal"></head></html>',
    ),
    "/plain": (
        200,
        "text/html",
        b"<html><head><title> Just a title </title></head></html>",
    ),
    "/image.png": (200, "image/png", b"\x89PNG\r\n"),
    "/missing": (404, "text/html", b"<title>Not here</title>"),
    "/huge": (200, "text/html", b"<title>Huge</title>" + b"x" * (600 * 1024)),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/redirect-to/"):
            self.send_response(302)
            self.send_header(
                "Location", "http://" + self.path.removeprefix("/redirect-to/")
            )
            self.end_headers()
            return
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"x" * 20_000 + b"</p>")
                self.wfile.flush()
                time.sleep(0.1)
            return
        status, kind, body = PAGES.get(self.path, (404, "text/html", b""))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def stand_in_site() -> Iterator[str]:
    """http://127.0.0.2:<port>: loopback, so refused unless a test allows it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.2:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def loopback_site() -> Iterator[str]:
    """The same site on 127.0.0.1, which is never allowed: it must see no request."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


@pytest.fixture
def allow_stand_in(settings):
    settings.ONEBOX_ALLOWED_NETWORKS = ["127.0.0.2/32"]
