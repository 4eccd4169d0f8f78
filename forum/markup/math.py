"""Math in posts, rendered on the server to MathML so it shows without a script.

The syntax is pymdownx.arithmatex's (its "smart dollar" rule keeps prices such as
"$5 and $10" as prose): ``$...$`` and ``\\(...\\)`` inline, ``$$...$$`` and
``\\[...\\]`` as blocks. Code spans and fenced blocks are parsed first, so math
inside them stays code.
"""

import re
import xml.etree.ElementTree as etree
from typing import Any

from latex2mathml.converter import convert_to_element
from markdown import Extension, Markdown
from markdown.util import AtomicString
from pymdownx import arithmatex
from pymdownx.util import escape_chars

# Characters of LaTeX one post may have converted (latex2mathml takes up to
# ~10 µs a character); each expression also costs `EXPRESSION_COST`. Math past
# the budget is shown as its source.
MATH_BUDGET = 8_000
EXPRESSION_COST = 20

# arithmatex's "\(...\)", except that the math may not contain "\(": a run of
# unclosed "\(" then costs one scan, not one scan per "\(".
_ROUND_INLINE = (
    r"(?:(?<!\\)((?:\\{2})+?)(?=\\\()"
    r"|(?<!\\)(\\\()((?:\\[^()]|[^\\\x02\x03])+?)(?:\\\)))"
)
_INLINE = f"(?:{arithmatex.RE_SMART_DOLLAR_INLINE}|{_ROUND_INLINE})"
_BLOCK = rf"(?s)^(?:{arithmatex.RE_DOLLAR_BLOCK}|{arithmatex.RE_BRACKET_BLOCK})[ ]*$"

# latex2mathml has no `aligned`; its `split` is the same layout (an mtable of
# right- then left-aligned columns), so display math aligns on `&=`.
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")

# Tells arithmatex to hand over the bare LaTeX, with no delimiters around it.
_ARITHMATEX_CONFIG = {"generic": True, "tex_inline_wrap": ["", ""]}


class MathExtension(Extension):
    """Register the math syntax with the priorities arithmatex uses."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.left = MATH_BUDGET

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        escape_chars(md, ["$"])
        md.inlinePatterns.register(
            _InlineMath(_INLINE, _ARITHMATEX_CONFIG, self), "math-inline", 189.9
        )
        md.parser.blockprocessors.register(
            _BlockMath(_BLOCK, _ARITHMATEX_CONFIG, md, self), "math-block", 79.9
        )

    def reset(self) -> None:
        self.left = MATH_BUDGET

    def element(self, latex: str, *, display: bool, inline: bool) -> etree.Element:
        """Return the MathML for `latex`, or code showing the source.

        `inline` says whether the element goes inside a paragraph; `display`
        whether the math is set as a display formula.
        """
        self.left -= len(latex) + EXPRESSION_COST
        if self.left < 0:
            return _source_as_code(latex, inline=inline)
        try:
            math = convert_to_element(
                _ALIGNED.sub(r"\\\1{split}", latex),
                display="block" if display else "inline",
            )
        except Exception:
            # latex2mathml reports bad input with many exception types (its own,
            # and IndexError, RecursionError...): all mean "show the source".
            return _source_as_code(latex, inline=inline)
        _tidy(math, display=display)
        if inline:
            return math
        wrapper = etree.Element("div", {"class": "math"})
        wrapper.append(math)
        return wrapper


def _tidy(math: etree.Element, *, display: bool) -> None:
    # HTML implies the namespace, and "inline" is the default display; the
    # outer <mrow> latex2mathml adds changes nothing. Leaving them out keeps
    # the markup the sanitizer must parse small.
    math.attrib.clear()
    if display:
        math.set("display", "block")
    if len(math) == 1 and math[0].tag == "mrow" and not math[0].attrib:
        row = math[0]
        math.remove(row)
        math.extend(row)
    _drop_single_rows(math)
    for node in math.iter():
        # latex2mathml stores symbols as character references ("&#x0003C;"),
        # which Markdown's serializer keeps; AtomicString stops Markdown from
        # reading the user's \text{...} as Markdown.
        node.text = AtomicString(node.text) if node.text else None
        node.tail = AtomicString(node.tail) if node.tail else None


def _drop_single_rows(parent: etree.Element) -> None:
    """Replace each <mrow> holding a single element (not an <mo>) by that element.

    latex2mathml wraps every braced group in an <mrow>; one holding a single
    element changes nothing but the markup to sanitize. A lone operator keeps
    its row, which sets how it is spaced ("{-}" is TeX for an unspaced minus).
    """
    for index, child in enumerate(parent):
        _drop_single_rows(child)
        if (
            child.tag == "mrow"
            and not child.attrib
            and len(child) == 1
            and child[0].tag != "mo"
            and not child.text
            and not child[0].tail
        ):
            only = child[0]
            only.tail = child.tail
            parent[index] = only


def _source_as_code(latex: str, *, inline: bool) -> etree.Element:
    code = etree.Element("code")
    code.text = AtomicString(latex)
    if inline:
        return code
    pre = etree.Element("pre")
    pre.append(code)
    return pre


class _InlineMath(arithmatex.InlineArithmatexPattern):
    """``$...$`` and ``\\(...\\)``; also ``$$...$$`` written inside a paragraph."""

    def __init__(
        self, pattern: str, config: dict[str, Any], extension: MathExtension
    ) -> None:
        super().__init__(pattern, config)
        self.extension = extension

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
        math = self.extension.element(node.text or "", display=display, inline=True)
        return math, start, end


class _BlockMath(arithmatex.BlockArithmatexProcessor):
    """A block that is only ``$$...$$`` or ``\\[...\\]``."""

    def __init__(
        self,
        pattern: str,
        config: dict[str, Any],
        md: Markdown,
        extension: MathExtension,
    ) -> None:
        super().__init__(pattern, config, md)
        self.extension = extension

    def generic_output(self, parent: etree.Element, math: str) -> None:
        parent.append(self.extension.element(math, display=True, inline=False))
