"""Posts as Discourse shows them: in a topic's post stream, on /posts/<id>.json
and in /posts.json. Hidden posts keep their text from all but moderators, as on
the site and in /api/v1."""

from __future__ import annotations

from forum.topics import permissions
from forum.topics.models import Post

from .common import avatar_template, iso, user_flags

LIKE = 2  # Discourse's post_action_type_id for a like
REGULAR_POST = 1


def shows_text(post: Post, viewer) -> bool:
    return not post.is_hidden or permissions.can_moderate_topic(viewer, post.topic)


def post(post: Post, viewer, *, include_raw: bool = False) -> dict:
    """One post. `post.liked_by_me` and `post.bookmarked_by_me` come annotated
    when the viewer is signed in (see `reads.posts_for`)."""
    author, topic = post.author, post.topic
    visible_text = shows_text(post, viewer)
    liked = bool(getattr(post, "liked_by_me", False))
    is_moderator = permissions.can_moderate_category(viewer, topic.category)
    can_like = viewer.is_authenticated and post.author_id != viewer.id
    data = {
        "id": post.id,
        "name": author.name,
        "username": author.username,
        "display_username": author.name,
        "avatar_template": avatar_template(author),
        "user_id": author.id,
        "user_title": author.title or None,
        **user_flags(author),
        "created_at": iso(post.created_at),
        "updated_at": iso(post.edited_at or post.created_at),
        "cooked": post.cooked if visible_text else "",
        "post_number": post.post_number,
        "post_type": REGULAR_POST,
        "posts_count": topic.post_count,
        "reply_count": 0,
        "reply_to_post_number": post.reply_to_post_number,
        "quote_count": 0,
        "incoming_link_count": 0,
        "reads": 0,
        "readers_count": 0,
        "score": float(post.like_count),
        "yours": viewer.is_authenticated and post.author_id == viewer.id,
        "topic_id": topic.id,
        "topic_slug": topic.slug,
        "topic_title": topic.title,
        "category_id": topic.category_id,
        "version": post.version,
        "can_edit": permissions.can_edit_post(viewer, post),
        "can_delete": not post.is_deleted
        and (is_moderator or (viewer.is_authenticated and post.author_id == viewer.id)),
        "can_recover": post.is_deleted and is_moderator,
        "can_wiki": False,
        "read": True,
        "bookmarked": bool(getattr(post, "bookmarked_by_me", False)),
        "actions_summary": [
            {
                "id": LIKE,
                "count": post.like_count,
                "acted": liked,
                "can_undo": liked,
                "can_act": can_like and not liked,
            }
        ],
        "like_count": post.like_count,
        "hidden": post.is_hidden,
        "deleted_at": iso(post.deleted_at),
        "user_deleted": False,
        "edit_reason": None,
        "can_view_edit_history": True,
        "wiki": False,
        "primary_group_name": None,
        "flair_name": None,
        "flair_url": None,
        "flair_bg_color": None,
        "flair_color": None,
        # The solved plugin's fields.
        "accepted_answer": post.is_solution,
        "can_accept_answer": (
            not post.is_first_post
            and not post.is_deleted
            and not post.is_solution
            and permissions.can_accept_solution(viewer, topic)
        ),
        "can_unaccept_answer": post.is_solution
        and permissions.can_accept_solution(viewer, topic),
    }
    if include_raw:
        data["raw"] = post.raw if visible_text else ""
    return data
