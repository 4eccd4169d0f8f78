"""The banner topic: one topic shown above every page until each member closes it."""

from __future__ import annotations

from django.core.cache import cache

from forum.categories.permissions import category_access

from .models import ListState, Topic

BANNER_KEY = "banner-topic"


def _banner() -> dict | None:
    banner = cache.get(BANNER_KEY)
    if banner is None:
        row = (
            Topic.objects.filter(is_banner=True, deleted_at__isnull=True)
            .values("id", "slug", "title", "category_id")
            .first()
        )
        banner = row or {}
        cache.set(BANNER_KEY, banner, 300)
    return banner or None


def banner_for(user) -> dict | None:
    """The banner `user` should see, if any (cached; one small query per member
    to know whether they dismissed it)."""
    banner = _banner()
    if banner is None or banner["category_id"] not in category_access(user).visible:
        return None
    if user.is_authenticated:
        dismissed = cache.get(f"banner-dismissed:{user.pk}")
        if dismissed is None:
            dismissed = (
                ListState.objects.filter(user=user)
                .values_list("dismissed_banner_id", flat=True)
                .first()
            ) or 0
            cache.set(f"banner-dismissed:{user.pk}", dismissed, 300)
        if dismissed == banner["id"]:
            return None
    return banner


def forget_banner(user=None) -> None:
    """Drop the cached banner (it changed) or one member's dismissal."""
    if user is None:
        cache.delete(BANNER_KEY)
    else:
        cache.delete(f"banner-dismissed:{user.pk}")
