"""The words of the chapter 'Mechanisms: trade, finance and politics' (``chapters/mechanisms.ipynb``).

The chapter estimates the paper's Tables 5 and 6 (the TBI effect on the trade, financial and political de jure
sub-indices of the KOF index, for all countries and by group), judges the nine TBI coefficients with the
scorecard, draws them in one figure, tests the developed-minus-developing difference per channel with the pooled
interaction test, and solves three exercises. Each public function below takes what the notebook computed
(``table5``, ``table6``, ``card``, ``tests``, ...) and returns a :class:`lib.report.book.Passage` (the phrases
of one section and its guards), a table (:func:`lib.report.book.table`) or a figure; the private helpers
compute the numbers the words use.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats

from ...econometrics import panel
from ...econometrics.estimation import FEResult
from ...econometrics.significance import STARS_LEGEND
from .. import book, claims, plotting, scorecard
from .common import PanelParameters as Parameters, split_phrase, validate_panel as validate  # noqa: F401

# The de jure sub-indices of Tables 5 and 6, and the channel each measures (as the notebook's import cell).
CHANNELS = {"KOFTrGIdj": "trade", "KOFFiGIdj": "financial", "KOFPoGIdj": "political"}
# The developed/developing rules: ours, and ours plus the IMF advanced economies (lib.econometrics.panel).
SPLITS = panel.SPLITS
# Dependent variable -> (developed column, developing column) of Table 6.
PAIRS = {"KOFTrGIdj": ("(1)", "(4)"), "KOFFiGIdj": ("(2)", "(5)"), "KOFPoGIdj": ("(3)", "(6)")}
# The (table, column) cells that carry the paper's hypotheses H2 (all countries) and H3 (by group).
H2_CELLS = (("5", "(1)"), ("5", "(2)"))
H3_CELLS = (("6", "(3)"), ("6", "(4)"), ("6", "(5)"))
# The columns of each half of Table 6 and the words of its caption.
HALVES = {"developed": ("first half: developed countries (columns 1–3)", "tbl-table6-developed"),
          "developing": ("second half: developing countries (columns 4–6)", "tbl-table6-developing")}  # fmt: skip
SAMPLE_ORDER = ["all countries", "developed", "developing"]
STARS_NOTE = STARS_LEGEND + "."
# The columns of the table of exercise 1 (within-country variation of each sub-index).
SHARE, SD = "within share of variance (%)", "within SD (points)"


# --------------------------------------------------------------------------- parameters


# --------------------------------------------------------------------------- Tables 5 and 6


def table5(results: dict[str, FEResult], data: pd.DataFrame):
    """Table 5 replicated, with the paper's estimates below ours (``tbl-table5``)."""
    shown = book.regression_table(results, paper_table="5").rename(columns=book.dependent_header(results))
    return book.table(shown, "Table 5 replicated: the de jure trade, financial and political sub-indices on the "
                      f"TBI, all countries, {book.years_of(data)}, with the paper's estimates (rows 'paper', "
                      "2000–2014) below ours. Standard errors clustered by country in parentheses; " + STARS_NOTE,
                      "tbl-table5", index=False)  # fmt: skip


def table6_half(half: dict[str, FEResult], data: pd.DataFrame, group: str):
    """One half of Table 6 (``group`` "developed": columns 1–3, "developing": 4–6), with the paper's estimates."""
    which, label = HALVES[group]
    shown = book.regression_table(half, paper_table="6").rename(columns=book.dependent_header(half))
    return book.table(shown, f"Table 6 replicated, {which}, {book.years_of(data)}, with the paper's estimates below "
                      "ours. Clustered standard errors in parentheses; " + STARS_NOTE, label, index=False)  # fmt: skip


def samples(data: pd.DataFrame, table6: dict[str, FEResult]) -> book.Passage:
    """``years`` of the panel, ``n_dev`` and ``n_devg``: the countries (clusters) of the two groups of Table 6."""
    out = book.Passage().say("years", book.years_of(data))
    return out.say("n_dev", table6["(1)"].n_clusters).say("n_devg", table6["(4)"].n_clusters)


# --------------------------------------------------------------------------- the scorecard


def _cell_names(card: pd.DataFrame) -> list[str]:
    """``T5 (1)``: the table and column of each scorecard row (with a no-break space)."""
    return [f"T{t}\u00a0{c}" for t, c in zip(card["table"], card["column"])]


def score_table(tbi_card: pd.DataFrame):
    """The scorecard of the nine TBI coefficients (``tbl-mechanisms-score``)."""
    shown = scorecard.display_card(tbi_card)
    shown.insert(0, "cell", _cell_names(tbi_card))
    shown["channel"] = tbi_card["dependent"].map(CHANNELS)
    return book.table(shown[["cell", "channel", "sample", "paper", "ours", "distance (paper SEs)", "verdict"]],
                      "Scorecard for the nine TBI coefficients of Tables 5 and 6: the paper's estimate and ours "
                      "with stars, the distance in the paper's standard errors and the verdict (standard errors in "
                      "the tables above).", "tbl-mechanisms-score", index=False)  # fmt: skip


