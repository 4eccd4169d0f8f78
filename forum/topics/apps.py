from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "forum.topics"
    label = "topics"

    def ready(self) -> None:
        from forum.core.page_cache import bump_page_cache
        from forum.safeguards.ratelimits import register_counter

        from . import events
        from .models import Like, Post, Topic

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
