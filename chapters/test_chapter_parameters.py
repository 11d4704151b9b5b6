"""Every chapter runs clean for a second set of parameters, not only for its defaults.

Each chapter's notebook metadata holds ``book.test_parameters``: values for the names assigned in
its ``parameters`` cell. The test replaces those assignments, executes the notebook from the
``chapters/`` folder with nbclient, and fails with the cell's error if any cell fails. Checks in
the chapters that only hold for the default values are written with ``ch.check_if`` and print a
note instead of failing.
"""

import ast
import hashlib
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CHAPTERS = Path(__file__).resolve().parent
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))


def parameters_cell(nb) -> int:
    """Index of the single code cell tagged ``parameters``."""
    found = [i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(found) == 1, f"expected exactly one cell tagged 'parameters', found {len(found)}"
    assert nb.cells[found[0]].cell_type == "code"
    return found[0]


def with_parameters(nb, values: dict):
    """Copy of ``nb`` whose parameters cell assigns ``values`` instead of the defaults."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    i = parameters_cell(nb)
    defined = {t.id for node in ast.parse(nb.cells[i].source).body if isinstance(node, ast.Assign)
               for t in node.targets if isinstance(t, ast.Name)}  # fmt: skip
    unknown = set(values) - defined
    assert not unknown, f"test parameters {sorted(unknown)} are not defined in the parameters cell"
    nb.cells[i].source += "\n# test parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in values.items())
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_has_parameters_and_alternative(path):
    nb = nbformat.read(path, 4)
    i = parameters_cell(nb)
    first_code = next(k for k, c in enumerate(nb.cells) if c.cell_type == "code")
    assert i == first_code, "the parameters cell must be the chapter's first code cell"
    alternative = nb.metadata.get("book", {}).get("test_parameters")
    assert alternative, "notebook metadata book.test_parameters must give a second parameter set"


DOWNLOADS = CHAPTERS / "downloads"


def published_files() -> dict[str, str]:
    """sha256 of every file in chapters/downloads/."""
    if not DOWNLOADS.is_dir():
        return {}
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(DOWNLOADS.iterdir()) if f.is_file()}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapter_runs_with_other_parameters(path):
    """The chapter runs with its second parameter set, and that run leaves every file already in
    chapters/downloads/ as it was (its own downloads carry a variant tag in their names)."""
    nb = nbformat.read(path, 4)
    alternative = nb.metadata.get("book", {}).get("test_parameters")
    if not alternative:
        pytest.fail("notebook metadata book.test_parameters is missing")
    before = published_files()
    client = NotebookClient(with_parameters(nb, alternative), timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(CHAPTERS)}})  # fmt: skip
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{path.name} with {alternative}:\n{exc}")
    after = published_files()
    replaced = sorted(name for name, digest in before.items() if after.get(name) != digest)
    assert not replaced, f"{path.name} with {alternative} replaced published downloads: {replaced}"
    new = sorted(set(after) - set(before))
    assert all(".variant-" in name for name in new), f"{path.name}: downloads without a variant tag: {new}"
