"""Topic lists (/latest.json and friends) and the topic itself (/t/<id>.json)."""

from __future__ import annotations

from django.utils.html import escape

from forum.categories.permissions import can_create_topic
from forum.topics import permissions
from forum.topics.models import Post, Topic

from .common import basic_user, iso
from .posts import post as post_json

ARCHETYPE = "regular"


def _tags(topic: Topic) -> list[str]:
    # Search results come with their tag names, read for all of them at once.
    if hasattr(topic, "tag_names"):
        return topic.tag_names
    return [tag.name for tag in topic.tags.all()]


def _pinned(topic: Topic) -> bool:
    return topic.is_pinned or topic.is_pinned_globally


def _common(topic: Topic) -> dict:
    return {
        "id": topic.id,
        "title": topic.title,
        "fancy_title": escape(topic.title),
        "slug": topic.slug,
        "posts_count": topic.post_count,
        "reply_count": topic.reply_count,
        "highest_post_number": topic.highest_post_number,
        "image_url": None,
        "created_at": iso(topic.created_at),
        "last_posted_at": iso(topic.last_posted_at),
        "bumped": True,
        "bumped_at": iso(topic.bumped_at),
        "archetype": ARCHETYPE,
        "pinned": _pinned(topic),
        "pinned_globally": topic.is_pinned_globally,
        "unpinned": None,
        "visible": topic.is_visible,
        "closed": topic.is_closed,
        "archived": topic.is_archived,
        "views": topic.view_count,
        "like_count": topic.like_count,
        "has_summary": False,
        "category_id": topic.category_id,
        "featured_link": None,
        "tags": _tags(topic),
        # The solved plugin's fields.
        "has_accepted_answer": topic.is_solved,
        "can_have_answer": topic.category.allow_solutions,
    }


def list_item(topic: Topic) -> dict:
    """A row of a topic list; the read state comes from `with_read_state`."""
    last_read = getattr(topic, "my_last_read", None)
    level = getattr(topic, "my_level", None)
    posters = [
        {
            "extras": "latest single",
            "description": "Original Poster, Most Recent Poster",
            "user_id": topic.author_id,
            "primary_group_id": None,
        }
    ]
    if topic.last_poster_id and topic.last_poster_id != topic.author_id:
        posters = [
            {
                "extras": None,
                "description": "Original Poster",
                "user_id": topic.author_id,
                "primary_group_id": None,
            },
            {
                "extras": "latest",
                "description": "Most Recent Poster",
                "user_id": topic.last_poster_id,
                "primary_group_id": None,
            },
        ]
    return {
        **_common(topic),
        "unseen": last_read is None,
        "last_read_post_number": last_read,
        "unread_posts": max(0, topic.highest_post_number - (last_read or 0))
        if last_read is not None
        else 0,
        "notification_level": level,
        "bookmarked": False,
        "liked": False,
        "op_like_count": 0,
        "last_poster_username": (topic.last_poster or topic.author).username,
        "posters": posters,
    }


def topic_list(
    topics: list[Topic], viewer, *, more_url: str | None, per_page: int, category=None
) -> dict:
    """The body of every topic list: its users, then the topics."""
    users = {}
    for topic in topics:
        for user in (topic.author, topic.last_poster):
            if user is not None:
                users.setdefault(user.id, basic_user(user))
    topic_list = {
        "can_create_topic": viewer.is_authenticated
        and (category is None or can_create_topic(viewer, category)),
        "draft": None,
        "draft_key": "new_topic",
        "draft_sequence": 0,
        "per_page": per_page,
        "topics": [list_item(topic) for topic in topics],
    }
    if more_url:
        topic_list["more_topics_url"] = more_url
    return {
        "users": list(users.values()),
        "primary_groups": [],
        "topic_list": topic_list,
    }


def _accepted_answer(topic: Topic, solution: Post | None) -> dict | None:
    if solution is None:
        return None
    return {
        "post_number": solution.post_number,
        "username": solution.author.username,
        "name": solution.author.name,
        "excerpt": solution.cooked[:300],
    }


def detail(
    topic: Topic,
    viewer,
    *,
    posts: list[Post],
    stream: list[int],
    solution: Post | None,
    participants: list[dict],
) -> dict:
    """/t/<id>.json: the topic, a chunk of its posts and the ids of all of them."""
    category = topic.category
    is_moderator = permissions.can_moderate_category(viewer, category)
    is_author = viewer.is_authenticated and topic.author_id == viewer.id
    return {
        **_common(topic),
        "post_stream": {
            "posts": [post_json(post, viewer) for post in posts],
            "stream": stream,
        },
        "timeline_lookup": [],
        "suggested_topics": [],
        "tags_descriptions": {},
        "word_count": None,
        "deleted_at": iso(topic.deleted_at),
        "deleted_by": None,
        "user_id": topic.author_id,
        "pinned_at": iso(topic.pinned_at),
        "pinned_until": iso(topic.pinned_until),
        "slow_mode_seconds": 0,
        "slow_mode_enabled_until": None,
        "draft": None,
        "draft_key": f"topic_{topic.id}",
        "draft_sequence": 0,
        "current_post_number": posts[0].post_number if posts else 1,
        "has_deleted": False,
        "actions_summary": [],
        "chunk_size": len(posts),
        "bookmarked": False,
        "bookmarks": [],
        "topic_timer": None,
        "message_bus_last_id": 0,
        "participant_count": len(participants),
        "show_read_indicator": False,
        "thumbnails": None,
        "accepted_answer": _accepted_answer(topic, solution),
        "details": {
            "can_edit": is_moderator or is_author,
            "notification_level": getattr(topic, "my_level", None) or 1,
            "can_move_posts": is_moderator,
            "can_delete": is_moderator,
            "can_remove_allowed_users": False,
            "can_create_post": permissions.can_reply(viewer, topic),
            "can_reply_as_new_topic": can_create_topic(viewer, category),
            "can_flag_topic": viewer.is_authenticated,
            "can_convert_topic": False,
            "can_review_topic": is_moderator,
            "can_close_topic": is_moderator,
            "can_archive_topic": is_moderator,
            "can_split_merge_topic": is_moderator,
            "can_edit_staff_notes": is_moderator,
            "can_toggle_topic_visibility": is_moderator,
            "can_pin_unpin_topic": is_moderator,
            "can_moderate_category": is_moderator,
            "can_remove_self_id": viewer.id or 0,
            "participants": participants,
            "created_by": basic_user(topic.author),
            "last_poster": basic_user(topic.last_poster or topic.author),
        },
    }
