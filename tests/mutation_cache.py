"""A warm data cache for mutmut's runs, offered to a mutant only where the mutant cannot have changed it (issue 21).

mutmut tests each mutant in a fresh pytest session. The modules marked ``shared_cache`` share one cache folder per
session (``session_cache`` in conftest.py), so every mutant they test first rebuilds the parsed WIOD tables, the TBI
panels and the macro sources: 15 to 30 s per mutant of a chapter module, most of the cost of a run.

Before the mutants are tested, ``scripts/mutmut_run.py`` runs the ``shared_cache`` tests once, unmutated, into a warm
folder, with mutmut's call recording on. For every cache file it records which of lib's functions had run in that
session by the time the file was written (:class:`Recorder`). A mutant's session then starts with the files written
before the mutated function first ran (:func:`seed`): up to that point the warm session ran the unmutated code the
mutant's session would run, so such a file holds what the mutant's own build would have written (given, as the
cache itself assumes, that a file's key holds every input and option its content depends on). The files a mutant
could have changed are left out, and its session rebuilds them under the mutant, as before.

Outside a mutmut run (``MUTANT_UNDER_TEST`` unset, or no manifest in ``TBI_MUTATION_WARM_CACHE``) nothing changes.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

WARM_ENV = "TBI_MUTATION_WARM_CACHE"  # path of the manifest: {"folder": ..., "built_by": {file: [functions]}}
BUILD_ENV = "TBI_MUTATION_WARM_BUILD"  # set while the warm folder is built: the folder session_cache must return
NOT_A_MUTANT = {"", "stats", "fail", "list_all_tests"}  # mutmut's other values of MUTANT_UNDER_TEST


def function_of(mutant: str) -> str:
    """mutmut's name of the function a mutant mutates: ``lib.data.cache.x_encode__mutmut_7`` ->
    ``lib.data.cache.x_encode`` (the name its call recording uses)."""
    name, separator, number = mutant.rpartition("__mutmut_")
    if not separator or not number.isdigit():
        raise ValueError(f"{mutant!r} is not a mutmut mutant name (<module>.<function>__mutmut_<n>).")
    return name


def eligible(built_by: dict[str, Iterable[str]], mutant: str) -> list[str]:
    """The files of the manifest whose build did not run the function ``mutant`` mutates (sorted)."""
    function = function_of(mutant)
    return sorted(name for name, functions in built_by.items() if function not in functions)


def seed(folder: Path, environ=os.environ) -> list[str]:
    """Put into the new session cache ``folder`` the warm files the active mutant cannot have changed; return their
    names. Nothing outside a mutant's session, or without a manifest.

    Files are hard-linked (copied if the folder is on another device): the cache replaces a file atomically and never
    writes into one, and the only functions that write cache files ran in every build, so no mutant that is offered
    a file can write into it.
    """
    mutant = environ.get("MUTANT_UNDER_TEST", "")
    manifest = environ.get(WARM_ENV)
    if mutant in NOT_A_MUTANT or not manifest:
        return []
    data = json.loads(Path(manifest).read_text())
    source = Path(data["folder"])
    names = eligible(data["built_by"], mutant)
    for name in names:
        try:
            os.link(source / name, folder / name)
        except OSError:
            shutil.copyfile(source / name, folder / name)
    return names


class Recorder:
    """Gives each new file of the cache ``folder`` the calls of lib's functions recorded in the whole session up to the
    end of the cache call that wrote it (``calls``: mutmut's set of recorded calls, ``state()._stats``, which grows
    from the session's start), not only the calls of its own build: a build also uses what was computed before it
    (a Release resolved by its caller, a table a fixture loaded), and whatever ran before the file was written
    may have shaped it. A file written by a nested cache call (a TBI panel's build loads the parsed tables,
    themselves cached) keeps the calls up to its own end."""

    def __init__(self, folder: Path, calls: set[str]):
        self.folder = Path(folder)
        self.calls = calls
        self.built_by: dict[str, set[str]] = {}
        self._nested: list[set[str]] = []

    def wrap(self, function: Callable, own_name: str) -> Callable:
        """``function`` (a cache function's unmutated body), recording the files it writes and the calls before them."""

        @functools.wraps(function)
        def recorded(*args, **kwargs):
            self.calls.add(own_name)  # as the trampoline does before calling this body
            before = self._listing()
            nested: set[str] = set()
            self._nested.append(nested)
            try:
                return function(*args, **kwargs)
            finally:
                self._nested.pop()
                written = self._listing() - before
                for name in written - nested:
                    self.built_by.setdefault(name, set()).update(self.calls)
                if self._nested:
                    self._nested[-1].update(written)

        return recorded

    def _listing(self) -> set[str]:
        return set(os.listdir(self.folder)) if self.folder.is_dir() else set()

    def manifest(self) -> dict:
        """The manifest :func:`seed` reads: only files still in the folder (temporary files are gone)."""
        present = set(os.listdir(self.folder))
        return {
            "folder": str(self.folder),
            "built_by": {name: sorted(calls) for name, calls in sorted(self.built_by.items()) if name in present},
        }


def forget_memos(folder: Path, modules=None) -> int:
    """Empty the ``functools.cache`` memos of the test modules under ``folder`` (the shared panels of the chapters'
    tests); return how many held something. mutmut forks every mutant's session from a process that has run the
    tests unmutated, so without this a session would reuse results computed without its mutant."""
    folder = Path(folder).resolve()
    emptied = 0
    for module in list((sys.modules if modules is None else modules).values()):
        path = getattr(module, "__file__", None)
        if not path or folder not in Path(path).resolve().parents:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and callable(getattr(value, "cache_info", None)):
                emptied += value.cache_info().currsize > 0
                value.cache_clear()
    return emptied
