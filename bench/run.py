"""`make bench`: Meridian under load, with production-like settings.

    python -m bench.run            # BENCH_SIZE=small, BENCH_SECONDS, BENCH_ROUNDS

Generates the forum when the bench database is missing, starts three gunicorns on
127.0.0.1 (the bare-Django ceiling; the forum with its anonymous page cache off;
the forum as deployed, cache on), loads each scenario with wrk for a fixed time,
interleaved over the rounds, and prints and saves (VAR_DIR/bench/) requests/s,
p50/p99, server CPU per request and its ratio to the ceiling's, SQL per page.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARMUP_SECONDS = 1
# Above this one-minute load average other work shares the cores: the ceiling's CPU
# per request inflates more than heavy pages', so every ratio looks better than it is.
LOADED_ABOVE = 1.5
# The one-minute average still counts the bench's own servers and wrk for a while
# after they stop (2 on 2 cores at the end of an idle run): the end reading waits up to
# this long for it to fall below LOADED_ABOVE. Neighbours' load does not fall, so a
# shared machine is still reported as loaded.
SETTLE_SECONDS = 120


@dataclass
class Scenario:
    name: str
    server: str  # "ceiling", "uncached" or "cached"
    path: str
    signed_in: bool = False
    runs: list[dict] = field(default_factory=list)
    sql: dict = field(default_factory=dict)
    note: str = ""


def bench_environment() -> dict[str, str]:
    """Production-like settings for the servers and for this process."""
    var_dir = Path(os.environ.get("VAR_DIR", ROOT / "var"))
    size = os.environ.get("BENCH_SIZE", "default")
    if size not in ("default", "small"):
        raise SystemExit("BENCH_SIZE is `default` or `small`.")
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        database = f"sqlite:///{var_dir / 'bench' / f'forum-{size}.sqlite3'}"
    return {
        "DJANGO_SETTINGS_MODULE": "forum.settings",
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": database,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "BENCH_SIZE": size,
        # The load comes from one address; the API's throttle would refuse most of it.
        "API_RATE_ANON": "1000000/min",
        "API_RATE_USER": "1000000/min",
    }


def machine(load_before: tuple[float, float, float]) -> dict:
    """The machine, with its load average when the run started and ended."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = Path("/proc/meminfo").read_text().split()[1]
    return {
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_before": load_before,
        "load_after": settled_load(),
    }


def settled_load() -> tuple[float, float, float]:
    """The load average once the bench's own load has left the one-minute figure."""
    deadline = time.monotonic() + SETTLE_SECONDS
    load = os.getloadavg()
    while load[0] > LOADED_ABOVE and time.monotonic() < deadline:
        time.sleep(5)
        load = os.getloadavg()
    return load


def is_loaded(machine_facts: dict) -> bool:
    """Whether the run shared the machine, so its ratios can't be trusted."""
    return (
        max(machine_facts["load_before"][0], machine_facts["load_after"][0])
        > LOADED_ABOVE
    )


def scenarios(pages: dict[str, str]) -> list[Scenario]:
    found = [
        Scenario("ceiling (bare Django)", "ceiling", "/"),
        Scenario("/healthz", "cached", "/healthz"),
    ]
    found += [
        Scenario(f"anon {name}", "uncached", path) for name, path in pages.items()
    ]
    for name in ("home /", "latest", "category list", "topic 400, page 1", "topic 20"):
        found.append(Scenario(f"anon cached {name}", "cached", pages[name]))
    for name in list(pages)[:8]:
        found.append(Scenario(f"member {name}", "cached", pages[name], signed_in=True))
    return found


