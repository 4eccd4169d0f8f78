"""Redis down is not site down: a private redis-server is killed under the site, and
pages, sign-in, posting, sessions and the API keep working from the database."""

import json
import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from forum.topics.models import Post
from tests.faults import PrivateRedis, TcpProxy, needs_redis_server

pytestmark = [pytest.mark.django_db, needs_redis_server]


@pytest.fixture
def redis_cache(settings):
    """The site's cache and sessions on a private Redis this test may kill."""
    private_redis = PrivateRedis()
    private_redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "forum.core.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {**settings.REDIS_CACHE_OPTIONS, "retry_seconds": 0},
        },
        "fragments": settings.FRAGMENT_CACHE,
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.FORUM_ANON_CACHE_SECONDS = 60
    cache.set("probe", 1)
    assert cache.get("probe") == 1
    yield private_redis
    private_redis.stop()


def test_pages_sign_in_and_posting_work_after_redis_is_killed(
    client, redis_cache, topic, other_member, caplog
):
    url = reverse("topics:detail", args=[topic.slug, topic.id])
    assert client.get(url).status_code == 200  # fills the anonymous page cache
    redis_cache.kill()

    with caplog.at_level(logging.WARNING, logger="forum.cache"):
        assert client.get(url).status_code == 200
        assert client.get(reverse("topics:latest")).status_code == 200
        signed_in = client.post(
            reverse("account_login"),
            {"login": "bob", "password": "correct horse battery"},
        )
        assert signed_in.status_code == 302, signed_in.text[:500]
        assert client.get(reverse("home")).status_code == 200
        reply = client.post(
            reverse("topics:reply", args=[topic.id]),
            {"raw": "Still answering while the cache is down."},
        )
    assert reply.status_code in (200, 302)
    assert Post.objects.filter(raw__startswith="Still answering").exists()
    assert "Cache unreachable" in caplog.text


def test_api_throttles_fail_open_without_redis(client, redis_cache, topic, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "2/min", "write": "2/min"},
    }
    redis_cache.kill()
    statuses = {client.get("/api/v1/topics").status_code for _ in range(4)}
    assert statuses == {200}


def test_healthz_is_200_with_the_cache_marked_degraded(client, redis_cache):
    assert client.get(reverse("core:healthz")).text == "ok"
    redis_cache.kill()
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert "cache: degraded" in response.text


def test_deep_health_check_reports_each_dependency(client, redis_cache):
    redis_cache.kill()
    response = client.get(reverse("core:healthz") + "?deep=1")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert set(body["checks"]) >= {
        "database",
        "cache",
        "broker",
        "search",
        "storage",
        "mail",
    }
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "degraded"


def test_invalidations_missed_while_redis_hangs_are_replayed(settings):
    """A Redis that stopped answering but kept its data must not serve old values."""
    redis = PrivateRedis(tcp=True)
    redis.start()
    proxy = TcpProxy("127.0.0.1", redis.port)
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "forum.core.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{proxy.port}/0",
                "OPTIONS": {
                    "socket_connect_timeout": 0.2,
                    "socket_timeout": 0.2,
                    "retry_seconds": 0,
                },
            }
        }
        cache.set("session:alice", "signed in", None)
        cache.set("access-version", 5, None)
        proxy.hang()
        cache.delete("session:alice")  # she signs out while Redis hangs
        with pytest.raises(ValueError):
            cache.incr("access-version")  # a permission changes
        assert cache.get("session:alice") is None
        proxy.resume()

        assert cache.get("session:alice") is None
        assert cache.get("access-version") == 6
    finally:
        proxy.close()
        redis.stop()
