from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Top floor: demo seeding and the data generator, which know every app below."""

    name = "forum.demo"
    label = "demo"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum.core import live

        from .seeding import refresh_guides

        # Guides quote rules such as the title length: a change staff make in
        # admin shows in them at once.
        live.on_change(refresh_guides)
