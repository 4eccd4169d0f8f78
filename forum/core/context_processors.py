from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict:
    """Site-wide values every page shows: its name, the disclaimer, the guidelines,
    and the banner topic (unless this member dismissed it)."""
    return {
        "site_name": settings.SITE_NAME,
        "site_disclaimer": settings.FORUM_DISCLAIMER,
        "guidelines_url": settings.FORUM_GUIDELINES_URL,
        "banner": SimpleLazyObject(lambda: current_banner(_user(request))),
    }


def _user(request: HttpRequest):
    # Error pages for requests refused before authentication have no user.
    return getattr(request, "user", None) or AnonymousUser()


def current_banner(user) -> dict | None:
    from forum.topics.banner import banner_for

    return banner_for(user)
