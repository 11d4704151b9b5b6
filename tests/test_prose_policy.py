"""The words of the policy chapter (lib.report.chapters.policy) on the chapter's two parameter sets, and
sentences that turn when their numbers do."""

import functools
import json
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

from lib import bilateral_panel, country_panel, tbi_panel
from lib.data import releases
from lib.econometrics.panel import CONTROLS
from lib.econometrics.robustness import add_lag, iv_fe
from lib.mrio import gvc
from lib.report import book, claims, compare, scorecard
from lib.report.chapters import policy as words

matplotlib.use("Agg")
pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): phrases of exercise 3 and counts the
# tests read.
UNREAD_KEYS = {
    "ex3_h3", "ex3_moved", "ex3_which", "n_starred", "n_tbi", "r2_word4", "tbi_verdicts_short",
}

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "policy.ipynb"
DEFAULTS = {"RELEASE": "2013", "COUNTRY": "CHN", "PARTNER": "USA", "YEAR": None}
SECOND = {**DEFAULTS, **json.loads(NOTEBOOK.read_text())["metadata"]["book"]["test_parameters"]}
PARAMETERS = pytest.mark.parametrize("params", [DEFAULTS, SECOND], ids=["defaults", "second"])
YEARS = releases.release("2013").years


# --------------------------------------------------------------------------- the chapter's inputs, as its visible cells build them


@functools.cache
def _tbi():
    return tbi_panel("2013", progress=False)


def _agreement(ours, published):
    """The Table-1 agreement as the chapter's visible cell builds it."""
    agreement = compare.agreement(ours, published)
    agreement.loc["all eight"] = compare.pooled_agreement(ours, published)
    same_direction = np.sign(ours.diff().iloc[1:]) == np.sign(published.diff().iloc[1:])
    agreement["same direction (%)"] = 100 * same_direction.mean()
    agreement.loc["all eight", "same direction (%)"] = 100 * same_direction.to_numpy().mean()
    agreement = agreement.rename(columns={"within correlation": "within-country r", "correlation of changes":
                                          "r of yearly changes", "mean |difference|": "mean abs. difference"})  # fmt: skip
    return agreement[list(words.AGREEMENT_FORMATS)]


def _balance(country, partner):
    flows = bilateral_panel("2013", progress=False)
    exports = flows.query("origin == @country and destination == @partner").set_index("year")[["gross", "va"]]
    imports = flows.query("origin == @partner and destination == @country").set_index("year")[["gross", "va"]]
    balance = (exports - imports) / 1e3
    balance.columns = ["gross (customs)", "value added"]
    return balance


@functools.cache
def _scorecard():
    data = country_panel("2013", verbose=False)
    results = scorecard.estimate_all(data)
    card = scorecard.scorecard(results)
    tbi_card = card[card["term"] == "TBI"]
    parts = {}
    for name, part in (("TBI", tbi_card), ("all coefficients", card)):
        counts = part.groupby("table").apply(scorecard.verdict_counts, include_groups=False)
        counts.loc["all"] = counts.sum()
        counts["total"] = counts.sum(axis=1)
        parts[name] = counts
    return SimpleNamespace(data=data, results=results, card=card, tbi_card=tbi_card, summary=pd.concat(parts))


def _resolved(params):
    return words.validate(params["RELEASE"], params["COUNTRY"], params["PARTNER"], params["YEAR"], YEARS)


# --------------------------------------------------------------------------- parameters and the bilateral example


@PARAMETERS
def test_validate_resolves_the_year_and_names_the_parties(params):
    country, partner, year = _resolved(params)
    assert (country, partner) == (params["COUNTRY"], params["PARTNER"])
    assert year == (YEARS[-1] if params["YEAR"] is None else params["YEAR"])
    names = words.parties(country, partner)
    assert names["partner"] == "the United States" and names["country"] in ("China", "Germany")


