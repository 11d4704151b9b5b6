"""The paper's regressions, re-estimated, and a scorecard against every coefficient it reports.

:data:`PAPER_SPECS` lists the 17 regressions of the paper's Tables 3-6 (table, column, dependent
variable, sample, controls or not). :func:`estimate_table` runs one table on a panel built by
:func:`lib.econometrics.panel.country_panel`; :func:`scorecard` compares every published coefficient with ours
in the paper's own convention (stars at 10/5/1 %, see :mod:`lib.report.claims`):

========== ===============================================================================
column     meaning
========== ===============================================================================
paper      published coefficient; ``paper_se`` its standard error; ``paper_stars`` 0-3
ours       our coefficient; ``ours_se``, ``ours_p`` (two-sided, t with G-1 df), ``ours_stars``
z          ``(ours - paper) / paper_se``: the distance in the paper's standard errors
verdict    reproduced / same sign, weaker / same sign, not significant / opposite sign
class      sign and significance (:data:`lib.report.claims.CLASSES`): "opposite" only when both are
           significant
diff_z     ``(ours - paper) / sqrt(ours_se^2 + paper_se^2)``, ``diff_p`` its two-sided p-value
           (conservative: the samples overlap, see :func:`lib.report.claims.difference_test`)
paper_in_our_ci   the paper's estimate lies in our 95 % confidence interval
ours_in_paper_pi  ours lies in the 95 % prediction interval of the paper's
========== ===============================================================================

The robustness section of the paper reports no numbers, only that the results "remain robust"
to 2SLS with the lagged TBI and to a TBI built from domestic value added. :func:`claim_card`
turns such a claim into the same verdicts: the claim is read as "the TBI coefficient keeps the
sign and the stars of the corresponding baseline column".
"""

from __future__ import annotations

import pandas as pd

from . import claims
from ..econometrics.estimation import FEResult, published_column, xtreg_fe
from ..data.paper import published_tables
from ..econometrics.panel import CONTROLS

# (table, column) -> (dependent, sample, with controls). Samples: all, developed, developing.
PAPER_SPECS: dict[tuple[str, str], tuple[str, str, bool]] = {
    ("3", "(1)"): ("KOFGIdj", "all", False),
    ("3", "(2)"): ("KOFEcGIdj", "all", False),
    ("3", "(3)"): ("KOFGIdj", "all", True),
    ("3", "(4)"): ("KOFEcGIdj", "all", True),
    ("4", "(1)"): ("KOFGIdj", "developed", True),
    ("4", "(2)"): ("KOFEcGIdj", "developed", True),
    ("4", "(3)"): ("KOFGIdj", "developing", True),
    ("4", "(4)"): ("KOFEcGIdj", "developing", True),
    ("5", "(1)"): ("KOFTrGIdj", "all", True),
    ("5", "(2)"): ("KOFFiGIdj", "all", True),
    ("5", "(3)"): ("KOFPoGIdj", "all", True),
    ("6", "(1)"): ("KOFTrGIdj", "developed", True),
    ("6", "(2)"): ("KOFFiGIdj", "developed", True),
    ("6", "(3)"): ("KOFPoGIdj", "developed", True),
    ("6", "(4)"): ("KOFTrGIdj", "developing", True),
    ("6", "(5)"): ("KOFFiGIdj", "developing", True),
    ("6", "(6)"): ("KOFPoGIdj", "developing", True),
}
TABLES = ("3", "4", "5", "6")


def sample(panel: pd.DataFrame, which: str) -> pd.DataFrame:
    """Rows of ``panel`` in the sample ``"all"``, ``"developed"`` or ``"developing"``."""
    if which == "all":
        return panel
    if which not in ("developed", "developing"):
        raise ValueError(f"sample {which!r}: use 'all', 'developed' or 'developing'.")
    return panel[panel["developed"] == (which == "developed")]


def specs(table: str) -> dict[str, tuple[str, str, bool]]:
    """Columns of one of the paper's Tables 3-6: ``{"(1)": (dependent, sample, with_controls), ...}``."""
    out = {col: spec for (t, col), spec in PAPER_SPECS.items() if t == str(table)}
    if not out:
        raise ValueError(f"The paper's regression tables are {TABLES}, not {table!r}.")
    return out


def estimate_table(panel: pd.DataFrame, table: str, regressor: str = "tbi", controls=CONTROLS) -> dict[str, FEResult]:
    """Estimate every column of the paper's Table ``table`` on ``panel``.

    ``regressor`` replaces the TBI (e.g. ``"tbi_gross"`` or ``"tbi_dva"``); ``controls`` are
    used in the columns where the paper has controls.
    """
    results = {}
    for col, (dependent, which, with_controls) in specs(table).items():
        x = [regressor, *controls] if with_controls else [regressor]
        results[col] = xtreg_fe(sample(panel, which), dependent, x, label=f"Table {table} {col}")
    return results


def estimate_all(panel: pd.DataFrame, **kwargs) -> dict[str, dict[str, FEResult]]:
    """:func:`estimate_table` for each of Tables 3-6: ``{"3": {"(1)": result, ...}, ...}``."""
    return {t: estimate_table(panel, t, **kwargs) for t in TABLES}


