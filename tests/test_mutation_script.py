"""scripts/mutation.py, the front of `make mutation`: which mutants it hands to mutmut and how it scores them."""

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("mutation", Path(__file__).parents[1] / "scripts" / "mutation.py")
mutation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mutation)

RESULTS = {"lib.data.cache": {"lib.data.cache.x_f__mutmut_1": 1, "lib.data.cache.x_f__mutmut_2": 0,
                              "lib.data.cache.x_f__mutmut_3": None, "lib.data.cache.x_f__mutmut_4": 33,
                              "lib.data.cache.x_f__mutmut_5": 0}}  # fmt: skip
SKIP = {"lib.data.cache.x_f__mutmut_5": "equivalent"}


def test_resume_hands_over_only_what_is_not_killed():
    names = mutation.to_run(["lib/data/cache.py"], True, RESULTS, SKIP)
    assert names == ["lib.data.cache.x_f__mutmut_2", "lib.data.cache.x_f__mutmut_3", "lib.data.cache.x_f__mutmut_4"]
    assert mutation.to_run(["lib/data/cache.py"], False, RESULTS, SKIP) == ["lib.data.cache.*"]
    assert mutation.to_run(["lib/data/wiod.py"], True, RESULTS, SKIP) == ["lib.data.wiod.*"], "never run: all"


def test_score_counts_killed_over_checked_without_equivalents():
    (row,) = mutation.scores(RESULTS, SKIP)
    assert (row["mutants"], row["equivalent"], row["killed"], row["survived"]) == (5, 1, 1, 2)
    assert (row["of which no test"], row["not checked"]) == (1, 1)
    assert row["score"] == pytest.approx(100 / 3) and row["target"] == 90.0
    assert mutation.survivors("lib.data.cache", RESULTS, SKIP) == ["lib.data.cache.x_f__mutmut_2", "lib.data.cache.x_f__mutmut_4"]


def test_equivalent_file_needs_a_reason(tmp_path, monkeypatch):
    triage = tmp_path / "equivalent.txt"
    triage.write_text("# comment\n\nlib.a.x_f__mutmut_1  [0123abcd]  the reason\n")
    monkeypatch.setattr(mutation, "EQUIVALENT", triage)
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)  # no mutants/: nothing to check the fingerprint against
    assert mutation.equivalent() == {"lib.a.x_f__mutmut_1": "the reason"}
    triage.write_text("lib.a.x_f__mutmut_1  [0123abcd]\n")
    with pytest.raises(SystemExit, match="equivalent.txt:1: 'lib.a.x_f__mutmut_1' has no reason"):
        mutation.equivalent()


def test_mutation_runs_put_cheap_tests_first_and_leave_other_runs_alone():
    from mutation_order import cheap_first, cost_rank

    assert cost_rank("test_pins_cache.py", False) == 0
    assert cost_rank("test_wiod2013.py", True) == 1
    assert cost_rank("test_prose_tbi.py", True) == 2 and cost_rank("test_chapter_sources.py", False) == 2

    class Item:
        def __init__(self, name, shared):
            self.path, self.shared = Path("tests") / name, shared

        def get_closest_marker(self, name):
            return object() if name == "shared_cache" and self.shared else None

    names = [("test_prose_tbi.py", True), ("test_wiod2013.py", True), ("test_pins_cache.py", False),
             ("test_book.py", False), ("test_mrio.py", False)]  # fmt: skip
    items = [Item(*n) for n in names]
    cheap_first(items, active=False)
    assert [i.path.name for i in items] == [n for n, _ in names]
    cheap_first(items, active=True)
    assert [i.path.name for i in items] == ["test_pins_cache.py", "test_mrio.py", "test_wiod2013.py",
                                            "test_prose_tbi.py", "test_book.py"]  # fmt: skip


def test_sample_draws_unchecked_mutants_reproducibly():
    results = {"lib.data.cache": {f"lib.data.cache.x_f__mutmut_{i}": (1 if i < 5 else None) for i in range(1, 41)}}
    skip = {"lib.data.cache.x_f__mutmut_40": "equivalent"}
    drawn = mutation.sample(["lib/data/cache.py"], 10, 7, results, skip)
    assert len(drawn) == len(set(drawn)) == 10
    assert all(results["lib.data.cache"][n] is None and n not in skip for n in drawn)
    assert drawn == mutation.sample(["lib/data/cache.py"], 10, 7, results, skip)
    assert drawn != mutation.sample(["lib/data/cache.py"], 10, 8, results, skip)
    assert len(mutation.sample(["lib/data/cache.py"], 100, 7, results, skip)) == 35  # all there is
    with pytest.raises(SystemExit, match="has not generated the mutants of lib/data/wiod.py"):
        mutation.sample(["lib/data/wiod.py"], 10, 7, results, skip)


def test_sample_skips_a_module_without_mutants(tmp_path, monkeypatch):
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)
    (tmp_path / "lib" / "data").mkdir(parents=True)
    (tmp_path / "lib" / "data" / "errors.py.meta").write_text('{"exit_code_by_key": {}}')
    assert mutation.sample(["lib/data/errors.py"], 10, 7, {}, {}) == []


