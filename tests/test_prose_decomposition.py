"""The words of the decomposition chapter (lib.report.chapters.decomposition) on the chapter's two parameter
sets, and sentences that turn when their numbers do."""

import functools
import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

from lib import bilateral_panel, mrio, sector_decomposition
from lib.data import releases
from lib.data.iotable import check_table
from lib.mrio import gvc
from lib.mrio.toy import toy_table
from lib.report import book
from lib.report.chapters import decomposition as words

matplotlib.use("Agg")
pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

# Helpers that compute afresh on every call: what the chapter functions return through them is part of the
# calling test's snapshot (tests/chapter_snapshots.py).
SNAPSHOT_HELPERS = {"_china_japan"}

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "decomposition.ipynb"
DEFAULTS = {"RELEASE": "2013", "YEAR": None, "COUNTRY": "CHN", "PARTNER": "USA",
            "FOCUS": ("CHN", "USA", "DEU", "JPN", "GBR", "KOR", "IND", "BRA", "ROW")}  # fmt: skip
SECOND = {**DEFAULTS, **json.loads(NOTEBOOK.read_text())["metadata"]["book"]["test_parameters"]}
PARAMETERS = pytest.mark.parametrize("params", [DEFAULTS, SECOND], ids=["defaults", "second"])


def _validated(params):
    return words.validate(params["RELEASE"], params["YEAR"], params["COUNTRY"], params["PARTNER"], params["FOCUS"])


# --------------------------------------------------------------------------- the inputs, as the visible cells build them


def _toy():
    """The toy world and every matrix the chapter's visible cells compute from it."""
    toy = toy_table()
    A = mrio.technical_coefficients(toy.Z, toy.x)
    I = np.eye(len(toy.labels))  # noqa: E741 (the identity, as in the chapter)
    B_series = I + A + A @ A + A @ A @ A
    B_lu = mrio.leontief_solve(mrio.leontief_factor(A), I)
    v = mrio.value_added_coefficients(toy.va, toy.x)
    VB = np.diag(v) @ B_lu
    VBY = mrio.va_absorption(toy)
    va_toy = pd.DataFrame(mrio.bilateral_va(toy), index=toy.countries, columns=toy.countries)
    return dict(toy=toy, A=A, B_series=B_series, B_lu=B_lu, v=v, VB=VB, VBY=VBY,
                VBY_by_hand=np.diag(v) @ B_lu @ toy.final_demand(), va_toy=va_toy)  # fmt: skip


def _exercise3(toy):
    """The changed toy table of exercise 3 (H-goods buys its 50 of inputs from H-services)."""
    Z_new = toy.Z.copy()
    Z_new[2, 0], Z_new[1, 0] = 0.0, 50.0
    Y_new = toy.Y.copy()
    Y_new[2, 1] += 50.0
    x_new = toy.x.copy()
    x_new[1] += 50.0
    new = replace(toy, Z=Z_new, Y=Y_new, x=x_new)
    return Z_new, mrio.bilateral_va(new), mrio.bilateral_gross(new)


@functools.cache
def _flows():
    return bilateral_panel("2013", progress=False)


@functools.cache
def _table(year, balance_method="discrepancy"):
    return releases.load_table("2013", year, balance_method=balance_method)


@functools.cache
def _wwz(year):
    return sector_decomposition(_table(year))


@functools.cache
def _va(year):
    table = _table(year)
    return pd.DataFrame(mrio.bilateral_va(table), index=table.countries, columns=table.countries)


def _origins(country, partner, year):
    """The pair's origins in ``year`` and the origin shares in ``year`` and the other year compared."""
    years = releases.release("2013").years
    other_year = years[0] if year != years[0] else years[-1]
    by_year = {y: gvc.value_added_origins(_wwz(y), country, partner) for y in (year, other_year)}
    shares = pd.DataFrame({y: gvc.origin_shares(by_year[y]) for y in sorted(by_year)}).T
    return by_year[year], shares


