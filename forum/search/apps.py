from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "forum.search"
    label = "search"
