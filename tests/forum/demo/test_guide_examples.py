"""The seeded guides promise no feature the forum lacks. (That every search they
quote finds something is checked on the shared demo forum, test_seed_demo.py.)"""

import re

from forum.demo.fixtures_format import parse_topic_file
from forum.demo.seeding import FIXTURES_DIR

# Promises of features the forum does not have (private messages, moderators
# editing tags): a guide must not make them until the feature exists. Uploads
# exist, so asking for a screenshot or a file is allowed.
MISSING_FEATURES = [
    re.compile(r"follow(s|ed)? up privately", re.IGNORECASE),
    re.compile(r"moderators tidy", re.IGNORECASE),
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
