"""Count how the book reacts to damaged inputs and settings (project issue 10). Not part of CI.

Runs every case of ``tests/fuzz_cases.py`` against a chosen copy of ``lib/``
and classifies each outcome:

clear
    an error of the book's ``DataError`` family (or a ``ValueError`` raised by
    ``lib`` for a bad argument) whose message names the input (file, column or
    setting) and says what to do; for a damaged cache: the result equals the
    fresh computation and a message says the cache was recomputed;
vague
    a book error that does not name the input or gives no remedy; for the
    cache: the right result but nothing said;
raw
    any other exception (a library's traceback: KeyError, BadZipFile, ...);
silent
    no error although the input was bad, or a result that differs from the
    fresh computation;
misleading
    a book error where the right outcome was a result (e.g. a good file
    refused because a bad one came first, or a damaged cache blamed on WGI).

Usage::

    python benchmarks/fuzz_report.py                      # this checkout's lib/
    git worktree add --detach /tmp/orig-lib c0a3d82       # the code before issue 10
    python benchmarks/fuzz_report.py --lib /tmp/orig-lib  # ... and its counts
    python benchmarks/fuzz_report.py --show               # one line per case, with the message
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
CATEGORIES = ("clear", "vague", "raw", "silent", "misleading")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lib", type=Path, default=HERE, help="folder holding the lib/ package to test")
    parser.add_argument("--show", action="store_true", help="print every case with its outcome and message")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE / "tests"))  # fuzz_cases (it imports lib lazily)
    sys.path.insert(0, str(args.lib.resolve()))
    import pytest
    from fuzz_cases import CASES, classify, run_case

    import lib

    print(f"lib: {Path(lib.__file__).parent}  ({len(CASES)} cases)")
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    with tempfile.TemporaryDirectory() as root, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, case in enumerate(CASES):
            with pytest.MonkeyPatch.context() as mp:
                out = run_case(case, Path(root) / f"case{k}", mp)
                verdict = classify(case, out)
            counts[case.group][verdict] += 1
            counts["all"][verdict] += 1
            if args.show:
                if out.exc is not None:
                    detail = f"{type(out.exc).__name__}: {out.exc}"
                else:
                    detail = f"no error; stderr: {out.stderr.strip()!r}"
                print(f"{verdict:10s} {case.id:42s} {' '.join(detail.split())[:400]}")

    print(f"\n{'group':10s} {'cases':>5s} " + " ".join(f"{c:>10s}" for c in CATEGORIES))
    for group in [*sorted(g for g in counts if g != "all"), "all"]:
        row = counts[group]
        print(f"{group:10s} {sum(row.values()):5d} " + " ".join(f"{row[c]:10d}" for c in CATEGORIES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
