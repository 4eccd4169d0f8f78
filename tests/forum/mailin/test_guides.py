"""The seeded guides and the user guide say the same thing about "mailing list"."""

import re

import pytest
from django.conf import settings

from forum.demo.seeding import FIXTURES_DIR

TEXTS = {
    "guide 001": FIXTURES_DIR / "topics/001-new-to-the-forum.md",
    "guide 017": FIXTURES_DIR / "topics/017-email-notifications-categories-tags.md",
    "user guide": settings.BASE_DIR / "docs/user-guide.md",
}


@pytest.mark.parametrize("name", TEXTS)
def test_mailing_list_mode_means_every_post_you_may_read(name):
    text = " ".join(TEXTS[name].read_text().split())

    assert re.search(r"mailing-list mode", text, re.I), name
    assert re.search(r"every (new )?post", text), name


@pytest.mark.parametrize("name", TEXTS)
def test_no_text_calls_a_notification_level_the_mailing_list(name):
    text = " ".join(TEXTS[name].read_text().split())

    assert not re.search(r"mailing-list setting|is a mailing list for it", text), name
    assert not re.search(r"Watching first post\*\* on a category is like", text), name
