"""Link previews ("oneboxes"): a link alone on its line becomes a card.

The cooking does not look anything up itself: apps register resolvers with
`add_resolver` at start-up (topics for this forum's own
topics, oneboxes for pages fetched from other sites). Each gets the URLs that
stand alone in a post and answers the previews it has; a URL nobody answers for
stays a plain link. Cards are built here as elements, so the sanitizer's
allowlist sees them like any other markup.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

logger = logging.getLogger(__name__)

CARD_CLASS = "onebox"
SOURCE_CLASS = "onebox-source"
SOLVED_CLASS = "onebox-solved"
# A line holding one URL and nothing else, outside code (see lone_urls).
_LONE_URL_LINE = re.compile(r"^[ ]{0,3}<?(https?://[^\s<>]+)>?[ \t]*$", re.MULTILINE)
_FENCE = re.compile(
    r"^[ ]{0,3}(```|~~~).*?^[ ]{0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL
)


@dataclass(frozen=True)
class Preview:
    url: str
    title: str
    site_name: str
    description: str = ""
    solved: bool = False


# Takes the URLs standing alone in a post, returns {url: Preview} for those known.
PreviewResolver = Callable[[set[str]], dict[str, Preview]]

_resolvers: list[PreviewResolver] = []


def add_resolver(resolver: PreviewResolver) -> None:
    """Let an app describe links (at start-up); the first to answer for a URL wins."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def lone_urls(raw: str) -> list[str]:
    """The URLs that stand alone on a line of `raw`, outside fenced code: the
    links a post shows as cards once a resolver knows them."""
    text = _FENCE.sub("", raw)
    return list(dict.fromkeys(_LONE_URL_LINE.findall(text)))


def _card(preview: Preview) -> etree.Element:
    card = etree.Element("div", {"class": CARD_CLASS})
    source = etree.SubElement(card, "div", {"class": SOURCE_CLASS})
    source.text = preview.site_name
    heading = etree.SubElement(card, "p")
    strong = etree.SubElement(heading, "strong")
    if preview.solved:
        mark = etree.SubElement(strong, "span", {"class": SOLVED_CLASS})
        mark.text = "Solved: "
    link = etree.SubElement(strong, "a", {"href": preview.url})
    link.text = preview.title
    if preview.description:
        excerpt = etree.SubElement(card, "p")
        excerpt.text = preview.description
    return card


class _Oneboxer(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        if not _resolvers:
            return
        alone = {}
        for index, paragraph in enumerate(list(root)):
            if (
                paragraph.tag != "p"
                or (paragraph.text or "").strip()
                or len(paragraph) != 1
            ):
                continue
            link = paragraph[0]
            href = link.get("href", "")
            if link.tag == "a" and not (link.tail or "").strip() and link.text == href:
                alone[index] = href
        if not alone:
            return
        previews: dict[str, Preview] = {}
        for resolver in _resolvers:
            wanted = set(alone.values()) - set(previews)
            if not wanted:
                break
            try:
                found = resolver(wanted)
            except Exception:
                # A card is a nicety: a post cooks (and is saved) without it.
                logger.exception("link previews: %r failed", resolver)
                continue
            previews.update({url: p for url, p in found.items() if url in wanted})
        for index, url in alone.items():
            if url in previews:
                root[index] = _card(previews[url])


class OneboxExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After the inline patterns (20) have made the links, before uploads (14).
        md.treeprocessors.register(_Oneboxer(md), "oneboxer", 15)
