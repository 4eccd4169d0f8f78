"""Personal messages in the API: the caller's conversations, one conversation,
a new one, a reply. Only participants see a conversation; to anyone else, staff
too, it does not exist (404)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from forum.conversations import services
from forum.conversations.models import Conversation

from . import message_serializers as s
from .lookups import ID_PATTERN, validated
from .pagination import PagePagination
from .permissions import KeyAllowsMethod


class ConversationPagination(PagePagination):
    page_size = 30


def _named(model, field: str, names: list[str], *, key: str) -> list:
    found = {
        getattr(row, field): row
        for row in model.objects.filter(**{f"{field}__in": names})
    }
    missing = [name for name in names if name not in found]
    if missing:
        raise ValidationError(
            {"to": [f"No such {model._meta.verbose_name}: {missing[0]}."]}
        )
    return list(found.values())


class ConversationViewSet(viewsets.GenericViewSet):
    queryset = Conversation.objects.none()
    serializer_class = s.ConversationSerializer
    pagination_class = ConversationPagination
    permission_classes = [IsAuthenticated, KeyAllowsMethod]
    lookup_value_regex = ID_PATTERN

    def list(self, request):
        """Your conversations, the latest first, with how many messages you have
        not read."""
        user = request.user
        conversations = Conversation.objects.for_member(user).with_unread(user)
        page = self.paginate_queryset(conversations.for_inbox())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=s.ConversationDetailSerializer)
    def retrieve(self, request, pk):
        """A conversation and its messages (marks them read)."""
        return Response(self._detail(pk))

    def _detail(self, pk) -> dict:
        user = self.request.user
        conversation = Conversation.objects.get_for_member_or_404(user, pk)
        conversation = Conversation.objects.with_unread(user).get(pk=conversation.pk)
        conversation.message_list = list(conversation.messages.select_related("author"))
        conversation.people = [
            participant.user
            for participant in conversation.participants.filter(
                left_at__isnull=True, is_invited=True
            ).select_related("user")
        ]
        conversation.group_list = list(conversation.groups.order_by("name"))
        data = s.ConversationDetailSerializer(conversation).data
        if conversation.message_list:
            services.mark_read(
                user=user,
                conversation=conversation,
                number=conversation.message_list[-1].number,
            )
        return data

    @extend_schema(
        request=s.ConversationCreateSerializer,
        responses={201: s.ConversationDetailSerializer},
    )
    def create(self, request):
        """Start a conversation with members and groups, by name."""
        data = validated(s.ConversationCreateSerializer, request.data)
        conversation = services.start_conversation(
            author=request.user,
            title=data["title"],
            raw=data["raw"],
            users=_named(get_user_model(), "username", data["users"], key="users"),
            groups=_named(Group, "name", data["groups"], key="groups"),
        )
        return Response(self._detail(conversation.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.MessageReplySerializer, responses={201: s.MessageSerializer}
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk):
        """Reply in a conversation you take part in."""
        conversation = Conversation.objects.get_for_member_or_404(request.user, pk)
        data = validated(s.MessageReplySerializer, request.data)
        message = services.reply(
            author=request.user, conversation=conversation, raw=data["raw"]
        )
        return Response(s.MessageSerializer(message).data, status=201)
