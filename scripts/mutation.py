"""Mutation testing with mutmut: plant mechanical bugs in lib/ and report, per module, how many the tests catch.

Run with ``make mutation`` (all of lib/, hours) or ``make mutation MODULE=lib/report/claims.py`` (one module,
minutes). Not part of CI. mutmut (configured in ``setup.cfg``) copies the code to ``mutants/``, applies every
mutation operator to every function of lib/ (numbers, comparisons, arithmetic and boolean operators, strings,
arguments, return values...), and for each mutant runs only the tests that reach the mutated function (it records
which tests call which function in a first run of the whole suite). Results accumulate in ``mutants/``: a second
run re-tests only what changed.

mutmut is started through ``scripts/mutmut_run.py``, which gives each mutant's session a warm data cache (the parsed
WIOD tables, TBI panels and macro sources, built once unmutated; a mutant gets only the files written before its
mutated function first ran, see tests/mutation_cache.py). A chapter module's mutant then costs about a second
instead of 15 to 70 (the first run spends about 90 s building the warm cache; later runs reuse it while lib/ and
tests/ are unchanged). ``--no-warm-cache`` runs mutmut as is.

Score of a module = killed / (mutants - equivalent), where a mutant counts as killed when a test fails or times
out. Mutants that no test reaches ("no tests") count as survivors. Equivalent mutants (ones that cannot change any
result, e.g. a message reworded in an error that is re-raised) are listed with a one-line reason in
``tests/mutation_equivalent.txt``, which this script reads; targets (issue 21): 90 % in the data, mrio and
econometrics layers, 80 % in report.

mutmut numbers the mutants of a function in order, so an edit of the function renumbers them and a triage line
would then excuse a different mutant. Each line therefore carries the fingerprint of the change it excuses
(``name  [1a2b3c4d]  reason``; ``--fingerprint NAME`` prints it); a line whose fingerprint no longer matches the
mutant of that name is not applied and is listed under the report as stale.

Usage::

    .venv/bin/python scripts/mutation.py                          # run mutmut on lib/, then the report
    .venv/bin/python scripts/mutation.py --module lib/report/claims.py
    .venv/bin/python scripts/mutation.py --module lib/data/cache.py --module lib/data/iotable.py --resume
    .venv/bin/python scripts/mutation.py --report-only            # scores of what mutants/ holds
    .venv/bin/python scripts/mutation.py --survivors lib/report/claims.py   # names of the survivors, to triage
    .venv/bin/python scripts/mutation.py --module lib/report/claims.py --sample 50   # 50 random unchecked mutants

A module whose mutants were not all checked gets a 95 % (Wilson) interval beside its score. The interval is an
estimate of the whole module's score only when the checked mutants are a random sample of it (``--sample``); a
stopped full run checks the cheapest mutants first, so its partial score is not such an estimate.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.txt"
TARGETS = {"data": 90.0, "mrio": 90.0, "econometrics": 90.0, "report": 80.0}
KILLED = {1, 3, 36, 24, -24, 152, 255}  # a failing test, pytest's internal error, or a timeout (mutmut's codes)
NOT_REACHED = {5, 33}
TIMEOUT = {36, 24, -24, 152, 255}  # killed by mutmut's time limit (counted as killed, shown apart)


def module_name(path: str | Path) -> str:
    """``lib/report/claims.py`` -> ``lib.report.claims`` (mutmut's prefix of the module's mutant names)."""
    return ".".join(Path(path).with_suffix("").parts)


FINGERPRINT = re.compile(r"^\[([0-9a-f]{8})\]\s*(.*)$")


def triage() -> dict[str, tuple[str | None, str]]:
    """Mutant name -> (fingerprint or None, reason), from the triage file (``name  [fingerprint]  reason``; ``#``
    comments and blank lines ignored)."""
    if not EQUIVALENT.is_file():
        return {}
    out = {}
    for number, line in enumerate(EQUIVALENT.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        name, _, reason = line.partition(" ")
        reason = reason.strip()
        match = FINGERPRINT.match(reason)
        fingerprint, reason = (match.group(1), match.group(2).strip()) if match else (None, reason)
        if not reason:
            sys.exit(f"{EQUIVALENT}:{number}: '{name}' has no reason; write 'name  [fingerprint]  why it cannot "
                     "change a result'.")  # fmt: skip
        out[name] = (fingerprint, reason)
    return out


_BODIES: dict[str, dict[str, list[str]]] = {}


def _bodies(module: str) -> dict[str, list[str]]:
    """Source lines of every ``..__mutmut_*`` function of a module's mutated copy in mutants/ (empty if absent)."""
    if module not in _BODIES:
        path = MUTANTS / (module.replace(".", "/") + ".py")
        found = {}
        if path.is_file():
            text = path.read_text()
            lines = text.splitlines()
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "__mutmut_" in node.name:
                    found[node.name] = lines[node.lineno - 1 : node.end_lineno]
        _BODIES[module] = found
    return _BODIES[module]


