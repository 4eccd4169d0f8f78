from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Top floor: demo seeding and the data generator, which know every app below."""

    name = "forum.demo"
    label = "demo"
