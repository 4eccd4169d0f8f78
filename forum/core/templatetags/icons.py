"""The heroicons tags (`heroicon_mini`, `heroicon_outline`, ...) with each icon's
markup kept per process.

The `heroicons` package parses the icon's SVG with ElementTree, copies the tree
and serialises it again on every use: about 40 µs a use, and a signed-in topic
page shows over a hundred icons. The markup depends only on the style, name, size
and attributes, so it is built once per combination. Templates keep writing
`{% load heroicons %}`: settings.TEMPLATES maps that library name to this module.
"""

from __future__ import annotations

from functools import lru_cache

import heroicons
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def heroicon_micro(name: str, *, size: int | None = 16, **attrs: object) -> str:
    return _icon("micro", name, size, attrs)


@register.simple_tag
def heroicon_mini(name: str, *, size: int | None = 20, **attrs: object) -> str:
    return _icon("mini", name, size, attrs)


@register.simple_tag
def heroicon_outline(name: str, *, size: int | None = 24, **attrs: object) -> str:
    return _icon("outline", name, size, attrs)


@register.simple_tag
def heroicon_solid(name: str, *, size: int | None = 24, **attrs: object) -> str:
    return _icon("solid", name, size, attrs)


def _icon(style: str, name: str, size: int | None, attrs: dict[str, object]) -> str:
    # heroicons writes every attribute as str(value) (escaped by ElementTree,
    # safe or not), so the text is the key.
    shown = tuple((key, str(value)) for key, value in attrs.items())
    return _svg(style, str(name), None if size is None else str(size), shown)


@lru_cache(maxsize=1024)
def _svg(
    style: str, name: str, size: str | None, attrs: tuple[tuple[str, str], ...]
) -> str:
    return mark_safe(heroicons._render_icon(style, name, size, dict(attrs)))
