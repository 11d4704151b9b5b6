"""The words of the policy chapter (``chapters/policy.ipynb``): trade imbalances, de-globalisation and
multilateral cooperation.

One public function per section of the chapter returns a :class:`lib.report.book.Passage` (its phrases
and guards); the notebook hands it to ``ch.add(...)``. The tables and the figure of the chapter are
drawn here too, so that each hidden cell of the notebook is a one-line call. Small private helpers do
the arithmetic the sentences need; the numbers themselves come from the notebook's visible cells.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats

from ...data import countries
from ...econometrics.significance import STARS_LEGEND
from ...mrio.tbi import bilateral_panel
from .. import book, claims, scorecard

# The four split-sample coefficients on which the paper rests H3 (its conclusion 2), as they are named in the text.
H3_CELLS = {("4", "(4)"): "developing countries' economic index (Table 4, column 4)",
            ("6", "(4)"): "their trade index (Table 6, column 4)",
            ("6", "(5)"): "their financial index (Table 6, column 5)",
            ("6", "(3)"): "developed countries' political index (Table 6, column 3)"}  # fmt: skip

# Short verdict names for the columns of the verdict-count table.
SHORT = {claims.WEAKER: "weaker", claims.NOT_SIGNIFICANT: "not sig.", claims.OPPOSITE: "opposite",
         claims.BOTH_NULL: "null", claims.NEW_SIG: "new"}  # fmt: skip

# The columns of the Table-1 agreement as the chapter shows them, with their formats.
AGREEMENT_FORMATS = {"within-country r": ".2f", "r of yearly changes": ".2f", "same direction (%)": ".0f",
                     "mean abs. difference": ".4f"}  # fmt: skip


# --------------------------------------------------------------------------- parameters


def validate(release: str, country: str, partner: str, year, years) -> tuple[str, str, int]:
    """The chapter's bilateral example checked against the release: ``(COUNTRY, PARTNER, YEAR)``, with
    ``YEAR = None`` resolved to the release's last year. A value the release does not have raises the
    ValueError of :func:`lib.report.book.require` (valid values, closest match)."""
    flows = bilateral_panel(release, progress=False)
    regions = sorted(set(flows["origin"]))
    book.require(country, [r for r in regions if r != "ROW"], "COUNTRY")
    book.require(partner, [r for r in regions if r != country], "PARTNER")
    year = years[-1] if year is None else book.require(year, years, "YEAR")
    return country, partner, year


def parties(country: str, partner: str) -> book.Passage:
    """``country`` and ``partner``: the two economies of the bilateral example, with their article."""
    out = book.Passage()
    out.say("country", countries.name(country, article=True))
    out.say("partner", countries.name(partner, article=True))
    return out


# --------------------------------------------------------------------------- our TBI and the paper's Table 1


def _same_direction(ours: pd.DataFrame, paper: pd.DataFrame) -> pd.DataFrame:
    """Whether the two series change in the same direction, year x economy (from the second year)."""
    return np.sign(ours.diff().iloc[1:]) == np.sign(paper.diff().iloc[1:])


def _pooled_levels(ours: pd.DataFrame, paper: pd.DataFrame) -> float:
    """Correlation of the levels over all cells (country differences in level included)."""
    return float(np.corrcoef(ours.to_numpy().ravel(), paper.to_numpy().ravel())[0, 1])


def table_agreement(agreement: pd.DataFrame, years) -> book.MystMarkdown:
    """The table ``tbl-policy-table1``: the agreement of our TBI with the paper's Table 1, by economy and
    pooled (row ``"all eight"``), over ``years``."""
    shown = agreement.rename(index=lambda c: c if c == "all eight" else countries.name(c))
    return book.table(shown, f"Our TBI against the paper's Table 1, {years[0]}–{years[-1]}: correlation within countries "
                      "(of the deviations from each country's mean), correlation of year-on-year changes, share of "
                      "year-on-year changes with the same sign in both series (%), and mean absolute difference of the levels.",
                      "tbl-policy-table1", formats=AGREEMENT_FORMATS)  # fmt: skip


def table1(agreement: pd.DataFrame, ours: pd.DataFrame, paper: pd.DataFrame) -> book.Passage:
    """``t1_*``: how our TBI tracks the paper's Table 1 (``agreement`` as the chapter shows it, ``ours`` and
    ``paper`` the year x economy frames of :func:`lib.report.compare.table1_frames`)."""
    out = book.Passage()
    overall = agreement.loc["all eight"]
    per_country = agreement.drop(index="all eight")
    same_direction = _same_direction(ours, paper)
    pooled = _pooled_levels(ours, paper)
    out.say("t1_years", f"{ours.index[0]}–{ours.index[-1]}")
    out.say("t1_within", book.num(overall["within-country r"], ".2f"))
    out.say("t1_within_word", claims.correlation(overall["within-country r"]))
    out.say("t1_changes", book.num(overall["r of yearly changes"], ".2f"))
    out.say("t1_changes_word", claims.correlation(overall["r of yearly changes"]))
    out.say("t1_same", claims.count(int(same_direction.to_numpy().sum()), same_direction.size, "yearly changes"))
    weakest = per_country["within-country r"].idxmin()
    out.say("t1_weakest", countries.name(weakest, article=True))
    out.say("t1_weakest_r", book.num(per_country.loc[weakest, "within-country r"], ".2f"))
    least = per_country["same direction (%)"].idxmin()
    out.say("t1_least", countries.name(least, article=True))
    out.say("t1_least_share", book.num(per_country.loc[least, "same direction (%)"], ".0f"))
    out.say("t1_pooled", book.num(pooled, ".2f"))
    out.say("t1_pooled_sentence",
            "is higher, because it also counts the differences in level between countries, which the country effects remove"
            if pooled > overall["within-country r"] else
            "is not higher: here the differences in level between countries do not flatter the comparison")  # fmt: skip
    return out


# --------------------------------------------------------------------------- bilateral and total balances


def _change_scale(gross: float) -> float:
    """The reference size of a change of the bilateral balance: the gross balance (1 if it is zero)."""
    return abs(gross) if gross != 0 else 1.0


def bilateral(balance: pd.DataFrame, year: int) -> book.Passage:
    """``year`` and ``bil_*``: the bilateral balance in gross and value-added terms (``balance``: by year, columns
    ``"gross (customs)"`` and ``"value added"``, billions of dollars)."""
    out = book.Passage()
    out.say("year", str(year))
    g, v = balance.loc[year, "gross (customs)"], balance.loc[year, "value added"]
    out.say("bil_gross", book.num(abs(g), ".1f"))
    out.say("bil_va", book.num(abs(v), ".1f"))
    out.say("bil_gross_word", claims.sign_word(g))
    out.say("bil_va_word", claims.sign_word(v))
    if np.sign(g) == np.sign(v) and g != 0:
        out.say("bil_ratio", f"{book.num(100 * v / g, '.0f')} % of the gross figure")
    else:
        out.say("bil_ratio", "the opposite sign from the gross figure")
    smaller = int((balance["value added"].abs() < balance["gross (customs)"].abs()).sum())
    out.say("bil_smaller", claims.count(smaller, len(balance), "years"))
    out.say("bil_years", book.years_of(balance.reset_index()))
    out.say("bil_verb", claims.change(abs(v) - abs(g), _change_scale(g), up="enlarges", down="shrinks",
                                      flat="barely changes"))  # fmt: skip
    out.say("bil_change", claims.change(abs(v) - abs(g), _change_scale(g), up="larger", down="smaller",
                                        flat="about as large"))  # fmt: skip
    return out


def figure_bilateral(balance: pd.DataFrame, country: str, partner: str, year: int):
    """The figure ``fig-policy-bilateral``: the two bilateral balances over the years, a dotted line at ``year``."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(balance.index, balance["gross (customs)"], color="0.45", marker="o",
            markersize=3, label="gross (customs)")  # fmt: skip
    ax.plot(balance.index, balance["value added"], color="tab:blue", marker="o",
            markersize=3, label="value added")  # fmt: skip
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.axvline(year, color="0.5", linestyle=":", linewidth=1)
    ax.set_ylabel(f"{countries.name(country)}'s balance with\n"
                  f"{countries.name(partner, article=True)} (bn USD)")  # fmt: skip
    ax.set_xlabel("year")
    ax.legend()
    return fig


