"""Every email the forum sends comes from a template triple through this helper, so
notifications and digests look alike: emails/<name>_subject.txt, _body.txt and
_body.html, rendered with the site's name and address."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(
    *, to: str, template: str, context: dict, headers: dict | None = None
) -> None:
    """Render `template`'s subject, text and HTML parts and send them to `to`."""
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        **context,
    }
    # Headers can't carry newlines; a subject template may end with one.
    subject = " ".join(
        render_to_string(f"emails/{template}_subject.txt", context).split()
    )
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    message.send()
