"""Reading an incoming RFC 5322 message: who sent it, to which address, whether a
machine wrote it, and the new text a person wrote (as Markdown)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

import html2text
from mailparser_reply.parser import EmailMessage as ReplyMessage

AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response)|out of (the )?office|"
    r"abwesenheitsnotiz|absence|vacation|away from)\b|^\s*auto:",
    re.I,
)
DSN_STATUS = re.compile(r"^Status:\s*([245]\.\d{1,3}\.\d{1,3})", re.M | re.I)
SMTP_CODE = re.compile(r"\b([45]\.\d{1,3}\.\d{1,3})\b")
MACHINE_SENDERS = ("mailer-daemon@", "postmaster@")
TAG = re.compile(r"\[([^\[\]]{1,40})\]")
REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|sv|wg)\s*:\s*)+", re.I)
_LANGUAGES = ["en", "de", "fr", "es", "it", "nl"]


@dataclass
class Mail:
    """An incoming message and what routing needs from it."""

    message: EmailMessage
    message_id: str
    from_address: str
    subject: str
    recipients: list[str] = field(default_factory=list)


def parse(raw: bytes, envelope_recipients=()) -> Mail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    message_id = str(message.get("Message-ID", "")).strip()
    if not message_id:
        # No Message-ID: the content itself names the message, so a redelivery
        # of the same bytes is still recognised.
        message_id = f"<sha256-{hashlib.sha256(raw).hexdigest()}@no-message-id>"
    _, sender = parseaddr(str(message.get("From", "")))
    return Mail(
        message=message,
        message_id=message_id[:255],
        from_address=sender.strip().lower(),
        subject=" ".join(str(message.get("Subject", "")).split())[:255],
        recipients=recipients_of(message, envelope_recipients),
    )


def recipients_of(message: EmailMessage, envelope_recipients=()) -> list[str]:
    """Where the message was delivered: the envelope when the MTA told us, then the
    headers MTAs add, then To and Cc."""
    found = [address.lower() for address in envelope_recipients if address]
    for name in ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc"):
        for _, address in getaddresses([str(v) for v in message.get_all(name, [])]):
            if address and address.lower() not in found:
                found.append(address.lower())
    return found


def is_bounce(mail: Mail) -> bool:
    message = mail.message
    if message.get_content_type() == "multipart/report":
        return True
    return mail.from_address.startswith(MACHINE_SENDERS)


def bounce_status(message: EmailMessage) -> str:
    """The enhanced status code of a delivery report ("5.1.1"), or ""."""
    for part in message.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            text = (
                "\n".join(str(p) for p in payload)
                if isinstance(payload, list)
                else str(payload)
            )
            if match := DSN_STATUS.search(text):
                return match.group(1)
    body = message.get_body(preferencelist=("plain",))
    if body is not None and (match := SMTP_CODE.search(body.get_content())):
        return match.group(1)
    return ""


def is_auto_reply(mail: Mail) -> bool:
    """Mail a machine wrote (auto-responders, lists, vacation notices): never
    answered, so two robots never write to each other forever."""
    message = mail.message
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return True
    if str(message.get("Precedence", "")).strip().lower() in ("bulk", "junk", "list"):
        return True
    if "X-Autoreply" in message or "X-Autorespond" in message:
        return True
    if str(message.get("Return-Path", "")).strip() == "<>":
        return True
    return bool(AUTO_SUBJECT.search(mail.subject))


def attachments(message: EmailMessage) -> list[EmailMessage]:
    """Parts that are files (attachments and inline images), not the text."""
    files = []
    for part in message.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        if disposition == "attachment" or part.get_content_maintype() not in ("text",):
            files.append(part)
    return files


def body_markdown(message: EmailMessage) -> str:
    """The message's text as Markdown: the plain part, else the HTML converted."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        converter = html2text.HTML2Text()
        converter.body_width = 0
        converter.ignore_images = True
        converter.ignore_emphasis = False
        content = converter.handle(content)
    return content.replace("\r\n", "\n")


def new_text(body: str) -> str:
    """Only what the sender wrote now: quoted history, "On <date>, X wrote:" lines
    and signatures go (the reply parser), indentation (code) stays."""
    parsed = ReplyMessage(
        text=body, languages=list(_LANGUAGES), keep_hyphen_lists=True
    ).read()
    latest = parsed.replies[0].body if parsed.replies else ""
    text = _restore_indentation(body, latest)
    # A quote block left at the end without a "wrote:" line is history too.
    lines = text.rstrip().split("\n")
    while lines and (lines[-1].startswith(">") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip("\n")


def _restore_indentation(original: str, parsed: str) -> str:
    """The parser strips every line; take each kept line back from the original."""
    source = original.replace("\r\n", "\n").split("\n")
    position = 0
    kept = []
    for line in parsed.split("\n"):
        for index in range(position, len(source)):
            if source[index].strip() == line.strip():
                kept.append(source[index].rstrip())
                position = index + 1
                break
        else:
            kept.append(line)
    return "\n".join(kept)


def subject_title_and_tags(subject: str) -> tuple[str, list[str]]:
    """A new topic's title and the `[tag]`s named in its subject."""
    subject = REPLY_PREFIX.sub("", subject)
    tags = [name.strip().lower() for name in TAG.findall(subject)]
    title = " ".join(TAG.sub(" ", subject).split())
    return title, [tag for tag in tags if tag]
