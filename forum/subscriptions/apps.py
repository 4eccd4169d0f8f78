from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "forum.subscriptions"
    label = "subscriptions"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum.topics import events, levels

        from . import services, tasks
        from .models import CategorySubscription, TagSubscription

        levels.register_level_model("category", CategorySubscription, "category")
        levels.register_level_model("tag", TagSubscription, "tag")
        events.listen(events.POSTS_READ, services.posts_read)
        events.listen(events.LIST_DISMISSED, services.forget_counts)

        events.register(events.POST_CREATED, "subscriptions", tasks.post_created)
        events.register(events.POST_LIKED, "subscriptions", tasks.post_liked)
        events.register(
            events.SOLUTION_ACCEPTED, "subscriptions", tasks.solution_accepted
        )
        events.register(events.TOPIC_EDITED, "subscriptions", tasks.topic_edited)
