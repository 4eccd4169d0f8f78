"""Users: /u/<username>.json, /user_actions.json and /notifications.json."""

from __future__ import annotations

from forum.subscriptions.models import Notification

from .common import avatar_template, basic_user, iso, user_flags

# Discourse's notification_type numbers for the kinds Meridian has.
NOTIFICATION_TYPES = {
    Notification.Kind.MENTIONED: 1,
    Notification.Kind.REPLIED: 2,
    Notification.Kind.QUOTED: 3,
    Notification.Kind.LIKED: 5,
    Notification.Kind.WATCHED_POST: 9,
    Notification.Kind.WATCHED_TOPIC: 9,
    Notification.Kind.SOLUTION: 14,  # the solved plugin's "custom"
    Notification.Kind.POST_HIDDEN: 6,
    Notification.Kind.FLAG_AGREED: 6,
    Notification.Kind.FLAG_DISAGREED: 6,
}
# user_actions filters: 1 like given, 2 like received, 4 new topic, 5 reply.
NEW_TOPIC, REPLY = 4, 5


def profile(user, viewer, *, post_count: int, topic_count: int) -> dict:
    is_self = viewer.is_authenticated and viewer.id == user.id
    return {
        **basic_user(user),
        **user_flags(user),
        "title": user.title or None,
        "bio_raw": user.bio_raw if is_self else None,
        "bio_cooked": user.bio_cooked or None,
        "bio_excerpt": user.bio_cooked[:300] or None,
        "created_at": iso(user.date_joined),
        "last_seen_at": iso(user.last_seen_at),
        "last_posted_at": None,
        "post_count": post_count,
        "topic_count": topic_count,
        "likes_received": user.likes_received,
        "time_read": 0,
        "profile_view_count": 0,
        "can_edit": is_self,
        "can_send_private_messages": False,
        "can_send_private_message_to_user": False,
        "badge_count": 0,
        "custom_fields": {},
        "user_fields": {},
        "groups": [],
        "primary_group_id": None,
        "flair_name": None,
        "suspended_till": iso(user.suspended_until) if user.is_suspended else None,
        "silenced_till": iso(user.silenced_until) if user.is_silenced else None,
        "accepted_answers": getattr(user, "accepted_answers", 0),
    }


def current_user(user) -> dict:
    """/session/current.json: who a key or session acts as."""
    return {
        **basic_user(user),
        **user_flags(user),
        "title": user.title or None,
        "unread_notifications": (
            Notification.objects.for_user(user).about_topics().unread().count()
        ),
        "can_create_topic": True,
    }


def user_action(post) -> dict:
    topic, author = post.topic, post.author
    return {
        "excerpt": post.cooked[:300],
        "action_type": NEW_TOPIC if post.is_first_post else REPLY,
        "created_at": iso(post.created_at),
        "avatar_template": avatar_template(author),
        "acting_avatar_template": avatar_template(author),
        "slug": topic.slug,
        "topic_id": topic.id,
        "target_user_id": author.id,
        "target_name": author.name,
        "target_username": author.username,
        "post_number": post.post_number,
        "post_id": post.id,
        "reply_to_post_number": post.reply_to_post_number,
        "username": author.username,
        "name": author.name,
        "user_id": author.id,
        "acting_username": author.username,
        "acting_name": author.name,
        "acting_user_id": author.id,
        "title": topic.title,
        "deleted": False,
        "hidden": post.is_hidden,
        "post_type": 1,
        "action_code": None,
        "category_id": topic.category_id,
        "closed": topic.is_closed,
        "archived": topic.is_archived,
    }


def notification(item: Notification) -> dict:
    topic = item.topic
    actor = item.actor
    return {
        "id": item.id,
        "user_id": item.user_id,
        "notification_type": NOTIFICATION_TYPES.get(item.kind, 6),
        "read": item.is_read,
        "high_priority": False,
        "created_at": iso(item.created_at),
        "post_number": item.post.post_number if item.post_id else None,
        "topic_id": topic.id,
        "fancy_title": topic.title,
        "slug": topic.slug,
        "data": {
            "topic_title": topic.title,
            "original_post_id": item.post_id,
            "original_username": actor.username if actor else None,
            "display_username": actor.username if actor else None,
            "message": item.get_kind_display(),
        },
    }
