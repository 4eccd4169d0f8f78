from django.apps import AppConfig


class CategoriesConfig(AppConfig):
    name = "forum.categories"
    label = "categories"

    def ready(self) -> None:
        from . import signals

        signals.connect()
