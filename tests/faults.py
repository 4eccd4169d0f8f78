"""Stand-ins that fault tests may break: a private redis-server to kill, a TCP
proxy that stops forwarding (a server that hangs instead of refusing), a real
Celery worker process to kill -9, and an SMTP sink that counts what arrived. The
machine's own Redis and PostgreSQL are never touched."""

from __future__ import annotations

import contextlib
import email
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from celery import current_app
from celery.app.amqp import AMQP

REDIS_SERVER = shutil.which("redis-server")
needs_redis_server = pytest.mark.skipif(
    REDIS_SERVER is None, reason="needs the redis-server binary for a private Redis"
)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def use_broker(monkeypatch, *, url: str | None) -> None:
    """Send tasks to `url` (e.g. nothing listening there: the broker is down), or
    run them in-process again (None: it is back)."""
    app = current_app
    monkeypatch.setitem(app.conf, "task_always_eager", url is None)
    if url:
        monkeypatch.setitem(app.conf, "broker_url", url)
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app, "amqp", AMQP(app))


class PrivateRedis:
    """A redis-server of this test's own on a unix socket (or on a TCP port, for a
    proxy to stand in front of it); without persistence, or `persistent` as a
    broker should be (every write in the append-only file before it is answered)."""

    def __init__(self, *, tcp: bool = False, persistent: bool = False) -> None:
        self.persistent = persistent
        self.folder = Path(tempfile.mkdtemp(prefix="meridian-redis-"))
        self.socket = self.folder / "r.sock"
        self.port = free_port() if tcp else 0
        self.url = (
            f"redis://127.0.0.1:{self.port}/0" if tcp else f"unix://{self.socket}"
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--unixsocket", str(self.socket), "--dir", str(self.folder)),
                *("--save", ""),
                *(
                    ("--appendonly", "yes", "--appendfsync", "always")
                    if self.persistent
                    else ("--appendonly", "no")
                ),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(str(self.socket))
                    return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("the private redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        self.socket.unlink(missing_ok=True)

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; `hang()` keeps accepting
    connections but forwards nothing (a silent server), `resume()` undoes it."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.forwarding = threading.Event()
        self.forwarding.set()
        self.closed = False
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def hang(self) -> None:
        self.forwarding.clear()

    def resume(self) -> None:
        self.forwarding.set()

    def close(self) -> None:
        self.closed = True
        self.forwarding.set()
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            if not self.forwarding.is_set():
                continue  # accepted, never answered
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self.sockets.append(upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        while not self.closed:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            if not self.forwarding.is_set():
                continue  # a hung server swallows what it gets and never answers
            try:
                sink.sendall(data)
            except OSError:
                return


class SmtpSink:
    """An SMTP server on 127.0.0.1 that accepts everything and remembers, per
    mail, its recipient and Message-ID: a mail that arrives twice shows."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    @property
    def port(self) -> int:
        return self.controller.port

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append((rcpt, message["Message-ID"]))
        return "250 OK"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def counts(self) -> Counter:
        with self.lock:
            return Counter(self.received)

    def wait_for(self, expected: set, timeout: float, tick=None) -> Counter:
        """Wait until every (recipient, Message-ID) in `expected` arrived, calling
        `tick()` (beat's work) every two seconds meanwhile."""
        deadline = time.monotonic() + timeout
        last_tick = time.monotonic()
        while time.monotonic() < deadline and not expected <= set(self.counts()):
            time.sleep(0.1)
            if tick and time.monotonic() - last_tick > 2:
                tick()
                last_tick = time.monotonic()
        return self.counts()


class CeleryWorker:
    """`celery -A forum worker` in a process of its own, logging to a file."""

    def __init__(self, env: dict, queue: str, cwd: Path) -> None:
        self.env = {**os.environ, **env}
        self.queue = queue
        self.cwd = cwd
        self.log_path = Path(tempfile.mkdtemp(prefix="meridian-worker-")) / "log"
        self.process: subprocess.Popen | None = None
        self.started = 0

    def start(self, timeout: float = 60) -> None:
        self.started += 1
        with self.log_path.open("a") as log:
            log.write(f"==== start {self.started}\n")
        offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [
                sys.executable,
                *("-m", "celery", "-A", "forum", "worker", "--pool=solo"),
                *("--loglevel=info", "-Q", self.queue),
                *("-n", f"{self.queue}-{self.started}@%h"),
            ],
            env=self.env,
            cwd=self.cwd,
            stdout=self.log_path.open("a"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log_path.read_text()[offset:]:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"the Celery worker did not start:\n{self.log()}")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """kill -9: no cleanup, no acknowledgement, no goodbye to the broker."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text().splitlines()[-lines:])
