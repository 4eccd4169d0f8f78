"""/search.json in Discourse's shape: matching posts, their topics, and the
`grouped_search_result` that says what more there is."""

from __future__ import annotations

from django.utils.html import strip_tags

from forum.search.services import SearchPage

from .common import avatar_template, iso
from .topics import list_item


def search_page(
    page: SearchPage,
    term: str,
    *,
    users: list,
    categories: list,
    can_create_topic: bool,
) -> dict:
    posts, topics, seen = [], [], set()
    for result in page.results:
        post, topic = result.post, result.topic
        posts.append(
            {
                "id": post.id,
                "name": post.author.name,
                "username": post.author.username,
                "avatar_template": avatar_template(post.author),
                "created_at": iso(post.created_at),
                "like_count": post.like_count,
                # Escaped text without the highlight marks, as Discourse sends it.
                "blurb": strip_tags(result.snippet),
                "post_number": post.post_number,
                "topic_id": topic.id,
                "topic_title_headline": str(result.title),
            }
        )
        if topic.id not in seen:
            seen.add(topic.id)
            topics.append(list_item(topic))
    return {
        "posts": posts,
        "topics": topics,
        "users": users,
        "categories": categories,
        "tags": [],
        "groups": [],
        "grouped_search_result": {
            "more_posts": page.has_next or None,
            "more_users": None,
            "more_categories": None,
            "term": term,
            "search_log_id": 0,  # Meridian keeps no search log
            "more_full_page_results": page.has_next or None,
            "can_create_topic": can_create_topic,
            "error": None,
            "extra": {},
            "post_ids": [p["id"] for p in posts],
            "user_ids": [u["id"] for u in users],
            "category_ids": [c["id"] for c in categories],
            "tag_ids": [],
            "group_ids": [],
        },
    }
