from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "forum.uploads"
    label = "uploads"
    verbose_name = "Uploads"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum import markup
        from forum.topics import events

        from . import services

        # The cooking learns each upload's size and thumbnail from here, and
        # the posting services tell us which uploads a post uses.
        markup.set_upload_resolver(services.describe_uploads)
        events.register(events.POST_CREATED, "uploads", services.track_post_uploads)
        events.register(events.POST_EDITED, "uploads", services.track_post_uploads)
