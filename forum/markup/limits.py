"""Bounds on the parts of Python-Markdown that slow down sharply on hostile input.

Each bound is placed on the actual cause, found by profiling 32,000-character
posts, and leaves ordinary posts untouched:

* Link syntax: finding the end of ``[text`` and ``(destination`` scans forward
  one character at a time, from every ``[``, so "[[[[..." is quadratic. A post
  gets a budget of characters for that scanning; once spent, brackets stay text.
* Block structure: several block processors work on a block (the text between
  blank lines) a line or two at a time, and on every step search or split the
  whole rest of the block. They are made to do only what the step needs.
* Fenced code: superfences rebuilds the document's list of lines once per
  fenced block; it is made to do it once.
* Inline syntax: the inline pass tries every pattern on every piece of text,
  some 20 µs a piece; a huge table has tens of thousands. Text in which no
  pattern can start is marked to skip the pass.
* Nesting: lists and quotes nested past `MAX_NESTING` are read as text, instead
  of recursing until Python's stack runs out. Emphasis and strikethrough nested
  past it lose their markup: Python-Markdown copies and searches the list of
  open inline elements for every piece of text, quadratic in their depth.
"""

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.blockprocessors import (
    BlockProcessor,
    BlockQuoteProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ListIndentProcessor,
    OListProcessor,
    SetextHeaderProcessor,
    UListProcessor,
)
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    InlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.superfences import SuperFencesBlockPreprocessor

# Characters a conversion may scan looking for the ends of link texts and link
# destinations: many times what any real post needs.
LINK_SCAN_BUDGET = 100_000
# Longest "(destination "title")" of an inline link.
MAX_LINK_DESTINATION = 4096
# Deepest nesting of lists and quotes.
MAX_NESTING = 16

_BRACKET = re.compile(r"[\[\]]")
_TABLE_SEPARATOR = re.compile(r"[|: -]*")
_LINE = re.compile(r"^.*$", re.MULTILINE)


class _LinkScan:
    """What is left of a conversion's link-scanning budget."""

    def __init__(self) -> None:
        self.left = LINK_SCAN_BUDGET


class _BoundedLinks(LinkInlineProcessor):
    """Link syntax scanned within the conversion's budget."""

    def __init__(self, pattern: str, md: Markdown, scan: _LinkScan) -> None:
        super().__init__(pattern, md)
        self.scan = scan

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        """Return the text up to the "]" closing the "[" before `index`."""
        depth = 1
        # Jumping from bracket to bracket with a regex scans at C speed.
        for bracket in _BRACKET.finditer(data, index, index + self.scan.left):
            depth += 1 if bracket.group() == "[" else -1
            if depth == 0:
                end = bracket.end()
                self.scan.left -= end - index
                return data[index : end - 1], end, True
        self.scan.left = max(0, self.scan.left - (len(data) - index))
        return "", index, False

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        window = data[index : index + min(self.scan.left, MAX_LINK_DESTINATION)]
        href, title, end, handled = super().getLink(window, 0)
        # Python-Markdown ends some links with an unclosed title at -1, which
        # would cut the rest of the paragraph; that is not a link.
        if end < 0:
            return href, title, index, False
        self.scan.left -= end
        return href, title, index + end, handled


def _bounded(base: type[LinkInlineProcessor]) -> type[_BoundedLinks]:
    return type(f"Bounded{base.__name__}", (_BoundedLinks, base), {})


# Each Python-Markdown link processor, bounded, with the name and priority
# Python-Markdown registers it under.
_LINK_PROCESSORS = [
    (_bounded(ReferenceInlineProcessor), REFERENCE_RE, "reference", 170),
    (_bounded(LinkInlineProcessor), LINK_RE, "link", 160),
    (_bounded(ImageInlineProcessor), IMAGE_LINK_RE, "image_link", 150),
    (
        _bounded(ImageReferenceInlineProcessor),
        IMAGE_REFERENCE_RE,
        "image_reference",
        140,
    ),
    (_bounded(ShortReferenceInlineProcessor), REFERENCE_RE, "short_reference", 130),
    (
        _bounded(ShortImageReferenceInlineProcessor),
        IMAGE_REFERENCE_RE,
        "short_image_ref",
        125,
    ),
]


class _RemembersMiss(BlockProcessor):
    """For a test that searches the whole block for its construct.

    When a processor eats a line or two and queues the rest, the rest is a
    line-aligned tail of the block just tested: if the construct was not in the
    block it is not in the tail, so the search need not run again.
    """

    missed = ""

    def test(self, parent: etree.Element, block: str) -> bool:
        missed = self.missed
        before = missed[-len(block) - 1 : -len(block)] if block else None
        if before in ("", "\n") and missed.endswith(block):
            return False
        found = super().test(parent, block)
        if not found:
            self.missed = block
        return found


class _HashHeader(_RemembersMiss, HashHeaderProcessor):
    pass


class _HR(_RemembersMiss, HRProcessor):
    pass