def full_score_table(card: pd.DataFrame):
    """The scorecard of every coefficient of Tables 5 and 6 (``tbl-mechanisms-score-all``)."""
    shown = scorecard.display_card(card)
    shown.insert(0, "cell", _cell_names(card))
    shown["channel"] = card["dependent"].map(CHANNELS)
    return book.table(shown[["cell", "channel", "sample", "term", "paper", "ours", "verdict"]],
                      "Scorecard for every coefficient of Tables 5 and 6 (controls and constants included).",
                      "tbl-mechanisms-score-all", index=False)  # fmt: skip


def _have(k: int) -> str:
    """'1 has', '2 have', 'none has': the subject and verb of a count."""
    return "none has" if k == 0 else f"{k} {'has' if k == 1 else 'have'}"


def _are(k: int, n: int) -> str:
    """'none is', '1 is', '3 are', 'all 9 are'."""
    return "none is" if k == 0 else f"all {n} are" if k == n else f"{k} {'is' if k == 1 else 'are'}"


def _extra_sentence(tbi_card: pd.DataFrame) -> str:
    """The cells where the paper has no star: how many of them are significant in our data, and which."""
    extra = tbi_card[(tbi_card["paper_stars"] == 0) & (tbi_card["ours_stars"] > 0)]
    n_unstarred = int((tbi_card["paper_stars"] == 0).sum())
    cells = [f"Table {r.table}, column {r.column.strip('()')} ({CHANNELS[r.dependent]} channel, "
             f"{'all countries' if r.sample == 'all' else r.sample}; ours {claims.significance(r.ours_p)})"
             for r in extra.itertuples()]  # fmt: skip
    if n_unstarred == 0:
        return "The paper gives every one of these cells at least one star."
    if not cells:
        return (f"Of the {n_unstarred} cells without stars in the paper, none has a significant estimate in our "
                "data either.")  # fmt: skip
    who = "all" if len(cells) == n_unstarred else str(len(cells))
    return (f"Of the {n_unstarred} cells without stars in the paper, {who} {'has' if len(cells) == 1 else 'have'} "
            "a significant estimate in our data: " + "; ".join(cells) + ".")  # fmt: skip


def scorecard_phrases(card: pd.DataFrame, tbi_card: pd.DataFrame) -> book.Passage:
    """The scorecard section: ``n_cells``, ``tbi_verdicts`` (a sentence), ``tbi_verdicts_short``, ``n_same_sign``,
    ``extra`` (the cells without the paper's stars), ``n_terms`` and ``terms_verdicts`` (every coefficient)."""
    n = len(tbi_card)
    counts = scorecard.verdict_counts(tbi_card)
    sentence = claims.verdict_sentence(counts, "TBI estimates")
    out = book.Passage().say("n_cells", n)
    out.say("tbi_verdicts", sentence[0].upper() + sentence[1:])
    out.say("tbi_verdicts_short", claims.verdict_sentence(counts))
    out.say("n_same_sign", claims.count(int((np.sign(tbi_card["ours"]) == np.sign(tbi_card["paper"])).sum()), n))
    out.say("extra", _extra_sentence(tbi_card))
    out.say("n_terms", len(card)).say("terms_verdicts", claims.verdict_sentence(scorecard.verdict_counts(card)))
    out.check(n == 9 and tbi_card["verdict"].isin(claims.VERDICTS).all(), "nine TBI cells, each with a verdict")
    return out


# --------------------------------------------------------------------------- the figure


