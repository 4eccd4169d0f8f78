"""@mentions: ``@name`` becomes a link to the user's page when that user exists."""

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.db.utils import OperationalError, ProgrammingError
from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

# Letters, digits, "_", "-" and "." but not ending with "."; not preceded by what
# would make it part of an email address ("ann@example.org") or of a path.
MENTION_RE = r"(?<![\w.+/@-])@(?P<name>[\w.-]*[\w-])"

# Takes the names as written, returns {lower-cased name: username} for users
# that exist.
UsernameLookup = Callable[[set[str]], dict[str, str]]


def existing_usernames(names: Iterable[str]) -> dict[str, str]:
    """Map each name (any case) that belongs to a user to that user's username."""
    lowered = {name.lower() for name in names}
    if not lowered:
        return {}
    users = (
        get_user_model()
        .objects.annotate(username_lower=Lower("username"))
        .filter(username_lower__in=lowered)
    )
    try:
        usernames = list(users.values_list("username", flat=True))
    except (OperationalError, ProgrammingError):
        # No user table (a tool rendering without migrations): nobody to mention.
        return {}
    return {username.lower(): username for username in usernames}


class _MentionPattern(InlineProcessor):
    """Turn ``@name`` into a pending mention, for `_MentionLinker` to settle."""

    # Link text is already a link, so "[@ann](url)" stays as written.
    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, pattern: str, md: Markdown, extension: "MentionExtension"):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        el = etree.Element("a", {"class": "mention"})
        el.text = AtomicString("@" + m.group("name"))
        self.extension.pending.append(el)
        return el, m.start(0), m.end(0)


class _MentionLinker(Treeprocessor):
    """Link the mentions of existing users, with one lookup; the rest become text."""

    def __init__(self, md: Markdown, extension: "MentionExtension") -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        pending = self.extension.pending
        if not pending:
            return
        users = self.extension.lookup({el.text[1:] for el in pending})
        unknown: set[etree.Element] = set()
        for el in pending:
            username = users.get(el.text[1:].lower())
            if username:
                el.set("href", f"/u/{username}")
            else:
                unknown.add(el)
        if unknown:
            for parent in root.iter():
                if any(child in unknown for child in parent):
                    _unwrap(parent, unknown.__contains__)


def _unwrap(parent: etree.Element, drop: Callable[[etree.Element], bool]) -> None:
    """Replace the children for which `drop` is true by their text, in one pass."""
    kept: list[etree.Element] = []
    pieces = [parent.text or ""]

    def flush() -> None:
        text = "".join(pieces) or None
        if kept:
            kept[-1].tail = text
        else:
            parent.text = text

    for child in parent:
        if drop(child):
            pieces += [child.text or "", child.tail or ""]
            continue
        flush()
        kept.append(child)
        pieces = [child.tail or ""]
    flush()
    parent[:] = kept


class MentionExtension(Extension):
    """Mentions; `lookup` says which names are users (set before each conversion)."""

    def __init__(self) -> None:
        super().__init__()
        self.lookup: UsernameLookup = existing_usernames
        # The mentions made by the conversion under way.
        self.pending: list[etree.Element] = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After links (so link text is skipped) and before emphasis (so the "_"
        # in a name is never read as emphasis).
        pattern = _MentionPattern(MENTION_RE, md, self)
        md.inlinePatterns.register(pattern, "mention", 65)
        # After the inline patterns have run (priority 20).
        md.treeprocessors.register(_MentionLinker(md, self), "mention-linker", 15)

    def reset(self) -> None:
        self.pending = []
