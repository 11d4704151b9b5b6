"""Shared fixtures: every test gets its own empty cache folder, unless its module only reads the
shipped data and opts into one cache shared by the whole session (``pytestmark =
pytest.mark.shared_cache``): those tests compute the same TBI panels and parse the same macro
files, so sharing saves minutes without letting a test see another test's damaged files."""

import os
from pathlib import Path

import matplotlib
import pytest

import chapter_snapshots
import mutation_cache
from lib.data import checksums
from lib.report import plotting
from mutation_order import cheap_first


def pytest_sessionstart(session):
    """Every session starts from nothing computed: the tests' memos and lib's memo of file digests are emptied. A
    no-op in a plain run; in a mutmut run each mutant's session is forked from a process that ran the tests unmutated
    (tests/mutation_cache.py)."""
    mutation_cache.forget_memos(Path(__file__).parent)
    checksums._HASH_MEMO.clear()


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory):
    """One cache folder for the modules marked ``shared_cache`` (built from unmodified inputs only). In a mutmut run it
    starts with the warm files the mutant cannot have changed (tests/mutation_cache.py)."""
    building = os.environ.get(mutation_cache.BUILD_ENV)
    if building:
        return Path(building)
    folder = tmp_path_factory.mktemp("shared-cache")
    mutation_cache.seed(folder)
    return folder


@pytest.fixture(autouse=True)
def _isolated_cache(request, tmp_path, monkeypatch):
    """Point TBI_CACHE_DIR at a fresh folder so tests never read or pollute the book's cache, and the per-user
    settings folder (XDG_CONFIG_HOME, where WIOD 2016 checksums are recorded) at another: a record in the real
    ~/.config/tbi-book, left by real WIOD 2016 files or by a mutant in a mutation run, must not reach a test."""
    shared = request.node.get_closest_marker("shared_cache") is not None
    folder = request.getfixturevalue("session_cache") if shared else tmp_path / "cache"
    monkeypatch.setenv("TBI_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    for name in ("TBI_WIOD2016_DIR", "TBI_WIOD2016_SUMS", "TBI_VINTAGE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _chapter_contracts(request, monkeypatch):
    """In the tests of a chapter's words (a module with ``words``, the chapter module): every phrase said is read by
    the chapter's notebooks, and every passage, table and figure matches its snapshot (tests/chapter_snapshots.py)."""
    module = request.module
    if not module.__name__.startswith("test_prose_") or not hasattr(module, "words"):
        yield
        return
    watch = chapter_snapshots.watch(monkeypatch, module, request.node.name, request.function.__name__)
    with matplotlib.rc_context():  # the book's figure style, whatever an earlier test left (restored after)
        matplotlib.rcdefaults()
        plotting.set_style()
        yield
    watch.save()


@pytest.fixture
def snapshot(request):
    """``snapshot(name, value)``: compare a table, frame, figure or passage a test builds with its stored snapshot
    (tests/snapshots/<module>/<test>.json; ``make snapshots`` regenerates them)."""
    stored = chapter_snapshots.Snapshot(chapter_snapshots.snapshot_file(request.module.__name__, request.node.name))
    yield stored
    stored.save()


def pytest_collection_modifyitems(items):
    """In a mutmut run (it sets MUTANT_UNDER_TEST), cheap tests first; see tests/mutation_order.py."""
    cheap_first(items, active=bool(os.environ.get("MUTANT_UNDER_TEST")))
