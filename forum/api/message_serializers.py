"""The JSON of personal messages: what participants send and get back."""

from __future__ import annotations

from rest_framework import serializers

from forum.conversations.models import Conversation, Message

from .inputs import TextField
from .outputs import UserSummarySerializer


class ConversationCreateSerializer(serializers.Serializer):
    title = TextField(allow_blank=True)
    raw = TextField(allow_blank=True, help_text="The first message, Markdown.")
    users = serializers.ListField(
        child=TextField(max_length=150),
        required=False,
        default=list,
        max_length=50,
        help_text="Usernames to write to.",
    )
    groups = serializers.ListField(
        child=TextField(max_length=150),
        required=False,
        default=list,
        max_length=10,
        help_text="Group names to write to.",
    )


class MessageReplySerializer(serializers.Serializer):
    raw = TextField(allow_blank=True, help_text="Markdown.")


class MessageSerializer(serializers.ModelSerializer):
    author = UserSummarySerializer()
    cooked = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "number", "author", "cooked", "created_at", "is_hidden"]

    def get_cooked(self, message: Message) -> str:
        return "" if message.is_hidden else message.cooked


class ConversationSerializer(serializers.ModelSerializer):
    last_poster = UserSummarySerializer()
    unread = serializers.IntegerField(default=0)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "title",
            "created_at",
            "last_posted_at",
            "last_poster",
            "highest_number",
            "unread",
        ]


class ConversationDetailSerializer(ConversationSerializer):
    participants = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()
    messages = MessageSerializer(many=True, source="message_list")

    class Meta(ConversationSerializer.Meta):
        fields = [
            *ConversationSerializer.Meta.fields,
            "participants",
            "groups",
            "messages",
        ]

    def get_participants(self, conversation) -> list[str]:
        return [user.username for user in conversation.people]

    def get_groups(self, conversation) -> list[str]:
        return [group.name for group in conversation.group_list]
