"""Every email the forum sends comes from a template triple through this helper, so
notifications and digests look alike: emails/<name>_subject.txt, _body.txt and
_body.html, rendered with the site's name and address."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from . import live

# Apps above core address outgoing mail (a reply address, a bounce key) by
# registering a function here: core knows no app.
_OUTGOING: list[Callable[..., None]] = []


def register_outgoing(hook: Callable[..., None]) -> None:
    """`hook(message, recipient=, post=, conversation=)` may set the reply address
    and the envelope sender of every mail sent to a member."""
    if hook not in _OUTGOING:
        _OUTGOING.append(hook)


def send_templated_email(
    *,
    to: str,
    template: str,
    context: dict,
    headers: dict | None = None,
    recipient=None,
    post=None,
    conversation=None,
    connection=None,
) -> None:
    """Render `template`'s subject, text and HTML parts and send them to `to`.

    `recipient` (the member) and `post` or `conversation` (what the mail is
    about) let registered hooks make the mail repliable and its bounces
    traceable. An open `connection` stays open after the send (its owner may
    record the send before QUIT)."""
    context = {
        "site_name": live.get("SITE_NAME"),
        "site_url": settings.SITE_URL,
        "reply_by_email": bool(
            recipient is not None
            and (post is not None or conversation is not None)
            and settings.FORUM_INCOMING_DOMAIN
        ),
        **context,
    }
    # Headers can't carry newlines; a subject template may end with one.
    subject = " ".join(
        render_to_string(f"emails/{template}_subject.txt", context).split()
    )
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[to], headers=headers or {}, connection=connection
    )
    message.attach_alternative(html, "text/html")
    if recipient is not None:
        for hook in _OUTGOING:
            hook(message, recipient=recipient, post=post, conversation=conversation)
    message.send()
