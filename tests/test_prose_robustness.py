"""The words of the chapter Robustness (lib.report.chapters.robustness), on the chapter's default parameters and
on its second parameter set (the notebook's ``book.test_parameters``), and sentences that flip with their inputs."""

import dataclasses
import json
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from lib.data import countries, releases
from lib.econometrics import panel
from lib.econometrics.estimation import xtreg_fe
from lib.econometrics.robustness import driscoll_kraay, iv_fe, leave_one_out, wild_cluster_bootstrap
from lib.mrio import gvc
from lib.mrio.tbi import tbi_panel
from lib.report import book, claims, scorecard
from lib.report.chapters import robustness as words

pytestmark = pytest.mark.shared_cache

# Helpers that compute afresh on every call: what the chapter functions return through them is part of the
# calling test's snapshot (tests/chapter_snapshots.py).
SNAPSHOT_HELPERS = {"_passages"}

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): IV standard-error comparisons, counts
# and labels the tests read; the pages quote others.
UNREAD_KEYS = {
    "boot_fig_col", "both_signs4", "iv_se3_book", "iv_se3_x", "iv_se4_book", "iv_se4_x", "iv_se_ratio4", "lag",
    "n_checks", "r2_0_4", "surv_list3",
}

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "robustness.ipynb"
COLUMNS = {"(3)": "KOFGIdj", "(4)": "KOFEcGIdj"}
MODELS = {"controls only": [], "value added": ["tbi"], "customs": ["tbi_gross"], "both": ["tbi", "tbi_gross"]}
PARTS = ["VAX", "REF", "DDC", "FVA", "FDC"]


def _parameters(alternative: bool) -> dict:
    values = book.chapter_defaults("robustness")
    if alternative:
        values.update(json.loads(NOTEBOOK.read_text())["metadata"]["book"]["test_parameters"])
    return values


def _lagged(data, tbi_all, lag):
    shifted = tbi_all[["country", "year", "tbi"]].assign(year=tbi_all["year"] + lag).rename(columns={"tbi": "tbi_lag"})
    return data.merge(shifted, on=["country", "year"], how="left").dropna(subset=["tbi_lag"])


def _build(alternative: bool) -> dict:
    """The chapter's inputs, computed as its visible cells compute them."""
    P = _parameters(alternative)
    release = P["RELEASE"]
    year = words.validate(P["LAG"], P["IV_CONVENTION"], P["WEIGHTS"], P["KOF_ALTERNATIVE"], P["REPS"], P["SEED"],
                          P["DECOMPOSITION_YEAR"], releases.release(release).years)  # fmt: skip
    options = dict(exchange_rate=P["EXCHANGE_RATE"], capital=P["CAPITAL"], tfp=P["TFP"])
    data = panel.build_country_panel(release, **options).data
    table3 = scorecard.estimate_table(data, "3")
    baseline = {c: table3[c] for c in COLUMNS}
    tbi_all = tbi_panel(release, progress=False)
    iv_data = _lagged(data, tbi_all, P["LAG"])
    iv = {(c, conv): iv_fe(iv_data, y, "tbi", "tbi_lag", panel.CONTROLS, convention=conv)
          for c, y in COLUMNS.items() for conv in words.CONVENTIONS}  # fmt: skip
    components = gvc.country_decomposition(gvc.bilateral_decomposition(releases.load_table(release, year)))
    shares = 100 * components[PARTS].div(components["EXGR"], axis=0)
    shares["foreign"] = shares["FVA"] + shares["FDC"]
    shares = shares.drop(index="ROW", errors="ignore")
    dva = gvc.dva_panel(release)[["country", "year", "tbi_dva"]]
    data_dva = data.merge(dva, on=["country", "year"], how="left")
    dva_results = scorecard.estimate_table(data_dva, "3", regressor="tbi_dva")
    iv_est = {c: words.estimate(iv[(c, P["IV_CONVENTION"])].second) for c in COLUMNS}
    dva_est = {c: words.estimate(dva_results[c], "tbi_dva") for c in COLUMNS}
    claim_card = pd.concat([scorecard.claim_card(iv_est, f"2SLS, lag {P['LAG']}"),
                            scorecard.claim_card(dva_est, "DVA-based TBI")], ignore_index=True)  # fmt: skip
    race = {(c, name): xtreg_fe(data, y, [*x, *panel.CONTROLS])
            for c, y in COLUMNS.items() for name, x in MODELS.items()}  # fmt: skip
    boot = {(t, c): wild_cluster_bootstrap(scorecard.sample(data, which), dependent, "tbi", panel.CONTROLS,
                                           reps=P["REPS"], seed=P["SEED"], weights=P["WEIGHTS"], return_draws=True)
            for (t, c), (dependent, which, _) in scorecard.PAPER_SPECS.items()
            if (t == "3" and c in COLUMNS) or t == "4"}  # fmt: skip
    loo = {c: leave_one_out(data, y, "tbi", panel.CONTROLS) for c, y in COLUMNS.items()}
    dk = {c: driscoll_kraay(data, y, ["tbi", *panel.CONTROLS]).loc["tbi"] for c, y in COLUMNS.items()}
    kof_data = panel.build_country_panel(release, **options, kof_release=P["KOF_ALTERNATIVE"]).data
    kof_results = scorecard.estimate_table(kof_data, "3")
    weakest = {c: loo[c].loc[loo[c]["p"].idxmax()] for c in COLUMNS}
    checks = {
        "baseline (Table 3)": {c: words.estimate(baseline[c]) for c in COLUMNS},
        f"2SLS, lag {P['LAG']}": iv_est, "DVA-based TBI": dva_est,
        "wild cluster bootstrap": {c: (baseline[c].params["tbi"], boot[("3", c)]["p_bootstrap"],
                                       boot[("3", c)]["p_mc_se"]) for c in COLUMNS},
        "leave-one-out, weakest": {c: (weakest[c]["coef"], weakest[c]["p"]) for c in COLUMNS},
        "Driscoll–Kraay SEs": {c: (dk[c]["coef"], dk[c]["p"]) for c in COLUMNS},
        f"KOF {P['KOF_ALTERNATIVE']} release": {c: words.estimate(kof_results[c]) for c in COLUMNS},
    }  # fmt: skip
    survival = pd.concat([scorecard.claim_card(v, name) for name, v in checks.items()], ignore_index=True)
    return dict(P=P, year=year, data=data, baseline=baseline, tbi_all=tbi_all, iv_data=iv_data, iv=iv, shares=shares,
                dva=dva, data_dva=data_dva, dva_results=dva_results, claim_card=claim_card, race=race, boot=boot,
                loo=loo, dk=dk, kof_data=kof_data, kof_results=kof_results, survival=survival)  # fmt: skip


