from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from forum.topics.permissions import can_see_review_queue


def review_queue(request: HttpRequest) -> dict:
    """Whether the user menu links the review queue (asked only when shown)."""
    # Error pages for requests refused before authentication have no user.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "can_see_review_queue": SimpleLazyObject(lambda: can_see_review_queue(user))
    }
