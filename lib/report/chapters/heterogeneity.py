"""The words of the chapter 'Developed and developing countries' (``chapters/heterogeneity.ipynb``).

The chapter estimates the paper's Table 4 (developed and developing countries separately), judges
each TBI coefficient with the scorecard, tests the difference between the groups with the pooled
interaction test, changes the developing sample of column 4, and solves three exercises. Each public
function below takes what the notebook computed (``results``, ``card``, ``tests``, ...) and returns a
:class:`lib.report.book.Passage` (the phrases of one section and its guards), a table
(:func:`lib.report.book.table`) or a figure; the private helpers compute the numbers the words use.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats

from ...econometrics import panel
from ...econometrics.estimation import FEResult
from ...econometrics.significance import STARS_LEGEND
from .. import book, claims, scorecard
from .common import PanelParameters as Parameters, coefficient_phrases, split_phrase, validate_panel as validate  # noqa: F401

# The developed/developing rules: ours, and ours plus the IMF advanced economies (lib.econometrics.panel).
SPLITS = panel.SPLITS
# The ten countries that joined the EU in 2004 (the chapter's sensitivity table leaves them out).
EU_2004 = ("CYP", "CZE", "EST", "HUN", "LTU", "LVA", "MLT", "POL", "SVK", "SVN")
# Dependent variable -> (developed column, developing column) of Table 4.
PAIRS = {"KOFGIdj": ("(1)", "(3)"), "KOFEcGIdj": ("(2)", "(4)")}
SCORE_COLUMNS = ["column", "sample", "term", "paper", "ours", "distance (paper SEs)", "verdict"]
SPLIT_SHORT = {"paper": "our reconstruction of the paper's developed/developing rule",
               "imf": "the IMF-based developed/developing rule"}  # fmt: skip
STARS_NOTE = STARS_LEGEND + "."


# --------------------------------------------------------------------------- parameters


# --------------------------------------------------------------------------- Table 4 and its scorecard


def table4(results: dict[str, FEResult], data: pd.DataFrame):
    """Table 4 replicated, with the paper's estimates below ours (``tbl-table4``)."""
    frame = book.regression_table(results, paper_table="4").rename(columns=book.dependent_header(results))
    frame.columns = [c if not c.startswith("(") else c + (" developed" if c[:3] in ("(1)", "(2)") else " developing")
                     for c in frame.columns]  # fmt: skip
    return book.table(frame, f"Table 4 replicated: de jure globalisation on the TBI, developed (columns 1–2) and "
                      f"developing countries (3–4), {book.years_of(data)}, with the paper's estimates (rows 'paper', "
                      "2000–2014) below ours. Standard errors clustered by country in parentheses; " + STARS_NOTE,
                      "tbl-table4", index=False)  # fmt: skip


def samples(results: dict[str, FEResult], data: pd.DataFrame) -> book.Passage:
    """``years``, ``n_dev``, ``n_devg``, ``nobs_dev``, ``nobs_devg``: the two samples of Table 4."""
    out = book.Passage().say("years", book.years_of(data))
    out.say("n_dev", results["(1)"].n_clusters).say("n_devg", results["(3)"].n_clusters)
    out.say("nobs_dev", results["(1)"].nobs).say("nobs_devg", results["(3)"].nobs)
    out.check(results["(1)"].nobs + results["(3)"].nobs == len(data), "the two groups partition the panel")
    return out


def score_table(card: pd.DataFrame):
    """The scorecard of the TBI coefficient of Table 4 (``tbl-heterogeneity-score``)."""
    shown = scorecard.display_card(card[card["term"] == "TBI"])
    return book.table(shown[["column", "dependent", "sample", "paper", "ours", "distance (paper SEs)", "verdict"]],
                      "Scorecard for the TBI coefficient of Table 4: the paper's estimate and ours with stars "
                      "(standard errors in the table above), the distance in the paper's standard errors and the "
                      "verdict.", "tbl-heterogeneity-score", index=False)  # fmt: skip


def full_score_table(card: pd.DataFrame):
    """The scorecard of every coefficient of Table 4 (``tbl-heterogeneity-score-all``)."""
    return book.table(scorecard.display_card(card)[SCORE_COLUMNS],
                      "Scorecard for every coefficient of Table 4 (controls and constant included); columns 1–2 have "
                      "the dependent variables KOFGIdj and KOFEcGIdj for developed countries, 3–4 for developing "
                      "countries.", "tbl-heterogeneity-score-all", index=False)  # fmt: skip


