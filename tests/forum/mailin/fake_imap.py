"""A small IMAP server on 127.0.0.1 holding a few messages: the local stand-in for
a mail provider's mailbox. It speaks the commands the poller uses, as RFC 3501 says."""

from __future__ import annotations

import re
import socketserver
import threading

COMMAND = re.compile(rb"^(\S+) (?:UID )?(\S+) ?(.*)$", re.I)


class Mailbox:
    def __init__(self, messages: list[bytes]) -> None:
        self.messages = dict(enumerate(messages, start=1))
        self.seen: set[int] = set()
        self.logins: list[bytes] = []


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        box: Mailbox = self.server.mailbox
        self.wfile.write(b"* OK fake IMAP4rev1 ready\r\n")
        for line in self.rfile:
            match = COMMAND.match(line.rstrip(b"\r\n"))
            if not match:
                continue
            tag, verb, rest = match.group(1), match.group(2).upper(), match.group(3)
            if verb == b"CAPABILITY":
                self.wfile.write(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
            elif verb == b"LOGIN":
                box.logins.append(rest)
            elif verb == b"SELECT":
                self.wfile.write(
                    b"* %d EXISTS\r\n* FLAGS (\\Seen)\r\n" % len(box.messages)
                )
            elif verb == b"SEARCH":
                unseen = [
                    str(uid).encode() for uid in box.messages if uid not in box.seen
                ]
                self.wfile.write(b"* SEARCH " + b" ".join(unseen) + b"\r\n")
            elif verb == b"FETCH":
                uid = int(rest.split()[0])
                raw = box.messages[uid]
                self.wfile.write(
                    b"* %d FETCH (UID %d RFC822 {%d}\r\n%s)\r\n"
                    % (uid, uid, len(raw), raw)
                )
            elif verb == b"STORE":
                uid = int(rest.split()[0])
                box.seen.add(uid)
                self.wfile.write(b"* %d FETCH (UID %d FLAGS (\\Seen))\r\n" % (uid, uid))
            elif verb == b"LOGOUT":
                self.wfile.write(b"* BYE\r\n" + tag + b" OK LOGOUT completed\r\n")
                return
            self.wfile.write(tag + b" OK " + verb + b" completed\r\n")


class FakeImap(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mailbox: Mailbox) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mailbox = mailbox
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"imap://forum%40example.org:s%3Acret@127.0.0.1:{self.server_address[1]}/INBOX"