_BUILT: dict = {}


def _chapter(alternative: bool) -> dict:
    if alternative not in _BUILT:
        _BUILT[alternative] = _build(alternative)
    return _BUILT[alternative]


@pytest.fixture(params=[False, True], ids=["default", "alt"])
def chapter(request):
    return _chapter(request.param)


def _passages(c: dict) -> dict[str, book.Passage]:
    P = c["P"]
    in_year = words.dva_gap(c["tbi_all"], c["dva"], c["shares"], c["year"])
    return {
        "baseline": words.baseline(c["baseline"], c["data"], P["KOF_ALTERNATIVE"]),
        "iv_tests": words.iv_tests(c["iv"], P["LAG"]),
        "identification": words.identification(c["iv"], c["data"], c["iv_data"], P["LAG"]),
        "iv_estimates": words.iv_estimates(c["iv"], c["baseline"], P["IV_CONVENTION"]),
        "decomposition": words.decomposition(c["shares"], PARTS, c["year"]),
        "dva_index": words.dva_index(c["data_dva"], c["dva_results"], c["baseline"], in_year, P["RELEASE"]),
        "claims_judged": words.claims_judged(c["claim_card"], c["iv"], P["IV_CONVENTION"]),
        "horse_race": words.horse_race(c["race"], MODELS, c["data"]),
        "bootstrap": words.bootstrap(c["boot"], P["REPS"], P["WEIGHTS"]),
        "influence": words.influence(c["loo"], c["baseline"]),
        "common_shocks": words.common_shocks(c["dk"], c["baseline"]),
        "kof_release": words.kof_release(c["data"], c["kof_data"], c["kof_results"], COLUMNS),
        "survival": words.survival(c["survival"]),
    }


def _count(phrase: str) -> tuple[int, int]:
    """(k, n) of a claims.count phrase: "3 of 6", "all 6", "none of the 6", "both", "neither of the 2"."""
    if phrase.startswith("both"):
        return 2, 2
    if phrase.startswith("neither"):
        return 0, 2
    if phrase.startswith("all"):
        n = int(re.match(r"all (\d+)", phrase).group(1))
        return n, n
    if phrase.startswith("none"):
        return 0, int(re.match(r"none of the (\d+)", phrase).group(1))
    k, n = re.match(r"(\d+) of (\d+)", phrase).groups()
    return int(k), int(n)


