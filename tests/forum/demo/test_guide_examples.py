"""The seeded guides promise no feature the forum lacks. (That every search they
quote finds something is checked on the shared demo forum, test_seed_demo.py.)"""

import re

from forum.demo.fixtures_format import parse_topic_file
from forum.demo.seeding import FIXTURES_DIR

# Promises of features the forum does not have (badges, polls, emoji
# reactions): a guide must not make them until the feature exists. Uploads,
# personal messages and moderators editing tags exist, so guides may mention them.
MISSING_FEATURES = [
    re.compile(r"\bbadges?\b", re.IGNORECASE),
    re.compile(r"\b(create|start|add) a poll", re.IGNORECASE),
    re.compile(r"\breact(ion)?s? with an? emoji", re.IGNORECASE),
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


def test_the_check_would_catch_a_promise():
    text = "Earn a badge for your first accepted answer."
    assert any(pattern.search(text) for pattern in MISSING_FEATURES)
