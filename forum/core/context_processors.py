from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict:
    """Site-wide values every page shows: its name, the disclaimer, the guidelines,
    and the banner topic (unless this member dismissed it)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_disclaimer": settings.FORUM_DISCLAIMER,
        "guidelines_url": settings.FORUM_GUIDELINES_URL,
        "banner": SimpleLazyObject(lambda: current_banner(request.user)),
    }


def current_banner(user) -> dict | None:
    from forum.topics.banner import banner_for

    return banner_for(user)
