"""Fenced code blocks, highlighted by Pygments with CSS classes.

static/css/pygments.css styles the classes. superfences finds the fences (also
inside lists and quotes); this module formats them.

Pygments lexers are regular expressions, and many rules of many lexers scan to
the end of the block from every position they are tried at: quadratic, and worse
for a few, on hostile code (8,000 characters of "\\n " kept the C lexer busy for
seconds). So only the languages listed below are highlighted, and a post may
have `HIGHLIGHT_BUDGET` characters highlighted; past it, code is uncoloured.
A block is lexed exactly if the square of its length fits what is left of
`EXACT_BUDGET` (which bounds the quadratic worst case); otherwise each rule may
look at most `MATCH_WINDOW` characters ahead, so a comment or string longer than
that may be coloured as code.
"""

import html
from collections.abc import Callable
from functools import cache
from re import Match, Pattern
from typing import Any

import pygments
from markdown import Extension, Markdown
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer

HIGHLIGHT_BUDGET = 8_000
# Each block also costs this much of the budget.
BLOCK_COST = 200
# In characters squared: one block of 1,000 characters, or four of 500.
EXACT_BUDGET = 1_000_000
MATCH_WINDOW = 500

# Languages a science forum's posts use, whose Pygments lexers stay close to
# linear on hostile input once windowed (checked with runs of quotes,
# backslashes, brackets, blank lines... at 8,000 characters). Scala, Makefile,
# SAS, console sessions and reStructuredText failed that check.
LANGUAGES = frozenset({
    "bash", "bibtex", "c", "c++", "cfg", "cmake", "cpp", "csharp", "css", "cuda",
    "diff", "docker", "dockerfile", "f90", "fortran", "glsl", "go", "graphql",
    "haskell", "html", "idl", "ini", "java", "javascript", "jl", "js", "json",
    "julia", "kotlin", "latex", "lua", "matlab", "mysql", "nim", "octave", "perl",
    "php", "postgresql", "protobuf", "py", "py3", "python", "python3", "pytb", "r",
    "rb", "rs", "ruby", "rust", "sh", "shell", "sql", "tcl", "tex", "toml", "ts",
    "typescript", "xml", "yaml", "yml", "zig", "zsh",
})  # fmt: skip

_Match = Callable[..., Match[str] | None]
_TEXT = TextLexer()


def _windowed(match: _Match) -> _Match:
    # Pygments stores each rule as its compiled pattern's bound match method.
    pattern: Pattern[str] = match.__self__

    def windowed(text: str, pos: int = 0, end: int | None = None) -> Match[str] | None:
        stop = pos + MATCH_WINDOW if end is None else min(end, pos + MATCH_WINDOW)
        return pattern.match(text, pos, stop)

    return windowed


@cache
def _lexer(language: str, *, windowed: bool) -> Lexer:
    """Return the lexer for one of `LANGUAGES`, its rules windowed if asked."""
    lexer = get_lexer_by_name(language)
    # A regex lexer's compiled rules: (match function, action, next state).
    # The JSON lexer has none: it is hand-written, and linear.
    rules = getattr(lexer, "_tokens", None)
    if windowed and rules is not None:
        lexer._tokens = {
            state: [(_windowed(match), action, then) for match, action, then in found]
            for state, found in rules.items()
        }
    return lexer


@cache
def _formatter(language: str) -> HtmlFormatter:
    return HtmlFormatter(cssclass=f"language-{language} highlight", wrapcode=True)


def _plain(source: str) -> str:
    code = html.escape(source, quote=False)
    return f'<div class="highlight"><pre><code>{code}</code></pre></div>'


class CodeExtension(Extension):
    """The formatter superfences calls for every fenced block."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.left = HIGHLIGHT_BUDGET
        self.exact_left = EXACT_BUDGET

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)

    def reset(self) -> None:
        self.left = HIGHLIGHT_BUDGET
        self.exact_left = EXACT_BUDGET

    def superfences_config(self) -> dict[str, Any]:
        """Return the superfences settings that route every fence to `format`."""
        fence = {"name": "*", "class": "highlight", "format": self.format}
        return {"custom_fences": [fence]}

    def format(
        self, source: str, language: str, class_name: str, options: Any, md: Markdown,
        **kwargs: Any,
    ) -> str:  # fmt: skip
        """Return the HTML for one fenced block (superfences' formatter API)."""
        self.left -= len(source) + BLOCK_COST
        language = language.lower()
        if self.left < 0:
            return _plain(source)
        if language not in LANGUAGES:
            return pygments.highlight(source, _TEXT, _formatter("text"))
        exact = len(source) ** 2 <= self.exact_left
        if exact:
            self.exact_left -= len(source) ** 2
        lexer = _lexer(language, windowed=not exact)
        return pygments.highlight(source, lexer, _formatter(language))
