"""The chapters' sources, read as a student reads them: solutions use what the notebook shows, the
notation page's symbols mean one thing everywhere, and a chapter finds the book from its folder."""

from __future__ import annotations

import ast
import builtins
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
HIDDEN_TAGS = {"remove-input", "remove-cell", "hide-input"}


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell defines, names it reads)."""
    tree = ast.parse(source)
    defined, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else defined).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
    return defined, used


def hidden_names_in_solutions(nb: dict) -> list[tuple[str, list[str]]]:
    """For every visible code cell inside a solution: the names it reads that only hidden cells define.

    A student reading the solution (teacher edition) sees the visible cells of the notebook; a name
    defined only in a collapsed cell (``txt``, a helper, a value computed for the prose) is invisible.
    """
    visible, hidden, problems, label = set(), set(), [], None
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            starts = list(re.finditer(r"\{solution-start\}\s*(\S+)", source))
            end = source.rfind("{solution-end}")
            if starts and starts[-1].start() > end:  # a cell may close one solution and open the next
                label = starts[-1].group(1)
            elif end >= 0:
                label = None
            continue
        defined, used = _names(source)
        if HIDDEN_TAGS & set(cell["metadata"].get("tags", [])):
            hidden |= defined
            continue
        if label:
            unseen = sorted((used - defined - visible - set(dir(builtins))) & hidden)
            if unseen:
                problems.append((label, unseen))
        visible |= defined
    return problems


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_solutions_use_only_visible_variables(path):
    assert hidden_names_in_solutions(json.loads(path.read_text())) == []


def test_the_check_sees_a_hidden_name():
    nb = {"cells": [
        {"cell_type": "code", "metadata": {"tags": ["remove-input"]}, "source": ["secret = 1\nshown = 2"]},
        {"cell_type": "code", "metadata": {}, "source": ["seen = shown"]},
        {"cell_type": "markdown", "metadata": {}, "source": ["```{solution-start} ex1\n```"]},
        {"cell_type": "code", "metadata": {}, "source": ["print(secret + seen + len([]))"]},
        {"cell_type": "markdown", "metadata": {}, "source": ["```{solution-end}\n```\n\n```{solution-start} ex2\n```"]},
        {"cell_type": "code", "metadata": {}, "source": ["print(shown, secret)"]},
    ]}  # fmt: skip
    assert hidden_names_in_solutions(nb) == [("ex1", ["secret"]), ("ex2", ["secret", "shown"])]


def _prose(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text()
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown")


PAGES = [*CHAPTERS, ROOT / "glossary.md", ROOT / "course.md", ROOT / "notation.md"]


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_notation_is_the_notation_page(path):
    """One name for the customs TBI; B only for the Leontief inverse; r and s never for countries."""
    text = _prose(path)
    assert "TBI^{gross}" not in text and "customs index" not in text, "the customs TBI is TBI^{customs}"
    assert not re.search(r"/B\}|\bB\s*=\s*\d|\$B\$ draws|\$B\$ the", text), "B is the Leontief inverse only"
    assert not re.search(r"\\sum_\{?r\b[^$]*B_\{\w*r\}|\\sum_\{r\\ne i\}", text), "r and s index country-sectors"


def test_hat_is_defined_before_the_decomposition_uses_it():
    text = _prose(ROOT / "chapters" / "decomposition.ipynb")
    first_hat = text.index("\\hat")
    assert "a hat turns a vector into the diagonal matrix" in text[: first_hat + 200]


def test_bookroot_finds_the_book_or_says_what_to_do(tmp_path):
    code = "import sys; sys.path.insert(0, {chapters!r}); import bookroot; print(bookroot.ROOT)"
    run = lambda cwd: subprocess.run([sys.executable, "-c", code.format(chapters=str(ROOT / "chapters"))],  # noqa: E731
                                     cwd=cwd, capture_output=True, text=True)  # fmt: skip
    found = run(ROOT / "chapters")
    assert found.returncode == 0 and Path(found.stdout.strip()) == ROOT
    lost = run(tmp_path)
    assert lost.returncode != 0 and "needs its lib/ and data/ folders" in lost.stderr


HIDDEN_LINES_MAX, CELL_LINES_MAX = 40, 15


def reader_view(nb: dict) -> dict:
    """What a student scrolls through: hidden and visible code lines, the longest cell, functions and
    classes defined in the notebook, and assignments to the prose namespace (``txt.x = ...``)."""
    hidden = visible = longest = 0
    defined, prose = [], []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        lines = [line for line in source.splitlines() if line.strip()]
        if HIDDEN_TAGS & set(cell["metadata"].get("tags", [])):
            hidden += len(lines)
        else:
            visible += len(lines)
        longest = max(longest, len(lines))
        tree = ast.parse(source)
        defined += [n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        prose += [ast.unparse(n)[:60] for n in ast.walk(tree) if isinstance(n, (ast.Assign, ast.AugAssign))
                  for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
                  if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "txt"]  # fmt: skip
        prose += [ast.unparse(n)[:60] for n in ast.walk(tree) if isinstance(n, ast.Call)
                  and isinstance(n.func, ast.Name) and n.func.id == "setattr" and n.args
                  and isinstance(n.args[0], ast.Name) and n.args[0].id == "txt"]  # fmt: skip
    return {"hidden": hidden, "visible": visible, "longest": longest, "defined": defined, "prose": prose}


PAGES_WITH_CODE = [*CHAPTERS, *(ROOT / name for name in ("intro.ipynb", "about.ipynb", "country_codes.ipynb"))]


@pytest.mark.parametrize("path", PAGES_WITH_CODE, ids=[p.stem for p in PAGES_WITH_CODE])
def test_notebook_holds_what_a_reader_reads(path):
    """At most 40 hidden lines, no cell over 15 lines, no function or class, no txt assignment (issue 17)."""
    view = reader_view(json.loads(path.read_text()))
    assert view["defined"] == [], f"functions or classes defined in the notebook: {view['defined']}"
    assert view["prose"] == [], f"prose written in the notebook instead of lib/report/chapters: {view['prose'][:5]}"
    assert view["hidden"] <= HIDDEN_LINES_MAX, f"{view['hidden']} hidden code lines"
    assert view["longest"] <= CELL_LINES_MAX, f"a code cell of {view['longest']} lines"
