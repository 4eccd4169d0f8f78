from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from taggit.managers import TaggableManager

from forum.core.links import link

from .closing import CloseReason
from .drafts import Draft  # noqa: F401 (a model of this app)
from .levels import NotificationLevel
from .outbox import PendingEvent  # noqa: F401 (a model of this app)
from .querysets import PostQuerySet, TopicQuerySet


class Topic(models.Model):
    """A conversation: its first post and the replies after it, in time order."""

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=100, allow_unicode=False)
    category = models.ForeignKey(
        "categories.Category", on_delete=models.PROTECT, related_name="topics"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="topics"
    )
    tags = TaggableManager(blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    bumped_at = models.DateTimeField(default=timezone.now)
    last_posted_at = models.DateTimeField(default=timezone.now)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    post_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    highest_post_number = models.PositiveIntegerField(default=0)

    is_pinned = models.BooleanField(default=False)
    is_pinned_globally = models.BooleanField(default=False)
    pinned_at = models.DateTimeField(null=True, blank=True)
    pinned_until = models.DateTimeField(null=True, blank=True)
    is_banner = models.BooleanField(
        default=False,
        help_text="Shown above every page until each member dismisses it.",
    )
    is_closed = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when it closed by itself (after its solution).",
    )
    close_reason = models.CharField(
        max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.CharField(max_length=500, blank=True)
    # Indexed where set only (topic_duplicate_of): nearly all NULL (see 0013).
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        db_index=False,
    )
    is_archived = models.BooleanField(default=False)
    is_visible = models.BooleanField(
        default=True, help_text="Unlisted topics are hidden from lists."
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    solution = models.ForeignKey(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    solved_at = models.DateTimeField(null=True, blank=True)
    continues_post = models.ForeignKey(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continuations",
        help_text="The post this topic was started from (“reply as new topic”).",
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-bumped_at"]
        indexes = [
            models.Index(
                fields=["category", "-bumped_at"], name="topic_category_bumped"
            ),
            models.Index(fields=["-bumped_at"], name="topic_bumped"),
            models.Index(
                fields=["-bumped_at"],
                condition=Q(is_pinned=True) | Q(is_pinned_globally=True),
                name="topic_pinned_bumped",
            ),
            models.Index(
                fields=["continues_post"],
                condition=Q(continues_post__isnull=False),
                name="topic_continues_post",
            ),
            models.Index(
                fields=["duplicate_of"],
                condition=Q(duplicate_of__isnull=False),
                name="topic_duplicate_of",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link("topics:detail", self.slug, self.id)

    def get_post_url(self, post_number: int) -> str:
        return link("topics:detail_post", self.slug, self.id, post_number)

    @property
    def reply_draft_key(self) -> str:
        """The key of a member's draft reply to this topic."""
        return f"topic-{self.id}"

    @property
    def first_unread_url(self) -> str:
        """The member's first unread post, on a list row read `with_read_state`."""
        return self.get_post_url(self.my_last_read + 1)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_solved(self) -> bool:
        return self.solution_id is not None


class Post(models.Model):
    """One post of a topic. Post 1 is the question; `cooked` is its stored HTML."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    post_number = models.PositiveIntegerField()
    raw = models.TextField()
    cooked = models.TextField()
    reply_to_post_number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    like_count = models.PositiveIntegerField(default=0)
    # A topic continues this post ("reply as new topic"), kept by the services that
    # set `Topic.continues_post`; topics.pages asks only for posts with the flag.
    has_continuations = models.BooleanField(default=False)
    is_solution = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    is_locked = models.BooleanField(
        default=False, help_text="Locked posts can't be edited by their author."
    )
    is_wiki = models.BooleanField(
        default=False, help_text="Members at the wiki trust level may edit it."
    )
    wiki_trust_level = models.PositiveSmallIntegerField(
        default=1, help_text="The trust level from which members may edit the wiki."
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_on = models.DateField(
        null=True, blank=True, help_text="When staff last checked that it is right."
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["topic_id", "post_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "post_number"], name="unique_post_number_per_topic"
            ),
            models.UniqueConstraint(
                fields=["topic"],
                condition=Q(is_solution=True),
                name="one_solution_per_topic",
            ),
            models.CheckConstraint(
                condition=~Q(is_solution=True, post_number=1),
                name="solution_is_not_first_post",
            ),
            models.CheckConstraint(
                condition=Q(post_number__gte=1), name="post_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(reply_to_post_number__isnull=True)
                | Q(reply_to_post_number__lt=F("post_number")),
                name="reply_to_earlier_post",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="post_author_created"),
            models.Index(
                fields=["author", "id"],
                condition=Q(deleted_at__isnull=True),
                name="post_author_alive",
            ),
            models.Index(fields=["-created_at"], name="post_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.post_number} in {self.topic_id}"

    def get_absolute_url(self) -> str:
        return self.topic.get_post_url(self.post_number)

    @property
    def reply_to_url(self) -> str:
        """The post this one replies to (`reply_to_post_number`), in its topic."""
        return self.topic.get_post_url(self.reply_to_post_number)

    @property
    def is_first_post(self) -> bool:
        return self.post_number == 1

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PostRevision(models.Model):
    """One edit of a post: who, when, the text before and after, and why; for
    post 1 also its topic's title, category and tags before and after."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    raw_before = models.TextField()
    raw_after = models.TextField()
    title_before = models.CharField(max_length=255, blank=True)
    title_after = models.CharField(max_length=255, blank=True)
    # A topic edit (post 1 only): set when the category or the tags changed.
    category_before = models.ForeignKey(
        "categories.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category_after = models.ForeignKey(
        "categories.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags_before = models.JSONField(default=list, blank=True)
    tags_after = models.JSONField(default=list, blank=True)
    reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "number"], name="unique_revision_number_per_post"
            )
        ]

    def __str__(self) -> str:
        return f"revision {self.number} of post {self.post_id}"


class Like(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_like_per_post")
        ]
        indexes = [models.Index(fields=["post", "-created_at"], name="like_post")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"], name="one_bookmark_per_post"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="bookmark_user_created")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} bookmarked {self.post_id}"


class TopicUser(models.Model):
    """A member's relation to a topic: how far they read, how closely they follow it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_states"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="user_states"
    )
    last_read_post_number = models.PositiveIntegerField(default=0)
    notification_level = models.PositiveSmallIntegerField(
        choices=NotificationLevel.choices, default=NotificationLevel.NORMAL
    )
    has_posted = models.BooleanField(default=False)
    first_visited_at = models.DateTimeField(default=timezone.now)
    last_visited_at = models.DateTimeField(default=timezone.now)
    pin_cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], name="one_state_per_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.topic_id} to #{self.last_read_post_number}"


class ListState(models.Model):
    """Per-member state of the topic lists: when "new" was last dismissed, and the
    banner they closed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_state"
    )
    new_dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_banner = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"list state of {self.user_id}"
