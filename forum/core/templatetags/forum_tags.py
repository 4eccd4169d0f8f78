from datetime import datetime

from django import template
from django.utils import timezone

from forum.core import links
from forum.markup import render, text

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    """Compact age as Discourse shows it: 5m, 3h, 6d, Jun 3, Oct '19."""
    if moment is None:
        return ""
    seconds = (timezone.now() - moment).total_seconds()
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    if seconds < 30 * 86400:
        return f"{int(seconds // 86400)}d"
    local = timezone.localtime(moment)
    if local.year == timezone.localtime().year:
        return f"{local:%b} {local.day}"
    return f"{local:%b} '{local:%y}"


@register.filter
def excerpt(cooked: str, words: int = 40) -> str:
    """Plain text of a post for lists: math as its TeX source, never entities."""
    return text.excerpt(cooked, words=words)


@register.filter(is_safe=True)
def keyboard_scrollable(cooked: str) -> str:
    """Let keyboards scroll a post's code blocks and tables (both scroll sideways
    when wide): a tab stop each, added on output so stored posts need no re-cook."""
    return cooked.replace("<pre>", '<pre tabindex="0">').replace(
        "<table>", '<table tabindex="0">'
    )


@register.filter
def preview_html(raw: str) -> str:
    """The composer's preview, rendered on the server for a page shown again
    after an error (htmx fills it while typing)."""
    return render(raw or "")


@register.filter
def link_to(value, name: str) -> str:
    """The URL `name` takes `value` for its one argument, as `{% url %}` gives it
    but cheap enough for every row: `{{ post.id|link_to:"topics:like" }}`."""
    return links.link(name, value)


@register.simple_tag
def link(name: str) -> str:
    """`{% url name %}` for a URL without arguments, reversed once per process:
    the page shell prints about twenty on every page."""
    return links.link(name)
