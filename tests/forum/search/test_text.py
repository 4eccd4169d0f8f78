from forum.markup import render
from forum.search.text import Highlighter, identifier_parts, index_text, plain_text


def test_plain_text_keeps_words_apart_and_drops_markup():
    html = "<p>Hello <strong>lsst</strong></p><p>world &amp; more</p>"
    assert plain_text(html) == "Hello lsst world & more"


def test_plain_text_reads_math_as_text_never_as_character_references():
    html = render(r"Noise $\sigma^2 = \frac{1}{n}$ and $$\sqrt{x_i}$$")
    assert plain_text(html) == "Noise σ^2=1/n and √(x_i)"


def test_identifier_parts_split_dots_underscores_and_camel_case():
    assert identifier_parts("lsst.daf.butler") == ["lsst.daf", "lsst", "daf", "butler"]
    assert identifier_parts("processCcd.py") == ["processccd", "process", "ccd", "py"]
    assert identifier_parts("calexp_butler") == ["calexp", "butler"]
    assert identifier_parts("DiaObject") == ["dia", "object"]
    assert identifier_parts("calexp") == []


def test_index_text_appends_identifier_parts_once():
    assert index_text("use DiaObject and DiaObject") == (
        "use DiaObject and DiaObject dia object"
    )


def test_highlighter_escapes_text_and_marks_only_matches():
    highlighter = Highlighter(["script"])
    marked = highlighter.mark('<script>alert("x")</script> & script')
    assert marked == (
        "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt;"
        " &amp; <mark>script</mark>"
    )


def test_highlighter_marks_plurals_and_identifier_parts():
    highlighter = Highlighter(["image", "butler"])
    assert highlighter.mark("Images from lsst.daf.butler") == (
        "<mark>Images</mark> from <mark>lsst.daf.butler</mark>"
    )


def test_highlighter_marks_near_spellings_only_when_fuzzy():
    text = "forced photometry"
    assert "<mark>" not in Highlighter(["photomtery"]).mark(text)
    assert "<mark>photometry</mark>" in Highlighter(["photomtery"], fuzzy=True).mark(
        text
    )


def test_snippet_centres_on_first_match_with_ellipses():
    text = (
        " ".join(["filler"] * 100) + " the calexp is here " + " ".join(["tail"] * 100)
    )
    snippet = Highlighter(["calexp"]).snippet(text, length=120)
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "<mark>calexp</mark>" in snippet
    assert len(snippet) < 160


def test_snippet_without_match_is_the_start_of_the_text():
    assert Highlighter(["absent"]).snippet("short <b>text</b>") == (
        "short &lt;b&gt;text&lt;/b&gt;"
    )


def test_highlighter_marks_words_starting_with_the_word_being_typed():
    assert Highlighter(["pac"], prefix="pac").mark("alert packet") == (
        "alert <mark>packet</mark>"
    )
