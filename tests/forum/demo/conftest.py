"""One generated or seeded forum per test module, not one per test.

Generating or seeding a forum takes tens of seconds, so a module's tests share
one. It is written inside a transaction that stays open while the module runs;
each test runs in a savepoint within it (pytest-django's usual rollback, so a
test's own changes never reach the next test), and the whole forum is rolled
back after the module's last test. As in every test, nothing is committed, so
the after-commit handlers (notifications, search index, page cache) never run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from forum.demo.seeding import SeedReport, seed_forum

# The largest forum any generator test asked for; the rarest thing it makes
# (topics continued from a reply, 1 in 100) needs its 1,000 topics.
GENERATED = {"users": 40, "topics": 1000, "posts": 3000, "seed": 6}


@contextmanager
def _rolled_back_after(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)


@pytest.fixture(scope="module")
def generated_forum(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The forum `generate_forum` makes of GENERATED's sizes; gives its output."""
    with _rolled_back_after(django_db_blocker):
        out = StringIO()
        with django_db_blocker.unblock():
            call_command(
                "generate_forum", workers=1, verbosity=0, stdout=out, **GENERATED
            )
        yield out.getvalue()


@pytest.fixture(scope="module")
def seeded_forum(django_db_setup, django_db_blocker) -> Iterator[SeedReport]:
    """The forum seeded from the project's fixtures/ without the demo people and
    discussions (as in production); gives the seeding's report."""
    with _rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            report = seed_forum()
        yield report


@pytest.fixture(scope="module")
def demo_forum(django_db_setup, django_db_blocker) -> Iterator[SeedReport]:
    """The demo forum (`seed_forum --demo`); gives the seeding's report."""
    with _rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            report = seed_forum(demo=True)
        yield report
