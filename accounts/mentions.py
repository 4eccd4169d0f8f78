"""@group-name mentions: which written names are groups, who may mention them,
and whom a mention notifies."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import Lower

from .models import GroupProfile
from .permissions import group_mention_refusal


def mentioned_groups(names: Iterable[str]) -> list[GroupProfile]:
    """The groups among the @names (any case) that are not also usernames, with
    `member_count`; two queries whatever the number of names."""
    lowered = {name.lower() for name in names}
    if not lowered:
        return []
    users = (
        get_user_model()
        .objects.annotate(lower=Lower("username"))
        .filter(lower__in=lowered)
        .values_list("lower", flat=True)
    )
    wanted = lowered - set(users)
    if not wanted:
        return []
    return list(
        GroupProfile.objects.select_related("group")
        .annotate(lower=Lower("group__name"), member_count=Count("group__user"))
        .filter(lower__in=wanted)
        .order_by("group__name")
    )


def check_group_mentions(user, names: Iterable[str]) -> None:
    """Refuse a text whose @group mentions `user` may not make, saying why."""
    refusals = [
        refusal
        for profile in mentioned_groups(names)
        if (refusal := group_mention_refusal(user, profile, profile.member_count))
    ]
    if refusals:
        raise ValidationError(refusals, code="group_mention")


def group_mention_recipients(author, names: Iterable[str]) -> set[int]:
    """The members of the groups `author` may mention among `names`."""
    allowed = [
        profile.group_id
        for profile in mentioned_groups(names)
        if not group_mention_refusal(author, profile, profile.member_count)
    ]
    if not allowed:
        return set()
    return set(
        get_user_model()
        .objects.filter(groups__in=allowed, is_active=True)
        .values_list("id", flat=True)
    )
