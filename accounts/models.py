from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.utils import timezone

from forum.core import live
from forum.core.links import link

from .querysets import GroupProfileQuerySet
from .roles import is_staff_or_moderator
from .validators import username_validators


def avatar_url(username: str, avatar_name: str | None) -> str:
    """The address of a member's avatar, from their username and the stored
    name of their avatar file (empty without one). Built by hand: templates ask
    for it once per post and list row."""
    if avatar_name:
        version = avatar_name.rsplit("/", 1)[-1].split(".")[0]
        return f"/u/{username}/avatar/{version}.png"
    return f"/u/{username}/avatar/letter.svg"


# The placeholder that keeps the posts of deleted accounts (see services).
DELETED_USERNAME = "deleted"


class TrustLevel(models.IntegerChoices):
    NEW = 0, "new user"
    BASIC = 1, "basic user"
    MEMBER = 2, "member"


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", "immediately"
    NEVER = "never", "never"


class DigestFrequency(models.TextChoices):
    NEVER = "never", "never"
    DAILY = "daily", "daily"
    WEEKLY = "weekly", "weekly"


def default_digest() -> str:
    """A new member's digest frequency: the live rule FORUM_DIGEST_DEFAULT."""
    return live.get("FORUM_DIGEST_DEFAULT")


def default_digest_hour() -> int:
    """The hour a new member's digests are sent at: FORUM_DIGEST_HOUR."""
    return live.get("FORUM_DIGEST_HOUR")


class User(AbstractUser):
    """A forum member. Staff and moderators are flags on the same model."""

    username = models.CharField(
        max_length=39,
        unique=True,
        validators=username_validators,
        help_text="Letters, digits, “_”, “-” and “.”; up to 39. People @mention it.",
        error_messages={"unique": "That username is taken."},
    )
    name = models.CharField("full name", max_length=150, blank=True)
    title = models.CharField(max_length=100, blank=True)
    bio_raw = models.TextField("bio", blank=True)
    bio_cooked = models.TextField(blank=True, editable=False)
    is_moderator = models.BooleanField(
        default=False, help_text="Moderators can moderate every category."
    )
    trust_level = models.PositiveSmallIntegerField(
        choices=TrustLevel.choices, default=TrustLevel.NEW
    )
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # Maintained by the likes service with F() updates; shown on the profile.
    likes_received = models.PositiveIntegerField(default=0)

    silenced_until = models.DateTimeField(null=True, blank=True)
    silenced_reason = models.CharField(max_length=500, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspended_reason = models.CharField(max_length=500, blank=True)

    email_mentions = models.CharField(
        "email me when someone mentions me",
        max_length=12,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )
    email_replies = models.CharField(
        "email me when someone replies to me",
        max_length=12,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )
    email_watched = models.CharField(
        "email me about new posts in what I watch",
        max_length=12,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATELY,
    )
    email_digest = models.CharField(
        "summary email of popular topics",
        max_length=8,
        choices=DigestFrequency.choices,
        default=default_digest,
    )
    digest_hour = models.PositiveSmallIntegerField(
        default=default_digest_hour,
        help_text="Hour of the day (in your time zone) digests are sent.",
    )

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__lte=23), name="digest_hour_in_day"
            )
        ]

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return link("accounts:profile", self.username)

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def is_staff_or_moderator(self) -> bool:
        """The rule of `accounts.roles.is_staff_or_moderator`, for code that
        holds a member (not AnonymousUser)."""
        return is_staff_or_moderator(self)

    @property
    def is_silenced(self) -> bool:
        return self.silenced_until is not None and self.silenced_until > timezone.now()

    @property
    def is_suspended(self) -> bool:
        return (
            self.suspended_until is not None and self.suspended_until > timezone.now()
        )

    @property
    def avatar_url(self) -> str:
        return avatar_url(self.username, self.avatar.name if self.avatar else "")


class UserStats(models.Model):
    """What a member has read and how often they come back: trust levels use it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stats",
    )
    days_visited = models.PositiveIntegerField(default=0)
    last_visit_on = models.DateField(null=True, blank=True)
    topics_entered = models.PositiveIntegerField(default=0)
    posts_read = models.PositiveIntegerField(default=0)
    seconds_read = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "user stats"

    def __str__(self) -> str:
        return f"stats of {self.user_id}"


class MentionableBy(models.TextChoices):
    NOBODY = "nobody", "nobody"
    MEMBERS = "members", "the group's members"
    MODERATORS = "moderators", "moderators and staff"
    EVERYONE = "everyone", "everyone"


class GroupProfile(models.Model):
    """What the forum adds to a Django group: a title, a page and join requests."""

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    title = models.CharField(
        max_length=100,
        blank=True,
        help_text="Members may show it under their name (the group's flair).",
    )
    description = models.TextField(blank=True)
    is_visible = models.BooleanField(
        "visible",
        default=True,
        help_text="Anyone may see the group's page and its members.",
    )
    allow_join_requests = models.BooleanField(
        default=False,
        help_text="Members may ask to join; owners or moderators approve.",
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="owned_groups"
    )
    mentionable_by = models.CharField(
        max_length=20,
        choices=MentionableBy.choices,
        default=MentionableBy.NOBODY,
        help_text="Who may notify the whole group with @group-name.",
    )

    objects = GroupProfileQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title or self.group.name

    def get_absolute_url(self) -> str:
        return link("accounts:group", self.group.name)


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", "pending"
    APPROVED = "approved", "approved"
    DECLINED = "declined", "declined"


class GroupJoinRequest(models.Model):
    """A member asking to join a group; an owner or moderator decides."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.group_id} ({self.status})"
