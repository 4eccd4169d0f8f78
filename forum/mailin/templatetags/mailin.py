from django import template

from ..bounces import is_email_off

register = template.Library()


@register.inclusion_tag("mailin/_bounce_notice.html", takes_context=True)
def bounce_notice(context) -> dict:
    """The banner of a member whose email bounces switched off (no query: cache)."""
    user = context.get("user")
    return {"user": user, "show": user is not None and is_email_off(user)}