def _china_japan():
    """The table of exercise 2 and each flow's value added as % of the gross flow."""
    flows = _flows()
    cj = words.bilateral_balance(flows, "CHN", "JPN")
    cj["gap"] = cj["value-added balance"] - cj["gross balance"]
    cj["gap, % of turnover"] = 100 * cj["gap"].abs() / cj["gross turnover"]
    both = flows.query("origin != destination and origin in ['CHN', 'JPN'] and destination in ['CHN', 'JPN']")
    va_share = 100 * both.pivot(index="year", columns="origin", values="va") / both.pivot(index="year", columns="origin",
                                                                                          values="gross")  # fmt: skip
    cj["CHN→JPN, VA/gross (%)"] = va_share["CHN"]
    cj["JPN→CHN, VA/gross (%)"] = va_share["JPN"]
    return cj, va_share


# --------------------------------------------------------------------------- parameters


@PARAMETERS
def test_validate_resolves_the_year_and_keeps_the_focus(params):
    year, focus = _validated(params)
    assert year == (2011 if params["YEAR"] is None else params["YEAR"])
    assert focus == list(params["FOCUS"])
    assert words.chapter_year(year)["year"] == str(year)


def test_validate_refuses_what_the_release_does_not_have():
    with pytest.raises(ValueError, match="Did you mean 'CHN'"):
        words.validate("2013", None, "CHM", "USA", ("CHN", "USA"))
    with pytest.raises(ValueError, match="YEAR = 2014 is not available; choose one of 1995–2011"):
        words.validate("2013", 2014, "CHN", "USA", ("CHN", "USA"))
    with pytest.raises(ValueError, match="PARTNER = 'CHN'"):
        words.validate("2013", None, "CHN", "CHN", ("CHN", "USA"))
    with pytest.raises(ValueError, match="FOCUS has 1 economies"):
        words.validate("2013", None, "CHN", "USA", ("CHN", "CHN"))  # a repeat counts once
    ten = ("AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHN", "CYP", "CZE", "DEU")
    assert words.validate("2013", None, "CHN", "USA", ten)[1] == list(ten)
    with pytest.raises(ValueError, match="FOCUS has 11 economies; give 2 to 10 codes"):
        words.validate("2013", None, "CHN", "USA", (*ten, "USA"))


# --------------------------------------------------------------------------- the toy world


def test_toy_phrases_follow_the_matrices():
    t = _toy()
    reading = words.toy_reading(t["toy"])
    assert reading.failed == []
    assert int(reading["hg_x"]) - int(reading["hg_inputs"]) == int(reading["hg_va"])
    assert int(reading["hg_to_hs"]) + int(reading["hg_fd_h"]) + int(reading["hg_fd_f"]) <= int(reading["hg_x"])
    inverse = words.leontief(t["A"], t["B_series"], t["B_lu"])
    assert inverse.failed == [] and inverse["a4_max"] == "0" and inverse["b_gap"] == "exactly zero"
    hand = words.value_added_by_hand(t["toy"], t["v"], t["B_lu"], t["VB"], t["VBY"], t["VBY_by_hand"])
    assert hand.failed == []
    assert float(hand["hand_result"]) == pytest.approx(t["VBY"][0, 1], abs=0.05)
    assert float(hand["hand_result"]) == pytest.approx(float(hand["hand_v"]) * float(hand["hand_inner"]), abs=0.05)
    assert hand["hand_terms"].count(" × ") == len(t["toy"].labels)
    trade = words.toy_value_added_trade(t["va_toy"])
    assert (trade["toy_vax_h"], trade["toy_vam_h"]) == (f"{t['va_toy'].loc['H', 'F']:.1f}", f"{t['va_toy'].loc['F', 'H']:.1f}")


def test_a_broken_identity_fails_its_guard():
    t = _toy()
    wrong = t["VBY_by_hand"].copy()
    wrong[0, 1] += 1.0
    hand = words.value_added_by_hand(t["toy"], t["v"], t["B_lu"], t["VB"], t["VBY"], wrong)
    assert hand.failed == ["va_absorption equals V̂ B Y computed with the displayed matrices"]
    inverse = words.leontief(t["A"], t["B_series"] + 1e-3, t["B_lu"])
    assert inverse["b_gap"] == "1.0e-03, rounding error"
    assert inverse.failed == ["power series and LU solve give the same B"]


