"""Views for reading and reacting: unread/new/top/bookmarks lists, read timings,
likes, bookmarks, pins, banners and drafts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forum.core.redirects import safe_next
from forum.safeguards.errors import status_for
from forum.safeguards.ratelimits import RateLimited

from . import services
from .lists import topic_page
from .models import Bookmark, Like, Post, Topic
from .pages import one_post, posts_context
from .querysets import TOP_PERIODS
from .views import render_list


@login_required
def unread(request: HttpRequest) -> HttpResponse:
    topics = Topic.objects.visible_to(request.user).unread_for(request.user)
    page = topic_page(request, topics.not_muted_by(request.user))
    return render_list(
        request, "topics/unread.html", {"page": page, "active": "unread"}
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    topics = Topic.objects.visible_to(request.user).listed().new_for(request.user)
    page = topic_page(request, topics.not_muted_by(request.user))
    return render_list(request, "topics/unread.html", {"page": page, "active": "new"})


def top(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "monthly")
    if period not in TOP_PERIODS:
        period = "monthly"
    topics = Topic.objects.visible_to(request.user).listed().top_in(period)
    page = topic_page(request, topics, order=("-score", "-bumped_at"))
    context = {"page": page, "period": period, "periods": list(TOP_PERIODS)}
    return render_list(request, "topics/top.html", context)


@login_required
@require_POST
def dismiss(request: HttpRequest) -> HttpResponse:
    """ "Dismiss" on /unread (mark all read) or /new (stop showing them as new)."""
    which = request.POST.get("list")
    if which == "unread":
        topics = Topic.objects.visible_to(request.user).unread_for(request.user)
        services.dismiss_unread(user=request.user, topics=topics)
        return redirect("topics:unread")
    if which == "new":
        services.dismiss_new(user=request.user)
        return redirect("topics:new")
    return HttpResponse("Say which list to dismiss: unread or new.", status=400)


@login_required
def bookmarks(request: HttpRequest) -> HttpResponse:
    marks = (
        Bookmark.objects.filter(
            user=request.user, post__in=Post.objects.visible_to(request.user).alive()
        )
        .select_related("post__topic__category", "post__author")
        .order_by("-created_at")[:100]
    )
    return render(request, "topics/bookmarks.html", {"bookmarks": marks})


@login_required
@require_POST
def timings(request: HttpRequest, topic_id: int) -> JsonResponse:
    """The page reports the highest post number seen while scrolling (batched)."""
    topic = Topic.objects.get_visible_or_404(request.user, topic_id)
    try:
        highest = int(request.POST.get("post_number", ""))
        seconds = int(request.POST.get("seconds", "0"))
    except ValueError:
        return JsonResponse(
            {"error": "post_number and seconds must be numbers."}, status=400
        )
    last_read = services.record_reading(
        user=request.user, topic=topic, highest_seen=highest, seconds=seconds
    )
    return JsonResponse({"last_read_post_number": last_read})


def _post_for_action(request: HttpRequest, post_id: int) -> Post:
    return Post.objects.select_related(
        "topic__category", "topic__author", "author"
    ).get_visible_or_404(request.user, post_id)


def _toggle(request: HttpRequest, post_id: int, service) -> HttpResponse:
    post = _post_for_action(request, post_id)
    try:
        service(user=request.user, post=post)
    except (ValidationError, RateLimited) as error:
        text = " ".join(getattr(error, "messages", [str(error)]))
        status = status_for(error)
        if request.htmx:
            return HttpResponse(text, status=status)
        messages.error(request, text)
    if request.htmx:
        context = posts_context(
            request, post.topic, [one_post(request, post.topic, post.id)], html=False
        )
        context["post"] = context["posts"][0]
        return render(request, "topics/_post_actions.html", context)
    return redirect(post.get_absolute_url() + f"#post-{post.post_number}")


@login_required
@require_POST
def like(request: HttpRequest, post_id: int) -> HttpResponse:
    return _toggle(request, post_id, services.toggle_like)


@login_required
@require_POST
def bookmark(request: HttpRequest, post_id: int) -> HttpResponse:
    return _toggle(request, post_id, services.toggle_bookmark)


def likers(request: HttpRequest, post_id: int) -> HttpResponse:
    """Who liked a post."""
    post = _post_for_action(request, post_id)
    users = [
        like.user for like in Like.objects.filter(post=post).select_related("user")
    ]
    template = "topics/_likers.html" if request.htmx else "topics/likers.html"
    return render(request, template, {"post": post, "likers": users})


@login_required
@require_POST
def clear_pin(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = Topic.objects.get_visible_or_404(request.user, topic_id)
    services.clear_pin(user=request.user, topic=topic)
    return redirect(safe_next(request, reverse("topics:latest")))


@login_required
@require_POST
def dismiss_banner(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = Topic.objects.filter(is_banner=True).get_visible_or_404(
        request.user, topic_id
    )
    services.dismiss_banner(user=request.user, topic=topic)
    if request.htmx:
        return HttpResponse("")
    return redirect("home")


@login_required
@require_POST
def save_draft(request: HttpRequest, key: str) -> HttpResponse:
    """Autosave of the composer; `key` is new-topic or topic-<id>."""
    if key != services.NEW_TOPIC_DRAFT:
        topic_id = key.removeprefix("topic-")
        Topic.objects.get_visible_or_404(request.user, topic_id)
    if request.POST.get("discard"):
        services.discard_draft(user=request.user, key=key)
        return HttpResponse(status=204)
    fields = ("title", "category", "tags", "raw", "reply_to_post_number")
    data = {name: request.POST[name][:40000] for name in fields if name in request.POST}
    services.save_draft(user=request.user, key=key, data=data)
    return HttpResponse(status=204)
