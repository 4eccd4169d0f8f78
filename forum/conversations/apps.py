from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    # "messages" is django.contrib.messages' label: personal messages are
    # conversations in the code, "messages" on the pages.
    name = "forum.conversations"
    label = "conversations"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum.safeguards.ratelimits import register_counter

        from .models import Message

        register_counter(
            "message",
            lambda user, since: Message.objects.filter(
                author=user, created_at__gte=since
            ),
        )
