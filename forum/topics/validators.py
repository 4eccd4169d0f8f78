"""The quality rules for titles, bodies and tags, with messages that say what to fix."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from taggit.models import Tag

from forum.core import live

TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9\-]*$")
WORD = re.compile(r"[^\W_]+")
# Code is exempt from the quality checks: it may shout or repeat legitimately.
CODE = re.compile(r"```.*?(```|$)|~~~.*?(~~~|$)|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$", re.S)


def clean_title(title: str) -> str:
    """Strip and check a topic title; raise ValidationError saying what to change."""
    title = " ".join((title or "").split())
    low, high = live.get("FORUM_MIN_TITLE_LENGTH"), live.get("FORUM_MAX_TITLE_LENGTH")
    if len(title) < low:
        raise ValidationError(
            f"The title must be at least {low} characters "
            f"(it has {len(title)}): say what the topic is about.",
            code="title_too_short",
        )
    if len(title) > high:
        raise ValidationError(
            f"The title must be at most {high} characters (it has {len(title)}).",
            code="title_too_long",
        )
    words = {word.casefold() for word in WORD.findall(title)}
    if len(words) < settings.FORUM_MIN_TITLE_WORDS:
        raise ValidationError(
            f"The title needs at least {settings.FORUM_MIN_TITLE_WORDS} different "
            "words: say in a short sentence what the topic is about.",
            code="title_few_words",
        )
    check_quality(title, "title")
    return title


def clean_body(raw: str) -> str:
    """Check a post body's length; raise ValidationError saying what to change."""
    raw = (raw or "").strip()
    low, high = live.get("FORUM_MIN_POST_LENGTH"), live.get("FORUM_MAX_POST_LENGTH")
    if len(raw) < low:
        raise ValidationError(
            f"The post must be at least {low} characters (it has {len(raw)}).",
            code="body_too_short",
        )
    if len(raw) > high:
        raise ValidationError(
            f"The post must be at most {high:,} characters (it has {len(raw):,}).",
            code="body_too_long",
        )
    check_quality(raw, "post", prose=CODE.sub(" ", raw))
    return raw


def check_quality(text: str, what: str, prose: str | None = None) -> None:
    """Refuse shouting, keyboard mashing and text with next to no letters. Code and
    math (left out of `prose`) may shout and repeat."""
    prose = text if prose is None else prose
    shouted = [c for c in prose if c.isalpha()]
    if len(shouted) >= 8 and sum(c.isupper() for c in shouted) / len(shouted) > 0.9:
        raise ValidationError(
            f"The {what} is written in capitals, which reads as shouting. "
            "Please use normal sentence case.",
            code="all_caps",
        )
    distinct = len({c.casefold() for c in text if c.isalpha()})
    if distinct < settings.FORUM_MIN_DISTINCT_LETTERS:
        raise ValidationError(
            f"The {what} uses only {distinct} different letters; write it in words "
            f"(at least {settings.FORUM_MIN_DISTINCT_LETTERS} different letters).",
            code="few_letters",
        )
    longest = settings.FORUM_MAX_REPEATED_CHARACTERS
    run = re.search(rf"([^\W_])\1{{{longest},}}", prose)
    if run:
        raise ValidationError(
            f"The {what} repeats “{run.group(1)}” {len(run.group(0))} times in a row; "
            f"at most {longest} are allowed.",
            code="repeated_character",
        )


def clean_tags(names, *, may_create: bool) -> list[str]:
    """Normalise tag names; only those who `may_create` can introduce new tags."""
    cleaned: list[str] = []
    for name in names:
        name = name.strip().lower()
        if name and name not in cleaned:
            cleaned.append(name)
    limit = settings.FORUM_MAX_TAGS_PER_TOPIC
    if len(cleaned) > limit:
        raise ValidationError(f"Use at most {limit} tags.", code="too_many_tags")
    for name in cleaned:
        if len(name) > settings.FORUM_MAX_TAG_LENGTH or not TAG_PATTERN.match(name):
            raise ValidationError(
                f"“{name}” is not a valid tag: use lowercase letters, digits and "
                f"hyphens, at most {settings.FORUM_MAX_TAG_LENGTH} characters.",
                code="bad_tag",
            )
    if cleaned and not may_create:
        known = set(Tag.objects.filter(name__in=cleaned).values_list("name", flat=True))
        unknown = [name for name in cleaned if name not in known]
        if unknown:
            raise ValidationError(
                f"Unknown tag: {', '.join(unknown)}. Choose existing tags; "
                "moderators can create new ones.",
                code="unknown_tag",
            )
    return cleaned
