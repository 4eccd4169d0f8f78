"""Live settings: forum rules that staff change in admin without a restart.

django-constance keeps the values staff saved (database backend); a rule nobody
changed reads its default from settings.py, so from the environment. `get(name)`
is the one way to read a live rule. Values are cached (one cache read per call,
one query after a change); apps that must react to a change (the seeded guides
quote some numbers) register a callback with `on_change`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from constance import config
from constance.signals import config_updated
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

CACHE_KEY = "live-settings"
CACHE_SECONDS = 300
_callbacks: list[Callable[[set[str]], None]] = []


def get(name: str):
    """The current value of the live rule `name` (lists by trust level as lists)."""
    if name not in settings.CONSTANCE_CONFIG:
        raise KeyError(f"{name} is not a live setting")
    stored = _stored()
    if name not in stored:
        return getattr(settings, name)
    value = stored[name]
    if isinstance(getattr(settings, name), list):
        return [int(part) for part in str(value).split(",")]
    return value


def _stored() -> dict:
    values = cache.get(CACHE_KEY)
    if values is None:
        # Constance's backend answers the rows staff saved, in one query.
        values = dict(config._backend.mget(settings.CONSTANCE_CONFIG))
        cache.set(CACHE_KEY, values, CACHE_SECONDS)
    return values


def on_change(callback: Callable[[set[str]], None]) -> None:
    """Call `callback(names)` after commit whenever staff change live settings."""
    _callbacks.append(callback)


def _changed(sender, key: str, old_value, new_value, **kwargs) -> None:
    cache.delete(CACHE_KEY)

    def notify() -> None:
        # Again after commit: a read between the save and the commit may have
        # cached the old value.
        cache.delete(CACHE_KEY)
        for callback in _callbacks:
            try:
                callback({key})
            except Exception:
                logger.exception("live setting %s: a change handler failed", key)

    transaction.on_commit(notify)


def connect() -> None:
    config_updated.connect(_changed, dispatch_uid="live-settings-changed")
