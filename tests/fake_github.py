"""A small fake GitHub on 127.0.0.1 for the real OAuth round trip.

It serves what allauth's GitHub provider uses (at the GitHub Enterprise layout
that `GITHUB_URL` selects): the authorize page, the access-token endpoint,
`/api/v3/user` and `/api/v3/user/emails`. tests/settings.py points GITHUB_URL at
FAKE_GITHUB_PORT; the `fake_github` fixture serves it and sets up the app.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.sites.models import Site

CLIENT_ID = "meridian-test-client"
CLIENT_SECRET = "meridian-test-secret"
CODE = "fake-code-123"
TOKEN = "fake-token-456"


@dataclass
class FakeGitHub:
    """What the fake answers; tests change it, then look at what it was asked."""

    url: str
    user: dict = field(default_factory=dict)
    emails: list = field(default_factory=list)
    # "ok", "deny" (the user clicks Cancel), "error" (GitHub reports an error
    # on the callback) or "token-error" (the token endpoint fails with a page).
    mode: str = "ok"
    requests: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.mode = "ok"
        self.requests.clear()
        self.user = {
            "id": 4242,
            "login": "nova-newcomer",
            "name": "Nova Newcomer",
            "email": "nova@example.org",
            "html_url": "https://github.example/nova-newcomer",
        }
        self.emails = [
            {"email": "nova@example.org", "primary": True, "verified": True},
        ]


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _send(self, status: int, body: str, content_type: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _json(self, payload) -> None:
            self._send(200, json.dumps(payload), "application/json")

        def _authorized(self) -> bool:
            if self.headers.get("Authorization") == f"token {TOKEN}":
                return True
            self._send(401, '{"message": "Bad credentials"}', "application/json")
            return False

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            fake.requests.append(f"GET {url.path}")
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/login/oauth/authorize":
                if query.get("client_id") != CLIENT_ID:
                    self._send(404, "<h1>Unknown OAuth app</h1>", "text/html")
                    return
                answer = {"state": query.get("state", "")}
                if fake.mode == "deny":
                    answer["error"] = "access_denied"
                elif fake.mode == "error":
                    answer["error"] = "temporarily_unavailable"
                else:
                    answer["code"] = CODE
                self.send_response(302)
                self.send_header(
                    "Location", f"{query['redirect_uri']}?{urlencode(answer)}"
                )
                self.end_headers()
            elif url.path == "/api/v3/user":
                if self._authorized():
                    self._json(fake.user)
            elif url.path == "/api/v3/user/emails":
                if self._authorized():
                    self._json(fake.emails)
            else:
                self._send(404, '{"message": "Not Found"}', "application/json")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length)).items()}
            form = {k.decode(): v.decode() for k, v in form.items()}
            fake.requests.append(f"POST {self.path}")
            if self.path != "/login/oauth/access_token":
                self._send(404, "", "text/plain")
            elif fake.mode == "token-error":
                page = "<html><h1>Unicorn! Something went wrong</h1></html>"
                self._send(502, page, "text/html")
            elif form.get("client_secret") != CLIENT_SECRET or form.get("code") != CODE:
                self._json({"error": "bad_verification_code"})
            else:
                self._json(
                    {"access_token": TOKEN, "token_type": "bearer", "scope": "user"}
                )

    return Handler


@functools.cache
def _serve() -> FakeGitHub:
    """Start the fake once per test process; it stops when the process ends."""
    url = f"http://127.0.0.1:{settings.FAKE_GITHUB_PORT}"
    assert settings.SOCIALACCOUNT_PROVIDERS["github"]["GITHUB_URL"] == url
    fake = FakeGitHub(url=url)
    address = ("127.0.0.1", settings.FAKE_GITHUB_PORT)
    server = ThreadingHTTPServer(address, _handler(fake))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake


@pytest.fixture
def fake_github(db) -> FakeGitHub:
    """The fake GitHub, reset, with Meridian's GitHub app set up in the database."""
    fake = _serve()
    fake.reset()
    app = SocialApp.objects.create(
        provider="github", name="GitHub", client_id=CLIENT_ID, secret=CLIENT_SECRET
    )
    app.sites.add(Site.objects.get_current())
    return fake
