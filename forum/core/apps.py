from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "forum.core"
    label = "core"

    def ready(self) -> None:
        from . import live

        live.connect()