def change(name: str) -> list[str] | None:
    """The lines a mutant changes (``-`` original, ``+`` mutated), or None if mutants/ does not hold it."""
    module, _, function = name.rpartition(".")
    bodies = _bodies(module)
    original = function.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
    if function not in bodies or original not in bodies:
        return None
    mutated = [line.replace(function, original) for line in bodies[function]]
    diff = difflib.unified_diff(bodies[original], mutated, lineterm="", n=0)
    return [line for line in diff if not line.startswith(("---", "+++", "@@"))]


def fingerprint(name: str) -> str | None:
    """8 hex digits identifying what a mutant changes (whitespace aside), or None if mutants/ does not hold it."""
    lines = change(name)
    if lines is None:
        return None
    return hashlib.sha1("\n".join(line[0] + line[1:].strip() for line in lines).encode()).hexdigest()[:8]


def stale() -> list[str]:
    """Triage lines that would excuse another mutant than the one triaged: no fingerprint, or not the current one."""
    return sorted(n for n, (fp, _) in triage().items() if fp is None or fingerprint(n) not in (None, fp))


def _one_line(lines: list[str]) -> tuple[str, str] | None:
    """(old, new) when the mutant changes exactly one line, else None."""
    old, new = [line[1:] for line in lines if line[0] == "-"], [line[1:] for line in lines if line[0] == "+"]
    return (old[0], new[0]) if len(old) == 1 and len(new) == 1 else None


def _format_case(lines: list[str]) -> bool:
    """The mutant only upper-cases the ``f`` that ends a format spec given to ``book.num`` or ``book.signed`` (or their
    aliases ``num``/``signed``, imported from lib.report.book), or one that is the value of a dict entry (``"column":
    ".1f"``: every such dict in lib is a ``formats`` argument of ``book.table``, which refuses inf too)."""
    pair = _one_line(lines)
    if pair is None or len(pair[0]) != len(pair[1]):
        return False
    a, b = pair
    at = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(at) != 1 or (a[at[0]], b[at[0]]) != ("f", "F") or a[at[0] + 1 : at[0] + 2] not in ('"', "'"):
        return False
    quote = a[at[0] + 1]
    start = a.rfind(quote, 0, at[0])
    if start < 0 or not re.fullmatch(r"\+?,?(\.\d+)?f", a[start + 1 : at[0] + 1]):
        return False
    if re.search(r"""["'][^"']*["']:\s*$""", a[:start]):  # the value of a dict entry: a table's formats (see below)
        return True
    calls = [c.end() for c in re.finditer(r"(?<![\w.])(?:book\.)?(?:num|signed)\(", a[:start])]  # book.num or its alias num
    return bool(calls) and a.count("(", calls[-1], start) >= a.count(")", calls[-1], start)


