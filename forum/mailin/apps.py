from django.apps import AppConfig


class MailinConfig(AppConfig):
    name = "forum.mailin"
    label = "mailin"
    verbose_name = "Mail in"

    def ready(self) -> None:
        # Here, not at the top: apps.py is imported before any app's models exist.
        from anymail.signals import inbound

        from forum.core.emails import register_outgoing

        from . import outgoing, webhooks

        # Every mail the forum sends to a member gets a bounce key, and mail about
        # a post a reply address (forum.core.emails knows no app; we register).
        register_outgoing(outgoing.address_mail)
        inbound.connect(webhooks.inbound_received, dispatch_uid="mailin.inbound")