# --------------------------------------------------------------------------- on the chapter's parameters


def test_guards_hold_and_only_the_lag_check_is_skipped(chapter):
    passages = _passages(chapter)
    for name, passage in passages.items():
        assert passage.failed == [], name
    skipped = [note for p in passages.values() for note in p.skipped]
    if chapter["P"]["LAG"] == 1:
        assert skipped == []
    else:
        assert len(skipped) == 1 and "first-stage coefficient above 0.5" in skipped[0]


def test_baseline_and_2sls_phrases_follow_the_estimates(chapter):
    c, P = chapter, chapter["P"]
    base = words.baseline(c["baseline"], c["data"], P["KOF_ALTERNATIVE"])
    b3, p3 = words.estimate(c["baseline"]["(3)"])
    assert base["b3"] == book.num(b3, ".2f") and base["sig3"] == claims.significance(p3)
    assert base["n_obs"] == f"{len(c['data']):,}" and base["kof_alt"] == P["KOF_ALTERNATIVE"]
    assert re.fullmatch(r"\d+\.\d{4}\**", base["paper_full3"]) and base["verdict3"] in claims.VERDICTS
    ident = words.identification(c["iv"], c["data"], c["iv_data"], P["LAG"])
    ref = c["iv"][("(3)", "book")]
    assert ident["lag_years"] == ("one year" if P["LAG"] == 1 else f"{P['LAG']} years")
    assert ident["pi"] == book.num(ref.first.params["tbi_lag"], ".2f")
    assert ident["iv_claim"].endswith("one-year lag)") == (P["LAG"] != 1)
    lost = len(c["data"]) - len(c["iv_data"])
    assert (str(lost) in ident["iv_lost"]) if lost else ident["iv_lost"].startswith("No country-year")
    above = [c["iv"][("(3)", conv)].kp_f > ref.stock_yogo_10 for conv in words.CONVENTIONS]
    assert ident["kp_vs_sy"].startswith("above the critical value in both") == all(above)
    # the chapter's short statement carries the appendix's numbers and verdict
    short = words.iv_tests(c["iv"], P["LAG"])
    for name in ("pi", "pi_01", "lag_years", "kp_f_book", "kp_f_x", "sy", "iv_claim"):
        assert short[name] == ident[name], name
    assert short["iv_tests"].lower().startswith(ident["iv_claim"].lower())
    for name in ("underid", "kp_f_book", "kp_f_x", "sy", "kp_lm_p"):
        assert f"{ident[name]}" in short["iv_tests"], name
    assert "kp_lm" not in short and "cd_f_book" not in short  # the details are the appendix's
    est = words.iv_estimates(c["iv"], c["baseline"], P["IV_CONVENTION"])
    chosen = c["iv"][("(4)", P["IV_CONVENTION"])].second
    assert est["iv_b4"] == book.num(chosen.params["tbi"], ".2f") and est["iv_convention"] == P["IV_CONVENTION"]
    gap = abs(chosen.params["tbi"] - c["baseline"]["(4)"].params["tbi"]) / chosen.se["tbi"]
    assert est["iv_close4"].startswith("within") == (gap < 1)


def test_counts_add_up(chapter):
    c = chapter
    card = c["claim_card"]
    judged = words.claims_judged(card, c["iv"], c["P"]["IV_CONVENTION"])
    assert _count(judged["claims_rep"]) == (int((card["verdict"] == claims.REPRODUCED).sum()), len(card))
    surv = words.survival(c["survival"])
    assert surv["n_checks"] == "6"
    for k in ("3", "4"):
        listed = [_count(part.split(": ")[1]) for part in surv[f"surv_list{k}"].split("; ")]
        assert sum(n for n, _ in listed) == 6 and {total for _, total in listed} == {6}
        assert _count(surv[f"surv_rep{k}"])[1] == 6
    loo = words.influence(c["loo"], c["baseline"])
    positive, n = _count(loo["loo_pos3"])
    assert n == len(c["loo"]["(3)"]) and positive == int((c["loo"]["(3)"]["coef"] > 0).sum())
    assert loo["loo_who3"] in {countries.name(x) for x in c["loo"]["(3)"]["dropped"]}
    boot = words.bootstrap(c["boot"], c["P"]["REPS"], c["P"]["WEIGHTS"])
    assert boot["n_boot"] == "6" and _count(boot["boot_same"])[1] == 6 and boot["reps"] == f"{c['P']['REPS']:,}"
    assert boot["boot_weights"] == ("Webb's six-point" if c["P"]["WEIGHTS"] == "webb" else "Rademacher (±1)")


