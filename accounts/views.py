from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from forum.topics.models import Post

from .models import User


def _member(username: str) -> User:
    return get_object_or_404(User, username__iexact=username, is_active=True)


def _recent_posts(request: HttpRequest, member: User, limit: int) -> list[Post]:
    """`member`'s latest posts, only those the viewer may see."""
    return list(
        Post.objects.visible_to(request.user)
        .alive()
        .filter(author=member, is_hidden=False)
        .select_related("topic", "topic__category")
        .order_by("-created_at")[:limit]
    )


def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(username)
    posts = _recent_posts(request, member, 10)
    return render(request, "accounts/profile.html", {"member": member, "posts": posts})


def activity(request: HttpRequest, username: str) -> HttpResponse:
    member = _member(username)
    posts = _recent_posts(request, member, settings.FORUM_TOPICS_PER_PAGE)
    return render(request, "accounts/activity.html", {"member": member, "posts": posts})
