"""The people of an import: members (with their avatars) and groups (with
their pages, owners and members), each recorded once in ImportedRecord."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from accounts import services as accounts
from accounts.models import TrustLevel, User

from .services import (
    BAD_AVATARS,
    TAKEN_USERNAMES,
    Kind,
    Summary,
    imported,
    record,
)


def imported_user(site: str, source_id: int) -> User | None:
    known = imported(site, Kind.USER, source_id)
    return User.objects.get(id=known) if known else None


def import_user(
    site: str,
    data: dict,
    email: str | None,
    summary: Summary,
    *,
    avatar: bytes | None = None,
) -> User:
    """A member: username, name, trust level (Meridian's highest is 2), email
    when the key could read it, and their avatar (checked and resized as an
    upload is). They sign in by resetting their password."""
    known = imported_user(site, data["id"])
    if known:
        return known
    username = data["username"][:39]
    if User.objects.filter(username__iexact=username).exists():
        username = f"{username[:30]}-{data['id']}"
        summary.skip(TAKEN_USERNAMES, f"{data['username']} → {username}")
    with transaction.atomic():
        user = User(
            username=username,
            name=(data.get("name") or "")[:150],
            email=email or "",
            trust_level=min(data.get("trust_level") or 0, TrustLevel.MEMBER),
            title=(data.get("title") or "")[:100],
        )
        user.set_unusable_password()
        user.save()
        record(site, Kind.USER, data["id"], user.id)
        if avatar is not None:
            _set_avatar(user, avatar, summary)
    summary.count("users")
    return user


def _set_avatar(user: User, image: bytes, summary: Summary) -> None:
    try:
        with transaction.atomic():
            accounts.set_avatar(user=user, upload=ContentFile(image, name="avatar"))
    except ValidationError as error:
        summary.skip(BAD_AVATARS, f"{user.username}: {error.messages[0]}")
        return
    summary.count("avatars")


def import_group(
    site: str, data: dict, members: list[User], owners: list[User], summary
) -> Group:
    """A group with its page (title, description, visibility, join requests),
    owners and members. Run again, it adds the new members and leaves the rest
    (and what an admin changed since) alone."""
    with transaction.atomic():
        group, created = Group.objects.get_or_create(name=data["name"][:150])
        if not imported(site, Kind.GROUP, data["id"]):
            accounts.ensure_group_profile(
                group=group,
                title=(data.get("title") or "")[:100],
                description=data.get("bio_raw") or "",
                is_visible=(data.get("visibility_level") or 0) == 0,
                allow_join_requests=bool(data.get("allow_membership_requests")),
            )
            group.profile.owners.add(*owners)
            record(site, Kind.GROUP, data["id"], group.id)
        already = set(group.user_set.values_list("id", flat=True))
        new = [user for user in members if user.id not in already]
        group.user_set.add(*new)
    summary.count("groups", int(created))
    summary.count("group memberships", len(new))
    return group
