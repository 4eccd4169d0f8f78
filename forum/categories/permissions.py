"""Who may see, reply and create topics in which category.

`category_access(user)` is the single place where restricted categories are
decided; every list, count, feed, search and email asks it (through
`Category.objects.visible_to` and `Topic.objects.visible_to`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from accounts.permissions import can_enter, check_can_post, is_staff_or_moderator

from .models import Access, Category, CategoryPermission

VERSION_KEY = "category-access-version"


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


def category_access(user) -> CategoryAccess:
    """What `user` may do per category, cached per request and across requests.
    A member who may not come in (suspended, deactivated) has a visitor's access,
    so whatever reaches them by a path that is not a door (emails, digests,
    notifications) holds no more than public content."""
    cached = getattr(user, "_category_access", None)
    if cached is not None:
        return cached
    if user.is_authenticated and not can_enter(user):
        access = category_access(AnonymousUser())
        user._category_access = access
        return access
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    key = f"category-access:{version}:{user.pk or 'anon'}:{int(user.is_staff)}"
    access = cache.get(key)
    if access is None:
        access = _compute_access(user)
        cache.set(key, access, timeout=3600)
    user._category_access = access
    return access


def _compute_access(user) -> CategoryAccess:
    parents = dict(Category.objects.values_list("id", "parent_id"))
    rows_by_category: dict[int, list[tuple[int | None, int]]] = {}
    for category_id, group_id, level in CategoryPermission.objects.values_list(
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
    moderator_links = Category.moderator_groups.through.objects.values_list(
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


def moderated_category_ids(user) -> frozenset[int]:
    """The categories `user` moderates: every category they can see for staff and
    site moderators, their groups' categories for category moderators. Nobody
    moderates what they cannot see."""
    access = category_access(user)
    if is_staff_or_moderator(user):
        return access.visible
    return access.moderates


def moderated_categories(user):
    """The categories `user` may move or split topics into, as rows."""
    return Category.objects.filter(id__in=moderated_category_ids(user)).select_related(
        "parent"
    )


def can_see_category(user, category: Category) -> bool:
    return category.id in category_access(user).visible


def can_moderate_category(user, category: Category) -> bool:
    return user.is_authenticated and category.id in moderated_category_ids(user)


def can_create_topic(user, category: Category) -> bool:
    return (
        user.is_authenticated
        and not user.is_silenced
        and category.id in category_access(user).can_create
    )


def check_can_create_topic(user, category: Category) -> None:
    check_can_post(user)  # silenced: says why and until when
    if not can_create_topic(user, category):
        raise PermissionDenied("You may not start topics in this category.")
