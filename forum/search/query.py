"""The search query language (Discourse's), parsed into a backend-neutral form.

    calexp "forced photometry" #data-qa tags:alerts,kafka @dm-staff status:solved
    in:title in:first before:2024-06-01 after:2024-01-31 order:latest|likes|views
    with:images

`parse(text)` never fails: whatever it cannot use becomes a warning for the user,
and the rest of the query still runs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

MAX_QUERY_LENGTH = 500
MAX_TERMS = 20

STATUSES = ("solved", "unsolved", "open", "closed")
ORDERS = ("latest", "likes", "views")
IN_VALUES = ("title", "first")
WITH_VALUES = ("images",)
FILTERS = (
    "tags", "tag", "status", "in", "before", "after", "order", "category", "with",
)  # fmt: skip

# A phrase (its closing quote may be missing) or a run of non-space characters.
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)("|$)|(?P<word>[^\s"]+)')
_FILTER = re.compile(r"^(?P<key>[a-z]+):(?P<value>\w.*)$", re.IGNORECASE)
_SLUG = re.compile(r"^[-\w]+$")
_USERNAME = re.compile(r"^[\w.@+-]+$")


@dataclass(frozen=True)
class ParsedQuery:
    """What a search asks for; every field is already validated."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    usernames: tuple[str, ...] = ()
    status: str | None = None
    in_title: bool = False
    in_first: bool = False
    with_images: bool = False
    before: date | None = None
    after: date | None = None
    order: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def has_filters(self) -> bool:
        return bool(
            self.categories
            or self.tags
            or self.usernames
            or self.status
            or self.before
            or self.after
            or self.in_first
            or self.with_images
        )

    @property
    def is_empty(self) -> bool:
        return not (self.has_text or self.has_filters)

    def __str__(self) -> str:
        """The query in its canonical text form (what the search box shows)."""
        parts = [*self.words, *(f'"{phrase}"' for phrase in self.phrases)]
        parts += [f"#{slug}" for slug in self.categories]
        if self.tags:
            parts.append("tags:" + ",".join(self.tags))
        parts += [f"@{name}" for name in self.usernames]
        if self.status:
            parts.append(f"status:{self.status}")
        if self.in_title:
            parts.append("in:title")
        if self.in_first:
            parts.append("in:first")
        if self.with_images:
            parts.append("with:images")
        if self.after:
            parts.append(f"after:{self.after.isoformat()}")
        if self.before:
            parts.append(f"before:{self.before.isoformat()}")
        if self.order:
            parts.append(f"order:{self.order}")
        return " ".join(parts)


def clean_text(text: str) -> str:
    """Drop control and unassigned characters (NUL breaks PostgreSQL) and
    normalise the rest, so lookalike forms of a word search alike."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") else char
        for char in text
    )


def parse(text: str) -> ParsedQuery:
    """Parse a search box's text; never raises."""
    warnings: list[str] = []
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        warnings.append(
            f"Your search was cut to its first {MAX_QUERY_LENGTH} characters."
        )
    text = clean_text(text)
    if text.count('"') % 2:
        warnings.append("A quote was not closed; the phrase runs to the end.")
    fields: dict = {
        "words": [],
        "phrases": [],
        "categories": [],
        "tags": [],
        "usernames": [],
    }
    for match in _TOKEN.finditer(text):
        if match.group("word") is None:
            phrase = " ".join(match.group("phrase").split())
            if phrase and phrase not in fields["phrases"]:
                fields["phrases"].append(phrase)
            continue
        _parse_word(match.group("word"), fields, warnings)
    terms = len(fields["words"]) + len(fields["phrases"])
    if terms > MAX_TERMS:
        warnings.append(f"Only the first {MAX_TERMS} words and phrases were used.")
        fields["words"] = fields["words"][:MAX_TERMS]
        fields["phrases"] = fields["phrases"][
            : max(0, MAX_TERMS - len(fields["words"]))
        ]
    return ParsedQuery(
        **{
            name: tuple(value) if isinstance(value, list) else value
            for name, value in fields.items()
        },
        warnings=tuple(warnings),
    )


def _parse_word(word: str, fields: dict, warnings: list[str]) -> None:
    if word.startswith("#") and _SLUG.match(word[1:]):
        _add(fields["categories"], word[1:].lower())
        return
    if word.startswith("@") and _USERNAME.match(word[1:]):
        _add(fields["usernames"], word[1:])
        return
    match = _FILTER.match(word)
    if match is None:
        _add(fields["words"], word)
        return
    key, value = match.group("key").lower(), match.group("value")
    if key not in FILTERS:
        warnings.append(f"“{key}:” is not a search filter; it was searched as text.")
        _add(fields["words"], word)
        return
    error = _apply_filter(key, value, fields)
    if error:
        warnings.append(error)


def _apply_filter(key: str, value: str, fields: dict) -> str | None:
    """Set one filter from `key:value`; return a message when the value is unusable."""
    lowered = value.lower()
    if key in ("tags", "tag"):
        for name in lowered.split(","):
            if name.strip():
                _add(fields["tags"], name.strip())
    elif key == "category":
        if not _SLUG.match(value):
            return f"“{value}” is not a category slug."
        _add(fields["categories"], lowered)
    elif key == "status":
        if lowered not in STATUSES:
            return "status: takes " + _choices(STATUSES) + "."
        fields["status"] = lowered
    elif key == "in":
        if lowered not in IN_VALUES:
            return "in: takes " + _choices(IN_VALUES) + "."
        fields[f"in_{lowered}"] = True
    elif key == "with":
        if lowered not in WITH_VALUES:
            return "with: takes " + " or ".join(WITH_VALUES) + "."
        fields[f"with_{lowered}"] = True
    elif key == "order":
        if lowered not in ORDERS:
            return "order: takes " + _choices(ORDERS) + "."
        fields["order"] = lowered
    else:
        try:
            fields[key] = date.fromisoformat(value)
        except ValueError:
            return f"{key}: takes a date like 2024-01-31; “{value}” was ignored."
    return None


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(values[:-1]) + " or " + values[-1]


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)
