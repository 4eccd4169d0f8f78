from django.conf import settings
from django.http import HttpRequest

from . import live


def site(request: HttpRequest) -> dict:
    """Site-wide values every page shows: its name, the disclaimer, the guidelines."""
    return {
        "site_name": live.get("SITE_NAME"),
        "site_disclaimer": live.get("FORUM_DISCLAIMER"),
        "guidelines_url": settings.FORUM_GUIDELINES_URL,
    }
