from django.db import models


class SeededPost(models.Model):
    """Which post a fixture file's post became, so re-seeding updates it in place."""

    key = models.CharField(max_length=255, unique=True)
    post = models.OneToOneField(
        "topics.Post", on_delete=models.CASCADE, related_name="seed_record"
    )
    digest = models.CharField(max_length=64)

    class Meta:
        # The table predates this app (the model moved from core).
        db_table = "core_seededpost"

    def __str__(self) -> str:
        return self.key
