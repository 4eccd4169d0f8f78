"""Provider inbound webhooks (Mailgun, SES, Postmark, SendGrid...) through
django-anymail: its views check the provider's request, then send the `inbound`
signal, and we hand the raw message to the same task as every other door."""

from __future__ import annotations

from .tasks import enqueue


def inbound_received(sender, event, esp_name, **kwargs) -> None:
    message = event.message
    envelope = getattr(message, "envelope_recipient", None)
    enqueue(message.as_bytes(), [envelope] if envelope else [])
