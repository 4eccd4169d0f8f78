from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Site-wide values every page shows: its name, the disclaimer, the guidelines."""
    return {
        "site_name": settings.SITE_NAME,
        "site_disclaimer": settings.FORUM_DISCLAIMER,
        "guidelines_url": settings.FORUM_GUIDELINES_URL,
    }
