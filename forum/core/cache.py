"""A Redis cache that the site survives losing.

Everything Meridian keeps in the cache can be rebuilt from the database, so while
Redis is unreachable every read is a miss, every write is dropped, and the pages,
sessions (`cached_db` falls back to the database) and API throttles (which then
fail open) keep working. One warning is logged when Redis goes away and one when it
is back. After a failure Redis is not asked again for RETRY_SECONDS, so a Redis that
hangs instead of refusing costs one socket timeout per interval, not one per call.

Invalidations that failed during the outage (deleted keys, bumped version numbers)
are replayed when Redis answers again: a Redis that was unreachable but kept its
data must not serve a signed-out session or a page built under old permissions.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("forum.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# Keys to invalidate after an outage, at most (a few megabytes of memory).
MAX_MISSED = 50_000


class _Outage:
    """Whether Redis is known to be down, and what to redo when it is back."""

    def __init__(self, retry_seconds: float) -> None:
        self.retry_seconds = retry_seconds
        self.down_until = 0.0
        self.is_down = False
        self.missed_deletes: set[str] = set()
        self.missed_bumps: set[str] = set()
        self.overflowed = False
        self.lock = threading.Lock()

    def should_skip(self) -> bool:
        return self.is_down and time.monotonic() < self.down_until

    def failed(self, operation: str, error: Exception) -> None:
        with self.lock:
            if not self.is_down:
                logger.warning(
                    "Cache unreachable (%s in %s): serving without it; cache "
                    "misses, sessions from the database, API throttles open.",
                    type(error).__name__,
                    operation,
                )
            self.is_down = True
            self.down_until = time.monotonic() + self.retry_seconds

    def remember(self, missed: set[str], keys) -> None:
        with self.lock:
            if len(self.missed_deletes) + len(self.missed_bumps) < MAX_MISSED:
                missed.update(keys)
            elif not self.overflowed:
                self.overflowed = True
                logger.warning(
                    "Cache outage: over %d missed invalidations; older values may "
                    "be served until they expire.",
                    MAX_MISSED,
                )


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, retry_seconds: float = 2.0, **options) -> None:
        super().__init__(servers, **options)
        self.outage = _Outage(retry_seconds)

    def _call(self, operation: str, fallback, *args):
        outage = self.outage
        if outage.should_skip():
            return fallback
        try:
            if outage.is_down:
                self._recover()
            return getattr(super(), operation)(*args)
        except UNREACHABLE as error:
            outage.failed(operation, error)
            return fallback

    def _recover(self) -> None:
        """Redo the invalidations missed while Redis was away, then use it again."""
        outage = self.outage
        with outage.lock:
            deletes, bumps = set(outage.missed_deletes), set(outage.missed_bumps)
        if deletes:
            super().delete_many(list(deletes))
        for key in bumps:
            try:
                super().incr(key, 1)
            except ValueError:
                # Version numbers start from the clock so an old one never returns.
                super().set(key, time.time_ns(), None)
        with outage.lock:
            outage.missed_deletes -= deletes
            outage.missed_bumps -= bumps
            outage.is_down = outage.overflowed = False
        logger.warning(
            "Cache reachable again; %d invalidations replayed.",
            len(deletes) + len(bumps),
        )

    def add(self, key, value, timeout):
        # False means "someone else holds it": deduplication and locks skip work.
        return self._call("add", False, key, value, timeout)

    def get(self, key, default):
        return self._call("get", default, key, default)

    def set(self, key, value, timeout):
        result = self._call("set", _FAILED, key, value, timeout)
        if result is _FAILED:
            # A value that could not be replaced must not outlive the outage.
            self.outage.remember(self.outage.missed_deletes, [key])

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        result = self._call("delete", _FAILED, key)
        if result is _FAILED:
            self.outage.remember(self.outage.missed_deletes, [key])
            return False
        return result

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def has_key(self, key):
        return self._call("has_key", False, key)

    def incr(self, key, delta):
        result = self._call("incr", _FAILED, key, delta)
        if result is _FAILED:
            self.outage.remember(self.outage.missed_bumps, [key])
            raise ValueError(f"Key {key!r} not reachable.")
        return result

    def set_many(self, data, timeout):
        if self._call("set_many", _FAILED, data, timeout) is _FAILED:
            self.outage.remember(self.outage.missed_deletes, data)

    def delete_many(self, keys):
        if self._call("delete_many", _FAILED, keys) is _FAILED:
            self.outage.remember(self.outage.missed_deletes, keys)

    def clear(self):
        return self._call("clear", False)

    def ping(self) -> bool:
        """Whether Redis answers now (for the health checks); never raises."""
        try:
            return bool(self.get_client(write=True).ping())
        except UNREACHABLE:
            return False


_FAILED = object()


class ResilientRedisCache(RedisCache):
    """Django's Redis cache with ResilientRedisCacheClient (see the module doc)."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def ping(self) -> bool:
        return self._cache.ping()
