from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.sign_in import demo_sign_in_url

# One account of each kind in the seeded demo (fixtures/users.yaml).
DEMO_ACCOUNTS = [
    ("a member", "alice-astro"),
    ("a moderator", "community-team"),
    ("an admin (Django admin at /admin/)", "ada-admin"),
]


class Command(BaseCommand):
    help = (
        "Print a one-time link that signs you in as a demo account (DEBUG only). "
        "Without a username, say which accounts to try."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="?")

    def handle(self, *args, username: str | None = None, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "demo_login works only with DEBUG on: it signs in without a password."
            )
        if username is None:
            self._guide()
            return
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account named {username!r}.")
        self.stdout.write(demo_sign_in_url(user))

    def _guide(self) -> None:
        present = set(
            User.objects.filter(
                username__in=[name for _, name in DEMO_ACCOUNTS]
            ).values_list("username", flat=True)
        )
        accounts = [(kind, name) for kind, name in DEMO_ACCOUNTS if name in present]
        if not accounts:
            self.stdout.write(
                "No demo accounts: run `manage.py seed_forum --demo` first."
            )
            return
        self.stdout.write("Sign in to the demo with a one-time link (DEBUG only):")
        for kind, name in accounts:
            self.stdout.write(
                f"  as {kind}: .venv/bin/python manage.py demo_login {name}"
            )
