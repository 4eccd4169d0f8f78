"""Cooking posts: what readers see for each piece of Markdown, and hostile input."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from forum.markup import mentioned_usernames, pipeline, render
from forum.markup.code import HIGHLIGHT_BUDGET, LANGUAGES
from forum.markup.limits import INLINE_PATTERNS, MAX_NESTING
from forum.markup.math import MATH_BUDGET


def max_length() -> int:
    return getattr(settings, "FORUM_MAX_POST_LENGTH", 32000)


def fill(unit: str) -> str:
    """`unit` repeated to exactly the longest post allowed."""
    length = max_length()
    return (unit * (length // len(unit) + 1))[:length]


def nesting_depth(html: str, tag: str) -> int:
    """How deep `tag` elements nest in `html`."""
    depth = deepest = 0
    for closing in re.findall(rf"<(/?){tag}>", html):
        depth += -1 if closing else 1
        deepest = max(deepest, depth)
    return deepest


# Markdown


def test_render_paragraph_with_emphasis():
    assert render("**bold** and *it*") == "<p><strong>bold</strong> and <em>it</em></p>"


def test_render_heading():
    assert render("## Data access") == "<h2>Data access</h2>"


def test_render_blockquote():
    assert render("> quoted") == "<blockquote>\n<p>quoted</p>\n</blockquote>"


def test_render_fenced_code_is_highlighted_with_css_classes():
    html = render("```python\ndef f():\n    pass\n```")

    assert html.startswith('<div class="language-python highlight"><pre>')
    assert '<span class="k">def</span>' in html
    assert "style=" not in html


def test_render_fenced_code_in_unknown_language_is_plain_text():
    html = render("```nosuchlanguage\nx = 1\n```")

    assert '<div class="language-text highlight">' in html
    assert "<code>x = 1\n</code>" in html


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_render_fenced_code_in_each_listed_language_is_highlighted(language):
    html = render(f"```{language}\nx = 1\n```")

    assert html.startswith(f'<div class="language-{language} highlight">')


def test_render_fenced_code_in_unlisted_language_is_plain_text():
    assert '<div class="language-text highlight">' in render("```scala\nval x\n```")


def test_render_code_past_the_highlight_budget_is_uncoloured():
    long_block = "```python\n" + "x = 1\n" * (HIGHLIGHT_BUDGET // 6) + "```"
    html = render(long_block + "\n\n```python\ny = 2\n```")

    assert html.endswith('<div class="highlight"><pre><code>y = 2</code></pre></div>')


def test_render_hostile_code_is_bounded():
    block = "```java\n" + "a " * (HIGHLIGHT_BUDGET // 2 - 200) + "\n```\n\n"
    html = render((block * (max_length() // len(block)))[: max_length()])

    assert len(html) < 12 * max_length()


def test_render_fenced_code_escapes_html():
    html = render("```\n<script>alert(1)</script>\n```")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html


def test_render_table_with_alignment():
    html = render("| a | b |\n|:--|--:|\n| 1 | 2 |")

    assert '<th align="left">a</th>' in html
    assert '<td align="right">2</td>' in html


def test_render_strikethrough():
    assert render("~~gone~~") == "<p><del>gone</del></p>"


def test_render_single_tildes_stay_text():
    assert render("from ~5 to ~10 K") == "<p>from ~5 to ~10 K</p>"


def test_render_task_list_has_disabled_checkboxes():
    html = render("- [ ] todo\n- [x] done")

    assert '<ul class="task-list">' in html
    assert '<li class="task-list-item"><input type="checkbox" disabled> todo' in html
    assert '<input type="checkbox" disabled checked> done' in html


def test_render_bare_url_becomes_link():
    assert render("see https://lsst.org/x?y=1") == (
        '<p>see <a href="https://lsst.org/x?y=1" rel="nofollow ugc noopener">'
        "https://lsst.org/x?y=1</a></p>"
    )


def test_render_www_address_becomes_link():
    assert '<a href="http://www.example.org"' in render("www.example.org")


def test_render_link_gets_rel():
    assert render("[docs](https://example.org)") == (
        '<p><a href="https://example.org" rel="nofollow ugc noopener">docs</a></p>'
    )


def test_render_site_link_has_no_rel():
    assert render("[topic](/t/calexp/12)") == '<p><a href="/t/calexp/12">topic</a></p>'


def test_render_mailto_link_kept():
    assert 'href="mailto:help@example.org"' in render("[mail](mailto:help@example.org)")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "javascript:1",
        "JaVaScRiPt:alert(1)",
        "jav&#x09;ascript:x",
    ],
)
def test_render_script_link_loses_href(url):
    assert render(f"[x]({url})") == "<p><a>x</a></p>"


def test_render_data_link_loses_href():
    assert render("[x](data:text/html,hi)") == "<p><a>x</a></p>"


def test_render_image_over_https_kept():
    assert render("![M31](https://example.org/m31.png)") == (
        '<p><img alt="M31" src="https://example.org/m31.png"></p>'
    )


def test_render_data_image_loses_src():
    assert render("![x](data:image/png;base64,iVBORw0KGgo=)") == '<p><img alt="x"></p>'


def test_render_raw_html_is_shown_as_text():
    assert render("<b onclick=alert(1)>hi</b>") == (
        "<p>&lt;b onclick=alert(1)&gt;hi&lt;/b&gt;</p>"
    )


def test_render_raw_script_block_is_shown_as_text():
    html = render("<script>\nalert(1)\n</script>")

    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_render_is_deterministic(db):
    raw = "# T\n\n$x$ @nobody `code` [a](https://e.org)\n\n```python\nx\n```"

    assert render(raw) == render(raw)


# Math


def test_render_inline_math_with_dollars():
    assert render("so $x^2$ here") == (
        "<p>so <math><msup><mi>x</mi><mn>2</mn></msup></math> here</p>"
    )


def test_render_inline_math_with_round_brackets():
    assert render(r"so \(y\) here") == "<p>so <math><mi>y</mi></math> here</p>"


def test_render_display_math_block_with_dollars():
    assert render("$$\n\\frac12\n$$") == (
        '<div class="math">\n<math display="block">'
        "<mfrac><mn>1</mn><mn>2</mn></mfrac></math>\n</div>"
    )


def test_render_display_math_block_with_square_brackets():
    assert '<math display="block"><mi>z</mi></math>' in render("\\[\nz\n\\]")


def test_render_display_math_inside_paragraph():
    assert render("where $$z$$ holds") == (
        '<p>where <math display="block"><mi>z</mi></math> holds</p>'
    )


def test_render_unconvertible_latex_shown_as_code():
    assert render(r"see $\frac{$ here") == r"<p>see <code>\frac{</code> here</p>"


def test_render_dollar_amounts_stay_text():
    assert render("costs $5 and $10") == "<p>costs $5 and $10</p>"


def test_render_escaped_dollars_stay_text():
    assert render(r"\$x\$") == "<p>$x$</p>"


def test_render_math_in_code_span_stays_code():
    assert render("`$x$`") == "<p><code>$x$</code></p>"


def test_render_math_in_fenced_block_stays_code():
    html = render("```\n$x$ \\(y\\)\n```")

    assert "<math" not in html
    assert "$x$ \\(y\\)" in html


def test_render_math_text_is_escaped():
    html = render(r"$\text{<script>alert(1)</script>}$")

    assert "<mtext>&lt;script&gt;alert(1)&lt;/script&gt;</mtext>" in html
    assert "<script" not in html


def test_render_math_link_loses_href():
    html = render(r"$\href{javascript:alert(1)}{x}$")

    assert "<mi>x</mi>" in html
    assert "href" not in html


def test_render_math_style_dropped():
    html = render(r"$\style{background:url(x)}{x}$")

    assert "<mi>x</mi>" in html
    assert "style" not in html


def test_render_math_keeps_presentation_attributes():
    assert '<mstyle mathcolor="red">' in render(r"$\color{red}{x}$")


def test_render_math_leaves_out_rows_around_single_elements():
    assert "<mfrac><mi>a</mi><mi>b</mi></mfrac>" in render(r"$\frac{a}{b}$")


def test_render_math_keeps_the_row_around_a_lone_operator():
    assert "<mrow><mo>&#x02212;</mo></mrow><mn>1</mn>" in render(r"${-}1$")


def test_render_math_past_the_budget_shown_as_code():
    expressions = MATH_BUDGET // 20
    html = render(" ".join(f"$x_{{{i}}}$" for i in range(expressions)))

    assert html.count("<math>") < expressions
    assert html.endswith(f"<code>x_{{{expressions - 1}}}</code></p>")


# Mentions


def test_render_mention_of_member_links_to_their_page(member):
    assert render("thanks @alice") == (
        '<p>thanks <a class="mention" href="/u/alice">@alice</a></p>'
    )


def test_render_mention_ignores_case_and_keeps_written_case(member):
    assert '<a class="mention" href="/u/alice">@Alice</a>' in render("@Alice")


def test_render_mention_of_unknown_user_is_text(db):
    assert render("thanks @nobody!") == "<p>thanks @nobody!</p>"


def test_render_mention_excludes_trailing_dot(member):
    assert render("ask @alice.") == (
        '<p>ask <a class="mention" href="/u/alice">@alice</a>.</p>'
    )


def test_render_mention_in_code_span_untouched(member):
    assert render("`@alice`") == "<p><code>@alice</code></p>"


def test_render_mention_in_code_block_untouched(member):
    assert "mention" not in render("```python\n@alice\ndef f(): pass\n```")


def test_render_mention_in_link_text_not_linked(member):
    assert render("[@alice](https://e.org)") == (
        '<p><a href="https://e.org" rel="nofollow ugc noopener">@alice</a></p>'
    )


def test_render_email_address_is_not_a_mention(member):
    assert "mention" not in render("write to bob@alice.org or x.alice@e.org")


def test_render_looks_up_all_mentions_in_one_query(
    member, other_member, django_assert_num_queries
):
    with django_assert_num_queries(1):
        html = render("@alice @bob @nobody @alice")

    assert html.count('class="mention"') == 3


def test_render_without_user_table_leaves_mentions_as_text(db):
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_elsewhere"')

    assert render("hi @alice") == "<p>hi @alice</p>"


def test_mentioned_usernames_returns_names_as_written(db):
    assert mentioned_usernames("@Alice and @bob.") == {"Alice", "bob"}


def test_mentioned_usernames_ignores_code_and_emails(db):
    raw = "`@carol`\n\n```\n@dave\n```\n\nmail erin@example.org, ask @frank"

    assert mentioned_usernames(raw) == {"frank"}


def test_mentioned_usernames_makes_no_query(member, django_assert_num_queries):
    with django_assert_num_queries(0):
        mentioned_usernames("@alice")


# Hostile input, as long as a post may be: each must render, with bounded output.


def test_render_skips_only_text_the_known_inline_patterns_cannot_match():
    # limits.py decides which text needs no inline pass from this list.
    patterns = pipeline._cook().md.inlinePatterns

    assert len(patterns) == len(INLINE_PATTERNS)
    assert all(name in patterns for name in INLINE_PATTERNS)


def test_render_nested_brackets_stay_text():
    half = max_length() // 2
    raw = "[" * half + "x" + "]" * half

    assert render(raw) == f"<p>{raw}</p>"


def test_render_unclosed_link_destinations_stay_text():
    html = render(fill("[x]("))

    assert html.startswith("<p>[x](") and "<a" not in html


def test_render_nested_emphasis_is_bounded():
    half = max_length() // 2

    assert len(render("*" * half + "x" + "*" * half)) < 4 * max_length()


def test_render_nested_emphasis_stops_at_the_nesting_limit():
    html = render(fill("*a ")[: max_length() // 2] + fill(" a*")[: max_length() // 2])

    assert nesting_depth(html, "em") == MAX_NESTING


def test_render_nested_quotes_stop_at_the_nesting_limit():
    html = render(fill("> "))

    assert nesting_depth(html, "blockquote") == MAX_NESTING


def test_render_same_line_nested_lists_stop_at_the_nesting_limit():
    html = render(fill("1. "))

    assert nesting_depth(html, "ol") == MAX_NESTING


def test_render_indented_nested_lists_are_bounded():
    lines = (" " * (i % 40) + "- x" for i in range(max_length() // 4))
    html = render("\n".join(lines)[: max_length()])

    assert nesting_depth(html, "ul") <= MAX_NESTING


def test_render_huge_table_is_bounded():
    raw = fill("|a|b|c|\n|-|-|-|\n" + "|1|`2`|**3**|\n" * 3000)

    assert len(render(raw)) < 4 * max_length()


def test_render_long_line():
    assert render(fill("a")) == "<p>" + fill("a") + "</p>"


def test_render_many_backticks():
    html = render(fill("`"))

    assert html == "<p>" + fill("`") + "</p>"


def test_render_unclosed_code_spans_are_bounded():
    assert len(render(fill("`a "))) < 4 * max_length()


def test_render_angle_bracket_storm_is_escaped():
    assert render(fill("<a ")) == "<p>" + fill("<a ").replace("<", "&lt;") + "</p>"


def test_render_unclosed_round_math_stays_text():
    html = render(fill("\\("))

    assert "<math" not in html


def test_render_many_dollars_are_bounded():
    assert len(render(fill("$x$ $ "))) < 8 * max_length()


def test_render_many_fenced_blocks_are_bounded():
    assert len(render(fill("```\n"))) < 12 * max_length()


def test_render_setext_headings_storm():
    html = render(fill("a\n=\n"))

    assert re.fullmatch(
        r"(<h1>a</h1>\n)*<h1>a</h1>|<pre><code>.*</code></pre>", html, re.S
    )


def test_render_post_with_too_much_markup_shown_as_source():
    raw = fill("*a* ")

    assert render(raw) == f"<pre><code>{raw}</code></pre>"


def test_render_aligned_math_as_a_table_of_aligned_columns():
    html = render("$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$")

    assert html.count("<mtr>") == 2
    assert '<mtd columnalign="right"><mi>a</mi></mtd>' in html
    assert "&amp;" not in html
