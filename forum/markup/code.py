"""Fenced code blocks, highlighted by Pygments with CSS classes.

static/css/pygments.css styles the classes. superfences finds the fences (also
inside lists and quotes); this module formats them. Formatters and lexers are
built once per language and reused: building them costs more than highlighting
a typical block.
"""

import html
from functools import lru_cache
from typing import Any

import pygments
from markdown import Extension, Markdown
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

# Characters of code one post may have highlighted; each block also costs
# `BLOCK_COST`. Code past the budget is shown without colours.
HIGHLIGHT_BUDGET = 20_000
BLOCK_COST = 200


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer:
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return TextLexer()


@lru_cache(maxsize=64)
def _formatter(language: str) -> HtmlFormatter:
    return HtmlFormatter(cssclass=f"language-{language} highlight", wrapcode=True)


class CodeExtension(Extension):
    """The formatter superfences calls for every fenced block."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.left = HIGHLIGHT_BUDGET

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)

    def reset(self) -> None:
        self.left = HIGHLIGHT_BUDGET

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
        language = language or "text"
        if self.left < 0:
            code = html.escape(source, quote=False)
            return f'<div class="highlight"><pre><code>{code}</code></pre></div>'
        return pygments.highlight(source, _lexer(language), _formatter(language))
