from django.apps import AppConfig


class SafeguardsConfig(AppConfig):
    """Low floor: rate limits and the staff action log, used by topics and moderation.

    It knows no other app: the apps whose rows a limit counts register a counter
    (`ratelimits.register_counter`) in their own ready(), and accounts registers
    who is exempt from the limits (`ratelimits.register_exemption`).
    """

    name = "forum.safeguards"
    label = "safeguards"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from . import signals

        signals.connect()
