"""Input serializers: they check the types and shapes of what callers send (the
services check the rules). No writes happen here."""

from __future__ import annotations

from rest_framework import serializers

from forum.search.query import MAX_QUERY_LENGTH
from forum.search.services import MAX_PAGE as SEARCH_MAX_PAGE
from forum.topics.levels import NotificationLevel
from forum.topics.querysets import TOP_PERIODS

from .pagination import MAX_PAGE

MAX_ID = 2**63 - 1


def _id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


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
