from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "forum.search"
    label = "search"

    def ready(self) -> None:
        from forum.core.health import register_check

        from .services import health_check

        register_check("search", health_check)
