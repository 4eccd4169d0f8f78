"""The link-preview task under faults. Whatever goes wrong with the fetch (the
site down, slow, too large, redirecting to 127.0.0.1, the task itself crashing)
or with the broker, the post is saved as written and shows its link plain, with
the rest of its text intact; a later successful fetch turns the link into a card."""

import http.server
import threading
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.oneboxes import fetching, previews
from forum.oneboxes.models import LinkPreview
from forum.oneboxes.tasks import fetch_link_previews
from forum.topics import services
from forum.topics.events import drain_outbox
from forum.topics.models import PendingEvent, Post
from tests.faults import free_port, use_broker

from .conftest import PAGES

RAW = (
    "The **calibrated** exposures are described here:\n\n{url}\n\n"
    "Read them with `butler.get` and a dataId."
)
MODE = {"now": "ok"}


class _Flaky(http.server.BaseHTTPRequestHandler):
    """/paper as the test wants it now: answering, slow, huge or redirecting."""

    def do_GET(self) -> None:
        mode = MODE["now"]
        if mode == "redirect":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.loopback}/")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        if mode == "slow":
            for _ in range(30):
                self.wfile.write(b"<p>" + b"x" * 1000 + b"</p>")
                self.wfile.flush()
                threading.Event().wait(0.1)
        elif mode == "huge":
            self.wfile.write(b"<title>Huge</title>" + b"x" * (600 * 1024))
        else:
            self.wfile.write(PAGES["/paper"][2])

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def flaky_site(allow_stand_in, loopback_site):
    """(the page's URL, a function that starts its server): until started, the
    site is down (nothing listens on its port)."""
    port = free_port("127.0.0.2")
    servers = []

    def serve() -> None:
        server = http.server.ThreadingHTTPServer(("127.0.0.2", port), _Flaky)
        server.daemon_threads = True
        server.loopback = loopback_site.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)

    MODE["now"] = "ok"
    yield f"http://127.0.0.2:{port}/paper", serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _crash(url: str):
    raise RuntimeError("a bug in the fetcher")


def _assert_plain(post: Post, url: str) -> None:
    assert "onebox" not in post.cooked
    assert f'<a href="{url}"' in post.cooked
    assert "<strong>calibrated</strong>" in post.cooked
    assert "<code>butler.get</code>" in post.cooked


@pytest.mark.parametrize("fault", ["down", "slow", "huge", "redirect", "crash"])
def test_a_failed_fetch_leaves_the_link_plain_until_a_later_one_succeeds(
    flaky_site,
    topic,
    other_member,
    monkeypatch,
    django_capture_on_commit_callbacks,
    fault,
):
    url, serve = flaky_site
    monkeypatch.setattr(fetching, "TIMEOUT_SECONDS", 1)
    if fault == "crash":
        monkeypatch.setattr(previews, "fetch_html", _crash)
    if fault != "down":
        MODE["now"] = "ok" if fault == "crash" else fault
        serve()
    raw = RAW.format(url=url)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.create_post(author=other_member, topic=topic, raw=raw)
    post = Post.objects.get(pk=reply.pk)
    assert post.raw == raw
    _assert_plain(post, url)
    assert not LinkPreview.objects.filter(status=LinkPreview.Status.OK).exists()

    # The site is fixed; the next fetch (a day later, or the outbox's replay).
    monkeypatch.undo()
    MODE["now"] = "ok"
    if fault == "down":
        serve()
    LinkPreview.objects.update(fetched_at=timezone.now() - timedelta(days=2))
    fetch_link_previews(post.id, [url])
    post.refresh_from_db()
    assert '<div class="onebox">' in post.cooked
    assert "Deep coadds of the &lt;DP0&gt; field" in post.cooked
    assert "<strong>calibrated</strong>" in post.cooked
    assert post.raw == raw


@pytest.mark.django_db(transaction=True)
def test_a_post_with_a_link_is_saved_with_the_broker_down_and_carded_once_back(
    client, monkeypatch, flaky_site, topic, other_member
):
    url, serve = flaky_site
    serve()
    use_broker(monkeypatch, url=f"redis://127.0.0.1:{free_port()}/0")
    client.force_login(other_member)
    raw = RAW.format(url=url)
    response = client.post(reverse("topics:reply", args=[topic.id]), {"raw": raw})
    assert response.status_code == 302
    post = Post.objects.get(raw=raw)
    _assert_plain(post, url)
    assert "oneboxes" not in PendingEvent.objects.get(event="post_created").done

    use_broker(monkeypatch, url=None)  # the broker is back
    PendingEvent.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    assert drain_outbox() == 1
    post.refresh_from_db()
    assert '<div class="onebox">' in post.cooked
    assert "<strong>calibrated</strong>" in post.cooked
