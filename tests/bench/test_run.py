"""The benchmark report: load average recorded, ratios marked on a loaded machine."""

from bench.run import is_loaded, machine, print_report


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


def test_machine_records_load_at_start_and_end():
    facts = machine((0.4, 0.3, 0.2))

    assert facts["load_before"] == (0.4, 0.3, 0.2)
    assert len(facts["load_after"]) == 3


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