def totals(tbi_all: pd.DataFrame, gap: pd.Series, within_gross: float) -> book.Passage:
    """``n_country_years``, ``max_gap``, ``median_exports``, ``within_gross*``, ``n_regressions``: total balances
    are the same in both views (``gap``: |value-added minus gross balance| per country-year, millions)."""
    out = book.Passage()
    median_exports = tbi_all["gross_exports"].median()
    out.check(gap.max() < 1e-3 * median_exports, "total value-added and gross balances agree to 0.1 % of median gross exports")
    out.check(((np.sign(tbi_all["tbi"]) == np.sign(tbi_all["tbi_gross"])) | (tbi_all["gross_balance"].abs() <= gap.max())).all(),
              "the value-added and customs TBI have the same sign")  # fmt: skip
    out.say("n_country_years", len(tbi_all))
    out.say("max_gap", book.num(gap.max(), ".1f"))
    out.say("median_exports", book.num(median_exports / 1e3, ".1f"))
    out.say("within_gross", book.num(within_gross, ".3f"))
    out.say("within_gross_word", claims.correlation(within_gross))
    out.say("n_regressions", len(scorecard.PAPER_SPECS))
    return out


# --------------------------------------------------------------------------- the whole-book scorecard


def compact_card(part: pd.DataFrame, columns=("regression", "index", "sample", "paper", "ours", "distance", "verdict")):
    """The scorecard in seven narrow columns (standard errors are left out; the distance uses them)."""
    out = pd.DataFrame({
        "regression": part["table"] + " " + part["column"], "index": part["dependent"], "sample": part["sample"],
        "term": part["term"],
        "paper": [book.coef(b, 0.5) + "*" * s for b, s in zip(part["paper"], part["paper_stars"])],
        "ours": [book.coef(b, p) for b, p in zip(part["ours"], part["ours_p"])],
        "distance": [book.signed(z, ".1f") for z in part["z"]], "verdict": part["verdict"],
    })  # fmt: skip
    return out[list(columns)]