def test_validate_rejects_what_the_release_does_not_have():
    with pytest.raises(ValueError, match="Did you mean 'CHN'"):
        words.validate("2013", "CHM", "USA", None, YEARS)
    with pytest.raises(ValueError, match="PARTNER = 'CHN'"):
        words.validate("2013", "CHN", "CHN", None, YEARS)
    with pytest.raises(ValueError, match="YEAR = 2020"):
        words.validate("2013", "CHN", "USA", 2020, YEARS)


def test_the_bilateral_example_is_checked_against_the_chosen_release(monkeypatch):
    """validate reads the regions of the release it is given, not the default one."""
    seen = []

    def panel(release=None, **kwargs):
        seen.append(release)
        return pd.DataFrame({"origin": ["CHN", "USA", "ROW"] + (["XYZ"] if release == "2016" else [])})

    monkeypatch.setattr(words, "bilateral_panel", panel)
    assert words.validate("2016", "XYZ", "USA", None, YEARS) == ("XYZ", "USA", YEARS[-1])
    with pytest.raises(ValueError, match="COUNTRY"):
        words.validate("2013", "XYZ", "USA", None, YEARS)
    assert seen == ["2016", "2013"]


@PARAMETERS
def test_bilateral_balance_in_words(params):
    country, partner, year = _resolved(params)
    balance = _balance(country, partner)
    said = words.bilateral(balance, year)
    g, v = balance.loc[year, "gross (customs)"], balance.loc[year, "value added"]
    assert said.failed == [] and said["year"] == str(year) and said["bil_years"] == "1995–2011"
    assert said["bil_gross"] == f"{abs(g):.1f}" and said["bil_va"] == f"{abs(v):.1f}"
    assert said["bil_gross_word"] == ("surplus" if g > 0 else "deficit")
    assert said["bil_ratio"] == f"{100 * v / g:.0f} % of the gross figure"
    smaller = int((balance["value added"].abs() < balance["gross (customs)"].abs()).sum())
    assert said["bil_smaller"] == claims.count(smaller, len(balance), "years")
    # in value added, China's surplus with the US is smaller than in customs data, Germany's larger
    expected = {"CHN": ("shrinks", "smaller"), "DEU": ("enlarges", "larger")}[country]
    assert (said["bil_verb"], said["bil_change"]) == expected and (abs(v) < abs(g)) == (country == "CHN")
    fig = words.figure_bilateral(balance, country, partner, year)
    assert len(fig.axes[0].lines) == 4 and fig.axes[0].get_xlabel() == "year"


def test_bilateral_sentences_turn_with_the_sign_and_size():
    balance = pd.DataFrame({"gross (customs)": [10.0, -20.0], "value added": [10.5, 5.0]},
                           index=pd.Index([2010, 2011], name="year"))
    flipped = words.bilateral(balance, 2011)
    assert flipped["bil_gross_word"] == "deficit" and flipped["bil_va_word"] == "surplus"
    assert flipped["bil_ratio"] == "the opposite sign from the gross figure"
    assert (flipped["bil_verb"], flipped["bil_change"]) == ("shrinks", "smaller")
    same = words.bilateral(balance, 2010)
    assert same["bil_ratio"] == "105 % of the gross figure" and same["bil_verb"] == "barely changes"
    assert same["bil_change"] == "about as large" and same["bil_smaller"] == "1 of 2 years"


@PARAMETERS
def test_exercise1_guard_holds_for_the_solution_and_fails_for_a_wrong_sum(params):
    country, _, year = _resolved(params)
    flows = bilateral_panel("2013", progress=False).query("year == @year and origin != destination")
    out = flows.query("origin == @country").set_index("destination")[["gross", "va"]]
    into = flows.query("destination == @country").set_index("origin")[["gross", "va"]]
    sums = ((out - into) / 1e3).sum()
    total = _tbi().query("country == @country and year == @year")["va_balance"]
    assert words.exercise1(sums, total).failed == []
    assert words.exercise1(sums + 0.5, total).failed == ["both sums equal the total balance (the solution says so)"]


# --------------------------------------------------------------------------- Table 1 and the total balances


