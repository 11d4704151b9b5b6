"""Our TBI beside the paper's Table 1: the frames, and how far the two agree (TBI and policy chapters).

The paper's regressions have country fixed effects, so agreement is judged first by how the two
series move within each country (the within correlation, the correlation of year-on-year changes,
the share of years with the same sign) and only then by the gap in levels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.paper import paper_table1

AGREEMENT_COLUMNS = ("within correlation", "correlation of changes", "same sign (% of years)", "mean |difference|",
                     "largest |difference|")  # fmt: skip


def table1_frames(tbi: pd.DataFrame, countries=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ours, paper): year x economy frames of the TBI over the years both cover, for ``countries``
    (default: the paper's Table 1 economies, in its order). ``tbi`` is a :func:`lib.tbi_panel` frame."""
    published = paper_table1()
    countries = list(published.columns if countries is None else countries)
    ours = tbi.pivot(index="year", columns="country", values="tbi")[countries]
    common = published.index.intersection(ours.index)
    return ours.loc[common], published.loc[common, countries]


def agreement(ours: pd.DataFrame, paper: pd.DataFrame) -> pd.DataFrame:
    """Agreement per economy (rows) over the years: the :data:`AGREEMENT_COLUMNS`."""
    gap = (ours - paper).abs()
    same = np.sign(ours) == np.sign(paper)
    return pd.DataFrame({
        "within correlation": (ours - ours.mean()).corrwith(paper - paper.mean()),
        "correlation of changes": ours.diff().corrwith(paper.diff()),
        "same sign (% of years)": 100 * same.mean(),
        "mean |difference|": gap.mean(),
        "largest |difference|": gap.max(),
    })  # fmt: skip


def _pooled_corr(a: pd.DataFrame, b: pd.DataFrame) -> float:
    return float(np.corrcoef(a.to_numpy().ravel(), b.to_numpy().ravel())[0, 1])


def pooled_agreement(ours: pd.DataFrame, paper: pd.DataFrame) -> pd.Series:
    """The same measures over all economies together (each series around its own country mean)."""
    gap = (ours - paper).abs().to_numpy()
    return pd.Series({
        "within correlation": _pooled_corr(ours - ours.mean(), paper - paper.mean()),
        "correlation of changes": _pooled_corr(ours.diff()[1:], paper.diff()[1:]),
        "same sign (% of years)": 100 * (np.sign(ours) == np.sign(paper)).to_numpy().mean(),
        "mean |difference|": gap.mean(),
        "largest |difference|": gap.max(),
    })  # fmt: skip
