from django.conf import settings
from django.db import models
from django.utils import timezone

from forum.topics.levels import NotificationLevel

from .querysets import NotificationQuerySet


class Notification(models.Model):
    """Something a member is told about in the site (and, by preference, by email):
    about a topic (and one of its posts), or about a personal message."""

    class Kind(models.TextChoices):
        MENTIONED = "mentioned", "mentioned you"
        REPLIED = "replied", "replied to you"
        QUOTED = "quoted", "quoted you"
        LIKED = "liked", "liked your post"
        SOLUTION = "solution", "marked your reply as the solution"
        WATCHED_TOPIC = "watched_topic", "started a topic you watch"
        WATCHED_POST = "watched_post", "posted in a topic you watch"
        POST_HIDDEN = "post_hidden", "flags hid your post until a moderator reviews it"
        FLAG_AGREED = "flag_agreed", "agreed with your flag"
        FLAG_DISAGREED = "flag_disagreed", "reviewed your flag and kept the post"
        MESSAGE = "message", "sent you a message"
        INVITED = "invited", "added you to a private conversation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "topics.Topic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    post = models.ForeignKey(
        "topics.Post",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # A personal message (no topic): only its conversation's readers are told,
    # and only while they still read it (`NotificationQuerySet.for_user`).
    message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "post", "actor"],
                name="one_notification_per_event",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "message"],
                condition=models.Q(message__isnull=False),
                name="one_notification_per_message",
            ),
            models.CheckConstraint(
                condition=models.Q(topic__isnull=False)
                | models.Q(message__isnull=False),
                name="notification_about_topic_or_message",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_kind_display()}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class CategorySubscription(models.Model):
    """A member's notification level for a category (and its subcategories)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="category_subscriptions",
    )
    category = models.ForeignKey(
        "categories.Category", on_delete=models.CASCADE, related_name="subscriptions"
    )
    level = models.PositiveSmallIntegerField(choices=NotificationLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="one_level_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.get_level_display()} {self.category_id}"


class TagSubscription(models.Model):
    """A member's notification level for a tag."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tag_subscriptions",
    )
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=NotificationLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tag"], name="one_level_per_tag")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.get_level_display()} {self.tag_id}"


class FeedToken(models.Model):
    """The secret in a member's personal feed URLs, which carry what they may see."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"feed token of {self.user_id}"


class PostEmail(models.Model):
    """An email about a post to a member: at most one per member and post, and
    sent effectively once (forum/subscriptions/services/emails.py).

    The row is written `pending` with its Message-ID when the email is decided; a
    sender claims it (`sending`, `claimed_at`, one more attempt), and marks it
    `sent` only after the SMTP server accepted the mail. A sender that died in
    between leaves it `sending`: once its claim is older than the lease it is sent
    again with the same Message-ID, so a doubled mail is recognisable, and counted
    in `attempts`.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        SENDING = "sending"
        SENT = "sent"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey("topics.Post", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, blank=True)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING
    )
    message_id = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requeued = models.PositiveSmallIntegerField(
        default=0, help_text="Times beat queued it again (each wait twice longer)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_email_per_post")
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=~models.Q(status="sent"),
                name="post_email_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"email to {self.user_id} about {self.post_id} ({self.status})"


class Digest(models.Model):
    """A summary email, recorded before it is sent so it is sent effectively once.

    `period` names the digest (e.g. "daily:2026-11-22", "weekly:2026-W47"); a
    member has at most one digest per period. Its state, like a PostEmail's:
    pending (recorded, with its Message-ID), sending (`claimed_at`), sent
    (`sent_at`, set only after the SMTP server accepted the mail). A run that died
    in between sends it again, with the same Message-ID, once the claim expired.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="digests",
        help_text="Empty for the public weekly digest.",
    )
    period = models.CharField(max_length=32)
    since = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    topics = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period"], name="one_digest_per_period"
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(user__isnull=True),
                name="one_public_digest_per_period",
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="digest_user")]

    def __str__(self) -> str:
        return f"digest {self.period} for {self.user_id or 'everyone'}"

    @property
    def status(self) -> str:
        if self.sent_at is not None:
            return PostEmail.Status.SENT
        if self.claimed_at is not None:
            return PostEmail.Status.SENDING
        return PostEmail.Status.PENDING
