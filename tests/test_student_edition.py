"""The student edition holds no solution anywhere: pages, page sources, notebooks, and the PDF if one was printed.

``make test`` builds the student edition (``make student``) before it runs these tests. The fingerprints
of the solutions are the lines that the book's own chapters have only inside their gated solutions.
"""

import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lib.report import book
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
STUDENT = ROOT / "_build" / "student"
HTML = STUDENT / "_build" / "html"

spec = importlib.util.spec_from_file_location("student_edition", ROOT / "scripts" / "student_edition.py")
student_edition = importlib.util.module_from_spec(spec)
spec.loader.exec_module(student_edition)


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def code(text):
    return {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": text.splitlines(keepends=True)}  # fmt: skip


def test_strip_solutions_cuts_across_cells():
    nb = {"cells": [
        md("Intro.\n\n```{exercise} One\n:label: a\n\nDo it.\n```\n\n```{solution-start} a\n:class: dropdown\n```"),
        code("answer = 42\nprint(answer)"),
        md("The answer is 42.\n\n```{solution-end}\n```\n\nBetween.\n\n```{solution-start} b\n:class: dropdown\n```\nSecret.\n```{solution-end}\n```\nAfter."),
        code("kept = 1"),
    ]}  # fmt: skip
    out, removed = student_edition.strip_solutions(nb)
    text = "".join("".join(c["source"]) for c in out["cells"])
    assert removed == 2
    assert "answer" not in text and "Secret" not in text and "solution" not in text
    assert "Intro." in text and "Do it." in text and "Between." in text and "After." in text and "kept = 1" in text
    assert [c["cell_type"] for c in out["cells"]] == ["markdown", "markdown", "code"]
    with pytest.raises(ValueError, match="without a solution-end"):
        student_edition.strip_solutions({"cells": [md("```{solution-start} a\n```\nopen")]})
    with pytest.raises(ValueError, match="without a solution-start"):
        student_edition.strip_solutions({"cells": [md("text\n```{solution-end}\n```\n")]})


def fingerprints() -> dict[str, str]:
    """Lines found only inside the chapters' solutions (in no chapter's other text), code and prose without
    roles, 25 characters or more."""
    lines = lambda book: {l.strip() for c in book["cells"] for l in "".join(c["source"]).splitlines()}  # noqa: E731
    books = {path.stem: json.loads(path.read_text()) for path in sorted((ROOT / "chapters").glob("*.ipynb"))}
    outside = set().union(*(lines(student_edition.strip_solutions(nb)[0]) for nb in books.values()))
    outside_text = "\n".join(outside)
    out = {}
    for name, nb in books.items():
        for line in lines(nb) - outside:
            if len(line) >= 25 and "{" not in line and "`" not in line and not line.startswith(("#", "```", ":")):
                if line not in outside_text:  # not part of a longer line outside the solutions
                    out[line] = name
    return out


def test_the_chapters_have_solutions_to_look_for():
    found = fingerprints()
    chapters = {p.stem for p in (ROOT / "chapters").glob("*.ipynb") if not book.is_appendix(p.stem)}
    assert len(found) > 100 and set(found.values()) >= chapters, f"no solutions found in {chapters - set(found.values())}"


def student_texts():
    """(file, text) for every page, page source and notebook of the student edition, and its PDF."""
    for path in sorted(STUDENT.rglob("*")):
        skip = {"downloads", "_images", ".doctrees", "_ext", "_static"}
        if not path.is_file() or skip & set(path.parts):
            continue
        if path.suffix == ".html":
            yield path, " ".join(BeautifulSoup(path.read_text(errors="replace"), "html.parser").get_text(" ").split())
        elif path.suffix in (".ipynb", ".md", ".txt", ".py"):
            yield path, path.read_text(errors="replace")
    pdf = STUDENT / "book.pdf"
    if pdf.is_file() and shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        yield pdf, " ".join(text.split())


@pytest.mark.skipif(not (HTML / "index.html").is_file(), reason="no student edition built (make student; make test builds it)")
def test_no_solution_reaches_the_student_edition():
    prints = fingerprints()
    checked, leaks = 0, []
    for path, text in student_texts():
        checked += 1
        flat = " ".join(text.split())
        if re.search(r"solution-start|solution-end|Solution to Exercise", flat):
            leaks.append(f"{path.relative_to(STUDENT)}: a solution directive or heading")
        for line, chapter in prints.items():
            if " ".join(line.split()) in flat:
                leaks.append(f"{path.relative_to(STUDENT)}: {chapter} solution line {line[:60]!r}")
                break
    assert checked > 20, f"only {checked} files checked in {STUDENT}"
    assert not leaks, "solutions in the student edition:\n" + "\n".join(leaks[:20])


@pytest.mark.skipif(not (HTML / "index.html").is_file(), reason="no student edition built (make student; make test builds it)")
def test_student_edition_has_every_chapter_and_its_notebooks():
    chapters = sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb"))
    assert sorted(p.name for p in (STUDENT / "src" / "chapters").glob("*.ipynb")) == chapters
    for name in chapters:
        assert (HTML / "chapters" / name.replace(".ipynb", ".html")).is_file(), name
    assert "(student edition)" in (HTML / "intro.html").read_text()
