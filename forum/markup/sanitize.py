"""The allowlist every cooked post passes through: Markdown's HTML, MathML, Pygments.

Whatever the Markdown or the LaTeX says, only these elements, attributes, URL
schemes and classes reach a reader, so no script can run.
"""

import html
import re
from collections.abc import Iterator
from typing import Any

import bleach
from bleach.html5lib_shim import Filter
from pygments.token import STANDARD_TYPES

from forum.markup.oneboxes import CARD_CLASS, SOLVED_CLASS, SOURCE_CLASS
from forum.markup.uploads import LIGHTBOX_CLASS, is_upload_image_url

# An html5lib token, as bleach's filters see it.
Token = dict[str, Any]

# What the Markdown extensions in pipeline.py produce; raw HTML in a post is
# escaped before this point.
HTML_TAGS = frozenset({
    "a", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "input", "li", "ol", "p", "pre", "span", "strong",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
})  # fmt: skip

# What latex2mathml emits.
MATHML_TAGS = frozenset({
    "math", "menclose", "mfrac", "mi", "mn", "mo", "mover", "mpadded",
    "mphantom", "mroot", "mrow", "mspace", "msqrt", "mstyle", "msub", "msubsup",
    "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover",
})  # fmt: skip

# Presentation only: no MathML attribute may hold a link (href) or CSS (style).
MATHML_ATTRIBUTES = frozenset({
    "accent", "accentunder", "columnalign", "columnlines", "columnspacing",
    "depth", "display", "displaystyle", "fence", "form", "height", "largeop",
    "linebreak", "linethickness", "lspace", "mathbackground", "mathcolor",
    "mathsize", "mathvariant", "maxsize", "minsize", "movablelimits", "notation",
    "rowalign", "rowlines", "rowspacing", "rspace", "scriptlevel", "separator",
    "stretchy", "symmetric", "voffset", "width",
})  # fmt: skip

HTML_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "class"}),
    "div": frozenset({"class"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "input": frozenset({"type", "checked", "disabled"}),
    "li": frozenset({"class"}),
    "ol": frozenset({"start"}),
    "span": frozenset({"class"}),
    "td": frozenset({"align"}),
    "th": frozenset({"align"}),
    "ul": frozenset({"class"}),
}

PYGMENTS_CLASSES = frozenset(STANDARD_TYPES.values()) - {""}

# Classes the site's CSS gives meaning to; anything else is removed.
CLASSES: dict[str, frozenset[str]] = {
    "a": frozenset({"mention", LIGHTBOX_CLASS}),
    "div": frozenset({"highlight", "math", CARD_CLASS, SOURCE_CLASS}),
    "li": frozenset({"task-list-item"}),
    "span": PYGMENTS_CLASSES | {SOLVED_CLASS},
    "ul": frozenset({"task-list"}),
}
LANGUAGE_CLASS = re.compile(r"language-[\w+#.-]+")

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
# What a browser reads as a URL's scheme (WHATWG URL), checked after the same
# clean-up a browser does, because bleach lets "javascript:1" through.
SCHEME = re.compile(r"([a-z][a-z\d+.-]*):", re.IGNORECASE)
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
C0_OR_SPACE = "".join(chr(i) for i in range(0x21))
PROTOCOL_RELATIVE = re.compile(r"[/\\]{2}")

REL = "nofollow ugc noopener"


def _as_browser_reads(url: str) -> str:
    return TAB_OR_NEWLINE.sub("", html.unescape(url)).strip(C0_OR_SPACE)


def url_scheme(url: str) -> str | None:
    """Return the lower-cased scheme a browser would see in `url`, None if relative."""
    match = SCHEME.match(_as_browser_reads(url))
    return match.group(1).lower() if match else None


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if tag in MATHML_TAGS:
        return name in MATHML_ATTRIBUTES
    if name not in HTML_ATTRIBUTES.get(tag, ()):
        return False
    if name == "href":
        scheme = url_scheme(value)
        return scheme is None or scheme in LINK_SCHEMES
    if name == "src":
        # Relative sources only for images uploaded here (forum/markup/uploads.py).
        return url_scheme(value) in IMAGE_SCHEMES or is_upload_image_url(
            _as_browser_reads(value)
        )
    if name in ("width", "height"):
        return value.isascii() and value.isdigit() and len(value) <= 5
    if name == "type":
        return value.lower() == "checkbox"
    if name == "align":
        return value.lower() in {"left", "center", "right"}
    if name == "start":
        return value.isdigit()
    return True


def _allowed_class(tag: str, name: str) -> bool:
    return name in CLASSES.get(tag, ()) or (
        tag == "div" and LANGUAGE_CLASS.fullmatch(name) is not None
    )


class _Finish(Filter):
    """After bleach: prune classes, add rel to outside links, keep task checkboxes."""

    def __iter__(self) -> Iterator[Token]:
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"}:
                if token["name"] == "input" and not _is_task_checkbox(token["data"]):
                    continue
                _prune_classes(token)
                if token["name"] == "a" and _is_outside_link(token["data"]):
                    token["data"][(None, "rel")] = REL
            yield token


def _is_task_checkbox(attrs: dict[tuple[str | None, str], str]) -> bool:
    # The allowlist keeps "type" only when it is "checkbox". Any other input is
    # a form control, which a post has no use for.
    return (None, "type") in attrs and (None, "disabled") in attrs


def _prune_classes(token: Token) -> None:
    attrs = token["data"]
    if (None, "class") not in attrs:
        return
    names = attrs[(None, "class")].split()
    kept = [name for name in names if _allowed_class(token["name"], name)]
    if kept:
        attrs[(None, "class")] = " ".join(kept)
    else:
        del attrs[(None, "class")]


def _is_outside_link(attrs: dict[tuple[str | None, str], str]) -> bool:
    href = attrs.get((None, "href"))
    if href is None:
        return False
    # "//host/..." (and "\\host", which browsers read the same) leaves the site.
    return (
        url_scheme(href) is not None
        or PROTOCOL_RELATIVE.match(_as_browser_reads(href)) is not None
    )


def make_cleaner() -> bleach.Cleaner:
    """Return a Cleaner for cooked posts (not thread-safe: one per thread)."""
    return bleach.Cleaner(
        tags=HTML_TAGS | MATHML_TAGS,
        attributes=_allow_attribute,
        protocols=LINK_SCHEMES,
        strip=False,
        strip_comments=True,
        filters=[_Finish],
    )


# bleach's cost, measured per item of markup: about 15 µs a tag, 33 µs a
# MathML tag, 8 µs a character reference, next to nothing for plain text.
SANITIZE_BUDGET = 20_000  # in units of ~8 µs: about 0.15 s


def sanitize_cost(markup: str) -> int:
    """Estimate the time bleach needs for `markup`, in units of about 8 µs."""
    # Only markup built by the cooking starts with "<": text has "&lt;".
    mathml_tags = markup.count("<m") + markup.count("</m")
    return 2 * markup.count("<") + 2 * mathml_tags + markup.count("&")


def source_html(raw: str) -> str:
    """Show a post's Markdown as preformatted text (escaped: nothing to sanitize)."""
    return f"<pre><code>{html.escape(raw, quote=False)}</code></pre>"
