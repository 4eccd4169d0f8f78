"""The benchmark report: load average recorded, ratios marked on a loaded machine."""

import bench.run
from bench.run import is_loaded, machine, print_report, settled_load


def report(*, load_before: float, load_after: float) -> dict:
    facts = {
        "cpus": 2,
        "load_before": (load_before, 0.0, 0.0),
        "load_after": (load_after, 0.0, 0.0),
    }
    return {
        "machine": facts,
        "loaded": is_loaded(facts),
        "database": "sqlite",
        "cache": "local memory",
        "rounds": 2,
        "seconds_per_scenario": 5,
        "data": {
            "users": 1,
            "topics": 1,
            "posts": 1,
            "likes": 0,
            "read_states": 0,
            "member_read_states": 0,
        },
        "scenarios": [
            {
                "name": "anon latest",
                "note": "",
                "plans": [],
                "queries": 4,
                "writes": 0,
                "requests_per_second": 900.0,
                "p50_ms": 8.0,
                "p99_ms": 20.0,
                "cpu_ms_per_request": 5.0,
                "ratio_to_ceiling": 0.044,
                "errors": 0,
            }
        ],
        "cooking": [],
        "generation": {},
    }


def test_machine_records_load_at_start_and_end(monkeypatch):
    monkeypatch.setattr(bench.run, "settled_load", lambda: (0.9, 0.5, 0.3))

    facts = machine((0.4, 0.3, 0.2))

    assert facts["load_before"] == (0.4, 0.3, 0.2)
    assert facts["load_after"] == (0.9, 0.5, 0.3)


class FakeClock:
    """A load average that falls by `step` every 5 s of (fake) sleeping."""

    def __init__(self, start: float, step: float):
        self.now, self.load, self.step = 0.0, start, step

    def getloadavg(self):
        return (self.load, 0.0, 0.0)

    def sleep(self, seconds):
        self.now += seconds
        self.load = max(0.0, self.load - self.step)

    def monotonic(self):
        return self.now


def clock_in(monkeypatch, clock: FakeClock) -> None:
    monkeypatch.setattr(bench.run.os, "getloadavg", clock.getloadavg)
    monkeypatch.setattr(bench.run.time, "sleep", clock.sleep)
    monkeypatch.setattr(bench.run.time, "monotonic", clock.monotonic)


def test_end_load_waits_for_the_bench_own_load_to_leave(monkeypatch):
    clock = FakeClock(start=2.0, step=0.2)
    clock_in(monkeypatch, clock)

    load = settled_load()

    assert load[0] <= 1.5
    assert clock.now == 15


def test_end_load_of_a_shared_machine_stays_loaded(monkeypatch):
    clock = FakeClock(start=3.0, step=0.0)
    clock_in(monkeypatch, clock)

    load = settled_load()

    assert load[0] == 3.0
    assert clock.now >= bench.run.SETTLE_SECONDS


def test_idle_run_prints_plain_ratios(capsys):
    print_report(report(load_before=0.3, load_after=0.8))

    out = capsys.readouterr().out
    assert "LOADED" not in out
    assert "4.4% " in out


def test_loaded_run_marks_every_ratio(capsys):
    print_report(report(load_before=0.3, load_after=2.4))

    out = capsys.readouterr().out
    assert "LOADED: load average 0.30 at start, 2.40 at end" in out
    assert "4.4%*" in out
