"""The words of the chapter *Baseline* (``chapters/baseline.ipynb``): Table 3 replicated and judged.

Each public function turns what the notebook computed (the regression panel, the four columns of
Table 3, their scorecard, the sensitivity table, the exercises' numbers) into the phrases one
section of the chapter shows, as a :class:`lib.report.book.Passage` with its guards; the tables and
the figure of the hidden cells are built here too. The arithmetic sits in the small private helpers
at the top, the words in the public functions below them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...data import countries
from ...econometrics import panel
from ...econometrics.estimation import FEResult
from ...econometrics.significance import STARS_LEGEND
from ...mrio.tbi import tbi_panel
from .. import book, claims, scorecard
from .common import PanelParameters as Parameters, validate_panel as validate  # noqa: F401
from .common import coefficient_phrases

# The variants of the sensitivity table that the text names (keys of the notebook's ``variants``).
RQ_DROP = "drop 2001 instead of interpolating RQ"
TFP_ALT = "TFP at constant national prices (rtfpna)"
# The columns of Table 3 with the controls, which the sensitivity table re-estimates.
WITH_CONTROLS = ("(3)", "(4)")
# An effect below this share (%) of the index's within-country standard deviation is "a small part".
SMALL_SHARE = 25
# Within R² that differ by less than this fit "about equally well".
R2_CLOSE = 0.01


# --------------------------------------------------------------------------- arithmetic


def _within(data: pd.DataFrame, column: str) -> pd.Series:
    """``column`` minus its country mean."""
    return data[column] - data.groupby("country")[column].transform("mean")


def _tbi_rows(card: pd.DataFrame) -> pd.DataFrame:
    """The TBI rows of a scorecard, indexed by column."""
    return card[card["term"] == "TBI"].set_index("column")


def _intervals(results: dict[str, FEResult]) -> pd.DataFrame:
    """Our 95 % confidence interval of the TBI coefficient, one row (``low``, ``high``) per column."""
    return pd.DataFrame({col: r.conf_int().loc["tbi"] for col, r in results.items()}).T


def _column(sensitivity: pd.DataFrame, col: str) -> pd.DataFrame:
    """One column's rows of the sensitivity table, indexed by variant."""
    return sensitivity[sensitivity["column"] == col].set_index("variant")


# --------------------------------------------------------------------------- the sample


def table_dropped(built: panel.PanelBuild) -> book.MystMarkdown:
    """Table of the country-years lost in the merge, by reason."""
    lost = built.dropped.groupby("reason").size().rename("country-years").to_frame()
    return book.table(lost, "Observations lost in the merge of the TBI panel with the KOF index and the controls, by "
                      "reason.", "tbl-baseline-dropped")


def sample(built: panel.PanelBuild, params: Parameters) -> book.Passage:
    """``n_obs``, ``n_countries``, ``years``, ``n_dropped``, ``dropped_who``; guards that the panel has one row per
    country-year and that every country-year of the TBI panel is either kept or logged as dropped."""
    data, dropped = built.data, built.dropped
    out = book.Passage()
    out.say("n_obs", len(data)).say("n_countries", data["country"].nunique()).say("years", book.years_of(data))
    out.say("n_dropped", len(dropped))
    out.say("dropped_who", claims.join([countries.name(c) for c in sorted(dropped["country"].unique())],
                                       empty="no country"))
    tbi_rows = tbi_panel(params.release, progress=False)
    tbi_rows = tbi_rows[tbi_rows["year"].between(2000, 2014) & ~tbi_rows["country"].isin(params.exclude)]
    out.check(not data.duplicated(["country", "year"]).any(), "one row per country-year")
    out.check(len(data) + len(dropped) == len(tbi_rows), "every country-year of the TBI panel is kept or logged")
    return out


# --------------------------------------------------------------------------- Table 3 and its scorecard


def table_3(results: dict[str, FEResult], years: str) -> book.MystMarkdown:
    """Table 3 replicated, the paper's estimates below ours; ``years`` as the text shows them."""
    table3 = book.regression_table(results, paper_table="3").rename(columns=book.dependent_header(results))
    return book.table(table3, f"Table 3 replicated: de jure globalisation on the TBI, {years}, with the paper's "
                      "estimates (rows 'paper', 2000–2014) below ours. Standard errors clustered by country in "
                      "parentheses; " + STARS_LEGEND + ".", "tbl-table3", index=False)


def table_score(card: pd.DataFrame) -> book.MystMarkdown:
    """The scorecard of the TBI coefficient."""
    return book.table(scorecard.display_card(card[card["term"] == "TBI"]).drop(columns=["table", "sample", "term"]),
                      "Scorecard for the TBI coefficient of Table 3: the paper's estimate and ours with stars, "
                      "standard errors, the distance in the paper's standard errors and the verdict.",
                      "tbl-baseline-score", index=False)


