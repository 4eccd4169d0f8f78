from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "forum.subscriptions"
    label = "subscriptions"