def main() -> None:
    load_before = os.getloadavg()
    env = bench_environment()
    os.environ.update(env)
    out_dir = Path(env["VAR_DIR"]) / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import probe
    from bench.load import run_wrk, wrk_path
    from bench.servers import Server, process_cpu_seconds, status_of

    wrk_path()
    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "2"))
    size = env["BENCH_SIZE"]
    print(
        f"Bench: {size} data on {env['DATABASE_URL'].split(':')[0]}, "
        f"{seconds:.0f} s per scenario, {rounds} rounds.",
        flush=True,
    )
    generation = probe.ensure_data(
        size, out_dir / f"generation-{size}-{connection.vendor}.json"
    )
    from bench import search as search_bench

    search_index = search_bench.ensure_postgres_index(
        out_dir / f"search-index-{size}.json"
    )
    call_command("collectstatic", interactive=False, verbosity=0)
    sizes = probe.data_sizes()
    search_skipped = search_bench.prepare_whoosh_pages(
        out_dir / f"search-index-whoosh-{size}.json", sizes["posts"]
    )
    cooking = probe.cooking_times()
    pages = probe.pages()
    plan = scenarios(pages)
    for scenario in plan:
        if search_skipped and scenario.path.startswith("/search"):
            scenario.note = search_skipped
        if scenario.server != "ceiling" and not scenario.note:
            scenario.sql = probe.sql_per_request(
                scenario.path,
                signed_in=scenario.signed_in,
                cached=scenario.server == "cached",
            )
    cookie = probe.member_cookie()
    postgres_pids = (
        _postgres_backends(connection) if connection.vendor == "postgresql" else None
    )
    connection.close()

    servers = {}
    try:
        servers["ceiling"] = Server(
            "ceiling", "bench.ceiling:application", dict(os.environ), out_dir, ROOT
        )
        servers["uncached"] = Server(
            "uncached",
            "forum.wsgi:application",
            {**os.environ, "FORUM_ANON_CACHE_SECONDS": "0"},
            out_dir,
            ROOT,
        )
        servers["cached"] = Server(
            "cached",
            "forum.wsgi:application",
            {**os.environ, "FORUM_ANON_CACHE_SECONDS": "60"},
            out_dir,
            ROOT,
        )
        servers["ceiling"].wait_ready("/")
        servers["uncached"].wait_ready("/healthz")
        servers["cached"].wait_ready("/healthz")
        for scenario in plan:
            if scenario.note:
                continue
            headers = {"Cookie": cookie} if scenario.signed_in else {}
            status = status_of(servers[scenario.server].url + scenario.path, headers)
            if status == 404:
                scenario.note = "n/a (not built)"
            elif status != 200:
                scenario.note = f"HTTP {status}"
        for round_number in range(1, rounds + 1):
            print(f"Round {round_number}/{rounds}", flush=True)
            for scenario in plan:
                if scenario.note:
                    continue
                server = servers[scenario.server]
                url = server.url + scenario.path
                wanted = cookie if scenario.signed_in else ""
                run_wrk(url, seconds=WARMUP_SECONDS, cookie=wanted)
                pids = postgres_pids() if postgres_pids else []
                cpu_before = server.cpu_seconds() + sum(map(process_cpu_seconds, pids))
                result = run_wrk(url, seconds=seconds, cookie=wanted)
                pids_after = postgres_pids() if postgres_pids else []
                cpu_after = server.cpu_seconds() + sum(
                    map(process_cpu_seconds, pids_after)
                )
                result["cpu_seconds"] = cpu_after - cpu_before
                scenario.runs.append(result)
                print(f"  {scenario.name}: {_rate(result):.0f} req/s", flush=True)
    finally:
        for server in servers.values():
            server.stop()

    rows = summarise(plan)
    searching = search_bench.measure(postgres_build_seconds=search_index)
    facts = machine(load_before)
    report = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": facts,
        "loaded": is_loaded(facts),
        "database": env["DATABASE_URL"].split(":")[0],
        "cache": "redis" if os.environ.get("REDIS_URL") else "local memory",
        "size": size,
        "data": sizes,
        "generation": generation,
        "seconds_per_scenario": seconds,
        "rounds": rounds,
        "concurrency": 8,
        "scenarios": rows,
        "cooking": cooking,
        "search": searching,
        "search_pages_skipped": search_skipped or None,
    }
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (out_dir / name).write_text(json.dumps(report, indent=2))
    print_report(report)
    search_bench.print_report(searching)
    print(f"\nSaved {out_dir / f'bench-{stamp}.json'}")


def _postgres_backends(connection):
    """A function listing the PostgreSQL backends serving the bench database."""
    from django.db import connections

    name = connection.settings_dict["NAME"]

    def pids() -> list[int]:
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            return [row[0] for row in cursor.fetchall()]

    return pids


