from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from taggit.models import Tag

from forum.categories.permissions import category_access
from forum.core.page_cache import VERSION_KEY as PAGE_VERSION_KEY

from .levels import current_level, level_menu
from .lists import topic_page
from .models import Topic
from .permissions import is_staff_or_moderator

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


SUGGESTIONS = 8


@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    """While a member types tags (htmx): existing tags starting with the word
    being typed, and which typed tags are new (only moderators may add those).
    Tags used only in categories the member cannot see are not suggested."""
    text = request.GET.get("tags", "")[:500].lower()
    typed = text.replace(",", " ").split()
    hidden = _hidden_tags(request.user)
    # A tag the member can't see is answered as new, so typing its name never
    # confirms that it exists.
    existing = (
        set(Tag.objects.filter(name__in=typed).values_list("name", flat=True)) - hidden
    )
    prefix = typed[-1] if typed and not text[-1:].isspace() else ""
    matches = []
    if prefix:
        matches = list(
            Tag.objects.filter(name__startswith=prefix)
            .exclude(name__in=typed + sorted(hidden))
            .order_by("name")
            .values_list("name", flat=True)[:SUGGESTIONS]
        )
    finished = typed[:-1] if prefix else typed
    context = {
        "matches": matches,
        "new_tags": [name for name in finished if name not in existing],
        "can_create": is_staff_or_moderator(request.user),
    }
    return render(request, "topics/_tag_suggestions.html", context)


def _hidden_tags(user) -> set[str]:
    visible = category_access(user).visible
    seen: set[str] = set()
    hidden: set[str] = set()
    for name, category_id, _count in tag_counts_by_category():
        (seen if category_id in visible else hidden).add(name)
    return hidden - seen


def detail(request: HttpRequest, name: str) -> HttpResponse:
    tag = Topic.objects.visible_to(request.user).tag_or_404(name)
    topics = Topic.objects.visible_to(request.user).listed().with_tag(tag.name)
    page = topic_page(request, topics, pinned=Q(is_pinned_globally=True))
    context = {"tag": tag, "page": page}
    if request.user.is_authenticated:
        current = current_level("tag", request.user, tag)
        context.update(level_menu("tag", tag.name, current))
    return render(request, "topics/tag.html", context)
