from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Figures about the community: the staff dashboard and the public /about."""

    name = "forum.insights"
    label = "insights"
