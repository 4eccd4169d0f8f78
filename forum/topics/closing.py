"""Why a topic was closed: the reasons a moderator chooses from, and the small
notices a topic shows among its posts when something happened to it by itself."""

from django.db import models
from django.utils import timezone


class CloseReason(models.TextChoices):
    DUPLICATE = "duplicate", "a duplicate"
    OFF_TOPIC = "off_topic", "off-topic"
    ANSWERED_ELSEWHERE = "answered_elsewhere", "answered elsewhere"
    RESOLVED = "resolved", "resolved"
    OTHER = "other", "closed"


class SmallAction(models.Model):
    """A line in a topic's thread that says what happened to it (Discourse's
    "small action"), e.g. that it closed automatically after its solution.

    Not a post: nobody wrote it, so it has no likes or replies, is not counted,
    notified, emailed or indexed. It shows after post `after_post_number`, the
    last post of the topic when it happened."""

    class Kind(models.TextChoices):
        AUTO_CLOSED = "auto_closed", "closed automatically"

    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.CASCADE, related_name="small_actions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    after_post_number = models.PositiveIntegerField()
    text = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["topic", "after_post_number"], name="small_action_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in {self.topic_id}"
