"""The quality rules for titles, bodies and tags, with messages that say what to fix."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from taggit.models import Tag

TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9\-]*$")


def clean_title(title: str) -> str:
    """Strip and check a topic title; raise ValidationError saying what to change."""
    title = " ".join((title or "").split())
    low, high = settings.FORUM_MIN_TITLE_LENGTH, settings.FORUM_MAX_TITLE_LENGTH
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
    return title


def clean_body(raw: str) -> str:
    """Check a post body's length; raise ValidationError saying what to change."""
    raw = (raw or "").strip()
    low, high = settings.FORUM_MIN_POST_LENGTH, settings.FORUM_MAX_POST_LENGTH
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
    return raw


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
