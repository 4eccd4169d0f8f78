"""The house's floors: imports run from a higher floor down, never back up, and no
two modules of one app import each other (directly or round a longer loop).

Walks every .py under forum/ and accounts/ with `ast` (imports inside functions
included), maps each module to its app and each app to a floor. An app on no floor
fails the test: place it in FLOORS. Apps on one floor may import each other.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom up. The project's own modules (forum/settings.py, urls.py, celery.py,
# wsgi.py, asgi.py) wire every app together and stand above them all.
FLOORS = [
    {"core", "markup", "safeguards"},
    {"accounts", "categories"},
    {"topics"},
    {
        "subscriptions",
        "search",
        "moderation",
        "uploads",
        "conversations",
        "seo",
        "oneboxes",
    },
    {"api", "mailin", "discourse", "insights"},
    {"demo"},
    {"project"},
]

# Arrows that run upward (module -> imported module) allowed for now: none. The
# test fails on any arrow not listed here, and on a listed one that is gone.
KNOWN_UPWARD: set[tuple[str, str]] = set()

# Loops inside one app allowed for now: none. Same rule as KNOWN_UPWARD.
KNOWN_LOOPS: list[set[str]] = []


def _modules() -> dict[str, Path]:
    modules = {}
    for base in ("forum", "accounts"):
        for path in (ROOT / base).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The module `name` lives in (`pkg.mod.Thing` -> `pkg.mod`), if it is ours."""
    while name not in MODULES:
        if "." not in name:
            return None
        name = name.rsplit(".", 1)[0]
    return name


def _imports(module: str) -> set[str]:
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target is not None and target != module:
                found.add(target)
    return found


def _app(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "accounts":
        return "accounts"
    if len(parts) > 1 and (ROOT / "forum" / parts[1]).is_dir():
        return parts[1]
    return "project"


def _floor(app: str) -> int | None:
    for number, apps in enumerate(FLOORS):
        if app in apps:
            return number
    return None


GRAPH = {module: _imports(module) for module in MODULES}


def test_every_app_stands_on_a_floor():
    unplaced = sorted({_app(m) for m in MODULES if _floor(_app(m)) is None})
    assert not unplaced, (
        f"App(s) {', '.join(unplaced)} stand on no floor: add each to FLOORS in "
        "tests/test_architecture.py, above every app it imports and below every "
        "app that imports it."
    )


def test_no_import_runs_from_a_lower_floor_up():
    upward = set()
    for module, targets in GRAPH.items():
        low = _floor(_app(module))
        for target in targets:
            high = _floor(_app(target))
            if low is not None and high is not None and high > low:
                upward.add((module, target))
    new = sorted(upward - KNOWN_UPWARD)
    assert not new, "Imports from a lower floor up to a higher one: " + "; ".join(
        f"{m} ({_app(m)}) imports {t} ({_app(t)})" for m, t in new
    )
    gone = sorted(KNOWN_UPWARD - upward)
    assert not gone, f"Fixed, so remove from KNOWN_UPWARD: {gone}"


def _loops() -> list[set[str]]:
    """Strongly connected groups of modules of one app (Tarjan's algorithm)."""
    edges = defaultdict(set)
    for module, targets in GRAPH.items():
        edges[module] = {t for t in targets if _app(t) == _app(module)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in edges[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                loops.append(group)

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return loops


def test_no_import_loop_inside_an_app():
    loops = _loops()
    new = [sorted(group) for group in loops if group not in KNOWN_LOOPS]
    assert not new, f"Modules of one app import each other in a loop: {new}"
    gone = [sorted(group) for group in KNOWN_LOOPS if group not in loops]
    assert not gone, f"Fixed, so remove from KNOWN_LOOPS: {gone}"


# A module past this many lines is split by what it does (the API's serializers
# into inputs and outputs, the moderator services into topic state, post state
# and split/merge). The settings stay one flat file of configuration on purpose:
# every app adds its settings there, and one file is where they are looked up.
MAX_LINES = 400
LONG_ON_PURPOSE = {"forum.settings"}


def test_no_module_is_over_the_line_limit():
    lines = {m: len(path.read_text().splitlines()) for m, path in MODULES.items()}
    long = sorted(
        f"{module} ({count} lines)"
        for module, count in lines.items()
        if count > MAX_LINES and module not in LONG_ON_PURPOSE
    )
    assert not long, f"Split by what they do: {', '.join(long)}"