def _developed_verdicts(tbi_card: pd.DataFrame) -> tuple[str, str]:
    """The verdicts of columns 1 and 2 in words, and the note when the paper finds no effect either."""
    dev_v = tbi_card.loc[["(1)", "(2)"], "verdict"]
    words = f"both “{dev_v.iloc[0]}”" if dev_v.nunique() == 1 else f"“{dev_v.iloc[0]}” and “{dev_v.iloc[1]}”"
    note = " (the paper finds no significant effect there either)" if (dev_v == claims.BOTH_NULL).all() else ""
    return words, note


def scorecard_phrases(card: pd.DataFrame, tbi_card: pd.DataFrame, params: Parameters) -> book.Passage:
    """The scorecard section: the phrases of each TBI coefficient (``b{k}``, ``verdict{k}``, ``diff{k}``, ...),
    ``h3_status``, ``dev_verdicts``, ``dev_paper_note``, ``split_short``, ``n_terms`` and ``table_verdicts``."""
    out = coefficient_phrases(tbi_card, detail=True)
    out.say("h3_status", "reproduced" if tbi_card.loc["(4)", "verdict"] == claims.REPRODUCED else "not reproduced")
    dev_verdicts, dev_paper_note = _developed_verdicts(tbi_card)
    out.say("dev_verdicts", dev_verdicts).say("dev_paper_note", dev_paper_note)
    out.say("split_short", SPLIT_SHORT[params.split])
    out.say("n_terms", len(card)).say("table_verdicts", claims.verdict_sentence(scorecard.verdict_counts(card)))
    out.check(card["verdict"].isin(claims.VERDICTS).all(), "every scorecard row has a verdict")
    out.check_if(params.paper_default, lambda: tbi_card.loc["(4)", "verdict"] == claims.NOT_SIGNIFICANT
                 and tbi_card.loc["(4)", "ours"] < 0 and abs(tbi_card.loc["(4)", "z"]) > 2,
                 "column 4 is negative but not significant, more than two paper SEs away")  # fmt: skip
    return out


def coefficient_figure(results: dict[str, FEResult], tbi_card: pd.DataFrame):
    """The TBI coefficient of the four columns, ours with its 95 % CI beside the paper's ±1.96 SE."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    positions = np.arange(len(results))
    ci = pd.DataFrame({c: r.conf_int().loc["tbi"] for c, r in results.items()}).T
    ours, paper = tbi_card["ours"], tbi_card["paper"]
    ax.errorbar(positions - 0.1, ours, yerr=[ours - ci["low"], ci["high"] - ours],
                fmt="o", capsize=4, label="ours (95 % CI)")  # fmt: skip
    ax.errorbar(positions + 0.1, paper, yerr=1.96 * tbi_card["paper_se"], fmt="s",
                capsize=4, color="tab:gray", label="paper (±1.96 SE)")  # fmt: skip
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.set_xticks(positions, [f"{c} {r.dependent}\n{tbi_card.loc[c, 'sample']}" for c, r in results.items()])
    ax.set_ylabel("coefficient on TBI (index points)")
    ax.legend(ncol=2, loc="upper left")
    return fig


# --------------------------------------------------------------------------- the difference between the groups


def _paper_difference(tbi_card: pd.DataFrame, dev: str, devg: str) -> tuple[float, float, float]:
    """The paper's developed-minus-developing difference, its SE (two independent estimates) and normal p."""
    pb = tbi_card.loc[dev, "paper"] - tbi_card.loc[devg, "paper"]
    ps = float(np.hypot(tbi_card.loc[dev, "paper_se"], tbi_card.loc[devg, "paper_se"]))
    return pb, ps, 2 * stats.norm.sf(abs(pb / ps))


def difference_table(tests: dict[str, FEResult], tbi_card: pd.DataFrame):
    """Developed minus developing, ours (interaction test) beside the paper's (``tbl-heterogeneity-diff``)."""
    rows = []
    for y, t in tests.items():
        b, s, p = t.params["tbi:developed"], t.se["tbi:developed"], t.pvalues["tbi:developed"]
        pb, ps, pp = _paper_difference(tbi_card, *PAIRS[y])
        rows.append({"dependent": y, "ours: difference": book.coef(b, p), "ours: SE": book.se(s),
                     "ours: p": book.pvalue(p), "paper: difference": book.coef(pb, pp),
                     "paper: SE (approx.)": book.se(ps), "paper: p (approx.)": book.pvalue(pp)})  # fmt: skip
    return book.table(pd.DataFrame(rows), "Developed minus developing: the difference between the TBI coefficients "
                      "of the two groups. Ours from the pooled interaction test (clustered SE, t with G − 1 df); the "
                      "paper's from its Table 4, with the SE of two independent estimates and a normal p-value; "
                      + STARS_NOTE, "tbl-heterogeneity-diff", index=False)  # fmt: skip


