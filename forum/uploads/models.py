from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .querysets import UploadQuerySet


class Kind(models.TextChoices):
    IMAGE = "image", "image"
    FILE = "file", "file"


class Upload(models.Model):
    """One stored file: the same bytes are stored, and listed, once."""

    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    kind = models.CharField(max_length=5, choices=Kind.choices, editable=False)
    # As first uploaded, cleaned (forum/uploads/names.py); shown, never a path.
    original_name = models.CharField(max_length=120, editable=False)
    size = models.PositiveBigIntegerField(help_text="Bytes stored.", editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Set when a smaller WebP copy was made for pages (wide images only).
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Uploaded again (the same bytes): an unused upload is kept another day.
    last_uploaded_at = models.DateTimeField(default=timezone.now)
    posts = models.ManyToManyField(
        "topics.Post", through="UploadUse", related_name="uploads"
    )

    objects = UploadQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["uploader", "created_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def url(self) -> str:
        return f"/uploads/{self.sha256}.{self.extension}"

    @property
    def thumbnail_url(self) -> str | None:
        if self.thumbnail_width is None:
            return None
        return f"/uploads/thumbs/{self.sha256}.webp"

    @property
    def thumbnail_height(self) -> int | None:
        if self.thumbnail_width is None:
            return None
        return max(1, round(self.height * self.thumbnail_width / self.width))

    @property
    def storage_name(self) -> str:
        return f"uploads/original/{self.sha256[:2]}/{self.sha256}.{self.extension}"

    @property
    def thumbnail_storage_name(self) -> str:
        return f"uploads/thumbs/{self.sha256[:2]}/{self.sha256}.webp"

    @property
    def is_image(self) -> bool:
        return self.kind == Kind.IMAGE


class UploadUse(models.Model):
    """A post that shows or links an upload (kept up to date on create and edit)."""

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="uses")
    post = models.ForeignKey(
        "topics.Post", on_delete=models.CASCADE, related_name="upload_uses"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["upload", "post"], name="one_use_per_post")
        ]

    def __str__(self) -> str:
        return f"upload {self.upload_id} in post {self.post_id}"