def table_score_all(card: pd.DataFrame) -> book.MystMarkdown:
    """The scorecard of every coefficient of Table 3."""
    return book.table(scorecard.display_card(card).drop(columns=["table", "sample", "dependent"])
                      .rename(columns={"distance (paper SEs)": "dist."}),
                      "Scorecard for every coefficient of Table 3 (controls and constant included; columns 1 and 3 "
                      "explain KOFGIdj, columns 2 and 4 KOFEcGIdj); dist. is the distance in the paper's standard "
                      "errors.", "tbl-baseline-score-all", index=False)


def _controls_sentence(card: pd.DataFrame) -> str:
    controls = card[~card["term"].isin(["TBI", "const"])]
    same = np.sign(controls["ours"]) == np.sign(controls["paper"])
    differ = controls[~same]
    if not len(differ):
        return f"All {len(controls)} control coefficients share the paper's sign."
    n_null = int((differ["verdict"] == claims.BOTH_NULL).sum())
    return (f"Of the {len(controls)} control coefficients, {int(same.sum())} share the paper's sign; of the "
            f"{len(differ)} that do not, {n_null} {'is' if n_null == 1 else 'are'} significant in neither study, "
            "where a sign says little.")


def scorecard_verdicts(card: pd.DataFrame, results: dict[str, FEResult], params: Parameters) -> book.Passage:
    """The TBI coefficients' phrases (:func:`~lib.report.chapters.common.coefficient_phrases`), ``no_controls_sig``,
    ``no_controls_paper``, ``n_terms``, ``table_verdicts`` and ``controls_sentence``; guards that every row has a
    verdict and that, with the paper's definitions on WIOD 2013, column 3 is positive and significant at 5 %."""
    tbi_card = _tbi_rows(card)
    out = coefficient_phrases(tbi_card)
    out.say("no_controls_sig", claims.pair_significance(tbi_card.loc["(1)", "ours_p"], tbi_card.loc["(2)", "ours_p"]))
    out.say("no_controls_paper", claims.pair_significance_of_stars(
        *[int(s) for s in tbi_card.loc[["(1)", "(2)"], "paper_stars"]]))
    out.say("n_terms", len(card)).say("table_verdicts", claims.verdict_sentence(scorecard.verdict_counts(card)))
    out.say("controls_sentence", _controls_sentence(card))
    out.check(card["verdict"].isin(claims.VERDICTS).all(), "every scorecard row has a verdict")
    out.check_if(params.paper_definitions and params.release == "2013",
                 lambda: results["(3)"].params["tbi"] > 0 and claims.rejects(results["(3)"].pvalues["tbi"]),
                 "with the paper's definitions, column 3 is positive and significant at 5 %")
    return out


# --------------------------------------------------------------------------- the figure and the size of the effect


def figure_coefficients(results: dict[str, FEResult], tbi_card: pd.DataFrame) -> plt.Figure:
    """Our TBI coefficient in the four columns with its 95 % interval, beside the paper's ±1.96 SE."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    positions = np.arange(len(results))
    ci = _intervals(results)
    ours, paper = tbi_card["ours"], tbi_card["paper"]
    ax.errorbar(positions - 0.1, ours, yerr=[ours - ci["low"], ci["high"] - ours], fmt="o", capsize=4, label="ours")
    ax.errorbar(positions + 0.1, paper, yerr=1.96 * tbi_card["paper_se"], fmt="s", capsize=4, color="tab:gray",
                label="paper")
    ax.axhline(0, color="0.3", linewidth=0.8)
    labels = [f"{col} {r.dependent}\n{'with' if len(r.params) > 2 else 'no'} controls" for col, r in results.items()]
    ax.set_xticks(positions, labels)
    ax.set_ylabel("coefficient on TBI (index points)")
    ax.legend()
    return fig


def figure_sentence(results: dict[str, FEResult], tbi_card: pd.DataFrame) -> book.Passage:
    """``coefs_sentence``: in how many columns ours is the smaller estimate and the paper's lies in our interval."""
    ci = _intervals(results)
    n_smaller = int((tbi_card["ours"] < tbi_card["paper"]).sum())
    inside = ((ci["low"] <= tbi_card["paper"]) & (tbi_card["paper"] <= ci["high"])).reindex(tbi_card.index)
    return book.Passage().say("coefs_sentence", (
        f"Our estimate is the smaller one in {claims.count(n_smaller, len(tbi_card), 'columns')}, and the paper's "
        f"estimate lies inside our 95 % interval in {claims.count(int(inside.sum()), len(tbi_card), 'columns')}."))


