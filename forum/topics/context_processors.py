from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .banner import banner_for


def banner(request: HttpRequest) -> dict:
    """The banner topic every page shows (unless this member dismissed it)."""
    return {"banner": SimpleLazyObject(lambda: banner_for(request.user))}
