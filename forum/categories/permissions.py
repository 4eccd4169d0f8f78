"""Who may see, reply and create topics in which category.

`category_access(user)` is where every list, count, feed, search and email asks
about restricted categories (also through `Category.objects.visible_to` and
`Topic.objects.visible_to`); the rule itself and its cache are in access.py.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from accounts.permissions import check_can_post, is_staff_or_moderator

from .access import CategoryAccess, access_for
from .models import Category


def category_access(user) -> CategoryAccess:
    """What `user` may do per category, cached per request and across requests.
    A member who may not come in (suspended, deactivated) has a visitor's access."""
    return access_for(user, Category)


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
