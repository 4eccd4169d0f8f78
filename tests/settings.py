"""Test settings: the project's settings with fast, isolated defaults."""

import os
import socket
import tempfile

os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="meridian-test-"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# allauth's GitHub provider reads its address once, at import: point it at the
# fake GitHub that tests/accounts/fake_github.py serves on this port.
FAKE_GITHUB_PORT = _free_port()
os.environ["GITHUB_URL"] = f"http://127.0.0.1:{FAKE_GITHUB_PORT}"

from forum.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process; the CI tests that need a real worker start one.
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:  # noqa: F405
    # One Redis database per xdist worker, counted from the one REDIS_URL names,
    # so clearing the cache between tests never touches another worker's.
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    _base, _, _db = REDIS_URL.rpartition("/")  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "forum.core.cache.ResilientRedisCache",
            "LOCATION": f"{_base}/{int(_db or 0) + _worker}",
            "OPTIONS": REDIS_CACHE_OPTIONS,  # noqa: F405
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["fragments"] = FRAGMENT_CACHE  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_RATE_LIMITS = False
SITE_URL = "http://testserver"

# Rate limits stay out of the way of tests that build data through the services;
# the tests of the limits themselves set them low again.
FORUM_TOPICS_PER_DAY = [1000, 1000, 1000]
FORUM_REPLIES_PER_MINUTE = [1000, 1000, 1000]
FORUM_LIKES_PER_DAY = [1000, 1000, 1000]
FORUM_FLAGS_PER_DAY = [1000, 1000, 1000]
FORUM_MESSAGES_PER_HOUR = [1000, 1000, 1000]

# Off by default so tests see their writes at once; its own tests turn it on.
FORUM_ANON_CACHE_SECONDS = 0

# Provider inbound webhooks are mounted only with a secret (forum/urls.py).
ANYMAIL = {"WEBHOOK_SECRET": "mailin:test-secret"}
