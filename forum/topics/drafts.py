"""Drafts: what a member is writing, saved as they type (a model of this app,
kept out of models.py by size)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Draft(models.Model):
    """An unfinished topic or reply, saved as the member types."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    key = models.CharField(max_length=40, help_text="new-topic, or topic-<id>")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_draft_per_key")
        ]

    def __str__(self) -> str:
        return f"draft {self.key} of {self.user_id}"
