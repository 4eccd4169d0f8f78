from django.apps import AppConfig


class DiscourseConfig(AppConfig):
    name = "forum.discourse"
    label = "discourse"
    verbose_name = "Discourse compatibility"
