"""Categories as /categories.json, /c/<id>/show.json and /site.json give them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.html import strip_tags

from forum.categories.models import Category
from forum.categories.permissions import can_create_topic, category_access
from forum.topics.permissions import can_moderate_category

FULL = 1  # Discourse's permission: create, reply, see
CREATE_POST = 2
READONLY = 3


def _permission(viewer, category: Category) -> int:
    access = category_access(viewer)
    if category.id in access.can_create:
        return FULL
    if category.id in access.can_reply:
        return CREATE_POST
    return READONLY


def category(
    category: Category, viewer, *, child_ids: list[int], level: int | None = None
) -> dict:
    description = category.description or ""
    text = strip_tags(description)
    return {
        "id": category.id,
        "name": category.name,
        "color": category.color.lstrip("#"),
        "text_color": "FFFFFF",
        "slug": category.slug,
        "topic_count": category.topic_count,
        "post_count": category.post_count,
        "position": category.position,
        "description": description or None,
        "description_text": text or None,
        "description_excerpt": text[:300] or None,
        "topic_url": category.get_absolute_url(),
        # Restricted: what a visitor can't see.
        "read_restricted": category.id not in category_access(AnonymousUser()).visible,
        "permission": _permission(viewer, category),
        "notification_level": level if level is not None else 1,
        "can_edit": can_moderate_category(viewer, category),
        "topic_template": None,
        "has_children": bool(child_ids),
        "subcategory_ids": child_ids,
        "parent_category_id": category.parent_id,
        "sort_order": None,
        "sort_ascending": None,
        "show_subcategory_list": False,
        "num_featured_topics": 3,
        "default_view": "latest",
        "subcategory_list_style": "rows_with_featured_topics",
        "default_top_period": "all",
        "minimum_required_tags": 0,
        "navigate_to_first_post_after_read": False,
        "uploaded_logo": None,
        "uploaded_background": None,
        "can_create_topic": can_create_topic(viewer, category),
        # The solved plugin's setting, as a category custom field.
        "custom_fields": {
            "enable_accepted_answers": "true" if category.allow_solutions else "false"
        },
    }


def categories(rows: list[Category], viewer, levels: dict[int, int]) -> list[dict]:
    """Every category with its subcategory ids (the caller passes visible rows)."""
    children: dict[int, list[int]] = {}
    for row in rows:
        if row.parent_id:
            children.setdefault(row.parent_id, []).append(row.id)
    return [
        category(
            row, viewer, child_ids=children.get(row.id, []), level=levels.get(row.id)
        )
        for row in rows
    ]