def _colour_case(lines: list[str]) -> bool:
    """The mutant only upper-cases a matplotlib colour name given as a colour (``color="tab:red"`` ->
    ``color="TAB:RED"``, also inside ``np.where`` or a ``facecolor``/``edgecolor`` entry): matplotlib reads colour
    names case-insensitively, so the figure is the same."""
    from matplotlib import colors

    pair = _one_line(lines)
    if pair is None or pair[0] == pair[1] or pair[0].lower() != pair[1].lower() or len(pair[0]) != len(pair[1]):
        return False
    a, b = pair
    at = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    for quote in ('"', "'"):
        start, end = a.rfind(quote, 0, at[0]), a.find(quote, at[-1])
        if start < 0 or end < 0 or quote in a[start + 1 : end]:
            continue
        literal = a[start + 1 : end]
        # the keyword argument or dict entry the literal belongs to (string literals before it skipped, unless keys)
        tokens = re.finditer(r"(\"[^\"]*\"|'[^']*')(\s*:)?|(\w+)\s*=(?!=)", a[:start])
        keys = [t.group(1)[1:-1] if t.group(1) else t.group(3) for t in tokens if t.group(2) or t.group(3)]
        return (b[start + 1 : end] == literal.upper() and colors.is_color_like(literal)
                and bool(keys) and re.search(r"colou?r", keys[-1], re.IGNORECASE) is not None)  # fmt: skip
    return False


def _default_spec(lines: list[str]) -> bool:
    """``book.num(x, ".2f")`` -> ``book.num(x, )`` (or ``num``, ``signed``): ".2f" is their default spec."""
    pair = _one_line(lines)
    if pair is None:
        return False
    a, b = pair
    for call in re.finditer(r"(?<![\w.])(?:book\.)?(?:num|signed)\(([^()]*?),\s*([\"']\.2f[\"'])\)", a):
        if a[: call.start(2)] + a[call.end(2) :] == b:  # only this call's spec removed
            return True
    return False


def _close_current(lines: list[str]) -> bool:
    """``plt.close(fig)`` -> ``plt.close(None)``: None closes the current figure, which is the ``fig`` the function
    has just drawn (every figure function of lib.report creates its figure and closes it last)."""
    pair = _one_line(lines)
    return pair is not None and [x.strip() for x in pair] in (
        ["plt.close(fig)", "plt.close(None)"],
        ["plt.close(fig)  # shown once, by the cell that returns it", "plt.close(None)  # shown once, by the cell that returns it"],
    )


#: Equivalence classes recognised from the change itself: (reason, test on the changed lines).
RULES = [
    ("format spec '.nf' upper-cased to '.nF' in book.num/book.signed or a table's formats: the two differ only for inf "
     "and nan, which book.num refuses (lib.report.book._finite) and book.table renders empty (nan) or refuses (inf)",
     _format_case),
    ("matplotlib colour name upper-cased: matplotlib reads colour names case-insensitively", _colour_case),
    ("book.num/book.signed without its '.2f' spec: '.2f' is their default", _default_spec),
    ("plt.close(fig) -> plt.close(None): None closes the current figure, the one the function has just drawn",
     _close_current),
]


def by_rule(results: dict[str, dict[str, int | None]], skip: dict[str, str]) -> dict[str, str]:
    """Surviving mutants (checked, not killed, not in ``skip``) that an equivalence class of :data:`RULES` covers."""
    out = {}
    for codes in results.values():
        for name, code in codes.items():
            if name in skip or code is None or code in KILLED:
                continue
            lines = change(name)
            for reason, rule in RULES:
                if lines and rule(lines):
                    out[name] = reason
    return out


def equivalent() -> dict[str, str]:
    """Mutant name -> reason for the triage lines that still describe the mutant of that name (see :func:`stale`)."""
    bad = set(stale())
    return {name: reason for name, (_, reason) in triage().items() if name not in bad}


def excused(results: dict[str, dict[str, int | None]]) -> dict[str, str]:
    """Mutant name -> reason for every mutant left out of the score: triage lines that still apply, and survivors
    that a rule of :data:`RULES` covers."""
    skip = equivalent()
    skip.update(by_rule(results, skip))
    return skip


def outcomes() -> dict[str, dict[str, int | None]]:
    """Module -> {mutant name: exit code}, from the ``.meta`` files mutmut writes under ``mutants/lib``."""
    found = {}
    for meta in sorted((MUTANTS / "lib").rglob("*.py.meta")):
        source = meta.relative_to(MUTANTS).with_suffix("")  # lib/x/y.py
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if codes:
            found[module_name(source)] = codes
    return found


