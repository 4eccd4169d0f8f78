from datetime import datetime

from django import template
from django.utils import timezone

from forum.markup import text

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