def test_decomposition_and_dva_phrases(chapter):
    c = chapter
    dec = words.decomposition(c["shares"], PARTS, c["year"])
    assert dec["dec_year"] == str(c["year"]) and len(dec["foreign_top"].split(", ")) == 3
    top = c["shares"]["foreign"].idxmax()
    assert dec["foreign_top"].startswith(f"{countries.name(top)} (")
    in_year = words.dva_gap(c["tbi_all"], c["dva"], c["shares"], c["year"])
    assert (in_year["gap"] == in_year["tbi_dva"] - in_year["tbi"]).all() and in_year["foreign"].notna().all()
    dva = words.dva_index(c["data_dva"], c["dva_results"], c["baseline"], in_year, c["P"]["RELEASE"])
    flips = int((np.sign(in_year["tbi"]) != np.sign(in_year["tbi_dva"])).sum())
    assert _count(dva["n_flip"]) == (flips, len(in_year))
    assert dva["gap_min_who"] == countries.name(in_year["gap"].idxmin())
    assert dva["gap_r_word"].endswith("negative")  # the mechanism: more foreign content, lower DVA-based index


def test_tables_and_figures_carry_their_labels(chapter):
    c, P = chapter, chapter["P"]
    tables = {
        "tbl-robustness-2sls": words.table_2sls(c["iv"], c["baseline"], COLUMNS, P["LAG"]),
        "tbl-robustness-firststage": words.table_first_stage(c["iv"], P["LAG"]),
        "tbl-robustness-kww": words.table_kww(c["shares"], c["year"]),
        "tbl-robustness-dva": words.table_dva(c["baseline"], c["dva_results"], COLUMNS),
        "tbl-robustness-claims": words.table_claims(c["claim_card"], P["IV_CONVENTION"]),
        "tbl-robustness-race": words.table_race(c["race"], MODELS, COLUMNS),
        "tbl-robustness-boot": words.table_boot(c["boot"], P["WEIGHTS"], P["SEED"]),
        "tbl-robustness-dk": words.table_dk(c["dk"], c["baseline"], COLUMNS),
        "tbl-robustness-kof": words.table_kof(c["kof_results"], c["baseline"], COLUMNS, P["KOF_ALTERNATIVE"]),
        "tbl-robustness-survival": words.table_survival(c["survival"], P["IV_CONVENTION"], c["dk"]),
    }
    for label, shown in tables.items():
        assert f":name: {label}" in shown.text, label
    assert f"TBI(t−{P['LAG']})" in tables["tbl-robustness-2sls"].text
    assert f"seed {P['SEED']}" in tables["tbl-robustness-boot"].text
    in_year = words.dva_gap(c["tbi_all"], c["dva"], c["shares"], c["year"])
    figures = [words.figure_dva_gap(in_year, c["year"]), words.figure_va_gross(c["data"]),
               words.figure_boot(c["boot"], COLUMNS), words.figure_loo(c["loo"], c["baseline"], COLUMNS)]  # fmt: skip
    assert [len(f.axes) for f in figures] == [1, 1, 1, 2]
    assert str(c["year"]) in figures[0].axes[0].get_xlabel()
    for f in figures:
        plt.close(f)


# --------------------------------------------------------------------------- sentences that flip


def test_the_iv_claim_flips_when_the_instrument_fails_a_test():
    c = _chapter(False)
    weak = {key: dataclasses.replace(r, kp_lm_p=0.2) for key, r in c["iv"].items()}
    ident = words.identification(weak, c["data"], c["iv_data"], 1)
    assert ident["underid"] == "does not reject underidentification at 5 %"
    assert ident["iv_claim"] == "unlike what the paper says, the lagged TBI does not pass both tests"
    assert words.iv_tests(weak, 1)["iv_tests"].startswith("Unlike what the paper says, the lagged TBI does not pass "
                                                          "both tests: the Kleibergen–Paap LM test does not reject")
    strong = words.identification(c["iv"], c["data"], c["iv_data"], 1)
    assert strong["iv_claim"] == "as the paper says, the lagged TBI passes both tests" and strong.failed == []
    low = {key: dataclasses.replace(r, kp_f=1.0) for key, r in c["iv"].items()}
    flipped = words.identification(low, c["data"], c["iv_data"], 1)
    assert flipped["kp_vs_sy"] == "below the critical value in both conventions"
    below = "is below the Stock–Yogo critical value of 16.38 in both conventions."
    assert words.iv_tests(low, 1)["iv_tests"].endswith(below)
    assert "book convention: KP F equals the squared first-stage t statistic" in flipped.failed


