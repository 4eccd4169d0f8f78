"""Incoming messages shaped like real clients' replies, built with the standard
library's `email` package: the header and quoting styles of Gmail, Outlook and
Apple Mail, an HTML-only reply, an auto-reply and a delivery report."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

SENT = datetime(2026, 11, 30, 10, 12, tzinfo=UTC)
FORUM = "Meridian <noreply@meridian.invalid>"
QUOTED = (
    "Bob Photometry posted in “Reading calexp images”:\n\n"
    "Try setting the collection explicitly when you build the Butler.\n\n"
    "Read and reply: http://testserver/t/reading-calexp-images/1/2"
)


def _base(
    *, sender: str, to: str, subject: str, message_id: str | None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(SENT)
    message["Message-ID"] = message_id or make_msgid(domain="client.example")
    message["In-Reply-To"] = "<post-2@testserver>"
    message["References"] = "<topic-1@testserver> <post-2@testserver>"
    return message


def gmail_reply(
    *, sender, to, text, subject="Re: Reading calexp images", message_id=None
):
    message = _base(sender=sender, to=to, subject=subject, message_id=message_id)
    quoted = "\n".join(f"> {line}" if line else ">" for line in QUOTED.split("\n"))
    message.set_content(
        f"{text}\n\nOn Mon, Nov 30, 2026 at 10:12 AM {FORUM} wrote:\n\n{quoted}\n"
    )
    html_text = text.replace("\n", "<br>")
    message.add_alternative(
        f'<div dir="ltr">{html_text}</div><br><div class="gmail_quote">'
        f'<div dir="ltr" class="gmail_attr">On Mon, Nov 30, 2026 at 10:12 AM '
        "Meridian &lt;noreply@meridian.invalid&gt; wrote:<br></div>"
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">'
        f"{QUOTED}</blockquote></div>",
        subtype="html",
    )
    return message


def outlook_reply(
    *, sender, to, text, subject="RE: Reading calexp images", message_id=None
):
    message = _base(sender=sender, to=to, subject=subject, message_id=message_id)
    message["Thread-Topic"] = "Reading calexp images"
    message["Thread-Index"] = "AQHZ0a1b2c3d4e5f6g7h8i9j0=="
    message["X-MS-Has-Attach"] = ""
    message["X-MS-Exchange-Organization-SCL"] = "-1"
    message.set_content(
        f"{text}\n\nBest regards,\nAlice\n\n"
        "________________________________\n"
        f"From: {FORUM}\n"
        "Sent: Monday, November 30, 2026 10:12 AM\n"
        "To: Alice Astro <alice@example.org>\n"
        "Subject: Reading calexp images\n\n"
        f"{QUOTED}\n"
    )
    return message


def apple_reply(
    *, sender, to, text, subject="Re: Reading calexp images", message_id=None
):
    message = _base(sender=sender, to=to, subject=subject, message_id=message_id)
    message["X-Mailer"] = "iPhone Mail (22B83)"
    quoted = "\n".join(f"> {line}" if line else ">" for line in QUOTED.split("\n"))
    message.set_content(
        f"{text}\n\nSent from my iPhone\n\n"
        f"> On 30 Nov 2026, at 10:12, {FORUM} wrote:\n>\n{quoted}\n",
        cte="quoted-printable",
    )
    return message


def html_only_reply(
    *, sender, to, html, subject="Re: Reading calexp images", message_id=None
):
    message = _base(sender=sender, to=to, subject=subject, message_id=message_id)
    message.set_content(html, subtype="html")
    return message


def plain(*, sender, to, text, subject="Re: Reading calexp images", message_id=None):
    message = _base(sender=sender, to=to, subject=subject, message_id=message_id)
    message.set_content(text)
    return message


def auto_reply(*, sender, to, **headers):
    message = plain(
        sender=sender,
        to=to,
        subject=headers.pop("subject", "Automatic reply: Reading calexp images"),
        text="I am out of the office until Monday with limited access to email.",
    )
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    return message


def delivery_report(*, to: str, failed: str, status: str = "5.1.1") -> EmailMessage:
    """A bounce as Postfix sends it (RFC 3464): multipart/report with a
    message/delivery-status part, parsed from its wire form."""
    boundary = "report-boundary-1"
    wire = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
        f"To: {to}\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        f"Message-ID: {make_msgid(domain='mx.example.org')}\n"
        "Auto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status;\n"
        f' boundary="{boundary}"\n'
        "\n"
        f"--{boundary}\n"
        "Content-Type: text/plain; charset=us-ascii\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        f"be delivered to one or more recipients.\n\n<{failed}>: host said {status}\n\n"
        f"--{boundary}\n"
        "Content-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.org\n\n"
        f"Final-Recipient: rfc822; {failed}\n"
        "Action: failed\n"
        f"Status: {status}\n\n"
        f"--{boundary}--\n"
    )
    return message_from_string(wire, policy=policy.default)