def _rate(result: dict) -> float:
    return result["requests"] / (result["duration_us"] / 1e6)


def summarise(plan: list[Scenario]) -> list[dict]:
    ceiling = next(s for s in plan if s.server == "ceiling")
    ceiling_ms = _cpu_ms(ceiling)
    rows = []
    for scenario in plan:
        row = {"name": scenario.name, "path": scenario.path, "note": scenario.note}
        row.update({k: scenario.sql.get(k) for k in ("queries", "writes")})
        row["plans"] = scenario.sql.get("plans", [])
        if scenario.runs:
            requests = sum(r["requests"] for r in scenario.runs)
            duration = sum(r["duration_us"] for r in scenario.runs) / 1e6
            cpu_ms = _cpu_ms(scenario)
            row.update(
                {
                    "requests_per_second": round(requests / duration, 1),
                    "p50_ms": round(
                        sum(r["p50_us"] for r in scenario.runs)
                        / len(scenario.runs)
                        / 1000,
                        2,
                    ),
                    "p99_ms": round(max(r["p99_us"] for r in scenario.runs) / 1000, 2),
                    "cpu_ms_per_request": round(cpu_ms, 3),
                    "ratio_to_ceiling": round(ceiling_ms / cpu_ms, 4)
                    if cpu_ms
                    else None,
                    "errors": sum(r["errors"] + r["non_2xx"] for r in scenario.runs),
                    "requests": requests,
                }
            )
        rows.append(row)
    return rows


def _cpu_ms(scenario: Scenario) -> float:
    requests = sum(r["requests"] for r in scenario.runs)
    return 1000 * sum(r["cpu_seconds"] for r in scenario.runs) / max(requests, 1)


def print_report(report: dict) -> None:
    data = report["data"]
    print(
        f"\n{report['database']} · cache {report['cache']} · {data['users']:,} users, "
        f"{data['topics']:,} topics, {data['posts']:,} posts, "
        f"{data['likes']:,} likes, {data['read_states']:,} read states "
        f"({data['member_read_states']:,} of the member) · "
        f"{report['machine']['cpus']} CPUs · concurrency 8 · "
        f"{report['rounds']} × {report['seconds_per_scenario']:.0f} s"
    )
    if report["loaded"]:
        before, after = (report["machine"][k][0] for k in ("load_before", "load_after"))
        print(
            f"LOADED: load average {before:.2f} at start, {after:.2f} at end "
            f"(> {LOADED_ABOVE}); ratios are marked and must not be compared with "
            "idle runs."
        )
    header = (
        f"{'scenario':34} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7} "
        f"{'ceiling':>8} {'SQL':>4} {'wr':>3} {'err':>4}  note"
    )
    print(header)
    print("-" * len(header))
    for row in report["scenarios"]:
        if "requests_per_second" not in row:
            print(f"{row['name']:34} {row['note'] or 'not run'}")
            continue
        sorts = any(p["full_sort"] or p["counts"] for p in row["plans"])
        note = "; ".join(filter(None, [row["note"], "sorts/counts" if sorts else ""]))
        ratio = row["ratio_to_ceiling"]
        print(
            f"{row['name']:34} {row['requests_per_second']:7.0f} {row['p50_ms']:7.1f} "
            f"{row['p99_ms']:7.1f} {row['cpu_ms_per_request']:7.2f} "
            f"{_ratio(ratio, loaded=report['loaded']):>8} "
            f"{_blank(row['queries']):>4} "
            f"{_blank(row['writes']):>3} {row['errors']:4d}  {note}"
        )
    print("\nCooking (best of 3):")
    for item in report["cooking"]:
        print(
            f"  {item['input']:22} {item['chars']:6,} chars  "
            f"{item['seconds'] * 1000:9.1f} ms"
        )
    generation = report["generation"]
    if generation.get("seconds") is not None:
        print(
            f"Data generation ({generation['database']}): {generation['seconds']:.1f} s"
        )


def _ratio(ratio: float | None, *, loaded: bool) -> str:
    if not ratio:
        return "-"
    return f"{ratio:.1%}{'*' if loaded else ''}"


def _blank(value) -> str:
    return "" if value is None else str(value)


if __name__ == "__main__":
    main()
