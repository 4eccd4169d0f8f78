from django.apps import AppConfig


class CategoriesConfig(AppConfig):
    name = "forum.categories"
    label = "categories"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum.core.page_cache import register_version_key

        from . import signals
        from .access import VERSION_KEY

        signals.connect()
        register_version_key(VERSION_KEY)
