from django.apps import AppConfig


class OneboxesConfig(AppConfig):
    """Link previews of other sites' pages (this forum's own are in topics)."""

    name = "forum.oneboxes"
    label = "oneboxes"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from forum import markup
        from forum.topics import events

        from .previews import stored_previews, urls_to_fetch
        from .tasks import fetch_link_previews, recook_cards_of

        markup.add_preview_resolver(stored_previews)

        def fetch_for(*, post, **payload) -> None:
            urls = urls_to_fetch(post.raw)
            if urls:
                fetch_link_previews.delay(post.id, urls)

        events.register(events.POST_CREATED, "oneboxes", fetch_for)
        events.register(events.POST_EDITED, "oneboxes", fetch_for)

        def recard(*, topic, category_changed: bool, **payload) -> None:
            if category_changed:
                recook_cards_of.delay(topic.id)

        events.register(events.TOPIC_EDITED, "oneboxes", recard)
