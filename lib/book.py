"""Helpers used by the chapters only: common setup and side-by-side tables with the paper."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from . import config, plotting, wiod
from .estimation import FEResult, published_column, regression_table
from .paper import published_tables

DISPLAY_NAMES = {"tbi": "TBI", "tbi_gross": "TBI (gross)"}
TERMS = ("TBI", "RQ", "lnEXR", "TFP", "INFR", "lnCK", "lnGDP", "lnPOP", "const")


def chapter_setup(glue) -> dict:
    """Plot style, and the vintage facts every chapter states (glued as ``vintage_label``).

    Returns a dict with ``vintage``, ``years`` (of the WIOD release) and ``label``.
    """
    plotting.set_style()
    vintage = config.default_vintage()
    years = wiod.vintage_years(vintage)
    label = f"WIOD {vintage} release ({years[0]}–{years[-1]})"
    glue("vintage_label", label, display=False)
    return {"vintage": vintage, "years": years, "label": label}


def _display(result: FEResult) -> FEResult:
    """Rename our variable names to the paper's (tbi -> TBI) for tables."""
    rename = {k: DISPLAY_NAMES.get(k, k) for k in result.params.index}
    return replace(
        result, params=result.params.rename(rename), se=result.se.rename(rename),
        vcov=result.vcov.rename(index=rename, columns=rename),
    )  # fmt: skip


def regression_side_by_side(results: dict[str, FEResult], table: str, terms=TERMS) -> pd.DataFrame:
    """Our columns interleaved with the paper's Table ``table``: ``(1) ours``, ``(1) paper``, ...

    Keys of ``results`` are the paper's column labels, ``"(1)"``, ``"(2)"``, ...
    """
    published = published_tables()
    columns = {}
    for col, result in results.items():
        columns[f"{col} ours"] = _display(result)
        columns[f"{col} paper"] = published_column(published, table, col)
    out = regression_table(columns, terms=list(terms))
    out.columns = pd.MultiIndex.from_tuples([tuple(c.split(" ", 1)) for c in out.columns])
    return out


def coefficient_comparison(results: dict[str, FEResult], table: str, term: str = "tbi") -> pd.DataFrame:
    """One row per column: the paper's and our estimate of ``term`` with SEs, the difference and N."""
    published = published_tables()
    rows = []
    for col, result in results.items():
        paper = published_column(published, table, col)
        name = DISPLAY_NAMES.get(term, term)
        rows.append(
            {
                "column": col,
                "dependent": result.dependent,
                "paper": paper.params[name],
                "paper SE": paper.se[name],
                "ours": result.params[term],
                "ours SE": result.se[term],
                "difference": result.params[term] - paper.params[name],
                "difference / paper SE": (result.params[term] - paper.params[name]) / paper.se[name],
                "N paper": paper.nobs,
                "N ours": result.nobs,
            }
        )
    return pd.DataFrame(rows).set_index("column")
