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
    categories, latest = category_overview(request.user)
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
    children = list(category.children.visible_to(request.user))
    ids = [category.id, *(child.id for child in children)]
    topics = Topic.objects.visible_to(request.user).listed().filter(category_id__in=ids)
    page = topic_page(
        request,
        topics,
        pinned=Q(is_pinned=True) | Q(is_pinned_globally=True),
        categories=ids,
    )
    context = {"category": category, "page": page, "subcategories": children}
    if request.user.is_authenticated:
        current = (
            CategorySubscription.objects.filter(user=request.user, category=category)
            .values_list("level", flat=True)
            .first()
        )
        context.update(level_menu("category", category.id, current))
    return render(request, "categories/detail.html", context)