def difference_phrases(tests: dict[str, FEResult], results: dict[str, FEResult], tbi_card: pd.DataFrame) -> book.Passage:
    """``diff_{key}``, ``diffp_{key}``, ``diffsig_{key}``, ``paper_diff…_{key}`` and ``…diff_sign_{key}`` for the
    overall (``gi``) and the economic index (``ec``); the guard that the interaction equals the split difference."""
    out = book.Passage()
    for y, t in tests.items():
        dev, devg = PAIRS[y]
        split_diff = results[dev].params["tbi"] - results[devg].params["tbi"]
        b, p = t.params["tbi:developed"], t.pvalues["tbi:developed"]
        out.check(abs(b - split_diff) < 1e-6 * max(1.0, abs(split_diff)),
                  f"the interaction coefficient equals the split-sample difference ({y})")
        key = "gi" if y == "KOFGIdj" else "ec"
        out.say(f"diff_{key}", book.num(b, ".2f")).say(f"diffp_{key}", book.pvalue(p))
        out.say(f"diffsig_{key}", claims.significance(p))
        pb, _, pp = _paper_difference(tbi_card, dev, devg)
        out.say(f"paper_diff_{key}", book.num(pb, ".2f")).say(f"paper_diffp_{key}", book.pvalue(pp))
        out.say(f"paper_diffsig_{key}", claims.significance(pp))
        out.say(f"diff_sign_{key}", claims.sign_word(b, "larger", "smaller", "equal"))
        out.say(f"paper_diff_sign_{key}", claims.sign_word(pb, "larger", "smaller", "equal"))
    return out


# --------------------------------------------------------------------------- the developing sample of column 4


def _sensitivity_verdicts(sensitivity: pd.DataFrame, tbi_card: pd.DataFrame) -> list[str]:
    """The verdict of each sample's column-4 estimate against the paper's."""
    paper4 = tbi_card.loc["(4)"]
    return [claims.verdict(paper4["paper"], int(paper4["paper_stars"]), b, p)
            for b, p in zip(sensitivity["coef"], sensitivity["p"])]  # fmt: skip


def sensitivity_table(sensitivity: pd.DataFrame, tbi_card: pd.DataFrame):
    """Column 4 on each changed sample, with its verdict (``tbl-heterogeneity-sensitivity``)."""
    paper4 = tbi_card.loc["(4)"]
    shown = pd.DataFrame({
        "coef.": [book.coef(b, p) for b, p in zip(sensitivity["coef"], sensitivity["p"])],
        "SE": [book.se(s) for s in sensitivity["se"]],
        "p": [book.pvalue(p) for p in sensitivity["p"]],
        "countries": sensitivity["countries"],
        "verdict": _sensitivity_verdicts(sensitivity, tbi_card),
    }, index=sensitivity.index)  # fmt: skip
    return book.table(shown, "The TBI coefficient for developing countries' economic index (Table 4, column 4) when "
                      f"the sample changes, with the verdict against the paper's {paper4['paper']:.4f}"
                      f"{'*' * int(paper4['paper_stars'])}; " + STARS_NOTE, "tbl-heterogeneity-sensitivity")


def _short_count(k: int, n: int) -> str:
    """'none', 'all' or the number: for the second and later counts of one sentence."""
    return "none" if k == 0 else "all" if k == n else str(k)


def sensitivity_phrases(sensitivity: pd.DataFrame, tbi_card: pd.DataFrame) -> book.Passage:
    """``n_variants``, ``sens_pos``, ``sens_sig``, ``sens_reproduced(_long)``, ``sens_min``, ``sens_max``,
    ``sens_without(_p)``: column 4 across the changed samples."""
    n_var = len(sensitivity)
    n_rep = sum(v == claims.REPRODUCED for v in _sensitivity_verdicts(sensitivity, tbi_card))
    out = book.Passage().say("n_variants", n_var)
    out.say("sens_pos", claims.count(int((sensitivity["coef"] > 0).sum()), n_var, "samples"))
    out.say("sens_sig", _short_count(int((sensitivity["p"] < 0.1).sum()), n_var))
    out.say("sens_reproduced", _short_count(n_rep, n_var))
    out.say("sens_reproduced_long", claims.count(n_rep, n_var, "samples"))
    out.say("sens_min", book.num(sensitivity["coef"].min(), ".2f"))
    out.say("sens_max", book.num(sensitivity["coef"].max(), ".2f"))
    out.say("sens_without", book.num(sensitivity.loc["without the 2004 EU entrants", "coef"], ".2f"))
    out.say("sens_without_p", book.pvalue(sensitivity.loc["without the 2004 EU entrants", "p"]))
    return out


