from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "forum.topics"
    label = "topics"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from accounts import activity, trust
        from accounts import services as account_services
        from forum import markup
        from forum.core.page_cache import bump_page_cache, register_hit_handler
        from forum.safeguards.ratelimits import register_counter

        from . import events, member_activity, oneboxes
        from .models import Like, Post, Topic
        from .services.members import count_live_posts, hand_over_to_heir
        from .view_counts import record_view

        markup.add_preview_resolver(oneboxes.preview_internal_links)

        # Pages served from the anonymous cache count their topic's views too.
        register_hit_handler("topic-view", record_view)

        # Whatever visitors see of a topic changed with each of its events.
        for event in events.EVENTS:
            events.register(event, "page_cache", lambda **payload: bump_page_cache())

        register_counter(
            "topic",
            lambda user, since: Topic.objects.filter(
                author=user, created_at__gte=since
            ),
        )
        register_counter(
            "reply",
            lambda user, since: Post.objects.filter(
                author=user, post_number__gt=1, created_at__gte=since
            ),
        )
        register_counter(
            "like",
            lambda user, since: Like.objects.filter(user=user, created_at__gte=since),
        )

        # A member's posts count towards their trust level; a deleted member's
        # topics, posts and edits stay, by the placeholder account.
        trust.register_counter("posts", count_live_posts)
        account_services.register_handover(hand_over_to_heir)
        activity.register(
            recent_posts=member_activity.recent_posts,
            counts=member_activity.member_counts,
        )
