"""Real-browser tests: Playwright driving Debian's Chromium (no browser download)."""

import contextlib
import functools
import gc
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError
from django.core.servers.basehttp import ThreadedWSGIServer
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test import Client, TransactionTestCase
from django.test.testcases import LiveServerThread
from playwright.sync_api import Error as PlaywrightError

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM beside the page

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


def _chromium_descendants() -> list[int]:
    """Process ids of the Chromium processes this test process started."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    mine, changed = {os.getpid()}, True
    while changed:
        found = {pid for pid, parent in parents.items() if parent in mine}
        changed = not found <= mine
        mine |= found
    return [
        pid
        for pid in mine - {os.getpid()}
        if "chromium"
        in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    ]


def _kill_chromium() -> None:
    for pid in _chromium_descendants():
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser(launch_browser):
    """pytest-playwright's browser, closed without waiting forever: a Chromium
    that stops answering at the end of the run is killed, so the run ends."""
    launched = launch_browser()
    yield launched
    killer = threading.Timer(20, _kill_chromium)
    killer.start()
    with contextlib.suppress(PlaywrightError):
        launched.close()
    killer.cancel()


@pytest.fixture
def sign_in(page, live_server):
    """Sign `user` in through the real sign-in form."""

    def sign_in_as(user, password="correct horse battery"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", user.username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return sign_in_as


class _RequestsInFlight:
    """How many requests the live server is serving now (its thread's signals)."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()
        request_started.connect(self.started, weak=False)
        request_finished.connect(self.finished, weak=False)

    def started(self, **kwargs) -> None:
        with self.lock:
            self.count += 1

    def finished(self, **kwargs) -> None:
        with self.lock:
            self.count = max(0, self.count - 1)

    def wait_until_idle(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while self.count and time.monotonic() < deadline:
            time.sleep(0.05)


_IN_FLIGHT = _RequestsInFlight()


def _retry_while_the_live_server_holds_a_table(fixture_teardown):
    """On SQLite the live server's threads share the test's in-memory connection,
    so a statement of theirs not yet finalised (a request's last cursor, kept
    until garbage collection) fails the flush with "table is locked" and leaves
    the next test a dirty database. The flush is one transaction: retry it."""

    @functools.wraps(fixture_teardown)
    def flush(self):
        deadline = time.monotonic() + 10
        while True:
            try:
                return fixture_teardown(self)
            except CommandError as error:
                if "locked" not in str(error.__cause__) or time.monotonic() > deadline:
                    raise
                gc.collect()
                time.sleep(0.2)

    return flush


TransactionTestCase._fixture_teardown = _retry_while_the_live_server_holds_a_table(
    TransactionTestCase._fixture_teardown
)


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time. On SQLite its threads
    share the test's in-memory connection, and two requests at once on it can
    deadlock for good: one thread waits in SQLite for a Python SQL function
    (Django's TruncDate, for one) that needs the GIL, while the thread holding
    the GIL waits for SQLite's lock. The dashboard's six charts, fetched at once
    by the browser, did that and hung the whole run."""

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


if connection.vendor == "sqlite":
    LiveServerThread.server_class = _OneRequestAtATime


@pytest.fixture
def open_page(browser, live_server):
    """A fresh browser context: signed in as `user` (by session cookie), with
    JavaScript on or off, at a desktop or phone width."""
    contexts = []

    def open_as(user=None, *, js=True, width=1366, height=900, bypass_csp=False):
        context = browser.new_context(
            java_script_enabled=js,
            viewport={"width": width, "height": height},
            bypass_csp=bypass_csp,
        )
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        return context.new_page()

    yield open_as
    for context in contexts:
        _leave(context.pages)
        context.close()


@pytest.fixture
def page(page, live_server):
    """pytest-playwright's page, left before the live server's database is
    flushed: the plain fixture is closed only after that flush, so a reading
    beacon or a draft save it sent meanwhile wrote into a half-flushed database
    (seen: FOREIGN KEY constraint failed at the flush's commit)."""
    yield page
    _leave([page])


def _leave(pages) -> None:
    """Let requests the pages started finish, including the reading beacon sent
    when a page is left: the live server still writing while the test database
    is flushed fails (SQLite) or deadlocks (PostgreSQL) the flush."""
    for page in pages:
        with contextlib.suppress(PlaywrightError):
            page.wait_for_load_state("networkidle", timeout=5000)
            page.goto("about:blank")
    if pages:
        # A request the browser sent just before leaving (a beacon, a prefetch)
        # may still be running in the live server, and its after-commit work too.
        time.sleep(0.2)
        _IN_FLIGHT.wait_until_idle()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request):
    """Run a journey twice: with JavaScript on (htmx) and off (plain forms)."""
    return request.param