# --------------------------------------------------------------------------- exercises


def exercise_intervals(results: dict[str, FEResult], tbi_card: pd.DataFrame) -> book.Passage:
    """Exercise 1 (do the intervals of column 4 overlap?): ``ex1_ours_has``, ``ex1_paper_has``, ``ex1_why``,
    ``ex1_width`` and ``ex1_diff``."""
    ours_ci = results["(4)"].conf_int().loc["tbi"]
    ours_se = results["(4)"].se["tbi"]
    paper = tbi_card.loc["(4)"]
    paper_ci = (paper["paper"] - 1.96 * paper["paper_se"], paper["paper"] + 1.96 * paper["paper_se"])
    out = book.Passage()
    out.say("ex1_ours_has", "contains" if ours_ci["low"] <= paper["paper"] <= ours_ci["high"] else "does not contain")
    out.say("ex1_paper_has", "contains" if paper_ci[0] <= paper["ours"] <= paper_ci[1] else "does not contain")
    out.say("ex1_why", "The two answers agree." if out["ex1_ours_has"] == out["ex1_paper_has"] else
            "The two answers differ because the standard errors differ: ours is "
            f"{book.num(ours_se / paper['paper_se'], '.1f')} times the paper's.")  # fmt: skip
    out.say("ex1_width", "Our wider interval says that our data are less informative; it does not make the two "
            "estimates agree." if ours_se > paper["paper_se"] else
            "Our interval is the narrower one, so our data are not less informative than the paper's.")  # fmt: skip
    d_z, d_p = claims.difference_test(paper["ours"], ours_se, paper["paper"], paper["paper_se"])
    out.say("ex1_diff", f"Both statements treat one estimate as a known constant. The test that counts both standard "
            f"errors, z = (ours − paper) / √(SE²_ours + SE²_paper) = {book.num(d_z, '.2f')} "
            f"(p = {book.pvalue(d_p)}), " + claims.rejection_words(d_p, "equality", caveat=(
                "since the samples overlap it is conservative, and its silence is no evidence that the two agree"))
            + ".")  # fmt: skip
    return out


def exercise_by_hand(results: dict[str, FEResult], tests: dict[str, FEResult]) -> book.Passage:
    """Exercise 2: ``ex2_rel``, the interaction test's SE against √(SE₁² + SE₂²) of columns 2 and 4, in %."""
    se_approx = np.hypot(results["(2)"].se["tbi"], results["(4)"].se["tbi"])
    rel = 100 * abs(tests["KOFEcGIdj"].se["tbi:developed"] / se_approx - 1)
    return book.Passage().say("ex2_rel", book.num(rel, ".1f"))


def exercise_leave_one_out(loo: pd.DataFrame, results: dict[str, FEResult]) -> book.Passage:
    """Exercise 3 (leave one developing country out of column 4): ``ex3_mover``, ``ex3_mover_coef``,
    ``ex3_full``, ``ex3_min``, ``ex3_max``, ``ex3_reproduced``, ``ex3_pos`` and ``ex3_reading``."""
    full = results["(4)"].params["tbi"]
    mover = (loo["coef"] - full).abs().idxmax()
    reproduced = loo["verdict"] == claims.REPRODUCED
    out = book.Passage().say("ex3_mover", mover).say("ex3_mover_coef", book.num(loo.loc[mover, "coef"], ".2f"))
    out.say("ex3_full", book.num(full, ".2f"))
    out.say("ex3_min", book.num(loo["coef"].min(), ".2f")).say("ex3_max", book.num(loo["coef"].max(), ".2f"))
    out.say("ex3_reproduced", claims.count(int(reproduced.sum()), len(loo), "samples"))
    out.say("ex3_pos", claims.count(int((loo["coef"] > 0).sum()), len(loo), "samples"))
    out.say("ex3_reading", "Some omissions bring the paper's result back, so the estimate hinges on single countries "
            "and should be reported with them." if reproduced.any() else
            "No single omission brings the paper's result back, so the difference between its column 4 and ours is "
            "not the work of one country in our sample; it more likely comes from the data (the WIOD release, the "
            "years, the control series) or from the paper's country list.")  # fmt: skip
    return out
