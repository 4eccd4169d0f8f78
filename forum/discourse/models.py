from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportedRecord(models.Model):
    """A Discourse row already copied, and the Meridian row it became: what makes
    an import resumable and a second run add only what is new."""

    class Kind(models.TextChoices):
        CATEGORY = "category", "category"
        GROUP = "group", "group"
        USER = "user", "user"
        TOPIC = "topic", "topic"
        POST = "post", "post"
        # A post left out on purpose (a small action, a deleted post): target 0.
        SKIPPED_POST = "skipped", "skipped post"

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


class MovedId(models.Model):
    """A Discourse topic or category whose id Meridian had already given to
    another row: its old links (`/t/<slug>/<old id>`, `/c/<slug>/<old id>`),
    told apart from the row now at that id by their slug, redirect to the row
    it became."""

    class Kind(models.TextChoices):
        CATEGORY = "category", "category"
        TOPIC = "topic", "topic"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_id = models.BigIntegerField()
    old_slug = models.CharField(max_length=255)
    target_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "old_id", "old_slug"], name="one_target_per_old_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.old_slug}/{self.old_id} -> {self.target_id}"


class UserApiKey(models.Model):
    """A key a member granted an application through Discourse's
    `/user-api-key/new` flow; the application sends it as `User-Api-Key`.
    Only a hash of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="user_api_keys",
    )
    application_name = models.CharField(max_length=100)
    client_id = models.CharField(max_length=200)
    scopes = models.CharField(max_length=200, help_text="Comma-separated: read, write…")
    prefix = models.CharField(max_length=16, db_index=True, editable=False)
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "user API key"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application_name} for {self.user} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in self.scopes.split(",") if scope]

    @property
    def is_read_only(self) -> bool:
        return "write" not in self.scope_list
