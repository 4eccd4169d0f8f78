"""The load generator: wrk (Debian's package), only ever against 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("latency.lua")
CONNECTIONS = 8


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit(
            "wrk is not installed: `apt-get install -y wrk` (make bench does it)."
        )
    return path


def run_wrk(url: str, *, seconds: float, cookie: str = "") -> dict:
    """Load `url` with CONNECTIONS connections for `seconds`; return wrk's summary."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("The benchmark only loads servers on 127.0.0.1.")
    command = [
        wrk_path(),
        "--threads=2",
        f"--connections={CONNECTIONS}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        f"--script={SCRIPT}",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    line = next(line for line in reversed(output.splitlines()) if line.startswith("{"))
    return json.loads(line)
