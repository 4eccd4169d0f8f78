"""The rule of who may see, reply and create topics in which category, and its cache.

Every app asks it through `permissions.category_access(user)`; the category
queryset's `visible_to` asks it with its own model. It reads the categories
through the model it is handed, so neither this module nor querysets.py imports
models.py (which imports the queryset for its manager).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import models

from accounts.permissions import can_enter

VERSION_KEY = "category-access-version"


class Access(models.IntegerChoices):
    SEE = 1, "see"
    REPLY = 2, "see and reply"
    CREATE = 3, "see, reply and create topics"


@dataclass(frozen=True)
class CategoryAccess:
    visible: frozenset[int]
    can_reply: frozenset[int]
    can_create: frozenset[int]
    moderates: frozenset[int] = frozenset()


def invalidate_category_access() -> None:
    """Forget all cached CategoryAccess: categories, permissions or groups changed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)


def access_for(user, category_model: type[models.Model]) -> CategoryAccess:
    """What `user` may do per category of `category_model` (the `Category` model),
    cached per request and across requests. A member who may not come in
    (suspended, deactivated) has a visitor's access, so whatever reaches them by a
    path that is not a door (emails, digests, notifications) holds no more than
    public content."""
    cached = getattr(user, "_category_access", None)
    if cached is not None:
        return cached
    if user.is_authenticated and not can_enter(user):
        access = access_for(AnonymousUser(), category_model)
        user._category_access = access
        return access
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    key = f"category-access:{version}:{user.pk or 'anon'}:{int(user.is_staff)}"
    access = cache.get(key)
    if access is None:
        access = _compute_access(user, category_model)
        cache.set(key, access, timeout=3600)
    user._category_access = access
    return access


def _compute_access(user, category_model) -> CategoryAccess:
    permission_model = category_model.permissions.field.model
    parents = dict(category_model.objects.values_list("id", "parent_id"))
    rows_by_category: dict[int, list[tuple[int | None, int]]] = {}
    for category_id, group_id, level in permission_model.objects.values_list(
        "category_id", "group_id", "access"
    ):
        rows_by_category.setdefault(category_id, []).append((group_id, level))

    is_staff = bool(user.is_authenticated and user.is_staff)
    group_ids = set(user.groups.values_list("id", flat=True)) if user.pk else set()

    def own_level(category_id: int) -> int:
        if is_staff:
            return Access.CREATE
        rows = rows_by_category.get(category_id)
        if rows is None:
            return Access.CREATE
        granted = [
            level
            for group_id, level in rows
            if group_id is None or group_id in group_ids
        ]
        return max(granted, default=0)

    def level(category_id: int) -> int:
        # A subcategory is never more open than its parent.
        parent_id = parents[category_id]
        mine = own_level(category_id)
        return mine if parent_id is None else min(mine, own_level(parent_id))

    levels = {category_id: level(category_id) for category_id in parents}
    moderator_links = category_model.moderator_groups.through.objects.values_list(
        "category_id", "group_id"
    )
    moderated = {c for c, group_id in moderator_links if group_id in group_ids}
    # Moderating a category includes its subcategories.
    moderated |= {c for c, parent in parents.items() if parent in moderated}
    if not user.is_authenticated:
        # Visitors may read what everyone may read, but never write.
        return CategoryAccess(
            visible=frozenset(c for c, lv in levels.items() if lv >= Access.SEE),
            can_reply=frozenset(),
            can_create=frozenset(),
        )
    return CategoryAccess(
        visible=frozenset(c for c, lv in levels.items() if lv >= Access.SEE),
        can_reply=frozenset(c for c, lv in levels.items() if lv >= Access.REPLY),
        can_create=frozenset(c for c, lv in levels.items() if lv >= Access.CREATE),
        moderates=frozenset(
            moderated & {c for c, lv in levels.items() if lv >= Access.SEE}
        ),
    )
