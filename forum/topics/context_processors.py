from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .banner import banner_for


def banner(request: HttpRequest) -> dict:
    """The banner topic every page shows (unless this member dismissed it)."""
    # Error pages for requests refused before authentication have no user.
    user = getattr(request, "user", None) or AnonymousUser()
    return {"banner": SimpleLazyObject(lambda: banner_for(user))}
