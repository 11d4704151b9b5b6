"""Run a chapter and write what its text and tables show, to compare two versions of the chapter.

Usage::

    .venv/bin/python scripts/prose_snapshot.py baseline out.json          # the book's parameters
    .venv/bin/python scripts/prose_snapshot.py baseline out.json --alt    # its second parameter set
    .venv/bin/python scripts/prose_snapshot.py --compare before.json after.json

The snapshot holds every phrase of the chapter's ``txt`` namespace (what ``{eval}`txt.name``` shows),
the notes of skipped checks, and the text of every output except images (tables, printed lines).
Moving the code that writes the prose from the notebook into :mod:`lib.report.chapters` must leave
both snapshots unchanged; ``--compare`` prints the differences and exits 1 when there are any.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
MARK = "@@PROSE-SNAPSHOT@@"
PROBE = (f"import json as _json\nprint({MARK!r} + _json.dumps({{'txt': {{k: str(v) for k, v in vars(txt).items()}}, "
         "'skipped': list(ch.skipped)}, sort_keys=True))")  # fmt: skip


def snapshot(chapter: str, alternative: bool = False) -> dict:
    sys.path.insert(0, str(CHAPTERS))
    from test_chapter_parameters import with_parameters

    nb = nbformat.read(CHAPTERS / f"{chapter}.ipynb", 4)
    if alternative:
        nb = with_parameters(nb, nb.metadata["book"]["test_parameters"])
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(CHAPTERS)}}).execute()
    outputs, probe = [], None
    for cell in nb.cells:
        printed = ""  # a cell's printed lines as one output: the kernel may split them in several at random
        for out in cell.get("outputs", []):
            if out.get("name") == "stderr":
                continue
            if out.get("output_type") == "stream":
                printed += out.get("text", "")
                continue
            data = out.get("data", {})
            text = data.get("text/markdown") or data.get("text/plain", "")
            if text and "image/svg+xml" not in data and "image/png" not in data:
                outputs.append(text)
        if MARK in printed:
            probe = json.loads(printed.split(MARK, 1)[1])
        elif printed:
            outputs.append(printed)
    return {**probe, "outputs": outputs}


def compare(before: dict, after: dict) -> list[str]:
    problems = []
    for name in sorted(set(before["txt"]) | set(after["txt"])):
        a, b = before["txt"].get(name), after["txt"].get(name)
        if a != b:
            problems.append(f"txt.{name}: {a!r} -> {b!r}")
    if before["skipped"] != after["skipped"]:
        problems.append(f"skipped checks: {before['skipped']} -> {after['skipped']}")
    if before["outputs"] != after["outputs"]:
        import difflib

        problems += ["outputs differ:"] + list(difflib.unified_diff(before["outputs"], after["outputs"], lineterm="", n=0))
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("args", nargs=2)
    parser.add_argument("--alt", action="store_true", help="use the chapter's second parameter set")
    parser.add_argument("--compare", action="store_true")
    options = parser.parse_args()
    if options.compare:
        before, after = (json.loads(Path(p).read_text()) for p in options.args)
        problems = compare(before, after)
        print("\n".join(problems) if problems else f"identical: {len(before['txt'])} phrases, {len(before['outputs'])} outputs")
        sys.exit(1 if problems else 0)
    chapter, out = options.args
    Path(out).write_text(json.dumps(snapshot(chapter, options.alt), indent=1, ensure_ascii=False))
    print(f"{out}: written")


if __name__ == "__main__":
    main()
