import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("core:healthz"))
    assert response.text == "ok"


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy


def test_disclaimer_and_guidelines_link_on_every_page(client):
    text = client.get(reverse("topics:latest")).text
    assert settings.FORUM_DISCLAIMER in text
    assert 'href="/guidelines"' in text


def test_guidelines_page(client):
    assert "Community guidelines" in client.get(reverse("core:guidelines")).text


def test_unknown_page_is_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Back to the forum" in response.text


def test_production_settings_refuse_to_start_without_secret_key(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "",
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "forum.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_unacknowledged_tasks_return_in_minutes_but_never_before_their_delay():
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.FORUM_EMAIL_DELAY * 2 < timeout <= 900


def test_favicon_ico_is_served_at_the_root(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    # An ICO file starts with a reserved zero word and type 1.
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_pages_link_the_svg_favicon(client):
    text = client.get(reverse("home")).text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in text


# Reads the settings module afresh for each set of variables, in one process
# that never loads the apps: as `make run` starts, without its cost each time.
SITE_URLS = """
import json, os, runpy, sys
for variables in json.loads(sys.argv[1]):
    for key in ("SITE_URL", "PORT", "DEBUG"):
        os.environ.pop(key, None)
    os.environ.update(variables)
    print(runpy.run_path("forum/settings.py")["SITE_URL"])
"""


def site_urls_with(tmp_path, *variants: dict[str, str]) -> list[str]:
    env = {**os.environ, "VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", SITE_URLS, json.dumps(variants)],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return result.stdout.split()


def test_site_url_follows_the_port_make_run_serves_on(tmp_path):
    assert site_urls_with(
        tmp_path,
        {},
        {"PORT": "8001"},
        {"PORT": "8001", "SITE_URL": "https://forum.example.org/"},
    ) == [
        "http://127.0.0.1:8000",
        "http://127.0.0.1:8001",
        "https://forum.example.org",
    ]