def table_score_tbi(tbi_card: pd.DataFrame) -> book.MystMarkdown:
    """The table ``tbl-policy-score-tbi``: the TBI row of every regression."""
    return book.table(compact_card(tbi_card), "Scorecard of the TBI coefficient in every regression of the paper's Tables 3–6 "
                      "(regression = table and column): the paper's estimate and ours with stars (" + STARS_LEGEND
                      + "), the distance (ours − paper) in the paper's standard errors, and the verdict.",
                      "tbl-policy-score-tbi", index=False)  # fmt: skip


def table_score_counts(summary: pd.DataFrame) -> book.MystMarkdown:
    """The table ``tbl-policy-score-counts``: verdict counts by table (``summary`` indexed by coefficients and table)."""
    shown = summary.rename_axis(["coefficients", "table"]).reset_index()
    shown["coefficients"] = shown["coefficients"].map({"TBI": "TBI", "all coefficients": "all"})
    shown["table"] = shown["table"].map(lambda t: "3–6" if t == "all" else t)
    shown = shown.rename(columns=SHORT)
    return book.table(shown, "Verdicts of the scorecard by table of the paper, for the TBI coefficient alone and for "
                      "all coefficients (controls and constants included); counts of coefficients. 'weaker': same sign, "
                      "weaker; 'not sig.': not significant where the paper's is; 'opposite': significant, opposite sign; "
                      "'null': neither significant; 'new': significant where the paper's is not.", "tbl-policy-score-counts",
                      index=False)  # fmt: skip


def table_score_all(card: pd.DataFrame) -> book.MystMarkdown:
    """The table ``tbl-policy-score-all``: every coefficient of the paper beside ours."""
    return book.table(compact_card(card, ("regression", "index", "term", "paper", "ours", "distance", "verdict")),
                      "The whole-book scorecard: every coefficient of the paper's Tables 3–6 beside ours, with the distance "
                      "in the paper's standard errors and the verdict (the CSV below also has the samples and standard errors).",
                      "tbl-policy-score-all", index=False)  # fmt: skip


