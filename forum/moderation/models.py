from django.conf import settings
from django.db import models
from django.utils import timezone


class Flag(models.Model):
    """A member's report that a post needs a moderator's attention."""

    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", "Off-topic"
        INAPPROPRIATE = "inappropriate", "Inappropriate"
        SPAM = "spam", "Spam"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        AGREED = "agreed", "Agreed"
        DISAGREED = "disagreed", "Disagreed"
        DEFERRED = "deferred", "Deferred"

    post = models.ForeignKey(
        "topics.Post", on_delete=models.CASCADE, related_name="flags"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    message = models.TextField(blank=True)
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

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_flag_per_post")
        ]
        indexes = [
            models.Index(
                fields=["post"],
                condition=models.Q(status="pending"),
                name="flag_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on {self.post_id}"
