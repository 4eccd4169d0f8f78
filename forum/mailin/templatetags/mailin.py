from urllib.parse import quote

from django import template
from django.conf import settings

from forum.topics.models import Post

from .. import addresses
from ..bounces import is_email_off
from ..outgoing import reply_key_for

register = template.Library()


@register.inclusion_tag("mailin/_bounce_notice.html", takes_context=True)
def bounce_notice(context) -> dict:
    """The banner of a member whose email bounces switched off (no query: cache)."""
    user = context.get("user")
    return {"user": user, "show": user is not None and is_email_off(user)}


@register.simple_tag
def reply_mailto(recipient, topic) -> str:
    """A mailto link that answers `topic` by email as `recipient` (digest entries),
    or "" when the forum receives no mail."""
    if not settings.FORUM_INCOMING_DOMAIN or recipient is None:
        return ""
    first = Post.objects.filter(topic=topic, post_number=1).first()
    if first is None:
        return ""
    address = addresses.reply_address(reply_key_for(user=recipient, post=first).key)
    return f"mailto:{address}?subject={quote('Re: ' + topic.title)}"
