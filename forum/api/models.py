from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiKeyKind(models.TextChoices):
    USER = "user", "acts as its owner"
    ADMIN = "admin", "may act as any user (Api-Username)"


class ApiKey(models.Model):
    """A secret a script sends instead of a password. Only a SHA-256 hash of the
    secret is stored; `prefix` lets its owner recognise it in lists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, db_index=True, editable=False)
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(
        max_length=8, choices=ApiKeyKind.choices, default=ApiKeyKind.USER
    )
    is_read_only = models.BooleanField(
        default=False, help_text="Read-only keys may only read (GET)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_admin(self) -> bool:
        return self.kind == ApiKeyKind.ADMIN
