"""Cache invalidation only: any change to categories, permissions or group
membership makes every cached CategoryAccess stale."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from .access import invalidate_category_access
from .models import Category, CategoryPermission


def _invalidate(**kwargs) -> None:
    invalidate_category_access()


def connect() -> None:
    for model in (Category, CategoryPermission):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"access-{model}")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=f"access-d-{model}")
    m2m_changed.connect(
        _invalidate,
        sender=get_user_model().groups.through,
        dispatch_uid="access-groups",
    )
    m2m_changed.connect(
        _invalidate,
        sender=Category.moderator_groups.through,
        dispatch_uid="access-moderator-groups",
    )
