"""Test settings: the project's settings with fast, isolated defaults."""

import os
import tempfile

os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="meridian-test-"))

from forum.settings import *  # noqa: F403

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
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{_base}/{int(_db or 0) + _worker}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_RATE_LIMITS = False
SITE_URL = "http://testserver"
# Off by default so tests see their writes at once; its own tests turn it on.
FORUM_ANON_CACHE_SECONDS = 0
