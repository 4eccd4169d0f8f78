"""Input serializers check types and shapes (the services check the rules); output
serializers shape the JSON. No writes happen here."""

from __future__ import annotations

from html import unescape

from django.utils.html import strip_tags
from rest_framework import serializers

from accounts.models import User
from forum.categories.models import Category
from forum.categories.permissions import category_access
from forum.search.query import MAX_QUERY_LENGTH
from forum.search.services import MAX_PAGE as SEARCH_MAX_PAGE
from forum.subscriptions.models import Notification
from forum.topics import permissions as topic_permissions
from forum.topics.levels import NotificationLevel
from forum.topics.models import Post, Topic
from forum.topics.querysets import TOP_PERIODS

from .pagination import MAX_PAGE

MAX_ID = 2**63 - 1


def _id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# Input


class TextField(serializers.CharField):
    """A JSON string, and only that: numbers and booleans are refused, not coerced."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TopicFilterSerializer(serializers.Serializer):
    category = _id_field(
        required=False, help_text="Only this category and its subcategories."
    )
    tag = TextField(required=False, max_length=100)
    solved = serializers.BooleanField(
        required=False,
        allow_null=True,
        # Discourse ignores an empty filter, and an HTML form's "any" choice
        # submits one; anything else that is not a yes/no word is a 400.
        help_text=(
            "true (or yes): only solved topics; false (or no): only unsolved "
            "ones; empty or left out: any."
        ),
    )


class TopTopicFilterSerializer(TopicFilterSerializer):
    period = serializers.ChoiceField(choices=list(TOP_PERIODS), default="all")


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, help_text="From 1."
    )


class TopicCreateSerializer(serializers.Serializer):
    category = _id_field()
    title = TextField(allow_blank=True)
    raw = TextField(allow_blank=True, help_text="The first post, Markdown.")
    tags = serializers.ListField(
        child=TextField(max_length=100),
        required=False,
        default=list,
        max_length=50,
    )


class ReplyCreateSerializer(serializers.Serializer):
    raw = TextField(allow_blank=True, help_text="Markdown.")
    reply_to_post_number = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )


class PostEditSerializer(serializers.Serializer):
    raw = TextField(
        required=False, allow_blank=True, help_text="The new text, Markdown."
    )
    title = TextField(
        required=False, allow_blank=True, help_text="Post 1 only: the topic's title."
    )
    reason = TextField(required=False, allow_blank=True, max_length=255, default="")


class TopicEditSerializer(serializers.Serializer):
    title = TextField(required=False, allow_blank=True)
    category = _id_field(required=False, help_text="Move it to this category.")
    tags = serializers.ListField(
        child=TextField(max_length=100),
        required=False,
        max_length=50,
        help_text="The topic's tags from now on (all of them).",
    )
    reason = TextField(required=False, allow_blank=True, max_length=255, default="")


class SolutionSerializer(serializers.Serializer):
    post = _id_field(help_text="The id of the reply that solved the topic.")


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(
        required=False, default=False, help_text="true: only unread notifications."
    )


NOTHING_TO_SEARCH = "Nothing to search for: give words or filters, e.g. ?q=calexp"


class SearchQuerySerializer(serializers.Serializer):
    q = TextField(
        max_length=MAX_QUERY_LENGTH,
        error_messages={"required": NOTHING_TO_SEARCH, "blank": NOTHING_TO_SEARCH},
        help_text="Words and filters, as in the site's search box: "
        '`calexp "forced photometry" #support tags:alerts @alice status:solved '
        "in:title after:2024-01-31 order:latest`.",
    )
    page = serializers.IntegerField(
        required=False, default=1, min_value=1, max_value=SEARCH_MAX_PAGE
    )


LEVEL_HELP = ", ".join(
    f"{level.value} {level.label.lower()}" for level in NotificationLevel
)


class LevelSerializer(serializers.Serializer):
    """The caller's notification level on a category or a tag."""

    level = serializers.ChoiceField(
        choices=NotificationLevel.choices, help_text=LEVEL_HELP + "."
    )
    label = serializers.CharField(read_only=True)


