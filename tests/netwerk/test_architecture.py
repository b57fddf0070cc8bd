"""The apps' imports point down the layers of docs/architecture.md and never run in a
circle; pure modules import no Django. Read from the source with `ast`, every import
counted, those inside functions and under TYPE_CHECKING too."""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Bottom first. An app may import apps on its own layer or below, never above; within a
# layer the imports may not run in a circle either.
LAYERS: list[set[str]] = [
    {"schools"},
    {"netwerk"},
    {"casestudies"},
    {"discussions", "meetings"},
    {"capacity", "coaching", "leadership", "notifications", "privacy"},
    {"frontend"},
]
APPS = {app: level for level, layer in enumerate(LAYERS) for app in layer}

# Modules that wire every app together, and the demo network's seeding, which plays the
# whole platform through: they may import any app.
WIRING = {
    "netwerk/settings.py",
    "netwerk/urls.py",
    "netwerk/api_urls.py",
    "netwerk/asgi.py",
    "frontend/management/commands/seed_demo.py",
}
DEMO_SEEDING = "demo.py"

# Pure modules: DataFrames and strings in and out; no Django, and of the platform only
# each other.
PURE = [
    "casestudies/anonymisation",
    "casestudies/runcharts.py",
    "casestudies/measurecsv.py",
    "casestudies/runchart_svg.py",
    "casestudies/charts.py",
    "casestudies/analysis.py",
    "casestudies/suppression.py",
    "netwerk/markdown.py",
    "capacity/metrics.py",
]


@dataclass(frozen=True)
class Import:
    source: str  # path of the importing file, relative to the repository
    line: int
    module: str

    @property
    def app(self) -> str:
        return self.source.split("/")[0]

    @property
    def target(self) -> str:
        return self.module.split(".")[0]

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.module}"


def python_files(under: str) -> Iterator[Path]:
    path = ROOT / under
    if path.is_file():
        yield path
        return
    for file in sorted(path.rglob("*.py")):
        if "migrations" not in file.relative_to(ROOT).parts:
            yield file


def imports_in(file: Path) -> Iterator[Import]:
    source = str(file.relative_to(ROOT))
    for node in ast.walk(ast.parse(file.read_text(), filename=source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(source, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield Import(source, node.lineno, node.module)


def app_imports() -> list[Import]:
    found = []
    for app in APPS:
        for file in python_files(app):
            for imported in imports_in(file):
                if imported.target in APPS and imported.target != app:
                    found.append(imported)
    return found


def governed(imported: Import) -> bool:
    return imported.source not in WIRING and not imported.source.endswith(DEMO_SEEDING)


def test_every_app_of_the_platform_has_a_layer():
    installed = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert installed == set(APPS)


def test_no_app_imports_an_app_above_it():
    upward = [
        str(imported)
        for imported in app_imports()
        if governed(imported) and APPS[imported.target] > APPS[imported.app]
    ]
    assert upward == []


def test_the_apps_import_each_other_in_no_circle():
    graph: defaultdict[str, set[str]] = defaultdict(set)
    for imported in app_imports():
        if governed(imported):
            graph[imported.app].add(imported.target)
    assert find_cycle(graph) is None


def test_the_circle_check_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_no_django_and_no_app(module: str):
    impure = [
        str(imported)
        for file in python_files(module)
        for imported in imports_in(file)
        if imported.target == "django" or (imported.target in APPS and not pure(imported.module))
    ]
    assert impure == []


def pure(module: str) -> bool:
    """Whether a dotted module name is (in) one of the pure modules."""
    names = [path.removesuffix(".py").replace("/", ".") for path in PURE]
    return any(module == name or module.startswith(name + ".") for name in names)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of the directed graph as a path that ends where it starts, or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once fully explored
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None