def test_exercise3_prediction_and_result_agree():
    t = _toy()
    Z_new, va_new, gross_new = _exercise3(t["toy"])
    prediction = words.exercise3_prediction(t["toy"])
    result = words.exercise3_result(t["toy"], t["va_toy"], Z_new, va_new, gross_new)
    assert result.failed == []
    assert prediction["ex3_pred_after"] + ".0" == result["ex3_va_balance"] == result["ex3_gross"]
    assert prediction["ex3_pred_before"] + ".0" == result["ex3_va_before"] == result["ex3_gross_before"]
    assert prediction["ex3_pred_sign"] == result["ex3_sign"] == "surplus"
    # nothing moved home: the prediction stays the deficit of before
    assert words.exercise3_prediction(t["toy"], moved=0.0)["ex3_pred_sign"] == "deficit"
    # a change that leaves Home in deficit fails the solution's guard
    flipped = words.exercise3_result(t["toy"], t["va_toy"], Z_new, va_new - np.array([[0, 20.0], [0, 0]]), gross_new)
    assert "the prediction of the solution (a value-added surplus for Home) holds" in flipped.failed


# --------------------------------------------------------------------------- the real table


@PARAMETERS
def test_balance_report_and_real_table(params):
    year, focus = _validated(params)
    raw = _table(year, "none")
    report = check_table(raw)
    p = words.balance_report(raw, report)
    assert p.failed == []
    assert (p["G"], p["N"], p["GN"], p["n_countries"]) == ("41", "35", "1,435", "40")
    assert p["stored_as"] == "stores whole millions of dollars, so its rows do not add up exactly"
    assert f"{raw.Z.shape[1] + raw.Y.shape[1] + 1:,} stored numbers" in p["rounding_sentence"]
    unrounded = words.balance_report(replace(raw, rounding_unit=0.0), report)
    assert unrounded["stored_as"].startswith("stores unrounded values")
    real = words.real_table(_table(year), _va(year), focus)
    assert real.failed == []
    assert (real["big_from"], real["big_to"]) == ("China", "the United States")
    shown = [c for c in focus if c != "ROW"]
    flows = _va(year).loc[shown, shown].to_numpy()
    assert float(real["big_bn"].replace(",", "")) == pytest.approx(flows[~np.eye(len(shown), dtype=bool)].max() / 1e3, abs=0.05)


@PARAMETERS
def test_destination_shares(params):
    year, focus = _validated(params)
    p = words.destinations(_va(year), focus, params["COUNTRY"], params["PARTNER"], "2013")
    assert p.failed == [] and p["partner"] == "the United States"
    assert p["country"] == {"CHN": "China", "DEU": "Germany"}[params["COUNTRY"]]
    n = len([c for c in focus if c != "ROW"])
    assert p["row_sentence"].startswith("The rest of the world (ROW)") and f" of {n} economies shown." in p["row_sentence"]
    assert 0 < int(p["share_cp"]) < 100 and 0 < int(p["share_pc"]) < 100
    assert words.destinations(_va(year), ["ROW", "USA"], "CHN", "USA", "2013")["row_sentence"].endswith(
        "for 1 of 1 economies shown.")  # fmt: skip
    # Without an origin other than ROW there is nothing to count, and the sentence is left out.
    assert words.destinations(_va(year), ["ROW"], "CHN", "USA", "2013")["row_sentence"] == ""


# --------------------------------------------------------------------------- gross against value added


@PARAMETERS
def test_bilateral_balance_sentences(params):
    year, _ = _validated(params)
    country, partner = params["COUNTRY"], params["PARTNER"]
    balance = words.bilateral_balance(_flows(), country, partner)
    p = words.bilateral(balance, _flows(), country, partner, year, "2013")
    assert p.failed == []
    assert p["gross_word"] == p["va_word"] == "surplus"
    assert p["gross_bn"] == book.num(balance.loc[year, "gross balance"], ",.1f")
    ratio = round(100 * balance.loc[year, "value-added balance"] / balance.loc[year, "gross balance"])
    assert p["va_vs_gross"] == f"{ratio} % of the customs figure"
    if country == "CHN":  # value added below gross in every year; the comparison pair is Germany's
        assert p.skipped == []
        assert p["n_smaller"] == "smaller in absolute value than the gross one in all 17 years of the release"
        assert "for Germany and the United States" in p["other_pair"] and "the larger one" in p["other_pair"]
    else:  # the check known for China and the United States only is skipped, and says so
        assert len(p.skipped) == 1 and "China and the United States" in p.skipped[0]
        assert p["n_smaller"] == "larger in absolute value than the gross one in all 17 years of the release"
        assert "for China and the United States" in p["other_pair"] and "the smaller one" in p["other_pair"]


