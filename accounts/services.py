"""Writes for accounts and groups: profiles, avatars, deletion, silencing, joining."""

from __future__ import annotations

import secrets
import zoneinfo
from collections.abc import Callable
from datetime import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from forum import markup

from . import avatars, permissions
from .models import (
    DELETED_USERNAME,
    DigestFrequency,
    EmailFrequency,
    GroupJoinRequest,
    GroupProfile,
    JoinRequestStatus,
    TrustLevel,
    User,
)

BIO_MAX_LENGTH = 3000


def update_preferences(
    *,
    user: User,
    name: str,
    bio_raw: str,
    title: str,
    time_zone: str,
    email_mentions: str,
    email_replies: str,
    email_watched: str,
    email_digest: str,
    digest_hour: int,
) -> User:
    """Save what `user` chose on their preferences page."""
    errors = {}
    if title and title not in GroupProfile.objects.titles_for(user):
        errors["title"] = "Choose a title from one of your groups."
    if time_zone and time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = "Choose a time zone from the list."
    if len(bio_raw) > BIO_MAX_LENGTH:
        errors["bio_raw"] = f"Keep the bio under {BIO_MAX_LENGTH} characters."
    for field, value, choices in [
        ("email_mentions", email_mentions, EmailFrequency),
        ("email_replies", email_replies, EmailFrequency),
        ("email_watched", email_watched, EmailFrequency),
        ("email_digest", email_digest, DigestFrequency),
    ]:
        if value not in choices.values:
            errors[field] = "Choose one of the options."
    if not 0 <= digest_hour <= 23:
        errors["digest_hour"] = "Choose an hour from 0 to 23."
    if errors:
        raise ValidationError(errors)
    user.name = name.strip()
    user.bio_raw = bio_raw.strip()
    user.bio_cooked = markup.render(user.bio_raw) if user.bio_raw else ""
    user.title = title
    user.time_zone = time_zone
    user.email_mentions = email_mentions
    user.email_replies = email_replies
    user.email_watched = email_watched
    user.email_digest = email_digest
    user.digest_hour = digest_hour
    user.save(
        update_fields=[
            "name",
            "bio_raw",
            "bio_cooked",
            "title",
            "time_zone",
            "email_mentions",
            "email_replies",
            "email_watched",
            "email_digest",
            "digest_hour",
        ]
    )
    return user


def set_avatar(*, user: User, upload) -> User:
    """Replace `user`'s avatar with the uploaded image, checked and resized."""
    png = avatars.make_avatar(upload)
    old = user.avatar.name if user.avatar else ""
    # A new name per upload, so browsers and caches never show the old one.
    user.avatar.save(f"{user.pk}-{secrets.token_hex(6)}.png", ContentFile(png), False)
    user.save(update_fields=["avatar"])
    if old:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old))
    return user


def remove_avatar(*, user: User) -> User:
    """Go back to the letter avatar."""
    if user.avatar:
        old, storage = user.avatar.name, user.avatar.storage
        user.avatar = ""
        user.save(update_fields=["avatar"])
        transaction.on_commit(lambda: storage.delete(old))
    return user


def deleted_user() -> User:
    """The placeholder that keeps the posts of deleted accounts."""
    placeholder, created = User.objects.get_or_create(
        username=DELETED_USERNAME,
        defaults={
            "name": "deleted user",
            "is_active": False,
            "trust_level": TrustLevel.MEMBER,
            "email_mentions": EmailFrequency.NEVER,
            "email_replies": EmailFrequency.NEVER,
            "email_watched": EmailFrequency.NEVER,
            "email_digest": DigestFrequency.NEVER,
        },
    )
    if created:
        placeholder.set_unusable_password()
        placeholder.save(update_fields=["password"])
    return placeholder


# Apps above accounts keep rows that outlive a deleted member (topics: topics,
# posts, revisions and like counters); each registers, in its AppConfig.ready(),
# a `hand_over(*, user, heir)` that delete_account runs in its transaction.
_handovers: list[Callable[..., None]] = []


def register_handover(hand_over: Callable[..., None]) -> None:
    """Have `hand_over(user=..., heir=...)` run before a member is deleted."""
    if hand_over not in _handovers:
        _handovers.append(hand_over)


