from django.conf import settings
from django.db import models
from django.utils import timezone


class StaffAction(models.Model):
    """One moderator or admin action: who did what to what, before and after, why.

    Written by the moderation services (and the admin, which calls them); nothing
    in the site edits or deletes these rows.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="staff_actions",
    )
    action = models.CharField(max_length=40, db_index=True)
    target_type = models.CharField(max_length=20)
    target_id = models.PositiveBigIntegerField()
    target_repr = models.CharField(max_length=300)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        # The table predates this app (the model moved from moderation).
        db_table = "moderation_staffaction"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="action_target")
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.target_repr}"
