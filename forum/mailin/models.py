from django.conf import settings
from django.db import models
from django.utils import timezone

from .querysets import IncomingMessageQuerySet


class ReplyKey(models.Model):
    """The secret in a reply address (`reply+<key>@`): one recipient, and one
    post (a reply answers in its topic) or one conversation (a reply is a
    personal message in it).

    Revoking it (admin) makes replies to the mails that carried it refused."""

    key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "topics.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "post"], name="reply_key_user_post"),
            models.Index(
                fields=["user", "conversation"],
                condition=models.Q(conversation__isnull=False),
                name="reply_key_user_conversation",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=True, conversation__isnull=False)
                | models.Q(post__isnull=False, conversation__isnull=True),
                name="reply_key_for_a_post_or_a_conversation",
            )
        ]

    def __str__(self) -> str:
        if self.conversation_id:
            return f"reply key of {self.user_id} in conversation {self.conversation_id}"
        return f"reply key of {self.user_id} for post {self.post_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class IncomingMessage(models.Model):
    """A message that arrived, kept (raw) for a while for staff to inspect.

    Unique by Message-ID: the same message delivered twice is handled once."""

    class Status(models.TextChoices):
        RECEIVED = "received", "received, not handled yet"
        POSTED = "posted", "became a post"
        REFUSED = "refused", "refused"
        IGNORED = "ignored", "ignored (auto-reply or loop)"
        BOUNCE = "bounce", "bounce report"

    message_id = models.CharField(max_length=255, unique=True)
    from_address = models.CharField(max_length=254, blank=True, db_index=True)
    recipients = models.CharField(max_length=1000, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    raw = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    reason = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    post = models.ForeignKey(
        "topics.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    objects = IncomingMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.status})"


class CategoryInbox(models.Model):
    """A category's incoming address: mail to it from a member starts a topic."""

    category = models.OneToOneField(
        "categories.Category", on_delete=models.CASCADE, related_name="inbox"
    )
    address = models.EmailField(
        unique=True,
        help_text="Mail to this address from a member who may post in the category "
        "becomes a topic there. Your mail server must deliver it to Meridian.",
    )

    class Meta:
        verbose_name_plural = "category inboxes"

    def __str__(self) -> str:
        return self.address

    def save(self, *args, **kwargs):
        # Addresses are matched case-insensitively; store them folded.
        self.address = self.address.strip().lower()
        super().save(*args, **kwargs)


class SentMail(models.Model):
    """One mail sent to a member, named by the key in its return path (VERP), so
    a bounce tells whose address failed."""

    key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(max_length=254)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"mail to {self.address}"


class MailHealth(models.Model):
    """How a member's address has bounced, and whether email to them is off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mail_health",
    )
    address = models.CharField(max_length=254, blank=True)
    hard_bounces = models.PositiveIntegerField(default=0)
    soft_bounces = models.PositiveIntegerField(default=0)
    last_bounce_at = models.DateTimeField(null=True, blank=True)
    last_bounce_status = models.CharField(max_length=20, blank=True)
    disabled_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When bounces switched this member's email off.",
    )

    class Meta:
        verbose_name_plural = "mail health"

    def __str__(self) -> str:
        return f"mail health of {self.user_id}"


class MailingListMode(models.Model):
    """The member gets every new post they may see by email (mailing-list mode)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mailing_list_mode",
    )
    enabled_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"mailing-list mode of {self.user_id}"