def effect_size(data: pd.DataFrame, results: dict[str, FEResult]) -> book.Passage:
    """The column-3 effect in index points: ``within_sd_tbi``, ``within_sd_kof``, ``share_sd``, ``effect_01``,
    ``more_less``, ``effect_sd``; guard that the TBI moves little within a country."""
    b = results["(3)"].params["tbi"]
    sd_tbi, sd_kof = _within(data, "tbi").std(), _within(data, "KOFGIdj").std()
    out = book.Passage()
    out.say("within_sd_tbi", book.num(sd_tbi, ".3f")).say("within_sd_kof", book.num(sd_kof, ".2f"))
    out.say("share_sd", book.num(100 * abs(sd_tbi * b) / sd_kof, ".0f"))
    out.say("effect_01", book.num(abs(0.1 * b), ".2f")).say("more_less", "more" if b > 0 else "fewer")
    out.say("effect_sd", book.num(abs(sd_tbi * b), ".2f"))
    out.check(sd_tbi < 0.1, "within a country the TBI moves little (within SD below 0.1 on a scale of 2)")
    return out


def differences(data: pd.DataFrame, params: Parameters) -> book.Passage:
    """Why our numbers are not the paper's: ``data_reason``, ``kof_vintage`` and ``controls_as``."""
    if params.release != "2016":
        reason = (f"The WIOD release ({params.release} instead of 2016) changes the TBI itself, and our sample ends "
                  f"in {data['year'].max()} instead of 2014 and lacks Switzerland, Norway and Croatia (not separate "
                  "countries in WIOD 2013)")
    else:
        reason = "We use the paper's WIOD 2016 release, but its files may have been revised since the paper used them"
    reason += ("; it keeps Romania, which the paper most likely lost in a merge." if "ROU" in set(data["country"]) else
               "; like the paper's sample as we reconstruct it, it leaves Romania out.")
    out = book.Passage().say("data_reason", reason).say("kof_vintage", f"KOF {params.kof_release}")
    return out.say("controls_as", "with its controls as its text defines them (real exchange rate, capital stock)"
                   if params.paper_controls else "with this chapter's choice of control series")


# --------------------------------------------------------------------------- sensitivity to the control series


def table_sensitivity(sensitivity: pd.DataFrame, variants) -> book.MystMarkdown:
    """The TBI coefficient of columns 3 and 4 in each variant (rows in the order of ``variants``)."""
    shown = pd.DataFrame(index=list(variants))
    for col in WITH_CONTROLS:
        part = _column(sensitivity, col)
        shown[f"{col} coef."] = [book.coef(b, p) for b, p in zip(part["coef"], part["p"])]
        shown[f"{col} SE"] = [book.se(s) for s in part["se"]]
        shown[f"{col} p"] = [book.pvalue(p) for p in part["p"]]
    shown["N"] = sensitivity.groupby("variant", sort=False)["N"].first()
    return book.table(shown, "The TBI coefficient in columns 3 (KOFGIdj) and 4 (KOFEcGIdj) of Table 3 when one choice "
                      "of control variables or sample changes; " + STARS_LEGEND + ".",
                      "tbl-baseline-sensitivity")


def _coef_p(part: pd.DataFrame, variant: str) -> str:
    """``"0.12 (p = 0.345"``: a variant's coefficient and p-value, the bracket left open."""
    return f"{book.num(part.loc[variant, 'coef'], '.2f')} (p = {book.pvalue(part.loc[variant, 'p'])}"