class _SetextHeader(SetextHeaderProcessor):
    """Split off only the two header lines, not every line of the block."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        text, underline, *rest = blocks[0].split("\n", 2)
        blocks[0] = f"{text}\n{underline}"
        super().run(parent, blocks)
        blocks[0:0] = rest


class _Table(TableProcessor):
    """A table's test that reads the block only as far as it needs."""

    def test(self, parent: etree.Element, block: str) -> bool:
        # The upstream test splits and strips every line of the block first.
        head = block.split("\n", 2)
        if len(head) < 2 or not _TABLE_SEPARATOR.fullmatch(head[1].strip(" ")):
            return False
        if not super().test(parent, "\n".join(head[:2])):
            return False
        if len(self.separator) > 1 or len(head) == 2:
            return True
        # A one-column table needs a pipe at either end of every row.
        rows = (line.group().strip(" ") for line in _LINE.finditer(head[2]))
        return all(
            row.startswith("|") or self.RE_END_BORDER.search(row) for row in rows
        )


class _Fences(SuperFencesBlockPreprocessor):
    """superfences' preprocessor, putting the fenced blocks back in one pass."""

    def reassemble(self, lines: list[str]) -> list[str]:
        # Upstream rebuilds the whole list of lines once per fenced block.
        out: list[str] = []
        done = 0
        for fenced, start, end in self.stack:  # in document order
            out += lines[done:start]
            out.append(fenced)
            done = end
        self.stack.clear()
        return out + lines[done:]


class _Shallow(BlockProcessor):
    """Refuse to open a list or quote nested deeper than `MAX_NESTING`."""

    def test(self, parent: etree.Element, block: str) -> bool:
        # The parser's state holds one entry per open list or quote.
        return len(self.parser.state) < MAX_NESTING and super().test(parent, block)


class _Quote(_Shallow, BlockQuoteProcessor):
    pass


class _OList(_Shallow, OListProcessor):
    pass


class _UList(_Shallow, UListProcessor):
    pass


class _ListIndent(_Shallow, ListIndentProcessor):
    pass


def _cut_nesting(root: etree.Element, depth: int) -> None:
    """Unwrap what is nested more than `depth` levels inside `root`, keeping text."""
    level = [root]
    for _ in range(depth - 1):
        level = [child for parent in level for child in parent]
    for parent in level:
        if len(parent):
            text = "".join(parent.itertext())
            parent[:] = []
            parent.text = text


def _shallow(delimiters: InlineProcessor) -> None:
    """Make an emphasis-like processor nest its elements at most `MAX_NESTING` deep."""
    build = delimiters.handleMatch

    def handle_match(m: re.Match[str], data: str) -> Any:
        el, start, end = build(m, data)
        if el is not None:
            _cut_nesting(el, MAX_NESTING)
        return el, start, end

    delimiters.handleMatch = handle_match


# Every inline pattern registered in pipeline.py starts with one of these; the
# test suite checks that the list of patterns is still the one this was written
# for. ("\x02" starts Markdown's placeholders for text already parsed.)
_INLINE_START = re.compile(r"[`$\\\[<@&*_~\x02]| {2}\n|://|www\.", re.IGNORECASE)
INLINE_PATTERNS = frozenset({
    "backtick", "math-inline", "escape", "reference", "link", "image_link",
    "image_reference", "short_reference", "short_image_ref", "autolink", "automail",
    "linebreak", "magic-link", "magic-mail", "entity", "mention", "em_strong",
    "delimiter",
})  # fmt: skip


class _PlainText(Treeprocessor):
    """Mark text that no inline pattern can match, so the inline pass skips it."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.text and not _INLINE_START.search(el.text):
                el.text = AtomicString(el.text)
            if el.tail and not _INLINE_START.search(el.tail):
                el.tail = AtomicString(el.tail)


class LimitsExtension(Extension):
    """Swap Python-Markdown's slow processors for the bounded ones above."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scan = _LinkScan()

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        for bounded, pattern, name, priority in _LINK_PROCESSORS:
            md.inlinePatterns.register(bounded(pattern, md, self.scan), name, priority)
        # Just before the inline pass (priority 20).
        md.treeprocessors.register(_PlainText(md), "plain-text", 20.5)
        # Python-Markdown's "*" and "_", and pymdownx.tilde's "~~".
        _shallow(md.inlinePatterns["em_strong"])
        _shallow(md.inlinePatterns["delimiter"])
        blocks = md.parser.blockprocessors
        # Same names and priorities as Python-Markdown's own.
        blocks.register(_ListIndent(md.parser), "indent", 90)
        blocks.register(_HashHeader(md.parser), "hashheader", 70)
        blocks.register(_SetextHeader(md.parser), "setextheader", 60)
        blocks.register(_HR(md.parser), "hr", 50)
        blocks.register(_OList(md.parser), "olist", 40)
        blocks.register(_UList(md.parser), "ulist", 30)
        blocks.register(_Quote(md.parser), "quote", 20)
        table = blocks["table"]
        blocks.register(_Table(md.parser, table.config), "table", 75)
        # As superfences sets up its own preprocessor.
        superfences = md.preprocessors["fenced_code_block"]
        fences = _Fences(md)
        fences.config = superfences.config
        fences.extension = superfences.extension
        md.preprocessors.register(fences, "fenced_code_block", 25)

    def reset(self) -> None:
        self.scan.left = LINK_SCAN_BUDGET
