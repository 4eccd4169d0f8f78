"""Cooking: Markdown in, safe HTML out, with one Markdown parser per thread."""

import threading
from dataclasses import dataclass

import bleach
from markdown import Markdown

from forum.markup.code import CodeExtension
from forum.markup.limits import LimitsExtension
from forum.markup.math import MathExtension
from forum.markup.mentions import MentionExtension, UsernameLookup, existing_usernames
from forum.markup.oneboxes import OneboxExtension
from forum.markup.sanitize import (
    SANITIZE_BUDGET,
    make_cleaner,
    sanitize_cost,
    source_html,
)
from forum.markup.uploads import UploadExtension


@dataclass(frozen=True)
class _Cook:
    """A thread's parser and cleaner; neither may be shared between threads."""

    md: Markdown
    mentions: MentionExtension
    cleaner: bleach.Cleaner


_local = threading.local()


def _build() -> _Cook:
    # Building a Markdown instance costs far more than converting a post.
    mentions = MentionExtension()
    code = CodeExtension()
    md = Markdown(
        extensions=[
            "tables",
            "pymdownx.superfences",
            code,
            "pymdownx.tilde",
            "pymdownx.tasklist",
            "pymdownx.magiclink",
            MathExtension(),
            mentions,
            OneboxExtension(),
            UploadExtension(),
            # Last: it replaces processors the extensions above registered.
            LimitsExtension(),
        ],
        extension_configs={
            # Alignment as an attribute: posts may not carry style attributes.
            "tables": {"use_align_attribute": True},
            "pymdownx.superfences": code.superfences_config(),
            # "~x~" would turn "~5 to ~10" into a subscript.
            "pymdownx.tilde": {"subscript": False},
        },
        output_format="html",
    )
    # Raw HTML is shown as written, not interpreted: the allowlist then only ever
    # sees markup built here, and no post can hand the HTML parser the deep or
    # misnested tag soup that makes it slow.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return _Cook(md=md, mentions=mentions, cleaner=make_cleaner())


def _cook() -> _Cook:
    cook = getattr(_local, "cook", None)
    if cook is None:
        cook = _local.cook = _build()
    return cook


def _to_html(cook: _Cook, raw: str, lookup: UsernameLookup) -> str:
    cook.mentions.lookup = lookup
    try:
        return cook.md.reset().convert(raw)
    except BaseException:
        # An interrupted conversion can leave the parser's state half-updated,
        # and reset() does not clear all of it: start afresh next time.
        _local.cook = None
        raise


def render(raw: str) -> str:
    """Return the safe HTML for a post's Markdown.

    A post that would make more markup than `SANITIZE_BUDGET` allows is shown as
    its source, as preformatted text.
    """
    cook = _cook()
    cooked = _to_html(cook, raw, existing_usernames)
    if sanitize_cost(cooked) > SANITIZE_BUDGET:
        # Only hostile or freak posts make this much markup (tens of thousands
        # of tags); sanitizing it would tie up the worker, so show the source.
        return source_html(raw)
    return cook.cleaner.clean(cooked)


def mentioned_usernames(raw: str) -> set[str]:
    """Return the @names a post mentions outside code, as written (no query)."""
    names: set[str] = set()

    def collect(written: set[str]) -> dict[str, str]:
        names.update(written)
        return {}

    _to_html(_cook(), raw, collect)
    return names