def delete_account(*, user: User) -> None:
    """Delete `user`; their topics, posts and edits stay, by "deleted user"."""
    if user.username == DELETED_USERNAME:
        raise ValidationError("The placeholder account cannot be deleted.")
    avatar, storage = user.avatar.name, user.avatar.storage
    with transaction.atomic():
        placeholder = deleted_user()
        # The apps above accounts hand over what must outlive the member first
        # (topics: their topics, posts, edits and the likes' counters).
        for hand_over in _handovers:
            hand_over(user=user, heir=placeholder)
        # Any other records that must outlive their author (protected foreign
        # keys) move to the placeholder too; the rest go with the user.
        for relation in User._meta.related_objects:
            if relation.on_delete is models.PROTECT and relation.one_to_many:
                relation.related_model._base_manager.filter(
                    **{relation.field.name: user}
                ).update(**{relation.field.name: placeholder})
        user.delete()
    if avatar:
        transaction.on_commit(lambda: storage.delete(avatar))


def silence_user(*, user: User, until: datetime, reason: str) -> User:
    """Stop `user` posting until `until`; they are told why."""
    if until <= timezone.now():
        raise ValidationError({"until": "Choose a moment in the future."})
    user.silenced_until, user.silenced_reason = until, reason[:500]
    user.save(update_fields=["silenced_until", "silenced_reason"])
    return user


def unsilence_user(*, user: User) -> User:
    user.silenced_until, user.silenced_reason = None, ""
    user.save(update_fields=["silenced_until", "silenced_reason"])
    return user


def suspend_user(*, user: User, until: datetime, reason: str) -> User:
    """Stop `user` signing in until `until`; they are told why."""
    if until <= timezone.now():
        raise ValidationError({"until": "Choose a moment in the future."})
    user.suspended_until, user.suspended_reason = until, reason[:500]
    user.save(update_fields=["suspended_until", "suspended_reason"])
    return user


def unsuspend_user(*, user: User) -> User:
    user.suspended_until, user.suspended_reason = None, ""
    user.save(update_fields=["suspended_until", "suspended_reason"])
    return user


def ensure_group_profile(*, group: Group, **fields) -> GroupProfile:
    """Create or update the forum's profile of `group`."""
    profile, created = GroupProfile.objects.get_or_create(group=group, defaults=fields)
    changed = [
        name for name, value in fields.items() if getattr(profile, name) != value
    ]
    if not created and changed:
        for name in changed:
            setattr(profile, name, fields[name])
        profile.save(update_fields=changed)
    return profile


def request_to_join(
    *, profile: GroupProfile, user: User, message: str = ""
) -> GroupJoinRequest:
    """Ask to join a group; its owners and the moderators decide."""
    permissions.check_can_request_to_join(user, profile)
    return GroupJoinRequest.objects.create(
        group=profile.group, user=user, message=message.strip()[:2000]
    )


def _decide(*, join_request: GroupJoinRequest, by: User, status: str) -> None:
    profile = GroupProfile.objects.get(group_id=join_request.group_id)
    permissions.check_can_manage_group(by, profile)
    with transaction.atomic():
        decided = GroupJoinRequest.objects.filter(
            pk=join_request.pk, status=JoinRequestStatus.PENDING
        ).update(status=status, decided_by=by, decided_at=timezone.now())
        if not decided:
            raise ValidationError("This request has already been decided.")
        if status == JoinRequestStatus.APPROVED:
            join_request.user.groups.add(join_request.group)
    join_request.refresh_from_db()


def approve_join_request(*, join_request: GroupJoinRequest, by: User) -> None:
    """Make the requester a member of the group."""
    _decide(join_request=join_request, by=by, status=JoinRequestStatus.APPROVED)


def decline_join_request(*, join_request: GroupJoinRequest, by: User) -> None:
    """Turn the request down; the requester may ask again later."""
    _decide(join_request=join_request, by=by, status=JoinRequestStatus.DECLINED)


def remove_group_member(*, profile: GroupProfile, user: User, by: User) -> None:
    """Take `user` out of the group (they may also leave by themselves)."""
    if by.pk != user.pk:
        permissions.check_can_manage_group(by, profile)
    user.groups.remove(profile.group)