def test_wilson_interval_of_a_sampled_score():
    low, high = mutation.wilson(45, 50)
    assert (round(low, 1), round(high, 1)) == (78.6, 95.7)  # 90 % of 50: the textbook Wilson interval
    assert mutation.wilson(50, 50)[1] == pytest.approx(100.0) and mutation.wilson(0, 50)[0] == pytest.approx(0.0, abs=1e-12)
    low, high = mutation.wilson(0, 0)
    assert low != low and high != high  # nan
    text = mutation.report(mutation.scores(RESULTS, SKIP))
    assert "| 33.3 % (below) | 6-79 % | 90 % |" in text  # 1 killed of 3 checked, 1 not checked
    complete = {"lib.data.cache": {k: v for k, v in RESULTS["lib.data.cache"].items() if v is not None}}
    assert "| 33.3 % (below) |  | 90 % |" in mutation.report(mutation.scores(complete, SKIP))  # all checked: no interval


MUTATED = '''
def x_f__mutmut_orig(a, b):
    """Sum."""
    return a + b


def x_f__mutmut_1(a, b):
    """Sum."""
    return a - b


def x_f__mutmut_2(a, b):
    """Sum."""
    return a + b + 1
'''


def fake_mutants(tmp_path, monkeypatch, triage_text):
    (tmp_path / "lib" / "data").mkdir(parents=True)
    (tmp_path / "lib" / "data" / "cache.py").write_text(MUTATED)
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path)
    monkeypatch.setattr(mutation, "_BODIES", {})
    triage = tmp_path / "equivalent.txt"
    triage.write_text(triage_text)
    monkeypatch.setattr(mutation, "EQUIVALENT", triage)


def test_fingerprint_identifies_the_change_of_a_mutant(tmp_path, monkeypatch):
    fake_mutants(tmp_path, monkeypatch, "")
    assert mutation.change("lib.data.cache.x_f__mutmut_1") == ["-    return a + b", "+    return a - b"]
    one, two = mutation.fingerprint("lib.data.cache.x_f__mutmut_1"), mutation.fingerprint("lib.data.cache.x_f__mutmut_2")
    assert len(one) == 8 and one != two
    assert mutation.change("lib.data.cache.x_f__mutmut_3") is None and mutation.fingerprint("lib.data.wiod.x_g__mutmut_1") is None


def test_a_triage_line_applies_only_to_the_mutant_it_was_written_for(tmp_path, monkeypatch):
    """After an edit renumbers the mutants, a line written for 'a + b -> a - b' must not excuse another mutation."""
    fake_mutants(tmp_path, monkeypatch, "")
    fp = mutation.fingerprint("lib.data.cache.x_f__mutmut_1")
    fake_mutants(tmp_path / "t", monkeypatch, f"lib.data.cache.x_f__mutmut_1  [{fp}]  minus is plus here\n"
                                              f"lib.data.cache.x_f__mutmut_2  [{fp}]  written for the first one\n"
                                              "lib.data.cache.x_f__mutmut_9  [0123abcd]  gone since\n"
                                              "lib.data.cache.x_f__mutmut_3  no fingerprint\n")  # fmt: skip
    assert mutation.triage()["lib.data.cache.x_f__mutmut_1"] == (fp, "minus is plus here")
    assert mutation.stale() == ["lib.data.cache.x_f__mutmut_2", "lib.data.cache.x_f__mutmut_3"]
    assert set(mutation.equivalent()) == {"lib.data.cache.x_f__mutmut_1", "lib.data.cache.x_f__mutmut_9"}


@pytest.mark.parametrize("old, new, equivalent", [
    ('    out.say("x", book.num(v, ".1f"))', '    out.say("x", book.num(v, ".1F"))', True),
    ('    out.say("x", book.signed(a - b, ",.2f"))', '    out.say("x", book.signed(a - b, ",.2F"))', True),
    ('    out.say("x", book.num(f(v), "+.0f"))', '    out.say("x", book.num(f(v), "+.0F"))', True),
    ('    out.say("x", f"{v:.1f}" + ".1f")', '    out.say("x", f"{v:.1f}" + ".1F")', False),  # not a book.num spec
    ('    book.num(v, ".1f"); s = "of"', '    book.num(v, ".1f"); s = "oF"', False),  # a word, after the call closed
    ('    out.say("x", book.num(v, ".1e"))', '    out.say("x", book.num(v, ".1E"))', False),  # exponent letter shows
    ("    s = f\"between {num(t.min(), '.3f')} and\"", "    s = f\"between {num(t.min(), '.3F')} and\"", True),  # the alias
    ('    out.say("x", denum(v, ".1f"))', '    out.say("x", denum(v, ".1F"))', False),  # another function
    ('    out.say("x", book.num(v, ".1f"))', '    out.say("x", book.num(v, ".2f"))', False),
    ('        "TBI": ".4f"})', '        "TBI": ".4F"})', True),  # a table's formats, on a continuation line
    ('    formats={"gap": ".1f", "median": ".1f",', '    formats={"gap": ".1f", "median": ".1F",', True),
    ("    F = {'r': ',.2f'}", "    F = {'r': ',.2F'}", True),
    ('    formats={"gap": ".1f"}', '    formats={"gap": ".1e"}', False),  # not the case of the letter
    ('    d = {"gap": "of"}', '    d = {"gap": "oF"}', False),  # a word, not a spec
    ('    x = g(".1f")', '    x = g(".1F")', False),  # an argument of another function
])  # fmt: skip
def test_format_case_rule(old, new, equivalent):
    assert mutation._format_case([f"-{old}", f"+{new}"]) is equivalent
    assert mutation._format_case([f"-{old}", f"-{old}", f"+{new}", f"+{new}"]) is False  # one line only


