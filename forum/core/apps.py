from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "forum.core"
    label = "core"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from . import live

        live.connect()
