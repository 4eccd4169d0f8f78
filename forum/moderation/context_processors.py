from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def review_queue(request: HttpRequest) -> dict:
    """Whether the user menu links the review queue (asked only when shown)."""
    from forum.topics.permissions import can_see_review_queue

    user = request.user
    return {
        "can_see_review_queue": SimpleLazyObject(lambda: can_see_review_queue(user))
    }
