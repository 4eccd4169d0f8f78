from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "forum.search"
    label = "search"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum.core.health import register_check
        from forum.topics import events

        from .services import health_check
        from .tasks import index_topic

        register_check("search", health_check)

        # These run after commit (topics.events): queue at once, and let a broker
        # error reach the dispatcher, which keeps the event in the outbox.
        def schedule_index(topic_id: int) -> None:
            index_topic.delay(topic_id)

        def reindex_post_topic(*, post, **payload) -> None:
            schedule_index(post.topic_id)

        events.register(events.POST_CREATED, "search", reindex_post_topic)
        events.register(events.POST_EDITED, "search", reindex_post_topic)
        events.register(events.SOLUTION_ACCEPTED, "search", reindex_post_topic)
        events.register(
            events.SOLUTION_UNACCEPTED,
            "search",
            lambda *, topic: schedule_index(topic.id),
        )
        events.register(events.TOPIC_CHANGED, "search", schedule_index)
        events.register(
            events.TOPIC_EDITED,
            "search",
            lambda *, topic, **payload: schedule_index(topic.id),
        )
