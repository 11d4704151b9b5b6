"""Mutation check: plant realistic bugs in lib/ one at a time and see whether tests/ catches each.

Run with ``make mutation`` (slow: one pytest run per planted bug; not part of CI). Each mutant in
:data:`MUTANTS` replaces one exact snippet of a ``lib/`` module by a plausible mistake (a wrong
sign, an off-by-one, a wrong distribution or scaling, a swapped axis, an option that is silently
ignored...). The script copies the repository to a temporary folder once, applies one mutant, runs
the test files that cover that module (``pytest -x``), restores the file, and reports which
mutants survived. A mutant whose snippet no longer exists in the code is reported as *stale* (the
list must follow the code). Mutants marked ``equivalent`` cannot change any result (the reason is
given) and are left out of the score.

Usage::

    .venv/bin/python scripts/mutation.py             # all mutants, report in _build/mutation.md
    .venv/bin/python scripts/mutation.py --list      # list them
    .venv/bin/python scripts/mutation.py --only mrio-va-coefficients tbi-sign
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str  # relative to the repository, e.g. "lib/mrio.py"
    find: str  # exact snippet, must occur exactly once
    replace: str
    why: str  # the realistic mistake it stands for
    tests: tuple[str, ...] = ()  # test files to run (default: by module, see TESTS)
    equivalent: str = ""  # reason, if the mutant cannot change any result


# Test files that cover each module (the whole tests/ folder is the fallback).
TESTS = {
    "lib/mrio.py": ("tests/test_mrio.py", "tests/test_wiod2013.py", "tests/test_gvc.py"),
    "lib/tbi.py": ("tests/test_mrio.py", "tests/test_wiod2013.py", "tests/test_wiod2016.py"),
    "lib/iotable.py": ("tests/test_loader_errors.py", "tests/test_wiod2013.py", "tests/test_mrio.py"),
    "lib/gvc.py": ("tests/test_gvc.py",),
    "lib/estimation.py": ("tests/test_estimation.py", "tests/test_inference.py"),
    "lib/robustness.py": ("tests/test_robustness.py", "tests/test_estimator_iv.py"),
    "lib/panel.py": ("tests/test_panel.py",),
}

MUTANTS: list[Mutant] = []


def run(mutants: list[Mutant], timeout: int = 900) -> list[tuple[Mutant, str, float]]:
    """Apply each mutant in a scratch copy of the repository and run its tests; return outcomes."""
    results = []
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        work = Path(tmp) / "repo"
        shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".venv", "_build", ".cache", ".git", "__pycache__"))
        env = dict(os.environ, TBI_CACHE_DIR=str(Path(tmp) / "cache"), PYTHONDONTWRITEBYTECODE="1")
        for m in mutants:
            path = work / m.file
            original = path.read_text()
            hits = original.count(m.find)
            if hits != 1:
                results.append((m, f"stale ({hits} matches)", 0.0))
                continue
            path.write_text(original.replace(m.find, m.replace))
            tests = [t for t in (m.tests or TESTS.get(m.file, ("tests",))) if (work / t).exists()]
            start = time.perf_counter()
            try:
                proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                                       "--ignore=tests/test_rendered_book.py", *tests], cwd=work, env=env,
                                      capture_output=True, text=True, timeout=timeout)  # fmt: skip
                outcome = "caught" if proc.returncode != 0 else "SURVIVED"
            except subprocess.TimeoutExpired:
                outcome = "caught (timeout)"
            finally:
                path.write_text(original)
            elapsed = time.perf_counter() - start
            results.append((m, outcome, elapsed))
            print(f"{m.id:40s} {outcome:18s} {elapsed:6.1f} s", flush=True)
    return results


def report(results) -> str:
    """Markdown report: score over non-equivalent mutants, then one line per mutant."""
    scored = [(m, o) for m, o, _ in results if not m.equivalent and not o.startswith("stale")]
    caught = sum(o.startswith("caught") for _, o in scored)
    lines = [f"# Mutation check: {caught} of {len(scored)} non-equivalent planted bugs caught "
             f"({100 * caught / max(len(scored), 1):.0f} %)", "",
             "| mutant | file | outcome | the planted bug |", "|---|---|---|---|"]  # fmt: skip
    for m, outcome, _ in results:
        shown = f"equivalent: {m.equivalent}" if m.equivalent else outcome
        lines.append(f"| {m.id} | {m.file} | {shown} | {m.why} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.only or m.id in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.id:40s} {m.file:22s} {m.why}")
        return
    results = run([m for m in chosen if not m.equivalent]) + [(m, "equivalent", 0.0) for m in chosen if m.equivalent]
    text = report(results)
    out = ROOT / "_build" / "mutation.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text.splitlines()[0])
    print(f"Report: {out}")
    if any(o == "SURVIVED" or o.startswith("stale") for m, o, _ in results if not m.equivalent):
        sys.exit(1)


if __name__ == "__main__":
    main()
