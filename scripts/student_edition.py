"""The student edition: the book's sources without any exercise solution, ready to build and to hand out.

Used by ``make student``. It writes ``_build/student/src/``, a copy of the book's sources in which every
gated solution (``{solution-start}`` ... ``{solution-end}``, with the code and text cells between) is cut
out of the chapters, so that no page, page source, download button or notebook of the student edition
holds a solution. ``_build/student/src/chapters/`` is also the folder of solution-free notebooks that
students open in JupyterLab (they find the book's ``lib/`` and ``data/`` by walking up the folders, as
the chapters do). ``make student`` then builds the HTML from that copy into ``_build/student/_build/html``
and, where Chromium is installed, prints it to ``_build/student/book.pdf``.

Usage::

    .venv/bin/python scripts/student_edition.py          # write _build/student/src
    .venv/bin/python scripts/student_edition.py --pdf    # print the built student HTML to a PDF
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "student"
SRC = OUT / "src"

START = re.compile(r"```\{solution-start\}[^\n]*\n(?::[^\n]*\n)*```[ \t]*\n?")
END = re.compile(r"```\{solution-end\}[ \t]*\n```[ \t]*\n?")

# Files and folders of the book that the student build needs besides the chapters.
COPIED = ("_toc.yml", "chapters/bookroot.py", "references.bib", "_static", "_ext", "teaching")  # and every page of _toc.yml


def strip_solutions(nb: dict) -> tuple[dict, int]:
    """A copy of notebook ``nb`` without its gated solutions, and the number of solutions removed.

    Markdown before a ``solution-start`` and after a ``solution-end`` is kept; everything between them,
    in any cell, is dropped; cells left empty are dropped too.

    Raises
    ------
    ValueError
        If a solution is opened twice, closed without being opened, or never closed.
    """
    cells, inside, removed = [], False, 0
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] != "markdown":
            if not inside:
                cells.append(cell)
            continue
        kept, pos = [], 0
        while pos <= len(text):
            if inside:
                end = END.search(text, pos)
                if end is None:
                    break
                inside, pos = False, end.end()
                continue
            start, end = START.search(text, pos), END.search(text, pos)
            if end is not None and (start is None or end.start() < start.start()):
                raise ValueError(f"a solution-end without a solution-start: {text[end.start():end.start() + 60]!r}")
            if start is None:
                kept.append(text[pos:])
                break
            kept.append(text[pos:start.start()])
            inside, removed, pos = True, removed + 1, start.end()
        remaining = "".join(kept).strip("\n")
        if remaining.strip():
            cells.append({**cell, "source": (remaining + "\n").splitlines(keepends=True)})
    if inside:
        raise ValueError("a solution-start without a solution-end")
    return {**nb, "cells": cells}, removed


def toc_pages() -> list[str]:
    """The book's pages outside ``chapters/`` (``intro.ipynb``, ``notation.md``, ...), read from ``_toc.yml``: a page
    added to the table of contents reaches the student edition without an edit here."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"], *(c["file"] for part in toc.get("parts", []) for c in part.get("chapters", []))]
    found = []
    for name in files:
        if not name.startswith("chapters/"):
            found += [p.name for p in (ROOT / f"{name}.md", ROOT / f"{name}.ipynb") if p.is_file()]
    return sorted(set(found) - set(COPIED))


def write_sources() -> int:
    """Write the student sources into ``_build/student/src``; return the number of solutions removed."""
    if SRC.exists():
        shutil.rmtree(SRC)
    (SRC / "chapters").mkdir(parents=True)
    for name in (*COPIED, *toc_pages()):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, SRC / name)
        elif source.is_file():
            shutil.copy2(source, SRC / name)
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config["title"] = f"{config['title']} (student edition)"
    config.setdefault("sphinx", {}).setdefault("local_extensions", {})["student_edition"] = "_ext"
    (SRC / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    total = 0
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        nb, removed = strip_solutions(json.loads(path.read_text()))
        total += removed
        (SRC / "chapters" / path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    downloads = ROOT / "chapters" / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    (SRC / "chapters" / "downloads").symlink_to(downloads, target_is_directory=True)
    print(f"student edition: {total} solutions removed; sources in {SRC}, notebooks in {SRC / 'chapters'}")
    return total


def print_pdf() -> None:
    """Print the built student HTML to ``_build/student/book.pdf`` (needs Chromium; skipped with a note)."""
    html = OUT / "_build" / "html"
    if not (html / "index.html").is_file():
        raise SystemExit(f"{html}: no student HTML; run 'make student' first.")
    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        print("student edition: Chromium not found, so no student PDF (apt-get install -y chromium).")
        return
    subprocess.run([sys.executable, str(ROOT / "scripts" / "print_pdf.py"), str(html), str(OUT / "book.pdf")], check=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", action="store_true", help="print the built student HTML to a PDF")
    args = parser.parse_args()
    print_pdf() if args.pdf else write_sources()
