"""Real-browser tests: Playwright driving Debian's Chromium (no browser download)."""

import contextlib
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
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
        # Let requests the page started finish first, including the reading
        # beacon sent when a page is left: the live server still writing while
        # the test database is flushed fails (SQLite) or deadlocks (PostgreSQL)
        # the flush.
        for page in context.pages:
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state("networkidle", timeout=5000)
                page.goto("about:blank")
        context.close()
    if contexts:
        time.sleep(0.5)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request):
    """Run a journey twice: with JavaScript on (htmx) and off (plain forms)."""
    return request.param