@pytest.mark.parametrize("old, new, equivalent", [
    ('    ax.scatter(x, y, color="black", s=14)', '    ax.scatter(x, y, color="BLACK", s=14)', True),
    ('    c = np.where(t < 0, "tab:red", "tab:blue")', '    c = np.where(t < 0, "TAB:RED", "tab:blue")', False),  # no colour=
    ('    ax.barh(p, t, color=np.where(t < 0, "tab:red", "tab:blue"))', '    ax.barh(p, t, color=np.where(t < 0, "tab:red", "TAB:BLUE"))', True),
    ('    bbox={"facecolor": "white", "edgecolor": "none"})', '    bbox={"facecolor": "white", "edgecolor": "NONE"})', True),
    ('    ax.set_title("red", color="black")', '    ax.set_title("RED", color="black")', False),  # a title, not a colour
    ('    ax.plot(x, color="tab:red")', '    ax.plot(x, color="XXtab:redXX")', False),
    ('    ax.plot(x, color="tab:red")', '    ax.plot(x, color="tab:blue")', False),
    ('    ax.plot(x, label="mean", color="tab:red")', '    ax.plot(x, label="MEAN", color="tab:red")', False),
    ('    ax.plot(x, color="tab:red", label="red")', '    ax.plot(x, color="tab:red", label="RED")', False),  # the label
    ('    Patch(facecolor="white", alpha=0.5)', '    Patch(facecolor="WHITE", alpha=0.5)', True),
])  # fmt: skip
def test_colour_case_rule(old, new, equivalent):
    assert mutation._colour_case([f"-{old}", f"+{new}"]) is equivalent


@pytest.mark.parametrize("old, new, equivalent", [
    ('    out.say("b", book.num(row["ours"], ".2f"))', '    out.say("b", book.num(row["ours"], ))', True),
    ("    f\"{book.num(row['diff_z'], '.2f')} (p\"", "    f\"{book.num(row['diff_z'], )} (p\"", True),
    ('    x = signed(d, ".2f") + num(e, ".2f")', '    x = signed(d, ) + num(e, ".2f")', True),
    ('    out.say("b", book.num(v, ".3f"))', '    out.say("b", book.num(v, ))', False),  # not the default
    ('    out.say("b", fmt(v, ".2f"))', '    out.say("b", fmt(v, ))', False),  # another function
    ('    out.say("b", book.num(v, ".2f"))', '    out.say("b", book.num(w, ".2f"))', False),
])  # fmt: skip
def test_default_spec_rule(old, new, equivalent):
    assert mutation._default_spec([f"-{old}", f"+{new}"]) is equivalent


def test_close_current_rule():
    assert mutation._close_current(["-    plt.close(fig)", "+    plt.close(None)"])
    assert not mutation._close_current(["-    plt.close(other)", "+    plt.close(None)"])
    assert not mutation._close_current(["-    plt.close(fig)", "-    x = 1", "+    plt.close(None)", "+    x = 2"])


def test_rules_apply_to_survivors_only(tmp_path, monkeypatch):
    fake_mutants(tmp_path, monkeypatch, "")
    monkeypatch.setattr(mutation, "RULES", [("minus for plus", lambda lines: "+    return a - b" in lines)])
    results = {"lib.data.cache": {"lib.data.cache.x_f__mutmut_1": 0, "lib.data.cache.x_f__mutmut_2": 0}}
    assert mutation.by_rule(results, {}) == {"lib.data.cache.x_f__mutmut_1": "minus for plus"}
    assert mutation.by_rule({"lib.data.cache": {"lib.data.cache.x_f__mutmut_1": 1}}, {}) == {}
    assert mutation.by_rule(results, {"lib.data.cache.x_f__mutmut_1": "listed"}) == {}


def test_mutmut_runs_with_a_throwaway_home(tmp_path, monkeypatch):
    monkeypatch.setattr(mutation, "MUTANTS", tmp_path / "mutants")
    env = mutation.sandboxed_env({"HOME": "/root", "PATH": "/bin", "XDG_CONFIG_HOME": "/root/.config"})
    assert env["HOME"] == str(tmp_path / "mutants" / ".home") and env["PATH"] == "/bin"
    assert env["XDG_CONFIG_HOME"] == str(tmp_path / "mutants" / ".home" / ".config")
    assert (tmp_path / "mutants" / ".home" / ".config").is_dir()
