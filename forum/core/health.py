"""Health of the services the site stands on, for `/healthz?deep=1`.

Each check answers (status, detail) with status "ok", "degraded" (the site works
without it: cache, broker, search, mail) or "down" (the site cannot serve: the
database). Apps on higher floors add their own with `register_check` (search
registers its index from its AppConfig), so core never imports them.
"""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from celery import current_app as app
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

OK, DEGRADED, DOWN = "ok", "degraded", "down"
CHECK_SECONDS = 3.0
Check = Callable[[], tuple[str, str]]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Report `check` under `name` in the deep health check."""
    _checks[name] = check


def cache_is_reachable() -> bool:
    """Whether the shared cache answers now (always true for a local one)."""
    ping = getattr(cache, "ping", None)
    return ping() if ping else True


def run_checks() -> dict[str, dict[str, str]]:
    """Every check's status and detail; a check that hangs or raises is reported,
    never propagated."""
    results = {}
    for name, check in _checks.items():
        try:
            status, detail = check()
        except Exception as error:
            status = DOWN if name == "database" else DEGRADED
            detail = f"{type(error).__name__}: {error}"[:300]
        results[name] = {"status": status, "detail": detail}
    return results


def _database() -> tuple[str, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return DOWN, f"{type(error).__name__}: {error}"[:300]
    return OK, connection.vendor


def _cache() -> tuple[str, str]:
    if cache_is_reachable():
        return OK, settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return DEGRADED, "unreachable: pages are served without the cache"


def _broker() -> tuple[str, str]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return OK, "tasks run in-process (no broker)"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_SECONDS)
    return OK, conn.as_uri()


def _storage() -> tuple[str, str]:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
    default_storage.delete(name)
    return OK, type(default_storage).__name__


def _mail() -> tuple[str, str]:
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return OK, settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    smtp_class = smtplib.SMTP_SSL if settings.EMAIL_USE_SSL else smtplib.SMTP
    with smtp_class(
        settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=CHECK_SECONDS
    ) as s:
        s.noop()
    return OK, f"smtp {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"


def _bounded(check: Check) -> Check:
    """`check`, but reported as degraded when it takes longer than CHECK_SECONDS."""

    def run() -> tuple[str, str]:
        pool = ThreadPoolExecutor(max_workers=1)
        try:
            return pool.submit(check).result(timeout=CHECK_SECONDS)
        except FutureTimeout:
            return DEGRADED, f"no answer within {CHECK_SECONDS:g} s"
        finally:
            pool.shutdown(wait=False)

    return run


register_check("database", _database)
register_check("cache", _cache)
register_check("broker", _bounded(_broker))
register_check("storage", _storage)
register_check("mail", _bounded(_mail))
