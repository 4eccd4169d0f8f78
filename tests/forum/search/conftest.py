"""Search fixtures. Behaviour tests run once per backend the database allows:
Whoosh always, PostgreSQL full-text search too when the tests run on PostgreSQL."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from forum.search import indexing, services
from forum.search.query import parse

ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
BACKENDS = ["whoosh", "postgres"] if ON_POSTGRES else ["whoosh"]


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings, tmp_path, db):
    """The backend under test, with a fresh Whoosh index directory per test."""
    settings.SEARCH_BACKEND = request.param
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    indexing.rebuild()
    return request.param


@pytest.fixture
def reindex(search_backend):
    """Index everything as it is now (the site does it after each commit)."""
    return indexing.rebuild


@pytest.fixture
def find(search_backend):
    """Search as `user` would from the search box."""

    def find_(text, user, **options):
        return services.search(parse(text), user=user, **options)

    return find_


@pytest.fixture(scope="session")
def naughty_strings() -> list[str]:
    """The Big List of Naughty Strings (comments and blank lines left out)."""
    path = Path(django_settings.BASE_DIR).parent / "shared/corpora/naughty/blns.txt"
    if not path.exists():
        pytest.skip(f"no naughty strings corpus at {path}")
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]
