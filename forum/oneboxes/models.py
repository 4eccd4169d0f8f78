from django.db import models
from django.utils import timezone


class LinkPreview(models.Model):
    """What a page on another site says about itself (OpenGraph, or its title),
    fetched once for the posts that link to it alone on a line."""

    class Status(models.TextChoices):
        OK = "ok", "fetched"
        FAILED = "failed", "could not be fetched or refused"

    url = models.URLField(max_length=2000, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    title = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=500, blank=True)
    site_name = models.CharField(max_length=100, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.url