def test_table1_agreement_in_words():
    ours, published = compare.table1_frames(_tbi())
    agreement = _agreement(ours, published)
    said = words.table1(agreement, ours, published)
    assert said.failed == [] and said["t1_years"] == f"{ours.index[0]}–{ours.index[-1]}"
    assert said["t1_within"] == f"{agreement.loc['all eight', 'within-country r']:.2f}"
    k, n = map(int, said["t1_same"].split(" yearly changes")[0].split(" of "))
    assert n == 8 * (len(ours) - 1) and round(100 * k / n) == round(agreement.loc["all eight", "same direction (%)"])
    per_country = agreement.drop(index="all eight")
    assert said["t1_weakest_r"] == f"{per_country['within-country r'].min():.2f}"
    # the within correlation of compare.agreement is the plain correlation of the two series
    assert np.allclose(agreement["within-country r"].drop("all eight"), ours.corrwith(published))
    pooled_levels = np.corrcoef(ours.to_numpy().ravel(), published.to_numpy().ravel())[0, 1]
    assert said["t1_pooled_sentence"].startswith("is higher" if pooled_levels > agreement.loc["all eight", "within-country r"]
                                                 else "is not higher")  # fmt: skip
    shown = words.table_agreement(agreement, ours.index).text
    assert ":name: tbl-policy-table1" in shown and "| all eight |" in shown and "| China |" in shown


def test_table1_pooled_sentence_turns_when_levels_do_not_flatter():
    ours, published = compare.table1_frames(_tbi())
    agreement = _agreement(ours, published)
    agreement.loc["all eight", "within-country r"] = 0.999  # above the pooled correlation of the levels
    assert words.table1(agreement, ours, published)["t1_pooled_sentence"].startswith("is not higher")


def test_totals_are_the_same_in_both_views():
    tbi_all = _tbi()
    gap = (tbi_all["va_balance"] - tbi_all["gross_balance"]).abs()
    said = words.totals(tbi_all, gap, 0.974)
    assert said.failed == [] and said["n_regressions"] == "17" and said["n_country_years"] == f"{len(tbi_all):,}"
    assert said["within_gross"] == "0.974" and said["within_gross_word"] == "strong"
    assert words.totals(tbi_all, gap + 1e6, 0.3).failed[0].startswith("total value-added and gross balances agree")


# --------------------------------------------------------------------------- the scorecard


def test_scorecard_summary_counts_add_up_and_guards_hold():
    s = _scorecard()
    said = words.scorecard_summary(s.card, s.tbi_card, s.summary)
    assert said.failed == [] and said["n_tbi"] == "17" and said["n_all"] == f"{len(s.card):,}"
    counts = [int(x) for x in said["tbi_verdicts_short"].replace("none", "0").split() if x.isdigit()]
    assert sum(counts) == 17 and said["tbi_verdicts"].startswith("Of the 17 TBI coefficients, ")
    verdict = dict(zip(zip(s.tbi_card["table"], s.tbi_card["column"]), s.tbi_card["verdict"]))
    assert said["h1_3"] == verdict[("3", "(3)")] and said["h2_pol"] == verdict[("5", "(3)")]
    kept = sum(verdict[key] == claims.REPRODUCED for key in words.H3_CELLS)
    assert said["h3_count"] == claims.count(kept, 4) and said["h3_list"].count("; ") == 3
    for table in (words.table_score_tbi(s.tbi_card), words.table_score_counts(s.summary), words.table_score_all(s.card)):
        assert ":name: tbl-policy-score-" in table.text


