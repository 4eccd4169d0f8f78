from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "forum.api"
    label = "api"

    def ready(self) -> None:
        # Registers the OpenAPI descriptions of the key authentications.
        from . import schema  # noqa: F401
