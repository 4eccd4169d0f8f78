from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum.safeguards.ratelimits import register_exemption

        from .roles import is_staff_or_moderator

        # Staff and site moderators are never rate limited: the one rule decides.
        register_exemption(is_staff_or_moderator)
