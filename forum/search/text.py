"""Text for the index and for snippets, shared by every backend.

Posts are indexed from their cooked HTML turned into plain text. Code identifiers
(`lsst.daf.butler`, `processCcd.py`, `calexp_butler`, `DiaObject`) are indexed whole
and by their parts, so either finds them. Snippets are built from the plain text,
escaped piece by piece; the only HTML in them is our own <mark>.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.markup.text import plain_text

__all__ = [
    "Highlighter",
    "identifier_parts",
    "index_text",
    "plain_text",
    "plain_texts",
]

# Plain text of cooked HTML for snippets, cached by the HTML's hash: an edit or a
# rebake makes a new key, so a stale text is never shown.
PLAIN_TEXT_SECONDS = 24 * 3600
STEMS_KEPT = 50_000  # distinct words whose stems each process keeps

# A word, or dotted words kept together (`lsst.daf.butler`, `processCcd.py`).
TOKEN = re.compile(r"\w+(?:\.\w+)*")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def identifier_parts(token: str) -> list[str]:
    """The parts of a code identifier, lowercased, without the identifier itself:
    `lsst.daf.butler` -> lsst.daf, lsst, daf, butler;
    `processCcd.py` -> processccd, process, ccd, py."""
    parts: list[str] = []
    segments = token.split(".")
    for end in range(1, len(segments)):
        if end > 1:
            parts.append(".".join(segments[:end]))
    for segment in segments:
        if len(segments) > 1:
            parts.append(segment)
        pieces = [p for chunk in segment.split("_") for p in _CAMEL.findall(chunk)]
        if len(pieces) > 1:
            parts.extend(pieces)
    seen = {token.lower()}
    result = []
    for part in (p.lower() for p in parts):
        if part and part not in seen:
            seen.add(part)
            result.append(part)
    return result


def index_text(text: str) -> str:
    """`text` followed by the parts of the code identifiers in it, for indexing."""
    extra: list[str] = []
    seen: set[str] = set()
    for token in TOKEN.findall(text):
        if token in seen:
            continue
        seen.add(token)
        extra.extend(identifier_parts(token))
    return f"{text} {' '.join(extra)}" if extra else text


def plain_texts(cooked: list[str]) -> list[str]:
    """The plain text of each cooked HTML (for snippets), from the cache when an
    earlier search made it: parsing HTML is most of a search's Python time."""
    keys = [
        "search-text:" + hashlib.blake2b(html.encode(), digest_size=16).hexdigest()
        for html in cooked
    ]
    found = cache.get_many(keys)
    made = {
        key: plain_text(html)
        for key, html in zip(keys, cooked, strict=True)
        if key not in found
    }
    if made:
        cache.set_many(made, timeout=PLAIN_TEXT_SECONDS)
    return [found[key] if key in found else made[key] for key in keys]


def words(text: str) -> Iterable[str]:
    """Lowercased distinct words of `text`, as a spelling dictionary wants them."""
    seen: set[str] = set()
    for token in TOKEN.findall(text):
        for word in [token.lower(), *identifier_parts(token)]:
            if word not in seen and 3 <= len(word) <= 40 and not word.isdigit():
                seen.add(word)
                yield word


def _light_stem(word: str) -> str:
    """Enough stemming to highlight `images` for `image`; not for matching."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


# The stems of a word and of its identifier parts depend on the word alone: kept
# for the words seen (a forum's vocabulary repeats), so a search tests each word
# of its snippets against its terms without splitting and stemming it again.
@functools.lru_cache(maxsize=STEMS_KEPT)
def _stems(token: str) -> tuple[str, ...]:
    candidates = (token.lower(), *identifier_parts(token))
    return tuple(_light_stem(candidate) for candidate in candidates)


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        # one substitution, or two neighbours swapped
        rest_a, rest_b = a[i + 1 :], b[i + 1 :]
        swapped = a[i + 1 : i + 2] == b[i : i + 1] and a[i : i + 1] == b[i + 1 : i + 2]
        return rest_a == rest_b or (swapped and a[i + 2 :] == b[i + 2 :])
    return a[i:] == b[i + 1 :]


class Highlighter:
    """Marks the words of a query in text: whole words, identifier parts, plural
    forms and, for fuzzy searches, words one edit away."""

    def __init__(
        self, terms: Iterable[str], *, fuzzy: bool = False, prefix: str = ""
    ) -> None:
        self.prefix = prefix.lower()  # a word still being typed
        needles: set[str] = set()
        for term in terms:
            for token in TOKEN.findall(term.lower()):
                needles.add(_light_stem(token))
        self.needles = needles
        self.fuzzy = fuzzy
        self._seen: dict[str, bool] = {}

    def matches(self, token: str) -> bool:
        if not (self.needles or self.prefix):
            return False
        known = self._seen.get(token)
        if known is None:
            known = self._seen[token] = self._matches(token)
        return known

    def _matches(self, token: str) -> bool:
        if len(self.prefix) >= 3 and token.lower().startswith(self.prefix):
            return True
        for stem in _stems(token):
            if stem in self.needles:
                return True
            if (
                self.fuzzy
                and len(stem) >= 4
                and any(_within_one_edit(stem, needle) for needle in self.needles)
            ):
                return True
        return False

    def _spans(self, text: str, start: int = 0, end: int | None = None):
        if not (self.needles or self.prefix):
            return  # filters only: nothing to mark, no word to read
        end = len(text) if end is None else end
        for match in TOKEN.finditer(text, start):
            if match.start() >= end:
                return
            if self.matches(match.group()):
                yield match.span()

    def mark(self, text: str) -> SafeString:
        """All of `text`, escaped, with matching words in <mark>."""
        return _render(text, list(self._spans(text)), 0, len(text))

    def snippet(self, text: str, *, length: int = 240) -> SafeString:
        """About `length` characters of `text` around its first match, escaped."""
        first = next(self._spans(text), None)
        start = 0
        if first is not None:
            start = max(0, first[0] - length // 4)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < first[0] else start
        end = min(len(text), start + length)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        body = _render(text, list(self._spans(text, start, end)), start, end)
        prefix = "… " if start else ""
        suffix = " …" if end < len(text) else ""
        return mark_safe(f"{prefix}{body}{suffix}")  # every piece escaped in _render


def _render(
    text: str, spans: list[tuple[int, int]], start: int, end: int
) -> SafeString:
    out, position = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return mark_safe("".join(out))  # every piece is escaped above