def test_h3_judgement_and_the_brief_turn_with_the_verdicts():
    s = _scorecard()
    all_kept = s.tbi_card.copy()
    all_kept.loc[:, "verdict"] = claims.REPRODUCED
    said = words.scorecard_summary(s.card, all_kept, s.summary)
    assert said["h3_count"] == "all 4" and said["h3_judgement"] == "the replication supports the premise of this recommendation"
    brief = words.exercise2(all_kept)
    assert brief["ex2_dropped"] == "none of them" and brief["ex2_brief"].startswith("Both sides of the contrast survive")
    none_kept = s.tbi_card.copy()
    none_kept.loc[:, "verdict"] = claims.NOT_SIGNIFICANT
    brief = words.exercise2(none_kept)
    assert brief["ex2_kept"] == "none of them" and brief["ex2_brief"].startswith("Neither side")
    assert words.scorecard_summary(s.card, none_kept, s.summary)["h3_judgement"].startswith("the replication does not supply")
    most_kept = all_kept.copy()
    key = next(iter(words.H3_CELLS))
    most_kept.loc[(most_kept["table"] == key[0]) & (most_kept["column"] == key[1]), "verdict"] = claims.NOT_SIGNIFICANT
    said = words.scorecard_summary(s.card, most_kept, s.summary)
    assert said["h3_count"] == "3 of 4"
    assert said["h3_judgement"] == "the replication supports its premise in most, not all, of these coefficients"


@pytest.mark.parametrize("developed_ok, side, moved", [(True, "developed", "political openness"),
                                                      (False, "developing", "economic openness")])
def test_a_brief_with_one_side_of_the_contrast_says_only_that_side(developed_ok, side, moved):
    brief = words._brief(developed_ok, not developed_ok)
    assert brief.startswith(f"Only the {side}-country side survives, so the brief can say that {side} countries' {moved} "
                            "moved with the TBI, but not that ")
    assert brief.endswith(", nor that the two groups reacted differently, let alone why.")


def test_a_starless_estimate_called_opposite_fails_the_guard():
    s = _scorecard()
    card = s.card.copy()
    row = card.index[card["ours_p"] >= 0.1][0]
    card.loc[row, "verdict"] = claims.OPPOSITE
    assert words.scorecard_summary(card, s.tbi_card, s.summary).failed == ["no estimate without a star is called opposite"]


def test_every_country_sample():
    s = _scorecard()
    full_panel = country_panel("2013", verbose=False, exclude=())
    card_full, tbi_full = words.every_country(full_panel)
    said = words.samples(s.tbi_card, tbi_full)
    assert said.failed == [] and len(tbi_full) == 17 and said["full_changed"].endswith("of the 17 TBI verdicts")
    assert words.samples(s.tbi_card, s.tbi_card)["full_changed"] == "none of the 17 TBI verdicts"
    table = words.table_samples(s.tbi_card, tbi_full, len(s.data), len(full_panel), "ROU").text
    assert f"ROU left out (default, N = {len(s.data)})" in table and f"every country (N = {len(full_panel)})" in table


# --------------------------------------------------------------------------- robustness claims and fit


