"""The words of the theory chapter (lib.report.chapters.theory) on the chapter's two parameter sets, and
sentences that turn when their numbers do."""

import functools
import json
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pytest

from lib import country_panel
from lib.data.iotable import check_table
from lib.mrio.tbi import country_flows
from lib.report import book
from lib.report.chapters import theory as words

matplotlib.use("Agg")
pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

# Helpers that compute afresh on every call: what the chapter functions return through them is part of the
# calling test's snapshot (tests/chapter_snapshots.py).
SNAPSHOT_HELPERS = {"_example", "_diverted"}

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): correlations and the components list
# the tests read.
UNREAD_KEYS = {
    "c_tbi", "c_tbi_gross", "components", "jc_gross", "jc_gross_word", "jc_va", "jc_va_word",
}

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "theory.ipynb"
NAMES = ("COMPONENTS_J_TO_C", "ASSEMBLY_VA_C", "SHARE_C_TO_U", "J_FINAL_TO_U", "U_FINAL_TO_J")
DEFAULTS = {"COMPONENTS_J_TO_C": 60.0, "ASSEMBLY_VA_C": 40.0, "SHARE_C_TO_U": 0.75, "J_FINAL_TO_U": 20.0,
            "U_FINAL_TO_J": 30.0, "RELEASE": "2013"}  # fmt: skip
SECOND = {**DEFAULTS, **json.loads(NOTEBOOK.read_text())["metadata"]["book"]["test_parameters"]}
PARAMETERS = pytest.mark.parametrize("params", [DEFAULTS, SECOND], ids=["defaults", "second"])


def _args(params):
    return tuple(params[n] for n in NAMES)


def _example(params):
    """What the chapter's visible cells build: the world, its bilateral balances and its totals."""
    world = words.three_country_world(*words.validate(*_args(params)))
    bilateral = words.bilateral_balances(world)
    totals = country_flows(world)[0].set_index("country")[["gross_balance", "va_balance", "tbi_gross", "tbi"]]
    return world, bilateral, totals


def _diverted(params):
    """Exercise 2 as its solution cells compute it: U buys half of C's goods from J instead."""
    comp, assembly, share, j_final, u_final = _args(params)
    world = words.three_country_world(comp, assembly, share, j_final, u_final)
    diverted = words.three_country_world(comp, assembly, share / 2, j_final + share * (comp + assembly) / 2, u_final)
    pairs = (("U", "C"), ("U", "J"))
    before, after = words.bilateral_balances(world, pairs), words.bilateral_balances(diverted, pairs)
    total = {name: country_flows(w)[0].set_index("country").loc["U", "gross_balance"]
             for name, w in (("before", world), ("after", diverted))}  # fmt: skip
    return before, after, total


def test_the_defaults_are_the_notebooks():
    assert book.chapter_defaults("theory") == DEFAULTS
    assert set(SECOND) == set(DEFAULTS) and SECOND != DEFAULTS


# --------------------------------------------------------------------------- parameters


def test_validate_returns_the_values_or_names_the_wrong_one():
    assert words.validate(*_args(DEFAULTS)) == _args(DEFAULTS)
    assert words.validate(0, 1, 0, 0, 1) == (0, 1, 0, 0, 1)
    for args, message in (((-1.0, 40, 0.5, 20, 30), "COMPONENTS_J_TO_C = -1.0 must be a number >= 0"),
                          ((60, 40, 0.5, -2, 30), "J_FINAL_TO_U = -2 must be a number >= 0"),
                          ((60, 0, 0.5, 20, 30), "ASSEMBLY_VA_C = 0 must be a number > 0"),
                          ((60, 40, 0.5, 20, "30"), "U_FINAL_TO_J = '30' must be a number > 0"),
                          ((60, 40, 1.5, 20, 30), "SHARE_C_TO_U = 1.5 must be a share between 0 and 1")):  # fmt: skip
        with pytest.raises(ValueError, match=message):
            words.validate(*args)


# --------------------------------------------------------------------------- the example


@PARAMETERS
def test_world_balances_and_its_accounts_table(params):
    comp, assembly, share, j_final, u_final = _args(params)
    world, bilateral, _ = _example(params)
    check_table(world)
    assert world.x.tolist() == pytest.approx([comp + j_final, comp + assembly, u_final])
    assert world.va.tolist() == pytest.approx([comp + j_final, assembly, u_final])
    table = str(words.table_accounts(world))
    assert ":name: tbl-theory-accounts" in table and f"| C | {comp + assembly:.1f} | {assembly:.1f} |" in table
    shown = str(words.table_bilateral(bilateral))
    assert ":name: tbl-theory-bilateral" in shown and f"| J with C | {comp:.1f} |" in shown


