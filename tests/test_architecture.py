"""The layer rules of lib/ (written in lib/__init__.py's docstring), checked on the source.

data < mrio < econometrics < report: a module imports from its own layer and the layers before it,
never after; the module graph has no circle; no import hides inside a function except of the
optional packages listed; the release registry is the one source of the vintages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lib
from lib.data import releases
from lib.econometrics import panel

LIB = Path(lib.__file__).resolve().parent
LAYERS = ("data", "mrio", "econometrics", "report")
OPTIONAL_INSIDE = {"matplotlib_inline.backend_inline", "resource"}  # IPython-only, POSIX-only


def _modules() -> dict[str, Path]:
    """``layer.module`` (``report.chapters.baseline`` for a sub-package) -> file, for every module of every layer."""
    return {".".join(p.relative_to(LIB).with_suffix("").parts): p for layer in LAYERS
            for p in sorted((LIB / layer).rglob("*.py")) if p.stem != "__init__"}  # fmt: skip


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(``layer.module`` or ``layer`` imported, inside a function?) for every lib import of a module."""
    tree = ast.parse(path.read_text())
    package = path.relative_to(LIB).parent.parts  # e.g. ("report", "chapters")
    inside = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f) if n is not f}  # fmt: skip
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[: len(package) - (node.level - 1)])
            parts = base + (node.module.split(".") if node.module else [])
            if not node.module or parts == base:  # "from . import x": modules of that package
                found += [(".".join([*parts, a.name]), id(node) in inside) for a in node.names]
            else:
                found.append((".".join(parts), id(node) in inside))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lib"):
            found.append((".".join(node.module.split(".")[1:]), id(node) in inside))
    return found


def test_every_module_sits_in_a_layer():
    assert sorted(p.name for p in LIB.glob("*.py")) == ["__init__.py"], "modules belong in a layer package"
    assert {p.name for p in LIB.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(LAYERS)
    for package in (p for layer in LAYERS for p in (LIB / layer).rglob("*") if p.is_dir() and p.name != "__pycache__"):
        assert (package / "__init__.py").is_file(), f"{package} is not a package"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_imports_only_from_layers_before(module):
    path = _modules()[module]
    own = LAYERS.index(module.split(".")[0])
    for target, _ in _imports(path):
        layer = target.split(".")[0]
        assert LAYERS.index(layer) <= own, f"{module} imports {target}: a later layer"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_no_import_inside_functions(module):
    tree = ast.parse(_modules()[module].read_text())
    for f in ast.walk(tree):
        if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(f):
                if isinstance(node, ast.Import):
                    names = {a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom):
                    names = {node.module or "."}
                else:
                    continue
                assert names <= OPTIONAL_INSIDE, f"{module}.{f.name} imports {names} inside the function"


def test_no_import_circle():
    modules = _modules()
    graph = {m: {t for t, _ in _imports(p) if t in modules and t != m} for m, p in modules.items()}
    done, active = set(), []

    def visit(m):
        if m in active:
            pytest.fail("import circle: " + " -> ".join(active[active.index(m):] + [m]))
        if m in done:
            return
        active.append(m)
        for t in sorted(graph[m]):
            visit(t)
        active.pop()
        done.add(m)

    for m in sorted(graph):
        visit(m)


def test_release_facts_come_from_the_registry():
    assert releases.VINTAGES == tuple(releases.RELEASES)
    assert panel.SAMPLE_YEARS == {n: r.sample_years for n, r in releases.RELEASES.items() if r.sample_years}
    rel = releases.release("2013")
    assert releases.release(rel) is rel, "a Release passed down is not resolved again"


def test_public_api_is_importable_from_lib():
    for name in ("tbi_panel", "bilateral_panel", "country_panel", "load_table", "xtreg_fe", "iv_fe",
                 "wild_cluster_bootstrap", "sector_decomposition", "DataError", "TableError", "ChecksumError",
                 "DataFileNotFound", "FileFormatError", "SettingError", "Release", "release"):  # fmt: skip
        assert hasattr(lib, name), name


TOOLS = sorted([*(LIB.parent / "benchmarks").glob("*.py"), *(LIB.parent / "scripts").glob("*.py")])


@pytest.mark.parametrize("path", TOOLS, ids=[p.name for p in TOOLS])
def test_tools_import_the_layers(path, monkeypatch):
    """The benchmarks and scripts follow the package's layout (their imports run; nothing else is executed)."""
    import importlib.util

    monkeypatch.syspath_prepend(str(path.parent))  # as when run as a script: its folder comes first

    spec = importlib.util.spec_from_file_location(f"tool_{path.stem}", path)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
