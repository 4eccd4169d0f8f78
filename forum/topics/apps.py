from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "forum.topics"
    label = "topics"
