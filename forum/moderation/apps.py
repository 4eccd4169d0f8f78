from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forum.moderation"
    label = "moderation"

    def ready(self) -> None:
        from forum.safeguards.ratelimits import register_counter

        from .models import Flag

        register_counter(
            "flag",
            lambda user, since: Flag.objects.filter(user=user, created_at__gte=since),
        )
