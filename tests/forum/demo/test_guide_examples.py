"""The seeded guides keep their word: every search they quote finds something in
the demo forum."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from forum.demo.fixtures_format import parse_topic_file
from forum.demo.seeding import FIXTURES_DIR, fill_in, seed_forum
from forum.search import services as search
from forum.search.query import parse

pytestmark = pytest.mark.django_db

SEARCH_GUIDE = "019-searching-with-filters"
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
# A code span that is a query: it uses a filter, a #category or an @author.
QUERY = re.compile(r"(^|\s)(#|@)[a-z]|\b(status|tags|in|order|after|before):\S")
# Syntax being explained (a date format, the category sign, how to mention
# someone), not something to type into the search box.
NOT_QUERIES = {"YYYY-MM-DD", "#", "@username"}


def guide_examples() -> list[str]:
    """Every search quoted in a seeded guide, after its template is filled in."""
    examples = set()
    for path in sorted((FIXTURES_DIR / "topics").glob("*.md")):
        topic = parse_topic_file(path)
        if topic.meta.get("demo"):
            continue
        for post in topic.posts:
            body = FENCED.sub("", fill_in(post.body))
            spans = set(CODE_SPAN.findall(body)) - NOT_QUERIES
            if topic.key == SEARCH_GUIDE:
                examples |= spans
            else:
                examples |= {span for span in spans if QUERY.search(span)}
    return sorted(examples)


def test_guides_quote_many_search_examples():
    seed_forum(demo=True)
    examples = guide_examples()

    assert len(examples) > 30
    assert {"qserv @dm-staff", "conda in:title", "#dp0 status:solved"} <= set(examples)


def test_every_search_example_in_the_guides_finds_something(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    seed_forum(demo=True)
    search.rebuild()

    finds_nothing = [
        example
        for example in guide_examples()
        if not search.search(parse(example), user=AnonymousUser()).results
    ]

    assert finds_nothing == []


# Promises of features the forum does not have (uploads, private messages,
# moderators editing tags): a guide must not make them until the feature exists.
MISSING_FEATURES = [
    re.compile(r"follow(s|ed)? up privately", re.IGNORECASE),
    re.compile(r"screenshots help", re.IGNORECASE),
    re.compile(r"moderators tidy", re.IGNORECASE),
    re.compile(r"\b(upload|attach) (a|an|your|the) (file|image|screenshot)", re.I),
]


def guide_texts() -> dict[str, str]:
    texts = {
        "docs/user-guide.md": (FIXTURES_DIR.parent / "docs/user-guide.md").read_text()
    }
    for path in sorted((FIXTURES_DIR / "topics").glob("*.md")):
        if not parse_topic_file(path).meta.get("demo"):
            texts[path.name] = path.read_text()
    return texts


def test_guides_promise_no_feature_the_forum_lacks():
    promises = [
        (name, pattern.pattern)
        for name, text in guide_texts().items()
        for pattern in MISSING_FEATURES
        if pattern.search(text)
    ]

    assert promises == []