def channel_figure(channels: pd.DataFrame):
    """One panel per channel: ours with the 95 % CI and the paper's ±1.96 SE, for the three samples
    (``fig-mechanisms-channels``). ``channels`` has one row per TBI cell, as the notebook builds it: ``channel``,
    ``sample`` ("all countries", "developed", "developing"), ``ours``, ``low``, ``high``, ``paper``, ``paper_se``."""
    fig, axes = plt.subplots(3, 1, figsize=(plotting.WIDTH, 6.6), sharex=True)
    for ax, (channel, part) in zip(axes, channels.groupby("channel", sort=False)):
        part = part.set_index("sample").loc[SAMPLE_ORDER]
        y = np.arange(len(SAMPLE_ORDER))
        error = [part["ours"] - part["low"], part["high"] - part["ours"]]
        ax.errorbar(part["ours"], y - 0.15, xerr=error, fmt="o", capsize=3, color="tab:blue", label="ours (95 % CI)")
        ax.errorbar(part["paper"], y + 0.15, xerr=1.96 * part["paper_se"], fmt="s", capsize=3, color="tab:gray",
                    label="paper (±1.96 SE)")  # fmt: skip
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set_yticks(y, SAMPLE_ORDER)
        ax.set_ylim(len(SAMPLE_ORDER) - 0.5, -0.5)
        index = next(y for y, name in CHANNELS.items() if name == channel)
        ax.set_title(f"{channel} ({index})", loc="left")
    axes[-1].set_xlabel("coefficient on TBI (index points per unit of TBI)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=2, bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


# --------------------------------------------------------------------------- H2 and H3


def _describe(row: pd.Series) -> str:
    """One cell in words: ours with its p-value, the paper's with stars, the verdict and the both-SE test."""
    return (f"{book.num(row['ours'], '.2f')} (p = {book.pvalue(row['ours_p'])}) against the paper's "
            f"{book.num(row['paper'], '.2f')}{'*' * int(row['paper_stars'])}, “{row['verdict']}”; with both "
            f"standard errors z = {book.num(row['diff_z'], '.2f')}, p = {book.pvalue(row['diff_p'])}")  # fmt: skip


def hypotheses(tbi_card: pd.DataFrame) -> book.Passage:
    """What the channels say about H2 and H3: ``t5_trade``, ``t5_fin``, ``t5_pol``, ``t6_pol_dev``, ``t6_fin_dev``,
    ``t6_trade_devg``, ``t6_fin_devg`` (each cell in words), ``h2_reproduced``, ``h3_reproduced`` and
    ``h3_opposite``."""
    cell = tbi_card.set_index(["table", "column"])
    out = book.Passage()
    for name, key in (("t5_trade", ("5", "(1)")), ("t5_fin", ("5", "(2)")), ("t5_pol", ("5", "(3)")),
                      ("t6_pol_dev", ("6", "(3)")), ("t6_fin_dev", ("6", "(2)")),
                      ("t6_trade_devg", ("6", "(4)")), ("t6_fin_devg", ("6", "(5)"))):  # fmt: skip
        out.say(name, _describe(cell.loc[key]))
    n_h2 = int(sum(cell.loc[k, "verdict"] == claims.REPRODUCED for k in H2_CELLS))
    n_h3 = int(sum(cell.loc[k, "verdict"] == claims.REPRODUCED for k in H3_CELLS))
    n_h3_opp = int(sum(cell.loc[k, "verdict"] == claims.OPPOSITE for k in H3_CELLS))
    out.say("h2_reproduced", {0: "neither is reproduced", 1: "one of the two is reproduced",
                              2: "both are reproduced"}[n_h2])  # fmt: skip
    out.say("h3_reproduced", _are(n_h3, len(H3_CELLS)))
    out.say("h3_opposite", _have(n_h3_opp) + " a significant estimate of")
    return out


# --------------------------------------------------------------------------- the difference between the groups


def _differences(tests: dict[str, FEResult], tbi_card: pd.DataFrame) -> pd.DataFrame:
    """Per channel, developed minus developing: ours (interaction test: b, se, p) and the paper's (its two
    independent estimates of Table 6: pb, ps and a normal p-value pp)."""
    cell = tbi_card.set_index(["table", "column"])
    rows = []
    for y, t in tests.items():
        dev, devg = PAIRS[y]
        pb = cell.loc[("6", dev), "paper"] - cell.loc[("6", devg), "paper"]
        ps = float(np.hypot(cell.loc[("6", dev), "paper_se"], cell.loc[("6", devg), "paper_se"]))
        rows.append({"dependent": y, "b": t.params["tbi:developed"], "se": t.se["tbi:developed"],
                     "p": t.pvalues["tbi:developed"], "pb": pb, "ps": ps, "pp": 2 * stats.norm.sf(abs(pb / ps))})
    return pd.DataFrame(rows)


def difference_table(tests: dict[str, FEResult], tbi_card: pd.DataFrame):
    """Developed minus developing by channel, ours beside the paper's (``tbl-mechanisms-diff``)."""
    d = _differences(tests, tbi_card)
    shown = pd.DataFrame({
        "channel": d["dependent"].map(CHANNELS), "ours: difference": [book.coef(b, p) for b, p in zip(d["b"], d["p"])],
        "ours: SE": [book.se(s) for s in d["se"]], "ours: p": [book.pvalue(p) for p in d["p"]],
        "paper: difference": [book.coef(b, p) for b, p in zip(d["pb"], d["pp"])],
        "paper: SE (approx.)": [book.se(s) for s in d["ps"]], "paper: p (approx.)": [book.pvalue(p) for p in d["pp"]],
    })  # fmt: skip
    return book.table(shown, "Developed minus developing, by channel: ours from the pooled interaction test "
                      "(clustered SE, t with G − 1 df), the paper's from its Table 6 with the SE of two independent "
                      "estimates and a normal p-value; " + STARS_NOTE, "tbl-mechanisms-diff", index=False)  # fmt: skip


def difference_phrases(tests: dict[str, FEResult], table6: dict[str, FEResult], tbi_card: pd.DataFrame) -> book.Passage:
    """``n_diff_sig`` and ``n_paper_diff_sig`` (channels with a difference significant at 10 %, ours and the
    paper's); the guard that each interaction coefficient equals the split-sample difference."""
    out = book.Passage()
    for y, t in tests.items():
        dev, devg = PAIRS[y]
        split = table6[dev].params["tbi"] - table6[devg].params["tbi"]
        out.check(abs(t.params["tbi:developed"] - split) < 1e-6 * max(1.0, abs(split)),
                  f"interaction coefficient equals the split difference ({y})")  # fmt: skip
    d = _differences(tests, tbi_card)
    out.say("n_diff_sig", claims.count(int((d["p"] < 0.1).sum()), len(d), "channels"))
    out.say("n_paper_diff_sig", claims.count(int((d["pp"] < 0.1).sum()), len(d), "channels"))
    return out


# --------------------------------------------------------------------------- exercises


def exercise_within(within: pd.DataFrame) -> book.Passage:
    """Exercise 1 (within-country variation): ``ex1_least``, ``ex1_least_share``, ``ex1_least_sd`` (the sub-index
    that moves least within countries), ``ex1_most`` and ``ex1_most_share``; ``within`` is indexed by sub-index."""
    least, most = within[SHARE].idxmin(), within[SHARE].idxmax()
    out = book.Passage().say("ex1_least", f"{CHANNELS[least]} ({least})")
    out.say("ex1_least_share", book.num(within.loc[least, SHARE], ".0f"))
    out.say("ex1_least_sd", book.num(within.loc[least, SD], ".2f"))
    out.say("ex1_most", f"{CHANNELS[most]} ({most})").say("ex1_most_share", book.num(within.loc[most, SHARE], ".0f"))
    return out


def _survives(k: int, n: int) -> str:
    """Whether the political channel holds at 5 % across the leave-one-out samples."""
    if k == n:
        return "so the result holds at 5 % whichever country is left out"
    if 2 * k > n:
        return "so the result holds at 5 % in most, but not all, of these samples"
    return "so the result does not hold at 5 % in at least half of these samples"


def exercise_leave_one_out(loo: pd.DataFrame, table6: dict[str, FEResult]) -> book.Passage:
    """Exercise 2 (leave one developed country out of Table 6, column 3): ``ex2_full``, ``ex2_mover``,
    ``ex2_mover_coef``, ``ex2_min``, ``ex2_max``, ``ex2_sig`` and ``ex2_survives``."""
    full = table6["(3)"].params["tbi"]
    mover = (loo["coef"] - full).abs().idxmax()
    k_sig, n_loo = int(claims.rejects(loo["p"]).sum()), len(loo)
    out = book.Passage().say("ex2_full", book.num(full, ".2f"))
    out.say("ex2_mover", mover).say("ex2_mover_coef", book.num(loo.loc[mover, "coef"], ".2f"))
    out.say("ex2_min", book.num(loo["coef"].min(), ".2f")).say("ex2_max", book.num(loo["coef"].max(), ".2f"))
    out.say("ex2_sig", claims.count(k_sig, n_loo, "samples")).say("ex2_survives", _survives(k_sig, n_loo))
    return out


def exercise_adds_up(check: pd.DataFrame) -> book.Passage:
    """Exercise 3 (the economic index is the average of trade and financial): ``ex3_gap_ours``, ``ex3_gap_paper``
    (absolute gaps), ``ex3_ours_rel`` and ``ex3_paper_rel`` (in % of the Table 3 coefficient); the guard that the
    paper's tables add up. ``check`` has columns ``ours`` and ``paper`` and the rows Table 3 and ½ (trade +
    financial)."""
    rel = (check.iloc[0] - check.iloc[1]).abs() / check.iloc[0].abs()
    out = book.Passage()
    out.say("ex3_gap_ours", book.num(abs(check["ours"].iloc[0] - check["ours"].iloc[1]), ".3f"))
    out.say("ex3_gap_paper", book.num(abs(check["paper"].iloc[0] - check["paper"].iloc[1]), ".3f"))
    out.say("ex3_paper_rel", book.num(100 * rel["paper"], ".1f"))
    out.say("ex3_ours_rel", book.num(100 * rel["ours"], ".1f"))
    out.check(rel["paper"] < 0.01, "the paper's Tables 3 and 5 add up to within 1 %")
    return out