def _verdicts(tbi_card: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The TBI verdict of each regression, ``{(table, column): verdict}``."""
    return {(t, c): v for t, c, v in zip(tbi_card["table"], tbi_card["column"], tbi_card["verdict"])}


def scorecard_summary(card: pd.DataFrame, tbi_card: pd.DataFrame, summary: pd.DataFrame) -> book.Passage:
    """The verdicts of the whole-book scorecard in words: counts, the difference test and prediction interval,
    and the key coefficients of H1, H2 and H3 (``summary``: the verdict counts of the chapter, with rows
    ``("TBI", "all")`` and ``("all coefficients", "all")`` and a ``total`` column)."""
    out = book.Passage()
    V = _verdicts(tbi_card)
    tbi_counts, all_counts = summary.loc[("TBI", "all")], summary.loc[("all coefficients", "all")]
    out.say("n_tbi", int(tbi_counts["total"]))
    out.say("n_all", int(all_counts["total"]))
    tbi_sentence = claims.verdict_sentence(tbi_counts.drop("total"), "TBI coefficients")
    out.say("tbi_verdicts", tbi_sentence[0].upper() + tbi_sentence[1:])
    out.say("tbi_verdicts_short", claims.verdict_sentence(tbi_counts.drop("total")))
    out.say("all_verdicts_short", claims.verdict_sentence(all_counts.drop("total")))
    n_diff = int(claims.rejects(tbi_card["diff_p"]).sum())
    out.say("tbi_diff", claims.count(n_diff, len(tbi_card), "TBI coefficients"))
    out.say("tbi_in_pi", claims.count(int(tbi_card["ours_in_paper_pi"].sum()), len(tbi_card)))
    starred = tbi_card[tbi_card["paper_stars"] > 0]
    out.say("n_starred", len(starred))
    out.say("starred_reproduced", claims.count(int((starred["verdict"] == claims.REPRODUCED).sum()), len(starred)))
    out.say("h1_3", V[("3", "(3)")]).say("h1_4", V[("3", "(4)")])
    out.say("h2_trade", V[("5", "(1)")]).say("h2_fin", V[("5", "(2)")]).say("h2_pol", V[("5", "(3)")])
    out.say("h3_list", "; ".join(f"{what}: {V[key]}" for key, what in H3_CELLS.items()))
    h3_reproduced = sum(V[key] == claims.REPRODUCED for key in H3_CELLS)
    out.say("h3_count", claims.count(h3_reproduced, len(H3_CELLS)))
    h3_survives = claims.survives(h3_reproduced, len(H3_CELLS))
    out.say("h3_judgement", {"in every check": "the replication supports the premise of this recommendation",
                             "in most checks": "the replication supports its premise in most, not all, of these coefficients",
                             }.get(h3_survives, "the replication does not supply the evidence for its premise"))  # fmt: skip
    out.check(card["verdict"].isin(claims.VERDICTS).all(), "every scorecard row has a verdict")
    out.check(not card.loc[card["ours_p"] >= 0.1, ["verdict", "class"]].apply(lambda c: c.str.contains("opposite")).any().any(),
              "no estimate without a star is called opposite")  # fmt: skip
    out.check((card["ours_in_paper_pi"] == (card["diff_z"].abs() <= stats.norm.ppf(0.975))).all(),
              "ours lies in the paper's prediction interval exactly when the difference test does not reject at 5 %")
    out.check(int(summary.loc[("TBI", "all"), "total"]) == len(scorecard.PAPER_SPECS), "one TBI row per regression of the paper")
    return out


# --------------------------------------------------------------------------- the sample and the robustness claims


def every_country(panel_all: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The whole-book scorecard on ``panel_all`` (every country of the release) and its TBI rows."""
    card_full = scorecard.scorecard(scorecard.estimate_all(panel_all))
    return card_full, card_full[card_full["term"] == "TBI"]


def table_samples(tbi_card: pd.DataFrame, tbi_full: pd.DataFrame, n_default: int, n_full: int,
                  left_out: str) -> book.MystMarkdown:  # fmt: skip
    """The table ``tbl-policy-samples``: TBI verdict counts on the default sample (``left_out`` left out, ``n_default``
    country-years) and on every country (``n_full``)."""
    both = pd.DataFrame({f"{left_out} left out (default, N = {n_default})": scorecard.verdict_counts(tbi_card),
                         f"every country (N = {n_full})": scorecard.verdict_counts(tbi_full)})  # fmt: skip
    return book.table(both.rename_axis("verdict"), "Verdicts of the 17 TBI coefficients on the book's reconstruction of the "
                      "paper's sample (Romania left out) and on every country of the release; counts.", "tbl-policy-samples")


def samples(tbi_card: pd.DataFrame, tbi_full: pd.DataFrame) -> book.Passage:
    """``tbi_full`` and ``full_changed``: the TBI verdicts on every country, and how many differ from the default sample."""
    out = book.Passage()
    out.say("tbi_full", claims.verdict_sentence(scorecard.verdict_counts(tbi_full)))
    changed = (tbi_card.set_index(["table", "column"])["verdict"]
               != tbi_full.set_index(["table", "column"])["verdict"])  # fmt: skip
    out.say("full_changed", claims.count(int(changed.sum()), len(changed), "TBI verdicts"))
    return out


def table_claims(claim_card: pd.DataFrame) -> book.MystMarkdown:
    """The table ``tbl-policy-claims``: the robustness claims checked (``scorecard.claim_card`` rows)."""
    return book.table(pd.DataFrame({
        "check": claim_card["check"], "column": claim_card["column"], "index": claim_card["dependent"],
        "paper": [book.coef(b, 0.5) + "*" * s for b, s in zip(claim_card["paper"], claim_card["paper_stars"])],
        "ours": [book.coef(b, p) for b, p in zip(claim_card["ours"], claim_card["ours_p"])],
        "verdict": claim_card["verdict"],
    }), "The paper's robustness claims checked: our 2SLS estimate (lagged TBI as instrument) and our estimate with "
        "the DVA-based TBI, for Table 3's columns 3 and 4, against the paper's baseline estimate of Table 3 "
        "(" + STARS_LEGEND + ").", "tbl-policy-claims", index=False)  # fmt: skip


def _instrument(first) -> tuple[float, bool, bool]:
    """(p-value of the Kleibergen–Paap LM test, F above the Stock–Yogo 10 % critical value, passes both tests)."""
    kp_lm_p = float(stats.chi2.sf(first.kp_lm, 1))
    strong = first.kp_f > first.stock_yogo_10  # 10 % maximal IV size, one instrument (Stock and Yogo 2005)
    return kp_lm_p, strong, claims.rejects(kp_lm_p) and strong


def robustness(first, n_sample: int, n_iv: int, panel_dva: pd.DataFrame, claim_card: pd.DataFrame) -> book.Passage:
    """The identification tests of the 2SLS first stage ``first`` (Table 3 column 3), the country-years the 2SLS
    sample loses (``n_sample - n_iv``), and the verdicts of the robustness claims (``claim_card``)."""
    out = book.Passage()
    out.check(panel_dva["tbi_dva"].notna().all(), "every country-year of the panel has a DVA-based TBI")
    kp_lm_p, strong, passes = _instrument(first)
    lost = n_sample - n_iv
    out.say("iv_lost", f"The 2SLS sample loses {lost} country-years without a lagged TBI." if lost else
            "No country-year is lost for want of a lagged TBI, because the release starts before the sample.")  # fmt: skip
    out.say("kp_lm", book.num(first.kp_lm, ".1f"))
    out.say("kp_lm_p", book.pvalue(kp_lm_p))
    out.say("kp_lm_sig", claims.significance(kp_lm_p))
    out.say("kp_f", book.num(first.kp_f, ".1f"))
    out.say("cd_f", book.num(first.cd_f, ".1f"))
    out.say("sy", book.num(first.stock_yogo_10, ".2f"))
    out.say("kp_vs_sy", "above" if strong else "below")
    out.say("iv_strength", "strong" if strong else "weak")
    out.say("iv_tests", "as the paper says, the instrument passes both tests" if passes else
            "unlike what the paper says, the instrument does not pass both tests")  # fmt: skip
    k_claims = int((claim_card["verdict"] == claims.REPRODUCED).sum())
    out.say("claims_count", claims.count(k_claims, len(claim_card), "estimates"))
    others = claim_card[claim_card["verdict"] != claims.REPRODUCED]
    out.say("claims_others", "" if not len(others) else
            " The others: " + "; ".join(f"{r.check}, column {r.column.strip('()')}: {r.verdict}"
                                        for r in others.itertuples()) + ".")  # fmt: skip
    return out


# --------------------------------------------------------------------------- conclusion by conclusion


def customs_fit(fit: pd.DataFrame) -> book.Passage:
    """``r2_*`` and ``va_vs_customs``: the within R² of Table 3's columns 3 and 4 with the value-added and the customs
    TBI (``fit``: rows ``"(3)"``, ``"(4)"``; columns ``"value-added TBI"``, ``"customs TBI"``)."""
    out = book.Passage()
    word = {}
    for col in fit.index:
        k = col.strip("()")
        va, gross = fit.loc[col, "value-added TBI"], fit.loc[col, "customs TBI"]
        word[k] = claims.change(gross - va, va, up="better than", down="worse than", flat="about as well as")
        out.say(f"r2_va{k}", book.num(va, ".4f")).say(f"r2_gross{k}", book.num(gross, ".4f")).say(f"r2_word{k}", word[k])
    words = {word["3"], word["4"]}
    out.say("r2_col4", "in column 4 too" if word["3"] == word["4"] else f"{word['4']} the value-added TBI in column 4")
    if words <= {"better than", "about as well as"}:
        out.say("va_vs_customs", "the value-added index does not beat customs data, so the regressions cannot show that "
                "value added reveals the \"true\" benefits that drive policy.")  # fmt: skip
    elif words == {"worse than"}:
        out.say("va_vs_customs", "here the value-added index fits better than customs data, as the paper's argument expects.")
    else:
        out.say("va_vs_customs", "the comparison with customs data is mixed and does not favour either measure.")
    return out


# --------------------------------------------------------------------------- the solutions of the exercises


def exercise1(sums: pd.Series, total: pd.Series) -> book.Passage:
    """The guard of the solution of exercise 1: both sums over partners equal the total balance (bn vs millions)."""
    out = book.Passage()
    out.check(np.allclose(sums, total.item() / 1e3, atol=0.01), "both sums equal the total balance (the solution says so)")
    return out


def _brief(developed_ok: bool, developing_ok: bool) -> str:
    """What a brief on conclusion 2 can say when each side of its contrast survives or not."""
    if developed_ok and developing_ok:
        return ("Both sides of the contrast survive, so the brief can state it, adding that a difference between "
                "groups needs its own test, which the paper does not report.")
    if developed_ok:
        return ("Only the developed-country side survives, so the brief can say that developed countries' "
                "political openness moved with the TBI, but not that developing countries reacted through economic "
                "policy, nor that the two groups reacted differently, let alone why.")
    if developing_ok:
        return ("Only the developing-country side survives, so the brief can say that developing countries' "
                "economic openness moved with the TBI, but not that developed countries reacted through politics, "
                "nor that the two groups reacted differently, let alone why.")
    return "Neither side of the contrast survives, so a brief limited to the first list says nothing about it."


def exercise2(tbi_card: pd.DataFrame) -> book.Passage:
    """``ex2_*``: which key cells of H3 a brief may use (reproduced) and which it must leave out."""
    out = book.Passage()
    V = _verdicts(tbi_card)
    kept = [what for key, what in H3_CELLS.items() if V[key] == claims.REPRODUCED]
    dropped = [f"{what}, {V[key]}" for key, what in H3_CELLS.items() if V[key] != claims.REPRODUCED]
    out.say("ex2_kept", "; ".join(kept) if kept else "none of them")
    out.say("ex2_dropped", "; ".join(dropped) if dropped else "none of them")
    developed_ok = V[("6", "(3)")] == claims.REPRODUCED
    developing_ok = any(V[key] == claims.REPRODUCED for key in [("4", "(4)"), ("6", "(4)"), ("6", "(5)")])
    out.say("ex2_brief", _brief(developed_ok, developing_ok))
    return out


def exercise3(moved: pd.DataFrame, verdicts: pd.DataFrame) -> book.Passage:
    """``ex3_*``: the TBI verdicts that move between the variants of the panel (``moved``: the rows of ``verdicts``,
    indexed by table and column, whose verdict is not the same in every variant)."""
    out = book.Passage()
    ex3_moved = claims.count(len(moved), len(verdicts), "TBI verdicts")
    ex3_which = ", ".join(f"Table {t} {c}" for t, c in moved.index) if len(moved) else ""
    moved_h3 = [key for key in H3_CELLS if key in moved.index]
    ex3_h3 = claims.count(len(moved_h3), len(H3_CELLS), "key cells of H3")
    out.say("ex3_moved", ex3_moved).say("ex3_which", ex3_which).say("ex3_h3", ex3_h3)
    out.say("ex3_moved_sentence", f"Against the defaults, the two variants change {ex3_moved} ({ex3_which}); "
            f"{ex3_h3} {'is' if len(moved_h3) == 1 else 'are'} among them." if len(moved) else
            "Against the defaults, the two variants change none of the TBI verdicts.")  # fmt: skip
    out.say("ex3_fragility", "Verdicts that flip with a defensible change of control series or sample are the fragile ones, "
            "and conclusions that rest on a single such coefficient inherit that fragility." +
            (" Here none of H3's key cells flips, although each rests on one split-sample estimate."
             if not moved_h3 else ""))  # fmt: skip
    return out
