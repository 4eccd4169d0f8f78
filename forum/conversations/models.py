"""Personal messages: private conversations between members, and between a
member and a group. They live apart from topics, so no list, count, search
index, feed or digest built on topics can ever hold one."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .querysets import ConversationQuerySet, MessageFlagQuerySet, MessageQuerySet


class Conversation(models.Model):
    """A private conversation: its readers are its participants and the members
    of its groups (less those who left)."""

    title = models.CharField(max_length=255)
    # Protected (and named, so `accounts.services.delete_account` finds them):
    # a deleted member's messages stay, by the "deleted" placeholder.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conversations_started",
    )
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conversations_last_posted",
    )
    groups = models.ManyToManyField(Group, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_posted_at = models.DateTimeField(default=timezone.now)
    # The number of the latest message; unread counts compare it with each
    # reader's `Participant.last_read_number`.
    highest_number = models.PositiveIntegerField(default=0)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["-last_posted_at"], name="conversation_last")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conversations:detail", args=[self.pk])


class Participant(models.Model):
    """A member's place in a conversation: invited, or a group member who read
    it; `left_at` once they leave (then it no longer reaches them)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_states",
    )
    is_invited = models.BooleanField(
        default=True, help_text="Added by name (not only through a group)."
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_read_number = models.PositiveIntegerField(default=0)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="one_participant_per_user"
            )
        ]
        indexes = [models.Index(fields=["user", "conversation"], name="participant")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    """One message of a conversation, numbered from 1."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="personal_messages",
    )
    raw = models.TextField()
    cooked = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="one_message_per_number"
            )
        ]
        indexes = [models.Index(fields=["author", "created_at"], name="message_by")]

    def __str__(self) -> str:
        return f"#{self.number} of {self.conversation_id}"

    def get_absolute_url(self) -> str:
        return f"{self.conversation.get_absolute_url()}#m{self.number}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class MessageFlag(models.Model):
    """A participant's report of a message: the one way a moderator, not a
    participant, gets to read it (in the review queue)."""

    class Reason(models.TextChoices):
        INAPPROPRIATE = "inappropriate", "Inappropriate"
        HARASSMENT = "harassment", "Harassment"
        SPAM = "spam", "Spam"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        AGREED = "agreed", "Agreed"
        DISAGREED = "disagreed", "Disagreed"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = MessageFlagQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "message"], name="one_flag_per_message"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on message {self.message_id}"
