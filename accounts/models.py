from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


class User(AbstractUser):
    """A forum member. Staff and moderators are flags on the same model."""

    name = models.CharField("full name", max_length=150, blank=True)
    title = models.CharField(max_length=100, blank=True)
    bio_raw = models.TextField("bio", blank=True)
    bio_cooked = models.TextField(blank=True, editable=False)
    is_moderator = models.BooleanField(
        default=False, help_text="Moderators can moderate every category."
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", args=[self.username])

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def is_staff_or_moderator(self) -> bool:
        return self.is_staff or self.is_moderator
