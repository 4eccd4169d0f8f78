from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "forum.search"
    label = "search"

    def ready(self) -> None:
        from forum.topics import events

        from .tasks import schedule_index

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
