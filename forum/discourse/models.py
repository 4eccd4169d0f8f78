from django.db import models
from django.utils import timezone


class ImportedRecord(models.Model):
    """A Discourse row already copied, and the Meridian row it became: what makes
    an import resumable and a second run add only what is new."""

    class Kind(models.TextChoices):
        CATEGORY = "category", "category"
        USER = "user", "user"
        TOPIC = "topic", "topic"
        POST = "post", "post"

    site = models.CharField(max_length=200, help_text="The Discourse site's URL.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_id = models.BigIntegerField()
    target_id = models.BigIntegerField()
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "source_id"], name="one_import_per_source_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id} -> {self.target_id}"
