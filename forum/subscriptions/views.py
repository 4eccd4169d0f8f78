from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forum.categories.models import Category
from forum.topics.levels import NotificationLevel
from forum.topics.models import Topic

from . import services
from .models import FeedToken, Notification


@login_required
def notifications(request: HttpRequest, username: str) -> HttpResponse:
    """A member's own notifications (nobody else's)."""
    if username.lower() != request.user.username.lower():
        raise Http404("No such page.")
    items = Notification.objects.for_user(request.user).for_display()[:100]
    return render(request, "subscriptions/notifications.html", {"items": items})


@login_required
def menu(request: HttpRequest) -> HttpResponse:
    """The bell's dropdown: the latest notifications (an htmx fragment)."""
    items = Notification.objects.for_user(request.user).for_display()[:10]
    return render(request, "subscriptions/_menu.html", {"items": items})


@login_required
@require_POST
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark a notification read and go to what it is about."""
    notification = get_object_or_404(
        Notification.objects.for_user(request.user).for_display(),
        id=notification_id,
    )
    services.mark_read(user=request.user, notification=notification)
    if notification.message is not None:
        return redirect(notification.message.get_absolute_url())
    post_number = notification.post.post_number if notification.post else 1
    url = notification.topic.get_post_url(post_number)
    return redirect(f"{url}#post-{post_number}")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    return redirect("subscriptions:notifications", username=request.user.username)


LEVEL_SETTERS = {
    "category": services.set_category_level,
    "tag": services.set_tag_level,
    "topic": services.set_topic_level,
}


@login_required
@require_POST
def set_level(request: HttpRequest, kind: str, ident: str) -> HttpResponse:
    """The bell menu on category, tag and topic pages."""
    target, url = _level_target(request, kind, ident)
    try:
        level = NotificationLevel(int(request.POST.get("level", "")))
    except ValueError:
        return HttpResponse("Choose a notification level.", status=400)
    LEVEL_SETTERS[kind](user=request.user, **{kind: target}, level=level)
    messages.success(request, f"Notification level: {level.label}.")
    return redirect(url)


def _level_target(request: HttpRequest, kind: str, ident: str) -> tuple[object, str]:
    """What a level is set on, and the page to go back to."""
    user = request.user
    if kind == "category" and ident.isdigit():
        category = get_object_or_404(
            Category.objects.visible_to(user).select_related("parent"), id=ident
        )
        return category, category.get_absolute_url()
    if kind == "topic":
        topic = Topic.objects.get_visible_or_404(user, ident)
        return topic, topic.get_absolute_url()
    if kind == "tag":
        tag = Topic.objects.visible_to(user).tag_or_404(ident)
        return tag, reverse("tags:detail", args=[tag.name])
    raise Http404("No such page.")


@login_required
def personal_feeds(request: HttpRequest, username: str) -> HttpResponse:
    """A member's secret feed address, which also carries what they may see."""
    if username.lower() != request.user.username.lower():
        raise Http404("No such page.")
    token = FeedToken.objects.filter(user=request.user).first()
    if request.method == "POST":
        token = services.reset_feed_token(user=request.user)
        messages.success(
            request, "Your personal feed address is new; the old one stops."
        )
        return redirect("subscriptions:feeds", username=request.user.username)
    return render(request, "subscriptions/feeds.html", {"token": token})