def test_the_feedback_sentence_flips_with_a_distant_2sls_estimate():
    c = _chapter(False)
    est = words.iv_estimates(c["iv"], c["baseline"], "book")
    far = {}
    for key, r in c["iv"].items():
        params = r.second.params.copy()
        params["tbi"] = c["baseline"][key[0]].params["tbi"] + 3 * r.second.se["tbi"]
        far[key] = dataclasses.replace(r, second=dataclasses.replace(r.second, params=params))
    moved = words.iv_estimates(far, c["baseline"], "book")
    assert moved["iv_close3"] == "more than one 2SLS standard error from" and moved["iv_gap3"] == "3.00"
    assert moved["iv_feedback"].startswith("The 2SLS estimates move more than one standard error away from OLS")
    assert est["iv_feedback"] != moved["iv_feedback"]


def test_race_phrase_on_each_side_of_10_percent():
    assert words.race_phrase(0.05, 0.5, 0.1).endswith("value added wins")
    assert words.race_phrase(0.5, 0.05, 0.1).endswith("customs wins")
    assert words.race_phrase(0.05, 0.05, 0.01) == "both indices keep an effect of their own"
    assert words.race_phrase(0.5, 0.5, 0.05).startswith("neither index is significant on its own, but together")
    assert words.race_phrase(0.5, 0.5, 0.5).endswith("the race has no winner")


def test_the_race_claim_flips_when_value_added_wins():
    c = _chapter(False)
    race = dict(c["race"])
    both = race[("(3)", "both")]
    se = both.se.copy()
    se["tbi"] = abs(both.params["tbi"]) / 10  # t = 10: value added keeps an effect of its own
    se["tbi_gross"] = abs(both.params["tbi_gross"]) * 10  # t = 0.1: customs does not
    race[("(3)", "both")] = dataclasses.replace(both, se=se)
    won = words.horse_race(race, MODELS, c["data"])
    assert won["race3"].endswith("value added wins")
    assert won["race_claim"].startswith("In column(s) (3) the value-added index wins")
    assert won["race_caveat"].startswith("The horse race, for its part, supports")


def test_joint_p_of_one_term_is_its_t_test():
    c = _chapter(False)
    r = c["race"][("(3)", "both")]
    assert words.joint_p(r, ["tbi"]) == pytest.approx(r.pvalues["tbi"], rel=1e-9)
    assert 0 < words.joint_p(r, ["tbi", "tbi_gross"]) < 1


def test_pshow_keeps_a_star_level_visible():
    assert words.pshow(0.0997) == "0.0997" and words.pshow(0.0497) == "0.0497"
    assert words.pshow(0.5) == "0.500" and words.pshow(0.00001) == "1.0e-05" and words.pshow(0.1003) == "0.100"


def test_bootstrap_stars_in_doubt_are_named():
    def draw(p, mc_se):
        return {"reps": 999, "enumerated": False, "p_bootstrap": p, "p_mc_se": mc_se, "p_cluster": p, "t": 2.0,
                "n_clusters": 40, "t_draws": np.zeros(3)}  # fmt: skip

    sure = words.bootstrap({("3", "(3)"): draw(0.01, 0.0), ("3", "(4)"): draw(0.2, 0.0)}, 999, "rademacher")
    assert sure["boot_fragile"].startswith("No 99 % Monte Carlo interval") and sure["surv_fragile"] == ""
    assert sure["boot_fig_col"] == "(4)" and sure.failed == []
    doubt = words.bootstrap({("3", "(3)"): draw(0.01, 0.0), ("3", "(4)"): draw(0.049, 0.005)}, 999, "webb")
    assert "Table 3 (4) (0.0490, Monte Carlo SE 0.0050) contains a star level" in doubt["boot_fragile"]
    assert doubt["surv_fragile"].startswith(" The bootstrap verdict of column 4 depends")
    assert words.bootstrap({("3", "(3)"): draw(0.01, 0.0)}, 9999, "webb").failed == ["every bootstrap used REPS draws"]