@PARAMETERS
def test_bilateral_phrases_follow_the_flows(params):
    comp, assembly, share, j_final, u_final = _args(params)
    _, bilateral, _ = _example(params)
    out = words.gross_and_value_added(bilateral, comp, share)
    assert out.failed == [] and out.skipped == []
    expected = {"cu_gross": share * (comp + assembly), "cu_va": share * assembly, "ju_gross": j_final - u_final,
                "ju_va": j_final + share * comp - u_final, "jc_gross": comp, "jc_va": (1 - share) * comp}  # fmt: skip
    for name, value in expected.items():
        assert out[name] == book.num(abs(value), ".1f"), name
        assert out[f"{name}_word"] == ("surplus" if value > 1e-9 else "deficit" if value < -1e-9 else "balance"), name
    assert out["shift"] == book.num(share * comp, ".1f") and out["share_pct"] == book.num(100 * share, ".0f")
    assert out["summary_shift"] == f"in the example, {out['shift']} of C's balance with U belongs to J."
    assert out["moves"].startswith("moves that much value added")
    assert out["carry"] == "and each unit carries J's components"
    assert out["jc_sentence"] == (f"Between J and C, customs record a surplus of {out['jc_gross']} for J (all its "
                                  f"components), value added a surplus of {out['jc_va']} (only the components that "
                                  "C's own consumers absorb).")  # fmt: skip


def test_bilateral_phrases_of_the_second_set():
    _, bilateral, _ = _example(SECOND)
    out = words.gross_and_value_added(bilateral, SECOND["COMPONENTS_J_TO_C"], SECOND["SHARE_C_TO_U"])
    assert (out["cu_gross"], out["cu_va"], out["shift"]) == ("50.0", "2.5", "47.5")
    assert (out["ju_gross_word"], out["ju_gross"]) == ("deficit", "80.0")
    assert (out["ju_va_word"], out["ju_va"]) == ("deficit", "32.5")


@PARAMETERS
def test_total_phrases_follow_value_added_minus_final_demand(params):
    comp, assembly, share, *_ = _args(params)
    world, _, totals = _example(params)
    out = words.total_balances(totals, world, comp, share)
    assert out.failed == []
    balance = assembly - (1 - share) * (comp + assembly)  # C's value added minus its final demand
    assert out["c_total"] == book.num(abs(balance), ".1f")
    assert out["c_total_word"] == ("surplus" if balance > 0 else "deficit")
    assert abs(float(out["c_tbi"].replace("\u2212", "-"))) > abs(float(out["c_tbi_gross"].replace("\u2212", "-")))
    assert out["c_stretch"].startswith("so C's value-added turnover is smaller and its value-added TBI lies further")
    assert out["c_stretch"].endswith(f"its customs TBI ({out['c_tbi']} against {out['c_tbi_gross']})")
    shown = str(words.table_totals(totals))
    assert ":name: tbl-theory-totals" in shown and "| customs TBI | TBI (value added) |" in shown


def test_a_total_balance_below_one_half_keeps_its_sign():
    """C's balance of 0.3 (a share of 0.603) is a surplus, not rounded away to a balance."""
    params = {**DEFAULTS, "SHARE_C_TO_U": 0.603}
    world, _, totals = _example(params)
    out = words.total_balances(totals, world, params["COMPONENTS_J_TO_C"], 0.603)
    assert out.failed == [] and (out["c_total"], out["c_total_word"]) == ("0.3", "surplus")


def test_no_foreign_components_turns_every_sentence():
    params = {**DEFAULTS, "COMPONENTS_J_TO_C": 0.0}
    world, bilateral, totals = _example(params)
    out = words.gross_and_value_added(bilateral, 0.0, params["SHARE_C_TO_U"])
    assert out.failed == []
    assert out["cu_gross"] == out["cu_va"] == "30.0" and out["shift"] == "0.0"
    assert out["moral"] == "Without foreign components, the two measures agree pair by pair."
    assert out["carry"] == "but C's goods contain none of J's components"
    assert out["jc_sentence"] == "J and C do not trade with each other."
    assert out["moves"].startswith("moves nothing") and out["summary_shift"].startswith("with the current parameters")
    total = words.total_balances(totals, world, 0.0, params["SHARE_C_TO_U"])
    assert total.failed == [] and total["c_tbi"] == total["c_tbi_gross"]
    assert total["c_stretch"] == ("but with the current parameters none of J's components reach U through C, "
                                  f"so C's two TBIs agree ({total['c_tbi']})")


def test_a_shift_below_one_is_still_a_shift():
    """Half a unit of J's components reaching U through C (0.5 = 0.5 × 1.0) turns the sentences like any other shift."""
    params = {**DEFAULTS, "COMPONENTS_J_TO_C": 1.0, "SHARE_C_TO_U": 0.5}
    _, bilateral, _ = _example(params)
    out = words.gross_and_value_added(bilateral, 1.0, 0.5)
    assert out.failed == [] and out["shift"] == "0.5"
    assert out["summary_shift"] == "in the example, 0.5 of C's balance with U belongs to J."
    assert out["moves"].startswith("moves that much value added")


