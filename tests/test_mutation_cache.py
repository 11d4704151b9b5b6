"""The warm cache of mutmut's runs (tests/mutation_cache.py, scripts/mutmut_run.py): a mutant's session gets exactly
the warm files whose build did not run the function it mutates, nested builds keep their own calls, and nothing
changes outside a mutant's session."""

import importlib.util
import json
from pathlib import Path

import pytest

import mutation_cache

ROOT = Path(__file__).resolve().parent.parent


def load_launcher():
    spec = importlib.util.spec_from_file_location("mutmut_run", ROOT / "scripts" / "mutmut_run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_function_of_strips_the_mutant_number_only():
    assert mutation_cache.function_of("lib.data.cache.x_encode__mutmut_7") == "lib.data.cache.x_encode"
    assert mutation_cache.function_of("lib.report.book.xǁPassageǁsay__mutmut_12") == "lib.report.book.xǁPassageǁsay"
    assert mutation_cache.function_of("lib.a.x_f__mutmut_g__mutmut_3") == "lib.a.x_f__mutmut_g"
    for bad in ("lib.data.cache.x_encode", "lib.data.cache.x_encode__mutmut_", "lib.a.x_f__mutmut_2b"):
        with pytest.raises(ValueError, match="not a mutmut mutant name"):
            mutation_cache.function_of(bad)


def test_eligible_leaves_out_every_file_the_function_helped_build():
    built_by = {"panel.csv": ["lib.mrio.tbi.x_panel", "lib.data.cache.x_cached_frames"],
                "parsed.npz": ["lib.data.wiod.x_parse"], "kof.csv": []}  # fmt: skip
    assert mutation_cache.eligible(built_by, "lib.mrio.tbi.x_panel__mutmut_3") == ["kof.csv", "parsed.npz"]
    assert mutation_cache.eligible(built_by, "lib.data.cache.x_cached_frames__mutmut_1") == ["kof.csv", "parsed.npz"]
    assert mutation_cache.eligible(built_by, "lib.report.claims.x_stars__mutmut_1") == ["kof.csv", "panel.csv",
                                                                                        "parsed.npz"]
    # a function whose name extends a recorded one is another function
    assert mutation_cache.eligible(built_by, "lib.mrio.tbi.x_panel_facts__mutmut_1") == ["kof.csv", "panel.csv",
                                                                                         "parsed.npz"]


def write_manifest(tmp_path, built_by):
    warm = tmp_path / "warm"
    warm.mkdir()
    for name in built_by:
        (warm / name).write_text(f"content of {name}")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"folder": str(warm), "built_by": built_by}))
    return manifest


def test_seed_links_only_the_files_the_mutant_cannot_have_changed(tmp_path):
    manifest = write_manifest(tmp_path, {"a.csv": ["lib.m.x_f"], "b.csv": ["lib.m.x_g"]})
    session = tmp_path / "session"
    session.mkdir()
    env = {"MUTANT_UNDER_TEST": "lib.m.x_f__mutmut_2", mutation_cache.WARM_ENV: str(manifest)}
    assert mutation_cache.seed(session, env) == ["b.csv"]
    assert sorted(p.name for p in session.iterdir()) == ["b.csv"]
    assert (session / "b.csv").read_text() == "content of b.csv"


@pytest.mark.parametrize("mutant", ["", "stats", "fail", "list_all_tests"])
def test_seed_does_nothing_outside_a_mutants_session(tmp_path, mutant):
    manifest = write_manifest(tmp_path, {"a.csv": ["lib.m.x_f"]})
    session = tmp_path / "session"
    session.mkdir()
    assert mutation_cache.seed(session, {"MUTANT_UNDER_TEST": mutant, mutation_cache.WARM_ENV: str(manifest)}) == []
    assert mutation_cache.seed(session, {mutation_cache.WARM_ENV: str(manifest)}) == []
    assert mutation_cache.seed(session, {"MUTANT_UNDER_TEST": "lib.m.x_g__mutmut_1"}) == []  # no manifest
    assert list(session.iterdir()) == []