def test_exercise_sentences():
    by_lag = pd.DataFrame({"first stage": [0.9, 0.7, 0.5, 0.3], "KP F": [90.0, 40.0, 12.0, 5.0],
                           "2SLS": [9.0, 10.0, 11.0, 14.0], "SE": [3.0, 4.0, 6.0, 9.0], "p": [0.01, 0.02, 0.1, 0.2]},
                          index=pd.Index([1, 2, 3, 4], name="lag"))  # fmt: skip
    ex1 = words.exercise_lags(by_lag, [1, 2], 16.38)
    assert ex1["ex1_strong"] == "lags 1 and 2 pass the Stock–Yogo threshold of 16.38, lags 3 and 4 do not"
    assert ex1["ex1_first"] == "0.90 at lag 1 to 0.30 at lag 4" and ex1["ex1_b"] == "9.0 and 14.0"
    assert words.exercise_lags(by_lag, [1], 16.38)["ex1_strong"].startswith("lag 1 passes the")
    assert words.exercise_lags(by_lag, [], 16.38)["ex1_strong"].startswith("no lag passes")
    ex2 = words.exercise_race(0.95, 3.0, 15.0, 1 / np.sqrt(0.05), "2013")
    assert ex2["ex2_left"] == "5.0" and ex2["ex2_ratio"] == "5.0" and ex2.failed == []
    collinear = "the two indices are nearly collinear within countries"
    assert words.exercise_race(0.5, 3.0, 4.0, 1.4, "2013").failed == [collinear]
    assert words.exercise_race(0.5, 3.0, 4.0, 1.4, "2016").skipped
    near = words.exercise_draws({999: 0.02, 9999: 0.006}, 0.095, {999: 0.009, 9999: 0.003}, 22_000)
    assert near["ex3_near"].startswith("This p-value lies within two Monte Carlo standard errors of the 10 % level")
    assert near["ex3_needed"] == "22,000" and near["ex3_p"] == "0.095"
    far = words.exercise_draws({999: 0.02, 9999: 0.006}, 0.3, {999: 0.009, 9999: 0.003}, 52_500)
    assert far["ex3_near"].startswith("This p-value is far enough")
    assert words.exercise_brute_force(1e-12).failed == [] and words.exercise_brute_force(1e-3).failed
    assert words.exercise_brute_force(1e-8).failed == ["brute force reproduces the bootstrap draws"]  # strict


def test_validate_names_the_parameter():
    years = releases.release("2013").years
    assert words.validate(1, "book", "webb", "2023", 9999, 2021, None, years) == years[-1]
    assert words.validate(2, "xtivreg2", "rademacher", "2019", 999, 7, 2005, years) == 2005
    with pytest.raises(ValueError, match="LAG"):
        words.validate(6, "book", "webb", "2023", 9999, 2021, None, years)
    with pytest.raises(ValueError, match="Parameter LAG = 0 is not available; choose one of 1–5"):  # no lag: no IV
        words.validate(0, "book", "webb", "2023", 9999, 2021, None, years)
    assert words.validate(5, "book", "webb", "2023", 9999, 2021, 2000, years) == 2000
    with pytest.raises(ValueError, match="REPS = 50"):
        words.validate(1, "book", "webb", "2023", 50, 2021, None, years)
    with pytest.raises(ValueError, match="DECOMPOSITION_YEAR"):
        words.validate(1, "book", "webb", "2023", 9999, 2021, 1990, years)


@pytest.mark.parametrize("notebook", ["robustness", "robustness_iv"])
def test_every_phrase_the_text_shows_is_generated(notebook):
    """Each ``{eval}`txt.name``` of the chapter and of its appendix comes from a passage of the module."""
    cells = json.loads((NOTEBOOK.parent / f"{notebook}.ipynb").read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    shown = set(re.findall(r"\{eval\}`txt\.(\w+)`", text))
    c = _chapter(False)
    if notebook == "robustness_iv":
        passages = [_passages(c)["identification"]]
    else:
        by_lag = pd.DataFrame({"first stage": [0.9, 0.3], "KP F": [90.0, 5.0], "2SLS": [9.0, 14.0], "SE": [3.0, 9.0],
                               "p": [0.01, 0.2]}, index=[1, 4])  # fmt: skip
        passages = [p for name, p in _passages(c).items() if name != "identification"] + [
            words.exercise_lags(by_lag, [1], 16.38), words.exercise_race(0.95, 3.0, 15.0, 4.5, "2013"),
            words.exercise_draws({999: 0.02, 9999: 0.006}, 0.3, {999: 0.009, 9999: 0.003}, 52_500)]
    generated = {"release_label"} | {name for p in passages for name in vars(p.text)}
    assert shown and shown <= generated, sorted(shown - generated)