def test_robustness_claims_and_instrument_tests():
    s = _scorecard()
    iv_data = add_lag(s.data, _tbi(), "tbi").dropna(subset=["tbi_lag"])
    columns = {"(3)": "KOFGIdj", "(4)": "KOFEcGIdj"}
    iv = {col: iv_fe(iv_data, y, "tbi", "tbi_lag", CONTROLS) for col, y in columns.items()}
    panel_dva = s.data.merge(gvc.dva_panel("2013")[["country", "year", "tbi_dva"]], on=["country", "year"], how="left")
    dva = scorecard.estimate_table(panel_dva, "3", regressor="tbi_dva")
    claim_card = pd.concat([
        scorecard.claim_card({c: (r.second.params["tbi"], r.second.pvalues["tbi"]) for c, r in iv.items()}, "2SLS (lagged TBI)"),
        scorecard.claim_card({c: (dva[c].params["tbi_dva"], dva[c].pvalues["tbi_dva"]) for c in columns}, "DVA-based TBI"),
    ], ignore_index=True)  # fmt: skip
    first = iv["(3)"]
    said = words.robustness(first, len(s.data), len(iv_data), panel_dva, claim_card)
    assert said.failed == [] and said["kp_f"] == book.num(first.kp_f, ".1f") and said["sy"] == "16.38"
    strong = first.kp_f > first.stock_yogo_10
    assert (said["iv_strength"], said["kp_vs_sy"]) == (("strong", "above") if strong else ("weak", "below"))
    k = int((claim_card["verdict"] == claims.REPRODUCED).sum())
    assert said["claims_count"] == claims.count(k, 4, "estimates") and said["claims_others"].count(", column ") == 4 - k
    assert ":name: tbl-policy-claims" in words.table_claims(claim_card).text
    assert (words._change_scale(0.0), words._change_scale(-2.5)) == (1.0, 2.5)  # a zero gross balance: changes in millions
    # a weak first stage turns the sentence; a lost country-year is counted; a missing DVA value fails the guard
    weak = SimpleNamespace(kp_lm=first.kp_lm, kp_f=5.0, cd_f=first.cd_f, stock_yogo_10=first.stock_yogo_10)
    gaps = panel_dva.assign(tbi_dva=panel_dva["tbi_dva"].where(panel_dva.index != panel_dva.index[0]))
    turned = words.robustness(weak, len(s.data), len(s.data) - 3, gaps, claim_card)
    assert (turned["iv_strength"], turned["kp_vs_sy"]) == ("weak", "below")
    assert turned["iv_tests"] == "unlike what the paper says, the instrument does not pass both tests"
    assert turned["iv_lost"] == "The 2SLS sample loses 3 country-years without a lagged TBI."
    assert turned.failed == ["every country-year of the panel has a DVA-based TBI"]


def test_customs_fit_words():
    s = _scorecard()
    fit = pd.DataFrame({col: {"value-added TBI": s.results["3"][col].r2_within, "customs TBI": r.r2_within}
                        for col, r in scorecard.estimate_table(s.data, "3", regressor="tbi_gross").items()
                        if col in ("(3)", "(4)")}).T  # fmt: skip
    said = words.customs_fit(fit)
    assert said["r2_va3"] == f"{fit.loc['(3)', 'value-added TBI']:.4f}" and said["r2_gross4"] == f"{fit.loc['(4)', 'customs TBI']:.4f}"
    assert said["r2_word3"] == "about as well as" and said["r2_col4"] == "in column 4 too"
    assert said["va_vs_customs"].startswith("the value-added index does not beat customs data")
    worse = pd.DataFrame({"value-added TBI": [0.5, 0.5], "customs TBI": [0.3, 0.3]}, index=["(3)", "(4)"])
    assert words.customs_fit(worse)["va_vs_customs"].startswith("here the value-added index fits better")
    mixed = pd.DataFrame({"value-added TBI": [0.5, 0.5], "customs TBI": [0.3, 0.7]}, index=["(3)", "(4)"])
    said = words.customs_fit(mixed)
    assert said["r2_col4"] == "better than the value-added TBI in column 4" and "mixed" in said["va_vs_customs"]


def test_exercise3_counts_the_verdicts_that_move():
    index = pd.MultiIndex.from_tuples(list(scorecard.PAPER_SPECS), names=["table", "column"])
    verdicts = pd.DataFrame({"defaults": claims.REPRODUCED, "nominal, ck": claims.REPRODUCED}, index=index)
    none = words.exercise3(verdicts.iloc[:0], verdicts)
    assert none["ex3_moved_sentence"] == "Against the defaults, the two variants change none of the TBI verdicts."
    assert none["ex3_fragility"].endswith("although each rests on one split-sample estimate.")
    verdicts.loc[[("5", "(2)"), ("6", "(3)")], "nominal, ck"] = claims.WEAKER
    moved = verdicts[verdicts.nunique(axis=1) > 1]
    said = words.exercise3(moved, verdicts)
    assert said["ex3_moved_sentence"] == ("Against the defaults, the two variants change 2 of 17 TBI verdicts "
                                          "(Table 5 (2), Table 6 (3)); 1 of 4 key cells of H3 is among them.")
    assert "none of H3's key cells flips" not in said["ex3_fragility"]
