"""Cooked HTML as plain text: for search, snippets and excerpts.

Math reads as the MathML's own characters with the structure spelled out the
way people type it in plain text (`x^2`, `1/2`, `√(x)`, rows split by `;`), so
an excerpt never shows nothing or character references such as `&#x003C3;`.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "ol", "p", "pre", "section", "summary", "table", "td",
    "th", "tr", "ul",
}  # fmt: skip
_SKIPPED = {"script", "style", "template"}

# What goes before the n-th child (from the second) of a MathML element.
_BETWEEN_CHILDREN = {
    "mfrac": ("/",),
    "msup": ("^",),
    "msub": ("_",),
    "msubsup": ("_", "^"),
    "mover": ("^",),
    "munder": ("_",),
    "munderover": ("_", "^"),
    "mroot": (" root ",),
}
_AROUND = {"msqrt": ("√(", ")"), "mtr": ("", "; ")}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.math: list[list] = []  # open MathML elements: [tag, children seen]

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "math" or self.math:
            self._math_start(tag)
        elif tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.math:
            self._math_end(tag)
        elif tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def _math_start(self, tag: str) -> None:
        if tag == "math":
            self.parts.append(" ")
        if self.math:
            parent = self.math[-1]
            parent[1] += 1
            between = _BETWEEN_CHILDREN.get(parent[0], ())
            if 2 <= parent[1] <= len(between) + 1:
                self.parts.append(between[parent[1] - 2])
        self.parts.append(_AROUND.get(tag, ("", ""))[0])
        self.math.append([tag, 0])

    def _math_end(self, tag: str) -> None:
        while self.math:
            open_tag, _ = self.math.pop()
            self.parts.append(_AROUND.get(open_tag, ("", ""))[1])
            if open_tag == tag:
                break
        if tag == "math":
            self.parts.append(" ")


def plain_text(html: str) -> str:
    """The readable text of cooked HTML, whitespace collapsed."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())


def excerpt(html: str, *, words: int = 40) -> str:
    """The first `words` words of cooked HTML as plain text."""
    text = plain_text(html).split()
    return " ".join(text[:words]) + (" …" if len(text) > words else "")
