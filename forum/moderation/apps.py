from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forum.moderation"
    label = "moderation"

    def ready(self) -> None:
        from . import signals

        signals.connect()
