from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "forum.topics"
    label = "topics"

    def ready(self) -> None:
        from forum.core.page_cache import register_hit_handler

        from .view_counts import record_view

        register_hit_handler("topic-view", record_view)