def sensitivity_summary(sensitivity: pd.DataFrame, variants) -> book.Passage:
    """The range, signs and significance of columns 3 and 4 across the variants (``sens_*``), the variants where
    column 4 loses the 10 % level, the verdicts, and the two variants the text names (``sens_rq``, ``sens_tfp``)."""
    out = book.Passage()
    for col in WITH_CONTROLS:
        k, part = col.strip("()"), _column(sensitivity, col)
        out.say(f"sens_min{k}", book.num(part["coef"].min(), ".2f"))
        out.say(f"sens_max{k}", book.num(part["coef"].max(), ".2f"))
        out.say(f"sens_sig5_{k}", claims.count(int(claims.rejects(part["p"]).sum()), len(part), "variants"))
        n_sig10 = int(claims.rejects(part["p"], claims.STAR_LEVELS[0]).sum())
        out.say(f"sens_sig10_{k}", claims.count(n_sig10, len(part), "variants"))
        out.say(f"sens_pos{k}", claims.count(int((part["coef"] > 0).sum()), len(part), "variants"))
    col3, col4 = _column(sensitivity, "(3)"), _column(sensitivity, "(4)")
    weakest, weakest_p = col4["p"].idxmax(), book.pvalue(col4["p"].max())
    lost10 = list(col4.index[col4["p"] >= 0.1])
    lost = "in " + claims.join([f"“{v}”" for v in lost10], empty="none of them")
    out.say("sens_weakest4", weakest).say("sens_weakest4_p", weakest_p)
    out.say("sens_lost10", lost + (f" (p = {weakest_p}, its weakest)" if weakest in lost10 else ""))
    out.say("sens_weakest_clause",
            "" if weakest in lost10 else f", and is weakest with “{weakest}” (p = {weakest_p})")
    n4_5, n3_5 = int(claims.rejects(col4["p"]).sum()), int(claims.rejects(col3["p"]).sum())
    out.say("sens_verdict4", f"significant at 5 % {claims.survives(n4_5, len(col4))} ({n4_5} of {len(col4)})")
    out.say("sens_verdict3", f"significant at 5 % {claims.survives(n3_5, len(col4))} ({n3_5} of {len(col4)})")
    out.say("n_variants", len(variants))
    if col4.loc[RQ_DROP, "p"] >= 0.1:
        rq = ("Column 4 depends on interpolating regulatory quality for 2001, which WGI skipped: without the 2001 "
              f"observations it is {_coef_p(col4, RQ_DROP)}, {claims.significance(col4.loc[RQ_DROP, 'p'])})")
    else:
        rq = f"Dropping 2001 instead of interpolating regulatory quality leaves column 4 at {_coef_p(col4, RQ_DROP)})"
    out.say("sens_rq", rq)
    return out.say("sens_tfp", f"With rtfpna for TFP the two columns are {_coef_p(col3, TFP_ALT)}) and "
                   f"{_coef_p(col4, TFP_ALT)})")


# --------------------------------------------------------------------------- exercises


def exercise_1(change_tbi: float, predicted: float, within_kof: pd.Series) -> book.Passage:
    """Solution of exercise 1: ``ex1_tbi``, ``ex1_pred``, ``ex1_share`` (% of the within SD) and ``ex1_words``."""
    share = 100 * abs(predicted) / within_kof.std()
    out = book.Passage().say("ex1_tbi", book.signed(change_tbi, ".3f")).say("ex1_pred", book.signed(predicted, ".2f"))
    out.say("ex1_share", book.num(share, ".0f"))
    return out.say("ex1_words", "a small part of how policy openness moves" if share < SMALL_SHARE else
                   "a sizeable part of how policy openness moves")


def table_exercise_2(fits: dict) -> book.MystMarkdown:
    """Columns 3 and 4 with each regressor of ``fits`` (``{name: (results, variable)}``)."""
    horse = pd.DataFrame({
        name: {**{f"{col} coef.": book.coef(res[col].params[var], res[col].pvalues[var]) for col in WITH_CONTROLS},
               **{f"{col} SE": book.se(res[col].se[var]) for col in WITH_CONTROLS},
               **{f"{col} within R²": f"{res[col].r2_within:.4f}" for col in WITH_CONTROLS}}
        for name, (res, var) in fits.items()}).T  # fmt: skip
    horse = horse[[f"{col} {what}" for col in WITH_CONTROLS for what in ("coef.", "SE", "within R²")]]
    return book.table(horse.rename_axis("regressor"), "Columns 3 (KOFGIdj) and 4 (KOFEcGIdj) of Table 3 with the "
                      "value-added TBI and with the customs TBI; standard errors clustered by country; "
                      + STARS_LEGEND + ".", "tbl-baseline-ex2")


def exercise_2(r_within: float, demeaned: pd.DataFrame, results: dict[str, FEResult],
               gross: dict[str, FEResult]) -> book.Passage:  # fmt: skip
    """Solution of exercise 2: ``ex2_r``, ``ex2_lockstep``, ``ex2_fit`` and ``ex2_scale``."""
    strength = claims.correlation(r_within)
    r2_gap = max(abs(results[c].r2_within - gross[c].r2_within) for c in WITH_CONTROLS)
    larger = all(gross[c].params["tbi_gross"] > results[c].params["tbi"] > 0 for c in WITH_CONTROLS)
    varies_less = demeaned["tbi_gross"].std() < demeaned["tbi"].std()
    out = book.Passage().say("ex2_r", book.num(r_within, ".3f"))
    out.say("ex2_lockstep", "move almost in lockstep within countries" if strength == "strong" else
            f"are less tightly linked within countries ({strength} correlation)")
    out.say("ex2_fit", "so the two regressions fit about equally well (their within R² differ by less than 0.01)"
            if r2_gap < R2_CLOSE else "yet the two regressions fit differently")
    return out.say("ex2_scale", "The customs coefficients are larger because the customs index varies less: the same "
                   "change in policy is spread over smaller movements of the regressor." if larger and varies_less else
                   "The two sets of coefficients differ in scale as the two indices do.")
