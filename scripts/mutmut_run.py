"""``mutmut run`` with a warm data cache for the mutants' sessions (issue 21); called by scripts/mutation.py.

mutmut forks a fresh pytest session per mutant. Before the first one, this builds once, unmutated, the cache folder
the ``shared_cache`` tests share, recording which of lib's functions had run by the time each cache file was written;
each mutant's session then starts with the files written before its mutated function first ran
(tests/mutation_cache.py says why that is safe). The warm folder is built in a forked child, so the process the
mutants are forked from keeps no state from those tests.

Usage: ``.venv/bin/python scripts/mutmut_run.py [mutmut run's arguments]`` (``--no-warm-cache``: mutmut as is).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_ENV = "TBI_MUTATION_WARM_CACHE"  # tests/mutation_cache.py reads it (a test checks the two agree)
CACHE_FUNCTIONS = ("cached_frames", "cached_arrays")  # lib.data.cache's functions that write cache files


def warm_folder(root: Path = ROOT) -> Path:
    """Where the warm cache of this checkout is built: in the temporary folder, beside the sessions' own folders, so
    a session's cache can hard-link its files."""
    tag = hashlib.sha256(str(root).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"tbi-mutation-warm-{tag}"


def say(text: str) -> None:
    """One line on the terminal (mutmut redirects sys.stdout around the warm-up)."""
    print(f"warm cache: {text}", file=sys.__stderr__, flush=True)


def build_warm_cache(runner, folder: Path) -> int:
    """In the current (child) process: run the ``shared_cache`` tests on mutmut's copy with the cache in ``folder``
    and write ``folder``/manifest.json. Returns pytest's exit code, or 2 if lib.data.cache has no trampolines."""
    from mutmut.mutation.trampoline import set_mutant_under_test
    from mutmut.state import state

    os.chdir("mutants")
    sys.path.insert(0, str(Path("tests").resolve()))
    mutation_cache = importlib.import_module("mutation_cache")
    cache = importlib.import_module("lib.data.cache")
    calls: set[str] = set()  # every call of lib's functions in this session (mutmut records them in stats mode)
    state()._stats = calls
    recorder = mutation_cache.Recorder(folder / "files", calls)
    for name in CACHE_FUNCTIONS:
        mutants = getattr(cache, f"mutants_x_{name}__mutmut", None)
        if mutants is None:
            say(f"lib.data.cache.{name} is not wrapped by mutmut; no warm cache.")
            return 2
        mutants["_mutmut_orig"] = recorder.wrap(mutants["_mutmut_orig"], f"lib.data.cache.x_{name}")
    recorder.folder.mkdir(parents=True)
    os.environ[mutation_cache.BUILD_ENV] = str(recorder.folder)
    set_mutant_under_test("stats")  # the trampolines record every call of lib's functions
    code = runner.execute_pytest(["-q", "-x", "-m", "shared_cache", *runner._pytest_add_cli_args_test_selection])
    if code == 0:
        (folder / "manifest.json").write_text(json.dumps(recorder.manifest(), indent=1))
    return code


def code_fingerprint(mutants: Path) -> str:
    """sha256 of the Python files of mutmut's copy of lib/ and tests/ (names and contents): a warm folder built from
    the same code is reused by the next run (its files' names hold their inputs' checksums and options)."""
    digest = hashlib.sha256()
    for part in ("lib", "tests"):
        for file in sorted((mutants / part).rglob("*.py")):
            digest.update(str(file.relative_to(mutants)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def build_in_child(folder: Path, mutants: Path = Path("mutants")) -> None:
    """Build the warm folder in a forked child (so this process keeps no state of those tests), unless the one there
    was built from the same code, and put the manifest's path into the environment every mutant's session inherits."""
    from mutmut.runners.harness import PytestRunner

    manifest = folder / "manifest.json"
    fingerprint = code_fingerprint(mutants)
    if manifest.is_file() and (folder / "code.sha256").is_file() and (folder / "code.sha256").read_text() == fingerprint:
        os.environ[WARM_ENV] = str(manifest)
        say(f"reusing {folder} (built from the same code).")
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.monotonic()
    say(f"running the shared_cache tests once, unmutated, into {folder} ...")
    pid = os.fork()
    if pid == 0:
        try:
            code = build_warm_cache(PytestRunner(), folder)
        except BaseException as exc:  # noqa: BLE001  (a child must exit, whatever happened)
            say(f"failed ({type(exc).__name__}: {exc}).")
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0 and manifest.is_file():
        built = json.loads(manifest.read_text())["built_by"]
        (folder / "code.sha256").write_text(fingerprint)
        os.environ[WARM_ENV] = str(manifest)
        say(f"{len(built)} files in {time.monotonic() - start:.0f} s; each mutant's session starts from those it "
            "cannot have changed.")
    else:
        say(f"not used (the shared_cache tests ended with code {code}); every session builds its own cache.")


def patched_startup(original, folder: Path):
    """A mutant runner's ``startup`` (called once, after mutmut's clean run and before the first mutant), building
    the warm folder first."""

    def startup(runner) -> None:
        build_in_child(folder)
        original(runner)

    return startup


def main(argv: list[str]) -> None:
    from mutmut.__main__ import cli
    from mutmut.workers import isolation

    warm = "--no-warm-cache" not in argv
    argv = [a for a in argv if a != "--no-warm-cache"]
    if warm:
        for runner in (isolation.ForkRunner, isolation.ForkServerRunner):
            runner.startup = patched_startup(runner.startup, warm_folder())
    sys.argv = ["mutmut", "run", *argv]
    cli()


if __name__ == "__main__":
    main(sys.argv[1:])