def _balance(gross, value_added, years=(2000, 2001, 2002, 2003)):
    frame = pd.DataFrame({"gross balance": gross, "value-added balance": value_added}, index=pd.Index(years, name="year"))
    return frame.assign(**{"gross turnover": 100.0})


def test_bilateral_sentences_turn_with_the_signs():
    flows = _flows()
    turned = words.bilateral(_balance([10.0, 10, 10, 10], [5.0, 12, 12, -12]), flows, "CHN", "USA", 2003, "2013")
    assert (turned["gross_word"], turned["va_word"]) == ("surplus", "deficit")
    assert turned["va_vs_gross"] == "with the opposite sign of the customs figure"
    assert turned["n_smaller"] == ("larger in absolute value than the gross one in 3 of 4 years of the release, "
                                   "and smaller in the others")
    assert turned["gap_turnover"] == "22"
    assert turned.failed == ["for China and the United States the value-added surplus is below the gross surplus in every year"]
    mostly = words.bilateral(_balance([-10.0, -10, -10, -10], [-5.0, -5, -5, -12]), flows, "CHN", "USA", 2003, "2013")
    assert mostly["n_smaller"] == ("smaller in absolute value than the gross one in 3 of 4 years of the release, "
                                   "and larger in the others")
    assert mostly["gross_word"] == "deficit" and mostly["va_vs_gross"] == "120 % of the customs figure"


# --------------------------------------------------------------------------- inside the exports


@PARAMETERS
def test_wwz_phrases_add_up(params):
    year, _ = _validated(params)
    origins, shares = _origins(params["COUNTRY"], params["PARTNER"], year)
    p = words.wwz(origins, shares, _table(year), params["COUNTRY"], params["PARTNER"], year)
    assert p.failed == []
    assert p["wwz_total"] == f"{book.num(origins['gross exports'].sum() / 1e3, ',.1f')} billion dollars"
    assert p["wwz_change"].startswith(f"Between 1995 and {year}, the domestic share")
    own = shares.loc[year, "domestic value added"]
    assert p["wwz_split"].startswith(f"{own:.1f} % was value added of {p['wwz_country']} itself")
    other_pair = words.wwz(origins, shares, _table(year), params["COUNTRY"], "JPN", year)
    assert other_pair.failed == ["DVA equals the pair total", "gross exports equal the pair total"]


# --------------------------------------------------------------------------- exercise 2


def test_exercise2_china_and_japan():
    cj, va_share = _china_japan()
    balance = words.bilateral_balance(_flows(), "CHN", "USA")
    p = words.exercise2(cj, va_share, balance)
    assert p.failed == []
    close = int((cj["gap"].abs() < 1).sum())
    assert p["cj_close"] == f"{close} of {len(cj)} years"
    assert p["cj_latest"] == "2011" and p["cj_gap_year"] == str(cj["gap"].abs().idxmax())
    assert p["cj_vs_pair"] == "smaller than" and float(p["cj_share_mean"]) < float(p["pair_share_mean"])
    assert p["cj_similar"].startswith("Both sides of the balance shrink in similar proportions")
    flips = (np.sign(cj["gross balance"]) != np.sign(cj["value-added balance"])).sum()
    assert p["cj_flips"].startswith(f"The two balances have opposite signs in {flips} of {len(cj)} years")
    # the same pair as the parameters' is "about as large"; flows that shrink unevenly carry the illusion over
    same = words.exercise2(cj, va_share, words.bilateral_balance(_flows(), "CHN", "JPN"))
    assert same["cj_vs_pair"] == "about as large as"
    uneven = va_share.assign(JPN=va_share["JPN"] - 20)
    assert words.exercise2(cj, uneven, balance)["cj_similar"].startswith("The two flows shrink in different proportions")
    agreeing = cj.assign(**{"value-added balance": cj["gross balance"] + 0.1})
    assert words.exercise2(agreeing, va_share, balance)["cj_flips"] == (
        f"The two balances have the same sign in all {len(cj)} years.")


# --------------------------------------------------------------------------- tables and figures


