"""Incoming mail becomes posts: one entry point, `receive_mail`, that every door
(stdin, the SMTP receiver, provider webhooks, IMAP) reaches through one Celery task
(`tasks.enqueue`)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from accounts.permissions import entry_refusal
from forum.conversations import permissions as conversation_permissions
from forum.conversations import services as conversations
from forum.safeguards.ratelimits import RateLimited
from forum.topics import services as topics
from forum.topics.permissions import can_see_topic

from . import addresses, bounces, parsing
from .attachments import attach_files, meant_files, undone_on_refusal
from .models import CategoryInbox, IncomingMessage, ReplyKey
from .refusals import Refused, explain

Status = IncomingMessage.Status


def receive_mail(*, raw: bytes, recipients=()) -> IncomingMessage:
    """Record the message and act on it once: post it, count a bounce, ignore a
    robot, or refuse it with one explanation. A redelivery changes nothing."""
    mail = parsing.parse(raw, recipients)
    record, _ = IncomingMessage.objects.get_or_create(
        message_id=mail.message_id,
        defaults={
            "from_address": mail.from_address[:254],
            "recipients": ", ".join(mail.recipients)[:1000],
            "subject": mail.subject,
            "raw": raw.decode("utf-8", errors="replace"),
        },
    )
    with transaction.atomic():
        record = IncomingMessage.objects.select_for_update().get(pk=record.pk)
        if record.status != Status.RECEIVED:
            return record
        try:
            record.status, record.reason = _handle(mail, record)
        except Refused as refusal:
            record.status, record.reason = Status.REFUSED, refusal.message
            explain(record, refusal)
        record.processed_at = timezone.now()
        record.save(
            update_fields=[
                "raw",
                "subject",
                "status",
                "reason",
                "user",
                "post",
                "processed_at",
                "replied_at",
            ]
        )
    return record


def _handle(mail: parsing.Mail, record: IncomingMessage) -> tuple[str, str]:
    for address in mail.recipients:
        keyed = addresses.parse_keyed(address)
        if keyed and keyed[0] == "bounce":
            return Status.BOUNCE, bounces.bounce_received(mail, key=keyed[1])
    if parsing.is_bounce(mail):
        return Status.BOUNCE, "A delivery report without a bounce key: not counted."
    if addresses.is_own_address(mail.from_address):
        return Status.IGNORED, "Sent from the forum's own address."
    if parsing.is_auto_reply(mail):
        return Status.IGNORED, "An automatic message (auto-reply, list or robot)."
    for address in mail.recipients:
        keyed = addresses.parse_keyed(address)
        if keyed and keyed[0] == "reply":
            return _reply(mail, record, key=keyed[1])
    inbox = (
        CategoryInbox.objects.select_related("category")
        .filter(address__in=mail.recipients)
        .first()
    )
    if inbox is not None:
        return _new_topic(mail, record, category=inbox.category)
    raise Refused(
        "unknown_address",
        "No category or topic takes mail at the address you wrote to. Check the "
        "address, or reply to a notification email to answer in its topic.",
    )


def _reply(mail, record, *, key: str) -> tuple[str, str]:
    reply_key = (
        ReplyKey.objects.select_related("user", "post__topic__category", "conversation")
        .filter(key=key)
        .first()
    )
    if reply_key is not None and reply_key.conversation_id:
        # A personal message: staff do not read others' messages, so the
        # forum keeps no copy of the mail (what it was, or why refused, stays).
        record.raw = record.subject = ""
    if reply_key is None or reply_key.is_revoked:
        raise Refused(
            "unknown_address",
            "The reply address you wrote to is unknown or no longer valid. Reply "
            "on the site instead.",
        )
    member = _sender(mail)
    if member.pk != reply_key.user_id:
        raise Refused(
            "unknown_sender",
            "This reply address was given to another member: reply from the "
            "address the notification was sent to.",
        )
    _check_member(member)
    if reply_key.conversation_id:
        return _message(
            mail, record, member=member, conversation=reply_key.conversation
        )
    post = reply_key.post
    topic = post.topic
    if post.is_deleted or not can_see_topic(member, topic):
        raise Refused("not_allowed", "You can no longer see or answer this topic.")
    record.user = member
    with undone_on_refusal() as made:
        raw = _body(mail, member, made)
        try:
            created = topics.create_post(
                author=member,
                topic=topic,
                raw=raw,
                reply_to_post_number=None if post.is_first_post else post.post_number,
            )
        except RateLimited as error:
            raise Refused("rate_limited", str(error)) from error
        except PermissionDenied as error:
            closed = topic.is_closed or topic.is_archived
            raise Refused("closed" if closed else "not_allowed", str(error)) from error
        except ValidationError as error:
            raise Refused("too_short", " ".join(error.messages)) from error
    record.post = created
    return Status.POSTED, f"Posted as #{created.post_number} in topic {topic.id}."


def _message(mail, record, *, member, conversation) -> tuple[str, str]:
    """A reply to a personal message's email: a message in its conversation, by
    a member who still takes part in it."""
    if not conversation_permissions.can_read(member, conversation):
        raise Refused("not_allowed", "You are no longer in this conversation.")
    if meant_files(parsing.attachments(mail.message)):
        raise Refused(
            "attachments",
            "Personal messages take no files: send the text without them, or "
            "share the files on the site.",
        )
    record.user = member
    raw = parsing.new_text(parsing.body_markdown(mail.message))
    try:
        message = conversations.reply(author=member, conversation=conversation, raw=raw)
    except RateLimited as error:
        raise Refused("rate_limited", str(error)) from error
    except PermissionDenied as error:
        raise Refused("not_allowed", str(error)) from error
    except ValidationError as error:
        raise Refused("too_short", " ".join(error.messages)) from error
    return (
        Status.POSTED,
        f"Posted as message #{message.number} in conversation {conversation.id}.",
    )


def _new_topic(mail, record, *, category) -> tuple[str, str]:
    member = _sender(mail)
    _check_member(member)
    record.user = member
    title, tag_names = parsing.subject_title_and_tags(mail.subject)
    existing = list(
        Tag.objects.filter(name__in=tag_names).values_list("name", flat=True)
    )
    with undone_on_refusal() as made:
        raw = _body(mail, member, made)
        try:
            topic = topics.create_topic(
                author=member, category=category, title=title, raw=raw, tags=existing
            )
        except RateLimited as error:
            raise Refused("rate_limited", str(error)) from error
        except PermissionDenied as error:
            raise Refused("not_allowed", str(error)) from error
        except ValidationError as error:
            raise Refused("too_short", " ".join(error.messages)) from error
    record.post = topic.posts.get(post_number=1)
    return Status.POSTED, f"Started topic {topic.id} in {category}."


def _sender(mail) -> object:
    """The member whose verified address sent the message."""
    address = (
        EmailAddress.objects.select_related("user")
        .filter(email__iexact=mail.from_address, verified=True)
        .first()
    )
    if address is None:
        raise Refused(
            "unknown_sender",
            "Your address is not the verified address of any member. Sign up, or "
            "verify this address in your account, then write again.",
        )
    return address.user


def _check_member(member) -> None:
    # The same rule as every other door (session, API keys, feed tokens).
    if notice := entry_refusal(member):
        raise Refused("not_allowed", notice)


def _body(mail, member, made) -> str:
    text = parsing.new_text(parsing.body_markdown(mail.message))
    files = attach_files(
        author=member, files=parsing.attachments(mail.message), made=made
    )
    return f"{text}\n\n{files}".strip() if files else text
