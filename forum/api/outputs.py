"""Output serializers: they shape the JSON of the answers. No writes happen here."""

from __future__ import annotations

from html import unescape

from django.utils.html import strip_tags
from rest_framework import serializers

from accounts.models import User
from forum.categories.models import Category
from forum.categories.permissions import category_access
from forum.subscriptions.models import Notification
from forum.topics import permissions as topic_permissions
from forum.topics.models import Post, Topic


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


class SearchTopicSerializer(TopicSerializer):
    """A topic found: search reads its tag names with the page's topics."""

    def get_tags(self, topic: Topic) -> list[str]:
        return topic.tag_names


class SearchResultSerializer(serializers.Serializer):
    """A topic found, with the post that matched best and a plain-text blurb."""

    topic = SearchTopicSerializer()
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
