"""`/healthz` is answered before the rest of the middleware (issue 18): the load
balancer's probe reads no session and fills no page cache, yet answers as before."""

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_reads(monkeypatch):
    """The names of the cache reads made while a test runs."""
    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            reads.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, counted)
    return reads


def test_healthz_reads_nothing_from_the_page_cache(client, settings, cache_reads):
    settings.FORUM_ANON_CACHE_SECONDS = 60
    response = client.get(reverse("core:healthz"))
    assert response.text == "ok"
    assert cache_reads == []


def test_healthz_is_plain_text_never_stored(client):
    response = client.get(reverse("core:healthz"))
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Length"] == "2"
    assert "Set-Cookie" not in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_healthz_still_refuses_a_host_not_allowed(client, settings):
    settings.ALLOWED_HOSTS = ["forum.example.org"]
    response = client.get(reverse("core:healthz"), HTTP_HOST="evil.example.com")
    assert response.status_code == 400


def test_deep_healthz_still_reports_every_check(client):
    response = client.get(reverse("core:healthz") + "?deep=1")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_other_pages_still_walk_the_whole_stack(client):
    response = client.get(reverse("core:guidelines"))
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"
