"""Math in posts, rendered on the server to MathML so it shows without a script.

The syntax is pymdownx.arithmatex's (its "smart dollar" rule keeps prices such as
"$5 and $10" as prose): ``$...$`` and ``\\(...\\)`` inline, ``$$...$$`` and
``\\[...\\]`` as blocks. Code spans and fenced blocks are parsed first, so math
inside them stays code.
"""

import re
import xml.etree.ElementTree as etree

from latex2mathml.converter import convert_to_element
from markdown import Extension, Markdown
from markdown.util import AtomicString
from pymdownx import arithmatex
from pymdownx.util import escape_chars

# Tells arithmatex to hand over the bare LaTeX, with no delimiters around it.
_ARITHMATEX_CONFIG = {"generic": True, "tex_inline_wrap": ["", ""]}


def math_element(latex: str, *, display: bool, tag: str) -> etree.Element:
    """Return `tag` (span or div) of class "math" holding the MathML for `latex`.

    LaTeX that latex2mathml cannot convert comes back as code showing the source.
    """
    try:
        mathml = convert_to_element(latex, display="block" if display else "inline")
    except Exception:
        # latex2mathml reports bad input with many exception types (its own, and
        # IndexError, RecursionError...): any of them means "show the source".
        return _source_as_code(latex, tag=tag)
    # The namespace is implied by the <math> tag in HTML.
    mathml.attrib.pop("xmlns", None)
    for node in mathml.iter():
        # latex2mathml stores symbols as character references ("&#x0003C;"),
        # which Markdown's serializer keeps; AtomicString stops Markdown from
        # parsing the user's \text{...} as Markdown.
        node.text = AtomicString(node.text) if node.text else None
        node.tail = AtomicString(node.tail) if node.tail else None
    wrapper = etree.Element(tag, {"class": "math"})
    wrapper.append(mathml)
    return wrapper


def _source_as_code(latex: str, *, tag: str) -> etree.Element:
    code = etree.Element("code")
    code.text = AtomicString(latex)
    if tag == "span":
        return code
    pre = etree.Element("pre")
    pre.append(code)
    return pre


class _InlineMath(arithmatex.InlineArithmatexPattern):
    """``$...$`` and ``\\(...\\)``; also ``$$...$$`` written inside a paragraph."""

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        node, start, end = super().handleMatch(m, data)
        if isinstance(node, str) or start is None or end is None:
            # An escaped backslash run, which arithmatex hands back as text.
            return node, start, end
        # Smart dollars match the inner "$x$" of "$$x$$"; take the outer pair
        # too and show it as display math, as the writer meant.
        display = (
            m.group(2) == "$"
            and data[start - 1 : start] == "$"
            and data[end : end + 1] == "$"
        )
        if display:
            start, end = start - 1, end + 1
        return math_element(node.text or "", display=display, tag="span"), start, end


class _BlockMath(arithmatex.BlockArithmatexProcessor):
    """A block that is only ``$$...$$`` or ``\\[...\\]``."""

    def generic_output(self, parent: etree.Element, math: str) -> None:
        parent.append(math_element(math, display=True, tag="div"))


class MathExtension(Extension):
    """Register the math syntax with the priorities arithmatex uses."""

    def extendMarkdown(self, md: Markdown) -> None:
        escape_chars(md, ["$"])
        inline = (
            f"(?:{arithmatex.RE_SMART_DOLLAR_INLINE}|{arithmatex.RE_BRACKET_INLINE})"
        )
        md.inlinePatterns.register(
            _InlineMath(inline, _ARITHMATEX_CONFIG), "math-inline", 189.9
        )
        block = (
            rf"(?s)^(?:{arithmatex.RE_DOLLAR_BLOCK}|{arithmatex.RE_BRACKET_BLOCK})[ ]*$"
        )
        md.parser.blockprocessors.register(
            _BlockMath(block, _ARITHMATEX_CONFIG, md), "math-block", 79.9
        )
