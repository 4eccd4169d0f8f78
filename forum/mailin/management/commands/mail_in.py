"""`manage.py mail_in` < message: queue one RFC 5322 message (an MTA pipes to it).
`manage.py mail_in --serve`: run the SMTP receiver an MTA relays to."""

from __future__ import annotations

import signal
import sys
import threading

from django.core.management.base import BaseCommand, CommandError

from forum.mailin.tasks import enqueue

# sysexits' EX_TEMPFAIL: Postfix and Exim keep the message and retry later.
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Receive incoming mail: one message on standard input, or --serve SMTP."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set by SIGTERM/SIGINT, or by whoever runs the receiver in a thread.
        self.stopping = threading.Event()

    def add_arguments(self, parser):
        parser.add_argument(
            "--serve", action="store_true", help="Run the SMTP receiver."
        )
        parser.add_argument("--host", help="Address to listen on (FORUM_MAILIN_HOST).")
        parser.add_argument(
            "--port", type=int, help="Port to listen on (FORUM_MAILIN_PORT)."
        )
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="Envelope recipient given by the MTA (Postfix: ${recipient}).",
        )

    def handle(self, *args, **options):
        if options["serve"]:
            self.serve(options["host"], options["port"])
            return
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            raise CommandError("No message on standard input.")
        try:
            enqueue(raw, options["recipient"])
        except Exception as error:
            raise CommandError(
                f"Could not queue the message: {error}", returncode=EX_TEMPFAIL
            ) from error

    def serve(self, host, port) -> None:
        # Only the SMTP server needs aiosmtpd: loaded for --serve, not for a pipe.
        from forum.mailin.receiver import make_controller

        controller = make_controller(host, port)
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: self.stopping.set())
        controller.start()
        self.stdout.write(
            f"Receiving mail on {controller.hostname}:{controller.port}", ending="\n"
        )
        self.stdout.flush()
        try:
            self.stopping.wait()
        finally:
            controller.stop()
