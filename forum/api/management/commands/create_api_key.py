from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from forum.api.models import ApiKeyKind
from forum.api.services import create_api_key


class Command(BaseCommand):
    help = "Create an API key for a user and print it (it is shown only this once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What uses it.")
        parser.add_argument(
            "--read-only", action="store_true", help="The key may only read."
        )
        parser.add_argument(
            "--admin",
            action="store_true",
            help="A staff member's key that may act as anyone (Api-Username).",
        )

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = (
            get_user_model()
            .objects.filter(username__iexact=username, is_active=True)
            .first()
        )
        if user is None:
            raise CommandError(f"No active user named {username}.")
        try:
            _key, token = create_api_key(
                user=user,
                by=user,
                name=name,
                is_read_only=options["read_only"],
                kind=ApiKeyKind.ADMIN if options["admin"] else ApiKeyKind.USER,
            )
        except (ValidationError, PermissionDenied) as error:
            message = " ".join(getattr(error, "messages", [str(error)]))
            raise CommandError(message) from error
        self.stdout.write(token)