def test_guards_catch_numbers_that_do_not_belong_together():
    world, bilateral, totals = _example(DEFAULTS)
    wrong = words.gross_and_value_added(bilateral, 30.0, DEFAULTS["SHARE_C_TO_U"])  # not the world's components
    assert wrong.failed == ["C's balance with U falls by J's content of C's sales to U",
                            "J's balance with U rises by the same amount",
                            "J's balance with C falls by the components that C passes on to U"]  # fmt: skip
    shifted = totals.assign(va_balance=totals["va_balance"] + [1.0, -1.0, 0.0])
    assert words.total_balances(shifted, world, 60.0, 0.75).failed == [
        "total balances are the same in gross and value added"]
    assert words.total_balances(totals, world, 0.0, 0.75).failed == [
        "C's two TBIs differ exactly when some of J's components reach U through C"]
    # A value-added TBI nearer zero than the customs one (same sign) breaks the stretch, for any nonzero TBI.
    shrunk = totals.assign(tbi=totals["tbi_gross"] * 0.5)
    assert "the value-added TBI is at least as far from zero as the customs TBI" in words.total_balances(
        shrunk, world, 60.0, 0.75).failed


@PARAMETERS
def test_figures_draw_the_argument_and_the_balances(params):
    _, bilateral, _ = _example(params)
    fig = words.figure_mechanism()
    assert len(fig.axes[0].patches) == 5 and "H1: overall effect" in [t.get_text() for t in fig.axes[0].texts]
    bars = words.figure_bilateral(bilateral)
    heights = [p.get_width() for p in bars.axes[0].patches]
    assert heights == pytest.approx([*bilateral["gross balance"], *bilateral["value-added balance"]])
    ax = bars.axes[0]  # the legend sits centred on the top edge of the plot, inside the figure
    assert ax.get_legend().get_bbox_to_anchor().transformed(ax.transAxes.inverted()).bounds == pytest.approx((0.5, 1, 0, 0))
    bars.canvas.draw()
    assert bars.bbox.contains(*ax.get_legend().get_window_extent().corners()[-1])
    plt.close("all")


# --------------------------------------------------------------------------- exercises


@PARAMETERS
def test_diversion_moves_bilateral_balances_not_the_total(params):
    comp, assembly, share, *_ = _args(params)
    before, after, total = _diverted(params)
    out = words.diversion(before, after, total, share)
    assert out.failed == [] and out.skipped == []
    assert out["ex2_gross"] == book.num(share * (comp + assembly) / 2, ".1f")
    assert out["ex2_va"] == book.num(share * assembly / 2, ".1f")


def test_diversion_without_purchases_from_c_skips_the_shrinking_check():
    params = {**DEFAULTS, "SHARE_C_TO_U": 0.0}
    out = words.diversion(*_diverted(params), 0.0)
    assert out.failed == [] and out["ex2_gross"] == out["ex2_va"] == "0.0"
    assert out.skipped == [
        "Not checked for these parameters: U's deficit with C shrinks when it buys fewer of C's goods"]
    before, after, total = _diverted(DEFAULTS)
    assert words.diversion(before, after, {**total, "after": total["after"] + 1}, 0.75).failed == [
        "diverting purchases leaves U's total balance unchanged"]


@functools.cache
def _correlations(release):
    data = country_panel(release, verbose=False).sort_values(["country", "year"])
    r = data.groupby("country")[["tbi", "KOFTrGIdf", "KOFTrGIdj"]].diff().dropna().corr()["tbi"]
    return r["KOFTrGIdf"], r["KOFTrGIdj"]


def test_de_jure_words_on_the_panel():
    r_facto, r_jure = _correlations(DEFAULTS["RELEASE"])
    out = words.de_jure(r_facto, r_jure)
    assert out.failed == []
    assert (out["ex3_facto"], out["ex3_jure"]) == (book.num(r_facto, ".3f"), book.num(r_jure, ".3f"))
    assert r_facto < -0.1 and abs(r_jure) < 0.05  # the 2013 panel
    assert out["ex3_facto_word"] == "a weak negative correlation, as that link predicts"
    assert out["ex3_jure_word"] == "practically zero"
    assert out["ex3_compare"] == "The de jure index shows a weaker link than the de facto one"


def test_de_jure_words_turn_with_the_correlations():
    positive = words.de_jure(0.6, -0.3)
    assert positive["ex3_facto"] == "0.600" and positive["ex3_jure"] == "\u22120.300"
    assert positive["ex3_facto_word"] == "a moderate positive correlation, although that link predicts a negative one"
    assert positive["ex3_jure_word"] == "a weak negative correlation"
    assert positive["ex3_compare"] == "The de jure index shows a weaker link than the de facto one"
    flat = words.de_jure(0.01, 0.2)
    assert flat["ex3_facto_word"] == ("practically zero: in this panel the link is swamped by other movements "
                                      "of the two series")
    assert flat["ex3_jure_word"] == "a weak correlation"
    assert flat["ex3_compare"] == "Here the de jure index is not less correlated with the TBI than the de facto one"