def scores(results: dict[str, dict[str, int | None]], skip: dict[str, str]) -> list[dict]:
    rows = []
    for module, codes in results.items():
        scored = {k: v for k, v in codes.items() if k not in skip}
        killed = sum(v in KILLED for v in scored.values())
        timeouts = sum(v in TIMEOUT for v in scored.values())
        unreached = sum(v in NOT_REACHED for v in scored.values())
        unchecked = sum(v is None for v in scored.values())
        survived = len(scored) - killed - unchecked
        layer = module.split(".")[1]
        checked = len(scored) - unchecked
        rows.append({"module": module, "mutants": len(codes), "equivalent": len(codes) - len(scored),
                     "killed": killed, "of which timeout": timeouts, "survived": survived, "of which no test": unreached, "not checked": unchecked,
                     "score": 100 * killed / checked if checked else float("nan"), "target": TARGETS.get(layer, 80.0)})  # fmt: skip
    return rows


def wilson(killed: int, checked: int, z: float = 1.959964) -> tuple[float, float]:
    """95 % Wilson score interval (in %) of a proportion killed/checked; (nan, nan) if nothing was checked."""
    if checked == 0:
        return float("nan"), float("nan")
    p = killed / checked
    centre = (p + z * z / (2 * checked)) / (1 + z * z / checked)
    half = z * math.sqrt(p * (1 - p) / checked + z * z / (4 * checked * checked)) / (1 + z * z / checked)
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def report(rows: list[dict]) -> str:
    lines = ["| module | mutants | equivalent | killed | of which timeout | survived | of which no test | not checked | score "
             "| 95 % interval (if a random sample) | target |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for r in rows:
        mark = "" if r["score"] >= r["target"] else " (below)"
        checked = r["killed"] + r["survived"]
        low, high = wilson(r["killed"], checked)
        interval = f"{low:.0f}-{high:.0f} %" if r["not checked"] and checked else ""
        lines.append(f"| {r['module']} | {r['mutants']} | {r['equivalent']} | {r['killed']} | {r['of which timeout']} | "
                     f"{r['survived']} | "
                     f"{r['of which no test']} | {r['not checked']} | {r['score']:.1f} %{mark} | {interval} | {r['target']:.0f} % |")
    return "\n".join(lines) + "\n"


def survivors(module: str, results, skip) -> list[str]:
    codes = results.get(module, {})
    return sorted(k for k, v in codes.items() if k not in skip and v is not None and v not in KILLED)


def to_run(modules: list[str], resume: bool, results, skip) -> list[str]:
    """mutmut's arguments: a glob per module, or with ``resume`` the names of the mutants not killed yet."""
    names = []
    for module in modules:
        codes = results.get(module_name(module))
        if not resume or codes is None:  # never run: mutmut generates the module's mutants first
            names.append(f"{module_name(module)}.*")
        else:
            names += [k for k, v in codes.items() if k not in skip and v not in KILLED]
    return names


def sandboxed_env(environ=None) -> dict[str, str]:
    """mutmut's environment with HOME and XDG_CONFIG_HOME in a throwaway folder under mutants/: a mutant that breaks
    the tests' isolation (e.g. misspells XDG_CONFIG_HOME) then writes there, not into the real ~/.config/tbi-book,
    where a stale WIOD 2016 checksum record would fail later test runs on this machine."""
    env = dict(os.environ if environ is None else environ)
    home = MUTANTS / ".home"
    (home / ".config").mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    return env


def sample(modules: list[str], size: int, seed: int, results, skip) -> list[str]:
    """``size`` mutants drawn at random (seeded) from the unchecked, non-equivalent ones of each module."""
    names = []
    for module in modules:
        codes = results.get(module_name(module))
        if codes is None and (MUTANTS / f"{module}.meta").is_file():
            continue  # generated, but nothing in it to mutate (e.g. only classes without methods)
        if codes is None:
            sys.exit(f"--sample: mutmut has not generated the mutants of {module} yet; run `make mutation` on it once "
                     "(it may be stopped after 'Running mutation testing' starts).")  # fmt: skip
        pool = sorted(k for k, v in codes.items() if v is None and k not in skip)
        names += random.Random(f"{seed}:{module}").sample(pool, min(size, len(pool)))
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--module", action="append", default=[],
                        help="a file of lib/, e.g. lib/report/claims.py; repeat for several (default: all of lib/)")
    parser.add_argument("--resume", action="store_true",
                        help="with --module: re-run only the mutants not killed yet (unchecked, survived, no test), "
                             "e.g. after adding tests; by default every mutant of the module runs again")  # fmt: skip
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--survivors", metavar="FILE")
    parser.add_argument("--fingerprint", nargs="+", metavar="NAME",
                        help="print a triage line's start (name and fingerprint) and the change, for each mutant named")
    parser.add_argument("--max-children", type=int, default=None)
    parser.add_argument("--sample", type=int, metavar="N",
                        help="with --module: run N random unchecked mutants of each module, for an estimated score")
    parser.add_argument("--seed", type=int, default=12345, help="seed of --sample (default 12345)")
    parser.add_argument("--no-warm-cache", action="store_true",
                        help="every mutant's session builds its data cache from nothing (scripts/mutmut_run.py)")
    args = parser.parse_args()
    if args.fingerprint:
        for name in args.fingerprint:
            lines = change(name)
            if lines is None:
                sys.exit(f"{name}: not in mutants/; run mutmut on its module first.")
            print(f"{name}  [{fingerprint(name)}]  <reason>\n    " + "\n    ".join(lines))
        return
    found = outcomes()
    skip = excused(found)
    if args.survivors:
        print("\n".join(survivors(module_name(args.survivors), found, skip)))
        return
    for module in args.module:
        if not (ROOT / module).is_file():
            sys.exit(f"--module {module}: no such file; give a path like lib/report/claims.py.")
    if args.resume and not args.module:
        sys.exit("--resume needs --module (the names of every surviving mutant of lib/ do not fit on one command line).")
    if args.sample is not None and (not args.module or args.sample < 1 or args.resume):
        sys.exit("--sample N needs --module, N >= 1, and no --resume.")
    if not args.report_only:
        command = [sys.executable, str(ROOT / "scripts" / "mutmut_run.py")] + (["--no-warm-cache"] if args.no_warm_cache else [])
        names = (sample(args.module, args.sample, args.seed, found, skip) if args.sample
                 else to_run(args.module, args.resume, found, skip))
        if args.module and not names:
            print("Every mutant of these modules is killed or marked equivalent; nothing to re-run.")
        else:
            if args.max_children:
                command += ["--max-children", str(args.max_children)]
            run = subprocess.run(command + names, cwd=ROOT, check=False, env=sandboxed_env())
            if run.returncode:
                sys.exit(f"mutmut stopped with exit code {run.returncode}; see its output above.")
            _BODIES.clear()  # mutmut regenerates the mutants of edited modules: fingerprints are read afresh
            found = outcomes()
            skip = excused(found)
    results = found
    if args.module:
        results = {k: v for k, v in results.items() if k in {module_name(m) for m in args.module}}
    unknown = sorted(n for n in skip if not any(n in codes for codes in found.values()))
    rows = scores(results, skip)
    if rows and all(r["not checked"] == r["mutants"] for r in rows):
        print("mutmut checked no mutant: its first run of the whole test suite must pass (see its output above).")
    text = report(rows)
    if unknown:
        text += f"\nStale lines in {EQUIVALENT.name} (no such mutant now): {', '.join(unknown[:10])}\n"
    changed = stale()
    if changed:
        text += (f"\nLines of {EQUIVALENT.name} not applied ({len(changed)}: no fingerprint, or the mutant of that name "
                 f"changed since its triage; check with --fingerprint): {', '.join(changed[:10])}\n")  # fmt: skip
    out = ROOT / "_build" / "mutation.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Mutation scores (mutmut)\n\n" + text)
    print(text)
    print(f"Report: {out}")


if __name__ == "__main__":
    main()
