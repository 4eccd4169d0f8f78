from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.sign_in import demo_sign_in_url

DEFAULT_PORT = 8000
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
        if username is None:
            # `make run` calls this for its sign-in hints; with DEBUG off there
            # are none, and the server must still start.
            if settings.DEBUG:
                self._guide()
            else:
                self.stdout.write("Demo sign-in links are off: DEBUG is off.")
            return
        if not settings.DEBUG:
            raise CommandError(
                "demo_login works only with DEBUG on: it signs in without a password."
            )
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
        # The link is built from SITE_URL, which follows PORT (`make run PORT=...`).
        port = f"PORT={settings.PORT} " if settings.PORT != DEFAULT_PORT else ""
        for kind, name in accounts:
            self.stdout.write(
                f"  as {kind}: {port}.venv/bin/python manage.py demo_login {name}"
            )
