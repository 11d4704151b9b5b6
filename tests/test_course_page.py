"""The course page lists every exercise of the book by reference, and the book has enough of them.

Exercises are written in the chapters (``{exercise}`` with ``:label: <chapter>-exN`` and a
"**Basic|Intermediate|Advanced · about N minutes.**" line); the course page links each with
``{ref}``. A chapter that gains an exercise without the course page listing it fails here.
"""

import json
import re
from pathlib import Path

from lib.report import book

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = re.compile(r"```\{exercise\}[^\n]*\n:label:\s*(\S+)\n(.*?)```", re.S)
GRADE = re.compile(r"\*\*(Basic|Intermediate|Advanced) · [^*]*?about \d+ minutes\.\*\*")


def chapter_exercises() -> dict[str, list[tuple[str, str]]]:
    """Exercises of every chapter (appendix pages, the technical detail moved out of a chapter, have none)."""
    found = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        if book.is_appendix(path.stem):
            continue
        cells = json.loads(path.read_text())["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        found[path.stem] = EXERCISE.findall(text)
    return found


def test_every_chapter_has_three_graded_exercises():
    exercises = chapter_exercises()
    for chapter, items in exercises.items():
        assert len(items) >= 3, f"{chapter}: {len(items)} exercises, expected at least three"
        for label, body in items:
            assert re.fullmatch(r"[a-z]+-ex\d+", label), f"{chapter}: label {label} is not of the form <chapter>-exN"
            assert GRADE.search(body), f"{label}: no '**Basic|Intermediate|Advanced · about N minutes.**' line"
    labels = [label for items in exercises.values() for label, _ in items]
    assert len(labels) == len(set(labels)), "exercise labels must be unique"
    assert len(labels) >= 27


def test_course_page_links_every_exercise():
    course = (ROOT / "course.md").read_text()
    linked = set(re.findall(r"\{ref\}`([^`<>]+)`", course)) | set(re.findall(r"\{ref\}`[^`]*<([^`>]+)>`", course))
    labels = {label for items in chapter_exercises().values() for label, _ in items}
    assert labels <= linked, f"exercises missing from course.md: {sorted(labels - linked)}"


def test_syllabus_has_ten_weeks_and_the_marking_scheme_every_exercise():
    text = (Path(__file__).resolve().parent.parent / "course.md").read_text()
    syllabus = text.split(":name: tbl-course-syllabus", 1)[1].split(":::", 1)[0]
    weeks = [line.split("|")[1].strip() for line in syllabus.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert weeks == [str(k) for k in range(1, 11)]
    marking = text.split(":name: tbl-course-marking", 1)[1].split(":::", 1)[0]
    rows = {re.search(r"\{ref\}`([^`]+)`", line).group(1): int(line.split("|")[2])
            for line in marking.splitlines() if "{ref}" in line}
    labels = {label for items in chapter_exercises().values() for label, _ in items}
    assert set(rows) == labels  # every exercise has points, and nothing else
    level_points = {"Basic": 5, "Intermediate": 10, "Advanced": 15}
    for items in chapter_exercises().values():
        for label, body in items:
            level = re.search(r"\*\*(Basic|Intermediate|Advanced)", body).group(1)
            assert rows[label] == level_points[level], (label, level, rows[label])
