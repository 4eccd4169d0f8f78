from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from forum.categories.permissions import category_access
from forum.core.page_cache import VERSION_KEY as PAGE_VERSION_KEY
from forum.subscriptions.levels_ui import level_menu
from forum.subscriptions.models import TagSubscription

from .lists import topic_page
from .models import Topic

# Edits outside the services (the admin) show within this time.
TAG_COUNTS_SECONDS = 300


def index(request: HttpRequest) -> HttpResponse:
    """Tags with the number of topics the visitor may see under each."""
    visible = category_access(request.user).visible
    totals: dict[str, int] = {}
    for name, category_id, count in tag_counts_by_category():
        if category_id in visible:
            totals[name] = totals.get(name, 0) + count
    tags = [
        {"name": name, "topic_count": count}
        for name, count in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]
    return render(request, "topics/tags.html", {"tags": tags})


def tag_counts_by_category() -> list[tuple[str, int, int]]:
    """(tag, category id, listed topics) for every tag and category, counted once
    per version of the pages (every topic write bumps it) and shared by all
    viewers: each sums only the categories they may see."""
    version = cache.get(PAGE_VERSION_KEY, 0)
    key = f"tag-counts:{version}"
    counts = cache.get(key)
    if counts is None:
        counts = list(
            Topic.objects.filter(deleted_at__isnull=True, tags__isnull=False)
            .listed()
            .values_list("tags__name", "category_id")
            .annotate(count=Count("id"))
            .order_by()
        )
        cache.set(key, counts, timeout=TAG_COUNTS_SECONDS)
    return counts


def detail(request: HttpRequest, name: str) -> HttpResponse:
    tag = Topic.objects.visible_to(request.user).tag_or_404(name)
    topics = Topic.objects.visible_to(request.user).listed().with_tag(tag.name)
    page = topic_page(request, topics, pinned=Q(is_pinned_globally=True))
    context = {"tag": tag, "page": page}
    if request.user.is_authenticated:
        current = (
            TagSubscription.objects.filter(user=request.user, tag=tag)
            .values_list("level", flat=True)
            .first()
        )
        context.update(level_menu("tag", tag.name, current))
    return render(request, "topics/tag.html", context)
