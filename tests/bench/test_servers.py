"""The benchmark's gunicorn wrapper: waiting for a server that answers slowly."""

import urllib.request

import pytest

from bench.servers import Server


class RunningProcess:
    def poll(self):
        return None


class ExitedProcess:
    def poll(self):
        return 1


def server_with(process) -> Server:
    server = Server.__new__(Server)
    server.name = "forum"
    server.url = "http://127.0.0.1:9"
    server.process = process
    server.log = type("Log", (), {"name": "gunicorn-forum.log"})()
    return server


class Answer:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_wait_ready_survives_a_first_answer_slower_than_its_timeout(monkeypatch):
    outcomes = [TimeoutError("timed out"), ConnectionRefusedError(), Answer()]

    def urlopen(url, timeout):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    monkeypatch.setattr("bench.servers.time.sleep", lambda seconds: None)

    server_with(RunningProcess()).wait_ready("/healthz", timeout=30)

    assert outcomes == []


def test_wait_ready_reports_a_server_that_exited(monkeypatch):
    with pytest.raises(RuntimeError, match="gunicorn forum exited"):
        server_with(ExitedProcess()).wait_ready("/healthz", timeout=30)
