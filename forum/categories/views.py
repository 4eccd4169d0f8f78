from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control

from forum.subscriptions.levels_ui import level_menu
from forum.subscriptions.models import CategorySubscription
from forum.topics.lists import topic_page
from forum.topics.models import Topic

from .models import Category
from .selectors import category_overview


@cache_control(max_age=300, private=True)
def stylesheet(request: HttpRequest) -> HttpResponse:
    """Category colours as CSS classes, since the CSP forbids inline styles."""
    colors = Category.objects.visible_to(request.user).values_list("id", "color")
    css = "".join(f".cat-{pk}{{--cat-color:{color}}}" for pk, color in colors)
    return HttpResponse(css, content_type="text/css")


def home(request: HttpRequest) -> HttpResponse:
    return index(request)


def index(request: HttpRequest) -> HttpResponse:
    categories = category_overview(request.user)
    visible = Topic.objects.visible_to(request.user).listed()
    pinned = list(
        visible.filter(is_pinned_globally=True).order_by("-bumped_at").for_list()
    )
    latest = pinned + list(
        visible.filter(is_pinned_globally=False).order_by("-bumped_at").for_list()[:20]
    )
    return render(
        request,
        "categories/index.html",
        {"categories": categories, "latest_topics": latest},
    )


def detail(
    request: HttpRequest, slug: str, category_id: int, parent_slug: str | None = None
) -> HttpResponse:
    category = get_object_or_404(
        Category.objects.visible_to(request.user).select_related("parent"),
        id=category_id,
    )
    canonical = category.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    topics = Topic.objects.visible_to(request.user).listed().in_category(category)
    page = topic_page(
        request, topics, pinned=Q(is_pinned=True) | Q(is_pinned_globally=True)
    )
    children = list(category.children.visible_to(request.user))
    context = {"category": category, "page": page, "subcategories": children}
    if request.user.is_authenticated:
        current = (
            CategorySubscription.objects.filter(user=request.user, category=category)
            .values_list("level", flat=True)
            .first()
        )
        context.update(level_menu("category", category.id, current))
    return render(request, "categories/detail.html", context)
