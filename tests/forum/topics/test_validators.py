import pytest
from django.core.exceptions import ValidationError

from forum.topics.validators import clean_body, clean_tags, clean_title

# The length limits are live settings, read from the database.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("short", "at least 15 characters"),
        ("x" * 201, "at most 200 characters"),
        ("Calibrationcalibration", "at least 2 different words"),
        ("WHY DOES THE BUTLER FAIL", "capitals"),
        ("Help meeeeeeeeee please now", "repeats “e”"),
        ("ab ba ab ba ab ba ab ba", "different letters"),
    ],
)
def test_clean_title_says_which_rule(title, message):
    with pytest.raises(ValidationError, match=message):
        clean_title(title)


def test_clean_title_collapses_whitespace():
    assert clean_title("  Reading   calexp\n images ") == "Reading calexp images"


def test_clean_title_accepts_identifiers_and_acronyms():
    assert clean_title("DIAObject and DP0 calexp with lsst.daf.butler")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("too short", "at least 20 characters"),
        ("x" * 32001, "at most 32,000 characters"),
        ("THIS IS ALL SHOUTING AND NOTHING ELSE", "capitals"),
        ("Sooooooooo many letters in a row here", "repeats"),
    ],
)
def test_clean_body_says_which_rule(body, message):
    with pytest.raises(ValidationError, match=message):
        clean_body(body)


def test_code_and_math_may_shout_and_repeat():
    body = (
        "Run this:\n\n```\nSELECT * FROM DIAOBJECT; -- ==========\n```\n\n"
        "and $aaaaaaaaa$."
    )
    assert clean_body(body) == body


def test_clean_tags_rules(moderator):
    assert clean_tags(["DP0", "dp0", " butler "], may_create=True) == ["dp0", "butler"]
    with pytest.raises(ValidationError, match="at most 5 tags"):
        clean_tags([f"t{n}" for n in range(6)], may_create=True)
    with pytest.raises(ValidationError, match="not a valid tag"):
        clean_tags(["no spaces!"], may_create=True)
    with pytest.raises(ValidationError, match="Unknown tag"):
        clean_tags(["brand-new"], may_create=False)