class TopicLevelSerializer(LevelSerializer):
    """A topic's levels: "watching first post" is for categories and tags only."""

    level = serializers.ChoiceField(
        choices=[
            choice
            for choice in NotificationLevel.choices
            if choice[0] != NotificationLevel.WATCHING_FIRST_POST
        ],
        help_text=LEVEL_HELP.replace(", 4 watching first post", "") + ".",
    )


# Output


class UserSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "name"]


class UserSerializer(serializers.ModelSerializer):
    bio = serializers.CharField(source="bio_cooked", help_text="HTML.")
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "title",
            "bio",
            "date_joined",
            "is_staff",
            "is_moderator",
            "url",
        ]


class CategorySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "color"]


class CategorySerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url")
    parent_id = serializers.IntegerField(allow_null=True)
    can_create_topic = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "color",
            "parent_id",
            "position",
            "allow_solutions",
            "topic_count",
            "post_count",
            "url",
            "can_create_topic",
        ]

    def get_can_create_topic(self, category: Category) -> bool:
        user = self.context["request"].user
        return user.is_authenticated and category.id in category_access(user).can_create


class TopicSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url")
    category = CategorySummarySerializer()
    author = UserSummarySerializer()
    last_poster = UserSummarySerializer(allow_null=True)
    tags = serializers.SerializerMethodField()
    is_solved = serializers.BooleanField()
    is_deleted = serializers.BooleanField()
    solution_id = serializers.IntegerField(
        allow_null=True, help_text="The id of the post that solved it."
    )

    class Meta:
        model = Topic
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "category",
            "author",
            "tags",
            "created_at",
            "bumped_at",
            "last_posted_at",
            "last_poster",
            "post_count",
            "reply_count",
            "view_count",
            "like_count",
            "is_pinned",
            "is_pinned_globally",
            "is_closed",
            "is_archived",
            "is_deleted",
            "is_solved",
            "solution_id",
        ]

    def get_tags(self, topic: Topic) -> list[str]:
        return [tag.name for tag in topic.tags.all()]


class PostSerializer(serializers.ModelSerializer):
    """A post. Hidden posts keep their text from everyone but moderators."""

    url = serializers.SerializerMethodField()
    author = UserSummarySerializer()
    raw = serializers.SerializerMethodField(help_text="Markdown; null while hidden.")
    cooked = serializers.SerializerMethodField(help_text="HTML; null while hidden.")
    is_deleted = serializers.BooleanField()
    can_edit = serializers.SerializerMethodField()
    can_delete = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "topic_id",
            "post_number",
            "url",
            "author",
            "raw",
            "cooked",
            "reply_to_post_number",
            "created_at",
            "edited_at",
            "version",
            "like_count",
            "is_solution",
            "is_hidden",
            "is_deleted",
            "can_edit",
            "can_delete",
        ]

    def _user(self):
        return self.context["request"].user

    def _shows_text(self, post: Post) -> bool:
        return not post.is_hidden or topic_permissions.can_moderate_topic(
            self._user(), post.topic
        )

    def get_url(self, post: Post) -> str:
        return post.topic.get_post_url(post.post_number)

    def get_raw(self, post: Post) -> str | None:
        return post.raw if self._shows_text(post) else None

    def get_cooked(self, post: Post) -> str | None:
        return post.cooked if self._shows_text(post) else None

    def get_can_edit(self, post: Post) -> bool:
        return topic_permissions.can_edit_post(self._user(), post)

    def get_can_delete(self, post: Post) -> bool:
        return topic_permissions.can_delete_post(self._user(), post)


class TopicRefSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Topic
        fields = ["id", "title", "slug", "url"]


class ActivityPostSerializer(PostSerializer):
    topic = TopicRefSerializer()

    class Meta(PostSerializer.Meta):
        fields = [*PostSerializer.Meta.fields, "topic"]


class TopicPostSerializer(PostSerializer):
    """A post on a topic page, with what the caller did with it (false when
    signed out)."""

    liked_by_me = serializers.SerializerMethodField()
    bookmarked_by_me = serializers.SerializerMethodField()

    class Meta(PostSerializer.Meta):
        fields = [*PostSerializer.Meta.fields, "liked_by_me", "bookmarked_by_me"]

    def get_liked_by_me(self, post: Post) -> bool:
        return bool(getattr(post, "liked_by_me", False))

    def get_bookmarked_by_me(self, post: Post) -> bool:
        return bool(getattr(post, "bookmarked_by_me", False))


class PostStreamSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    last_page = serializers.IntegerField()
    posts_per_page = serializers.IntegerField()
    next = serializers.CharField(allow_null=True, help_text="URL of the next page.")
    previous = serializers.CharField(allow_null=True)
    posts = TopicPostSerializer(many=True)


class TopicPermissionsSerializer(serializers.Serializer):
    can_reply = serializers.BooleanField()
    can_accept_solution = serializers.BooleanField()


class TopicDetailSerializer(TopicSerializer):
    """A topic with one page of its posts, by post number, and its solution."""

    solution = PostSerializer(
        source="solution_post", allow_null=True, help_text="Shown under the question."
    )
    post_stream = PostStreamSerializer()
    permissions = TopicPermissionsSerializer()

    class Meta(TopicSerializer.Meta):
        fields = [
            *TopicSerializer.Meta.fields,
            "solution",
            "post_stream",
            "permissions",
        ]


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    topic_count = serializers.IntegerField(help_text="Topics the caller may see.")


class LikeStateSerializer(serializers.Serializer):
    post_id = serializers.IntegerField()
    liked = serializers.BooleanField(help_text="Whether the caller likes it now.")
    like_count = serializers.IntegerField()


class LikerSerializer(serializers.Serializer):
    user = UserSummarySerializer()
    created_at = serializers.DateTimeField(help_text="When they liked it.")


class BookmarkStateSerializer(serializers.Serializer):
    post_id = serializers.IntegerField()
    bookmarked = serializers.BooleanField(
        help_text="Whether the caller has it bookmarked now."
    )


class BookmarkSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField(help_text="When it was bookmarked.")
    post = ActivityPostSerializer()


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(
        source="get_kind_display", help_text="E.g. “replied to you”."
    )
    actor = UserSummarySerializer(allow_null=True, help_text="Who did it, if anyone.")
    topic = TopicRefSerializer()
    post_id = serializers.IntegerField(allow_null=True)
    post_number = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="Where it happened.")
    is_read = serializers.BooleanField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "message",
            "actor",
            "topic",
            "post_id",
            "post_number",
            "url",
            "created_at",
            "read_at",
            "is_read",
        ]

    def get_post_number(self, notification: Notification) -> int | None:
        return notification.post.post_number if notification.post else None

    def get_url(self, notification: Notification) -> str:
        number = self.get_post_number(notification) or 1
        return notification.topic.get_post_url(number)


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread.")


class SearchPostSerializer(serializers.ModelSerializer):
    author = UserSummarySerializer()

    class Meta:
        model = Post
        fields = ["id", "post_number", "author", "created_at"]


class SearchResultSerializer(serializers.Serializer):
    """A topic found, with the post that matched best and a plain-text blurb."""

    topic = TopicSerializer()
    post = SearchPostSerializer(help_text="The post that matched best.")
    url = serializers.CharField(help_text="The matching post on the site.")
    blurb = serializers.SerializerMethodField(help_text="Plain text around a match.")
    blurb_html = serializers.CharField(
        source="snippet", help_text="The blurb with matches in <mark>."
    )

    def get_blurb(self, result) -> str:
        return unescape(strip_tags(result.snippet))


class SearchPageSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as understood.")
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="What in the query was not used, and why.",
    )
    total = serializers.IntegerField(help_text="Topics found (estimated).")
    fuzzy = serializers.BooleanField(
        help_text="Nothing matched exactly; these match similar words."
    )
    next = serializers.CharField(allow_null=True, help_text="URL of the next page.")
    previous = serializers.CharField(allow_null=True)
    results = SearchResultSerializer(many=True)


class ApiKeyInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    prefix = serializers.CharField()
    kind = serializers.CharField()
    is_read_only = serializers.BooleanField()


class MeSerializer(serializers.Serializer):
    user = UserSerializer()
    key = ApiKeyInfoSerializer(
        allow_null=True, help_text="The API key used, or null for the session."
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="400 only: the messages per field.",
    )
