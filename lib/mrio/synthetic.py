"""Synthetic input-output tables: for tests of the WIOD 2016 path and for benchmarks.

:func:`random_table` draws a balanced table with a realistic structure (large
domestic blocks, small foreign ones, positive value added and final demand);
:func:`wiod2016_frame` lays any table out exactly like the official WIOD 2016
``wiot`` data frame, so the real loader can be exercised without the real files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.iotable import IOTable
from ..data.wiod import FD_CATEGORIES, WIOD2016_SUMMARY_ROWS


def random_table(countries=("AUS", "CHN", "USA", "ROW"), n_sectors: int = 4, seed: int = 0, year: int = 2000) -> IOTable:
    """A random balanced table; domestic input coefficients about 5x the foreign ones.

    Each column's input coefficients are drawn to sum to 0.3-0.6; when some row's intermediate sales would exceed
    its output, all of them are scaled down by one factor (so column sums stay within a factor 2 of each other), which
    for the default sizes leaves value added at about 70-85 % of output.
    """
    rng = np.random.default_rng(seed)
    G, N, K = len(countries), n_sectors, len(FD_CATEGORIES)
    GN = G * N
    home = np.repeat(np.arange(G), N)
    weight = np.where(home[:, None] == home[None, :], 5.0, 1.0)
    x = rng.uniform(50.0, 500.0, GN)
    shares = rng.uniform(0.0, 1.0, (GN, GN)) * weight
    A = shares / shares.sum(axis=0) * rng.uniform(0.3, 0.6, GN)  # column sums 0.3-0.6, before the rescaling below
    Z = fit_to_output(A * x[None, :], x)
    fd_total = x - Z.sum(axis=1)
    fd_weight = np.where(home[:, None] == np.repeat(np.arange(G), K)[None, :], 5.0, 1.0)
    fd_shares = rng.uniform(0.0, 1.0, (GN, G * K)) * fd_weight
    Y = fd_shares / fd_shares.sum(axis=1, keepdims=True) * fd_total[:, None]
    return IOTable(
        Z=Z, Y=Y, x=Z.sum(axis=1) + Y.sum(axis=1), countries=tuple(countries),
        sectors=tuple(f"S{s + 1:02d}" for s in range(N)), fd_categories=FD_CATEGORIES,
        year=year, vintage="synthetic", source=f"synthetic table (seed {seed})",
    )  # fmt: skip


def fit_to_output(Z: np.ndarray, x: np.ndarray, margin: float = 0.9) -> np.ndarray:
    """``Z`` as drawn when every row sells less than its output ``x`` to intermediate use (final demand
    ``x - Z.sum(axis=1)`` positive everywhere); otherwise ``Z`` scaled down by one factor so that the row that
    oversells most sells ``margin`` of its output (a row selling exactly its output counts as overselling)."""
    rows = Z.sum(axis=1)
    if (x - rows <= 0).any():
        return Z * (margin * (x / rows).min())
    return Z


def wiod2016_frame(table: IOTable) -> pd.DataFrame:
    """Lay ``table`` out as the official WIOD 2016 ``wiot`` data frame.

    Columns: ``IndustryCode, IndustryDescription, Country, RNr, Year``, then
    ``{country}{1..N}`` (intermediate use), ``{country}{N+1..N+5}`` (final demand)
    and ``TOT``. Rows: country-sectors, then ``II_fob, TXSP, EXP_adj, PURR,
    PURNR, VA, IntTTM, GO`` with Country ``TOT``. Value added is put in ``VA``
    and the other margin rows are zero.
    """
    G, N = table.G, table.N
    inter_cols = [f"{c}{s}" for c in table.countries for s in range(1, N + 1)]
    final_cols = [f"{c}{N + k}" for c in table.countries for k in range(1, table.K + 1)]
    body = np.hstack([table.Z, table.Y, table.x[:, None]])
    n_cols = body.shape[1]
    summary = np.zeros((len(WIOD2016_SUMMARY_ROWS), n_cols))
    col_totals = np.concatenate([table.Z.sum(axis=0), table.Y.sum(axis=0), [table.Z.sum() + table.Y.sum()]])
    summary[WIOD2016_SUMMARY_ROWS.index("II_fob")] = col_totals
    summary[WIOD2016_SUMMARY_ROWS.index("VA"), : G * N] = table.va
    summary[WIOD2016_SUMMARY_ROWS.index("GO"), : G * N] = table.x
    numbers = pd.DataFrame(np.vstack([body, summary]), columns=inter_cols + final_cols + ["TOT"])
    n_summary = len(WIOD2016_SUMMARY_ROWS)
    meta = pd.DataFrame(
        {
            "IndustryCode": [*np.tile(table.sectors, G), *WIOD2016_SUMMARY_ROWS],
            "IndustryDescription": [*(f"Industry {s}" for s in np.tile(table.sectors, G)), *WIOD2016_SUMMARY_ROWS],
            "Country": [*np.repeat(table.countries, N), *["TOT"] * n_summary],
            "RNr": np.array([*np.tile(np.arange(1, N + 1), G), *range(65, 65 + n_summary)], dtype=np.int32),
            "Year": np.full(G * N + n_summary, table.year, dtype=np.int32),
        }
    )
    return pd.concat([meta, numbers], axis=1)