def test_recorder_gives_each_file_every_call_before_it_was_written(tmp_path):
    calls = set()
    folder = tmp_path / "cache"
    folder.mkdir()
    recorder = mutation_cache.Recorder(folder, calls)

    def parse():
        calls.add("lib.data.wiod.x_parse")
        (folder / "parsed.npz").write_text("tables")
        return "tables"

    cached_arrays = recorder.wrap(parse, "lib.data.cache.x_cached_arrays")

    def panel():
        calls.add("lib.mrio.tbi.x_panel")
        tables = cached_arrays()
        calls.add("lib.mrio.tbi.x_tbi")
        (folder / "panel.csv").write_text(tables)
        (folder / "panel.csv.tmp").write_text("")  # removed before the manifest: not offered
        return "panel"

    cached_frames = recorder.wrap(panel, "lib.data.cache.x_cached_frames")
    calls.add("lib.data.releases.x_release")  # before the build, by its caller or a fixture: the file may depend on it
    assert cached_frames() == "panel" and panel.__name__ == cached_frames.__name__
    calls.add("lib.report.chapters.tbi.x_facts")  # after both files were written: neither depends on it
    (folder / "panel.csv.tmp").unlink()
    before = ["lib.data.releases.x_release", "lib.mrio.tbi.x_panel"]
    assert recorder.manifest() == {
        "folder": str(folder),
        "built_by": {
            "panel.csv": sorted([*before, "lib.data.cache.x_cached_frames", "lib.mrio.tbi.x_tbi",
                                 "lib.data.cache.x_cached_arrays", "lib.data.wiod.x_parse"]),  # fmt: skip
            "parsed.npz": sorted([*before, "lib.data.cache.x_cached_frames", "lib.data.cache.x_cached_arrays",
                                  "lib.data.wiod.x_parse"]),
        },
    }
    assert mutation_cache.eligible(recorder.manifest()["built_by"], "lib.mrio.tbi.x_tbi__mutmut_1") == ["parsed.npz"]
    assert mutation_cache.eligible(recorder.manifest()["built_by"], "lib.report.chapters.tbi.x_facts__mutmut_1") == [
        "panel.csv", "parsed.npz"]


def test_recorder_closes_a_build_that_raises(tmp_path):
    calls = set()
    recorder = mutation_cache.Recorder(tmp_path, calls)

    def broken():
        calls.add("lib.m.x_f")
        (tmp_path / "half.csv").write_text("")
        raise RuntimeError("build failed")

    with pytest.raises(RuntimeError, match="build failed"):
        recorder.wrap(broken, "lib.data.cache.x_cached_frames")()
    assert recorder._nested == []
    assert recorder.built_by == {"half.csv": {"lib.data.cache.x_cached_frames", "lib.m.x_f"}}


def test_the_launcher_and_the_sessions_read_the_same_setting_and_folder():
    launcher = load_launcher()
    assert launcher.WARM_ENV == mutation_cache.WARM_ENV
    folder = launcher.warm_folder(Path("/some/checkout"))
    assert folder.name.startswith("tbi-mutation-warm-") and folder != launcher.warm_folder(Path("/other/checkout"))



def test_forget_memos_empties_the_test_modules_memos_only(tmp_path):
    import functools
    import types

    calls = []

    @functools.cache
    def panel(year):
        calls.append(year)
        return year

    inside, outside = types.ModuleType("test_inside"), types.ModuleType("elsewhere")
    inside.__file__, outside.__file__ = str(tmp_path / "tests" / "test_inside.py"), str(tmp_path / "lib" / "x.py")
    inside.panel = panel
    outside.other = functools.cache(lambda: calls.append("other"))
    panel(2000), outside.other()
    assert mutation_cache.forget_memos(tmp_path / "tests", {"a": inside, "b": outside}) == 1
    panel(2000), outside.other()
    assert calls == [2000, "other", 2000]  # the memo under tests/ was emptied, the other kept
    assert mutation_cache.forget_memos(tmp_path / "tests", {"a": inside}) == 1
    assert mutation_cache.forget_memos(tmp_path / "tests", {"a": inside}) == 0


def test_a_warm_folder_is_reused_only_for_the_same_code(tmp_path):
    launcher = load_launcher()
    for part in ("lib", "tests"):
        (tmp_path / part).mkdir()
        (tmp_path / part / "a.py").write_text("x = 1\n")
    first = launcher.code_fingerprint(tmp_path)
    assert launcher.code_fingerprint(tmp_path) == first
    (tmp_path / "tests" / "a.py").write_text("x = 2\n")
    assert launcher.code_fingerprint(tmp_path) != first
    (tmp_path / "tests" / "a.py").write_text("x = 1\n")
    (tmp_path / "lib" / "a.py").rename(tmp_path / "lib" / "b.py")  # same content, another module
    assert launcher.code_fingerprint(tmp_path) != first
