"""The categories landing page and a category's page: topic lists by category."""

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from forum.categories.models import Category

from .category_overview import category_overview
from .levels import current_level, level_menu
from .lists import topic_page
from .models import Topic


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
    found = list(
        Category.objects.visible_to(request.user)
        .with_children(category_id)
        .select_related("parent")
    )
    category = next((c for c in found if c.id == category_id), None)
    if category is None:
        raise Http404("No such category.")
    canonical = category.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    children = [c for c in found if c.parent_id == category_id]
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
        current = current_level("category", request.user, category)
        context.update(level_menu("category", category.id, current))
    return render(request, "categories/detail.html", context)
