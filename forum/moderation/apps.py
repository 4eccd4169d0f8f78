from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forum.moderation"
    label = "moderation"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum.safeguards.ratelimits import register_counter
        from forum.topics.querysets import register_moderator_state

        from .models import Flag
        from .querysets import pending_flag_count

        register_counter(
            "flag",
            lambda user, since: Flag.objects.filter(user=user, created_at__gte=since),
        )
        register_moderator_state("pending_flags", pending_flag_count)
