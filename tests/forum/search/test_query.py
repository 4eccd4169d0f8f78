from datetime import date

import pytest

from forum.search.query import MAX_QUERY_LENGTH, MAX_TERMS, ParsedQuery, parse


def test_parse_splits_words_and_phrases():
    query = parse('calexp "forced photometry"  diaobject')
    assert query.words == ("calexp", "diaobject")
    assert query.phrases == ("forced photometry",)
    assert query.warnings == ()


def test_parse_reads_every_filter():
    query = parse(
        "seeing #data-qa tags:alerts,Kafka @dm-staff status:solved in:title "
        "in:first after:2024-01-31 before:2024-06-01 order:likes"
    )
    assert query == ParsedQuery(
        words=("seeing",),
        categories=("data-qa",),
        tags=("alerts", "kafka"),
        usernames=("dm-staff",),
        status="solved",
        in_title=True,
        in_first=True,
        after=date(2024, 1, 31),
        before=date(2024, 6, 1),
        order="likes",
    )


def test_parse_keeps_code_identifiers_as_words():
    query = parse("lsst.daf.butler processCcd.py calexp_butler")
    assert query.words == ("lsst.daf.butler", "processCcd.py", "calexp_butler")


def test_parse_treats_unbalanced_quote_as_phrase_to_the_end():
    query = parse('alert "packet size')
    assert query.words == ("alert",)
    assert query.phrases == ("packet size",)
    assert query.warnings == ("A quote was not closed; the phrase runs to the end.",)


def test_parse_searches_unknown_filter_as_text_and_says_so():
    query = parse("colour:red seeing")
    assert query.words == ("colour:red", "seeing")
    assert query.warnings == (
        "“colour:” is not a search filter; it was searched as text.",
    )


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("status:maybe", "status: takes solved, unsolved, open or closed."),
        ("in:body", "in: takes title or first."),
        ("order:random", "order: takes latest, likes or views."),
        (
            "after:2024-13-45",
            "after: takes a date like 2024-01-31; “2024-13-45” was ignored.",
        ),
    ],
)
def test_parse_ignores_bad_filter_values_with_a_warning(text, warning):
    query = parse(text)
    assert query.is_empty
    assert query.warnings == (warning,)


def test_parse_does_not_take_times_or_urls_for_filters():
    query = parse("10:30 https://example.org std::vector")
    assert query.warnings == ()
    assert query.words == ("10:30", "https://example.org", "std::vector")


def test_parse_cuts_long_queries_and_many_terms():
    query = parse("word " * 5000)
    assert len(query.words) == 1
    many = parse(" ".join(f"w{n}" for n in range(50)))
    assert len(many.words) == MAX_TERMS
    assert any(str(MAX_QUERY_LENGTH) in warning for warning in query.warnings)


def test_parse_drops_control_characters():
    assert parse("cal\x00exp\u200b \x07seeing").words == ("cal", "exp", "seeing")


def test_parse_of_nothing_is_empty():
    for text in ("", "   ", '""', "\x00"):
        assert parse(text).is_empty


def test_parse_filters_alone_are_not_empty():
    query = parse("#support status:open")
    assert not query.has_text
    assert not query.is_empty


def test_parsed_query_prints_in_canonical_form():
    text = (
        'seeing "forced photometry" #data-qa tags:alerts,kafka @dm-staff '
        "status:solved in:title after:2024-01-31 before:2024-06-01 order:latest"
    )
    assert str(parse(text)) == text
    assert parse(str(parse(text))) == parse(text)


def test_parse_never_fails_on_naughty_strings(naughty_strings):
    for line in naughty_strings:
        query = parse(line)
        assert parse(str(query)) == query, line
