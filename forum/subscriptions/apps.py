from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "forum.subscriptions"
    label = "subscriptions"

    def ready(self) -> None:
        from forum.topics import events

        from . import services

        events.register(events.POST_CREATED, "subscriptions", services.post_created)
        events.register(events.POST_LIKED, "subscriptions", services.post_liked)
        events.register(
            events.SOLUTION_ACCEPTED, "subscriptions", services.solution_accepted
        )
        events.register(events.TOPIC_EDITED, "subscriptions", services.topic_edited)