def test_tables_and_figures_carry_their_labels():
    t = _toy()
    labels = [f"{c}-{s}" for c, s in t["toy"].labels]
    assert ":name: tbl-decomp-toy" in words.table_toy(t["toy"]).text
    assert ":name: tbl-decomp-A" in words.table_technical(t["A"], labels).text
    vb = words.table_vb(t["VB"], labels).text
    assert ":name: tbl-decomp-VB" in vb and "| column sum | 1.000 | 1.000 | 1.000 | 1.000 |" in vb
    year = 2011
    balance = words.bilateral_balance(_flows(), "CHN", "USA")
    assert ":name: tbl-decomp-bilateral" in words.table_bilateral(balance, "CHN", "USA").text
    fig = words.figure_bilateral(balance, "CHN", "USA", year)
    assert fig.axes[0].get_ylabel() == "balance of CHN with USA (bn USD)"
    heat = words.figure_destinations(_va(year), ["CHN", "USA", "ROW"])
    assert [t.get_text() for t in heat.axes[0].get_xticklabels()] == ["CHN", "USA", "ROW", "other"]
    matplotlib.pyplot.close("all")


def test_the_balance_report_table_reads_every_field_of_the_check():
    """On made-up check results with a gap (the shipped tables balance to the rounding): each row of
    tbl-decomp-balance shows its own field, the total gap in billions and as a share of world output (1,000 bn)."""
    raw = SimpleNamespace(x=np.array([600e3, 400e3]), G=2, N=1, Z=np.zeros((2, 2)), Y=np.zeros((2, 4)), K=2)
    report = SimpleNamespace(max_abs_gap=1234.4, worst_row="CHN c1", max_rel_gap=0.0123, total_gap=50_000.0,
                             max_gap_over_tolerance=0.5, n_zero_output=3)  # fmt: skip
    rows = [r for r in words.table_balance_report(raw, report, 2011, "WIOD 2013").text.splitlines() if r.startswith("| ")]
    assert rows[2:] == ["| size | 2 regions × 1 sectors = 2 rows |", "| intermediate block Z | 2 × 2 |",
                        "| final-demand columns | 4 (2 countries × 2 uses) |",
                        "| largest row gap, x − Z1 − Y1 (mn USD) | 1,234 (sector CHN c1) |",
                        "| largest gap relative to the row's output | 1.2 % |",
                        "| sum of all row gaps (USD) | 50.0 bn (5.00 % of world output) |",
                        "| largest gap / what rounding can explain | 0.500 |", "| rows with zero output | 3 |"]  # fmt: skip


def test_matrix_entries_are_whole_units_and_zero_is_plain():
    assert (words._whole(1), words._whole(0.0), words._whole(-0.0), words._whole(1234.6)) == ("1", "0", "0", "1,235")


def test_every_other_table_and_figure_of_the_page():
    """The builders the tests above do not call, on the inputs the visible cells give them (what they show is
    compared with the snapshot, tests/chapter_snapshots.py); the labels are checked here."""
    t, year = _toy(), 2011
    toy, labels = t["toy"], [f"{c}-{s}" for c, s in t["toy"].labels]
    shown = {
        "tbl-decomp-B": words.table_leontief(t["B_lu"], labels),
        "tbl-decomp-v": words.table_va_coefficients(toy, t["v"], labels),
        "tbl-decomp-Vhat": words.table_v_hat(np.diag(t["v"]), labels),
        "tbl-decomp-VBY": words.table_vby(toy, t["VBY"], labels),
        "tbl-decomp-VA-toy": words.table_va_toy(t["va_toy"]),
        "tbl-decomp-VA-real": words.table_va_real(_va(year), ["CHN", "USA", "DEU", "ROW"], year),
        "tbl-decomp-ex2": words.table_exercise2(_china_japan()[0]),
    }
    raw = _table(year, "none")
    shown["tbl-decomp-balance"] = words.table_balance_report(raw, check_table(raw), year, "WIOD 2013")
    origins, shares = _origins("CHN", "USA", year)
    shown["tbl-decomp-wwz-shares"] = words.table_wwz_shares(shares, "CHN", "USA")
    for label, table in shown.items():
        assert f":name: {label}\n" in table.text, label
    fig = words.figure_wwz_sectors(origins, "CHN", "USA", year)
    assert fig.axes and all(ax.has_data() for ax in fig.axes)
    matplotlib.pyplot.close("all")