def scorecard(results: dict[str, dict[str, FEResult]], terms=None, regressor: str = "tbi") -> pd.DataFrame:
    """Every published coefficient of the given tables beside ours, with distance and verdict.

    Parameters
    ----------
    results
        ``{table: {column: FEResult}}`` as returned by :func:`estimate_all` (or a subset).
    terms
        Paper names of the coefficients to compare (default: every coefficient the paper
        reports in those columns, constant included), e.g. ``["TBI"]``.
    regressor
        Our name of the variable compared with the paper's ``TBI`` row.

    Returns
    -------
    DataFrame
        One row per (table, column, term): table, column, dependent, sample, term, paper,
        paper_se, paper_stars, ours, ours_se, ours_p, ours_stars, z, verdict, class, diff_z, diff_p,
        paper_in_our_ci, ours_in_paper_pi.
    """
    published = published_tables()
    rows = []
    for table, columns in results.items():
        for col, ours in columns.items():
            dependent, which, _ = PAPER_SPECS[(str(table), col)]
            paper = published_column(published, str(table), col)
            wanted = list(paper.params.index) if terms is None else [t for t in terms if t in paper.params.index]
            for term in wanted:
                name = regressor if term == "TBI" else term  # only the TBI is named differently
                if name not in ours.params.index:
                    raise KeyError(f"Table {table} {col}: our regression has no coefficient {name!r} for the paper's {term!r}.")
                b, se, p = float(ours.params[name]), float(ours.se[name]), float(ours.pvalues[name])
                pb, pse, ps = float(paper.params[term]), float(paper.se[term]), int(paper.stars_published[term])
                rows.append({
                    "table": str(table), "column": col, "dependent": dependent, "sample": which, "term": term,
                    "paper": pb, "paper_se": pse, "paper_stars": ps,
                    "ours": b, "ours_se": se, "ours_p": p, "ours_stars": claims.n_stars(p),
                    "z": (b - pb) / pse, "verdict": claims.verdict(pb, ps, b, p),
                    **_indicators(b, se, p, pb, pse, ps, ours.df_t),
                })  # fmt: skip
    return pd.DataFrame(rows)


def _indicators(b, se, p, pb, pse, ps, df) -> dict:
    """The replication indicators of one coefficient: class, difference test with both SEs, intervals."""
    diff_z, diff_p = claims.difference_test(b, se, pb, pse)
    paper_in_ci, ours_in_pi = claims.in_intervals(b, se, pb, pse, df)
    return {"class": claims.replication_class(pb, ps, b, p), "diff_z": diff_z, "diff_p": diff_p,
            "paper_in_our_ci": paper_in_ci, "ours_in_paper_pi": ours_in_pi}  # fmt: skip


def claim_card(estimates: dict[str, tuple], label: str) -> pd.DataFrame:
    """Verdicts for a robustness claim the paper makes without numbers.

    Parameters
    ----------
    estimates
        ``{"(3)": (coefficient, p-value), "(4)": ...}``: our robustness estimate of the TBI
        effect for Table 3's columns; the paper's Table 3 column gives the reference sign and stars.
        A simulated p-value comes as ``(coefficient, p-value, Monte Carlo SE)``: its stars are those
        the Monte Carlo error cannot flip (:func:`lib.report.claims.mc_stars`), and ``star_note`` says which
        level is in doubt.
    label
        Name of the check (e.g. ``"2SLS, lagged TBI"``).
    """
    published = published_tables()
    rows = []
    for col, estimate in estimates.items():
        b, p, mc_se = (*estimate, 0.0) if len(estimate) == 2 else estimate
        paper = published_column(published, "3", col)
        pb, ps = float(paper.params["TBI"]), int(paper.stars_published["TBI"])
        stars, note = claims.mc_stars(float(p), float(mc_se))
        # the verdict sees the p-value at the edge of its Monte Carlo interval, so a star in doubt is not given
        p_star = float(p) if stars == claims.n_stars(float(p)) else claims.STAR_LEVELS[stars]  # exactly `stars` stars
        rows.append({"check": label, "column": col, "dependent": paper.dependent, "paper": pb, "paper_stars": ps,
                     "ours": float(b), "ours_p": float(p), "p_mc_se": float(mc_se), "ours_stars": stars,
                     "star_note": note, "verdict": claims.verdict(pb, ps, float(b), p_star)})  # fmt: skip
    return pd.DataFrame(rows)


def verdict_counts(card: pd.DataFrame) -> pd.Series:
    """Number of rows with each verdict, in the order of :data:`lib.report.claims.VERDICTS` (zeros kept)."""
    return card["verdict"].value_counts().reindex(list(claims.VERDICTS), fill_value=0)


def display_card(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard laid out for a page: paper and ours as ``coef***`` with SE, distance, verdict."""
    return pd.DataFrame({
        "table": card["table"], "column": card["column"], "dependent": card["dependent"],
        "sample": card["sample"], "term": card["term"],
        "paper": [f"{b:.4f}{'*' * s}" for b, s in zip(card["paper"], card["paper_stars"])],
        "paper SE": [f"({s:.4f})" for s in card["paper_se"]],
        "ours": [f"{b:.4f}{'*' * s}" for b, s in zip(card["ours"], card["ours_stars"])],
        "ours SE": [f"({s:.4f})" for s in card["ours_se"]],
        "distance (paper SEs)": [f"{z:+.2f}" for z in card["z"]],
        "verdict": card["verdict"],
    })  # fmt: skip
