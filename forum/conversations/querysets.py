from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404


def _model(name: str) -> type[models.Model]:
    """A model of this app, looked up by name when a query is built: models.py
    imports this module for its managers, so importing the models here would be
    an import loop (tests/test_architecture.py forbids one)."""
    return apps.get_model("conversations", name)


class ConversationQuerySet(models.QuerySet):
    def for_member(self, user) -> ConversationQuerySet:
        """The conversations `user` may read: those they take part in, and those
        of their groups that they have not left. Nobody else, staff included."""
        if not user.is_authenticated:
            return self.none()
        mine = _model("Participant").objects.filter(
            conversation=OuterRef("pk"), user=user
        )
        through = self.model.groups.through
        by_group = through.objects.filter(
            conversation=OuterRef("pk"),
            group_id__in=user.groups.values("id"),
        )
        return self.filter(
            Exists(mine.filter(left_at__isnull=True))
            | (Exists(by_group) & ~Exists(mine.filter(left_at__isnull=False)))
        )

    def get_for_member_or_404(self, user, pk) -> models.Model:
        """The conversation with id `pk` if `user` may read it, else Http404 (as
        for one that does not exist)."""
        if not str(pk).isdigit() or len(str(pk)) > 18:
            raise Http404("No such conversation.")
        conversation = self.for_member(user).filter(pk=int(pk)).first()
        if conversation is None:
            raise Http404("No such conversation.")
        return conversation

    def with_unread(self, user) -> ConversationQuerySet:
        """Annotate `unread`: how many messages `user` has not read yet."""
        last_read = _model("Participant").objects.filter(
            conversation=OuterRef("pk"), user=user
        )
        return self.annotate(
            my_last_read=Coalesce(
                Subquery(last_read.values("last_read_number")[:1]), 0
            ),
            unread=F("highest_number") - F("my_last_read"),
        )

    def unread_for(self, user) -> ConversationQuerySet:
        return self.with_unread(user).filter(unread__gt=0)

    def for_inbox(self) -> ConversationQuerySet:
        return self.select_related("author", "last_poster").order_by(
            "-last_posted_at", "-id"
        )


class MessageQuerySet(models.QuerySet):
    def pending_review(self) -> MessageQuerySet:
        """Messages with pending flags, each with `pending_flags`: the review
        queue shows these (and no other message) to moderators."""
        flags = _model("MessageFlag").objects.filter(status="pending")
        return (
            self.filter(Exists(flags.filter(message=OuterRef("pk"))))
            .select_related("author", "conversation")
            .prefetch_related(
                Prefetch(
                    "flags",
                    queryset=flags.select_related("user").order_by("created_at"),
                    to_attr="pending_flags",
                )
            )
            .order_by("created_at")
        )


class MessageFlagQuerySet(models.QuerySet):
    def pending(self) -> MessageFlagQuerySet:
        return self.filter(status="pending")


def readers(conversation):
    """Everyone `conversation` reaches: participants who have not left, and
    members of its groups who have not left it."""
    user_model = get_user_model()
    left = conversation.participants.filter(left_at__isnull=False).values("user_id")
    invited = conversation.participants.filter(left_at__isnull=True).values("user_id")
    in_groups = user_model.groups.through.objects.filter(
        group_id__in=conversation.groups.values("id")
    ).values("user_id")
    return user_model.objects.filter(
        Q(pk__in=invited) | (Q(pk__in=in_groups) & ~Q(pk__in=left))
    )
