"""What the composer's script asks while a member writes: completions for
@users and @groups, #categories and #tags, only among what they may see."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from taggit.models import Tag

from accounts.models import GroupProfile
from accounts.permissions import group_mention_refusal
from forum.categories.models import Category

from .tag_views import hidden_tags

LIMIT = 8


@login_required
def autocomplete(request: HttpRequest) -> JsonResponse:
    """?q=@al or ?q=#da: up to LIMIT completions, each {"value", "label"}."""
    query = request.GET.get("q", "")[:60]
    sigil, term = query[:1], query[1:].lower()
    if sigil == "@":
        results = _people(request.user, term)
    elif sigil == "#":
        results = _places(request.user, term)
    else:
        return JsonResponse({"error": "Ask for @name or #name."}, status=400)
    return JsonResponse({"results": results[:LIMIT]})


def _people(user, term: str) -> list[dict]:
    members = (
        get_user_model()
        .objects.filter(username__istartswith=term, is_active=True)
        .exclude(username="deleted")
        .order_by("username")
        .values_list("username", "name")[:LIMIT]
    )
    results = [
        {"value": f"@{username}", "label": f"@{username} {name}".strip()}
        for username, name in members
    ]
    groups = (
        GroupProfile.objects.visible_to(user)
        .select_related("group")
        .filter(group__name__istartswith=term)
        .exclude(mentionable_by="nobody")
        .order_by("group__name")[:LIMIT]
    )
    for profile in groups:
        # The cap is checked when posting; here only who may mention it.
        if not group_mention_refusal(user, profile, member_count=0):
            name = profile.group.name
            results.append({"value": f"@{name}", "label": f"@{name} (group)"})
    return results


def _places(user, term: str) -> list[dict]:
    categories = (
        Category.objects.visible_to(user)
        .filter(slug__istartswith=term)
        .order_by("slug")
        .values_list("slug", "name")[:LIMIT]
    )
    results = [
        {"value": f"#{slug}", "label": f"#{slug} {name}"} for slug, name in categories
    ]
    tags = (
        Tag.objects.filter(name__startswith=term)
        .exclude(name__in=sorted(hidden_tags(user)))
        .order_by("name")
        .values_list("name", flat=True)[:LIMIT]
    )
    results += [{"value": f"#{name}", "label": f"#{name} (tag)"} for name in tags]
    return results
