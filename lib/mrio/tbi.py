"""The Trade Benefit Index (TBI) and the country-year panel built from WIOD.

For country ``i`` with value-added exports ``VAX_i = sum_{j != i} VA_ij`` and
value-added imports ``VAM_i = sum_{j != i} VA_ji`` (``VA`` from
:func:`lib.algebra.bilateral_va`):

    TBI_i = (VAX_i - VAM_i) / (VAX_i + VAM_i)

It lies in [-1, 1]: positive for a value-added trade surplus. The gross
("customs") analogue uses gross exports and imports instead.

Entry points for readers::

    from lib import tbi_panel, bilateral_panel
    panel = tbi_panel()                  # WIOD 2013, all years, RoW excluded
    flows = bilateral_panel()            # origin x destination x year, VA and gross

Both are computed once and cached on disk (``.cache/``), keyed by the sha256 of
every input file and the code version, so later calls take milliseconds.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd

from ..data import releases
from ..data.cache import cached_frames
from ..data.iotable import BALANCE_METHODS, IOTable
from ..data.releases import Release
from . import algebra

COUNTRY_COLUMNS = [
    "country", "year", "va_exports", "va_imports", "tbi", "gross_exports", "gross_imports", "tbi_gross",
    "va_balance", "gross_balance", "value_added", "final_demand", "va_domestic",
]  # fmt: skip


def trade_balance_index(exports, imports):
    """``(exports - imports) / (exports + imports)``; NaN where both are zero or either is missing (NaN or None)."""
    exports = np.asarray(exports, dtype=float)
    imports = np.asarray(imports, dtype=float)
    total = exports + imports
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total != 0, (exports - imports) / total, np.nan)


def off_diagonal_sums(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column sums of a square matrix without its diagonal: (exports, imports)."""
    off = M - np.diag(np.diag(M))
    return off.sum(axis=1), off.sum(axis=0)


def country_flows(table: IOTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Trade flows of one table.

    Returns
    -------
    countries : DataFrame
        One row per region (rest of the world included) with the columns of
        ``COUNTRY_COLUMNS``: value-added and gross exports, imports, balances and
        TBIs, plus value added, final demand and domestic value added absorbed.
    bilateral : DataFrame
        One row per (origin, destination): ``va`` (value added of origin absorbed
        in destination) and ``gross`` (gross exports origin -> destination).
    """
    va = algebra.bilateral_va(table)
    gross = algebra.bilateral_gross(table)
    va_x, va_m = off_diagonal_sums(va)
    gr_x, gr_m = off_diagonal_sums(gross)
    countries = pd.DataFrame(
        {
            "country": table.countries,
            "year": table.year,
            "va_exports": va_x,
            "va_imports": va_m,
            "tbi": trade_balance_index(va_x, va_m),
            "gross_exports": gr_x,
            "gross_imports": gr_m,
            "tbi_gross": trade_balance_index(gr_x, gr_m),
            "va_balance": va_x - va_m,
            "gross_balance": gr_x - gr_m,
            "value_added": algebra.aggregate_rows(table.va, table.N),
            "final_demand": table.final_demand().sum(axis=0),
            "va_domestic": np.diag(va),
        }
    )
    origin, destination = np.meshgrid(table.countries, table.countries, indexing="ij")
    bilateral = pd.DataFrame(
        {
            "origin": origin.ravel(),
            "destination": destination.ravel(),
            "year": table.year,
            "va": va.ravel(),
            "gross": gross.ravel(),
        }
    )
    return countries, bilateral


def _compute(rel: Release, path, years, balance_method, progress):
    """Flows of every year (tables with other regions than the first year's are refused: see
    :func:`lib.data.releases.load_years`)."""
    parts_c, parts_b = [], []
    start = time.perf_counter()
    for k, (year, table) in enumerate(releases.load_years(rel, years, path, balance_method), 1):
        countries, bilateral = country_flows(table)
        parts_c.append(countries)
        parts_b.append(bilateral)
        if progress:
            elapsed = time.perf_counter() - start
            print(f"WIOD {rel.name} {year}: done ({k}/{len(years)}, {elapsed:.1f} s)", file=sys.stderr, flush=True)
    return pd.concat(parts_c, ignore_index=True), pd.concat(parts_b, ignore_index=True)


def compute_flows(
    vintage: str | Release | None = None,
    path: str | os.PathLike | None = None,
    years=None,
    balance_method: str = "discrepancy",
    cache: bool = True,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Country and bilateral flows for every year of a vintage (all regions, RoW included).

    Parameters
    ----------
    vintage
        ``"2013"`` or ``"2016"`` (default: ``TBI_VINTAGE``, else ``"2013"``).
    path
        For 2016: folder of the official files (default ``TBI_WIOD2016_DIR``).
    years
        Subset of years (default: all years of the vintage).
    balance_method
        See :func:`lib.data.iotable.balance`.
    cache
        Read and write the on-disk cache (``TBI_CACHE_DIR``, default ``.cache/``).
    progress
        Print one line per computed year to stderr (default: only when computing).
    """
    rel = releases.release(vintage)  # resolved once; everything below takes the Release
    if balance_method not in BALANCE_METHODS:
        raise ValueError(f"Unknown balance method {balance_method!r}; choose one of {BALANCE_METHODS}.")
    years = releases.resolve_years(rel, years)
    if not cache:
        return _compute(rel, path, years, balance_method, progress)
    payload = {"vintage": rel.name, "balance": balance_method, "inputs": releases.input_checksums(rel, path, years)}
    return cached_frames(
        f"flows-wiod{rel.name}-{balance_method}",
        payload,
        ("countries", "bilateral"),
        lambda: _compute(rel, path, years, balance_method, True if progress is None else progress),
    )


def tbi_panel(
    vintage: str | Release | None = None,
    path: str | os.PathLike | None = None,
    years=None,
    balance_method: str = "discrepancy",
    cache: bool = True,
    progress: bool | None = None,
) -> pd.DataFrame:
    """TBI and trade flows for every country and year, rest of the world excluded.

    Columns: ``country`` (ISO3), ``year``, ``va_exports``, ``va_imports``, ``tbi``,
    ``gross_exports``, ``gross_imports``, ``tbi_gross``, ``va_balance``,
    ``gross_balance``, ``value_added``, ``final_demand``, ``va_domestic``
    (millions of current US dollars; indices unitless). Partners include the
    rest of the world. Arguments as in :func:`compute_flows`.

    Examples
    --------
    >>> from lib import tbi_panel
    >>> panel = tbi_panel()                           # doctest: +SKIP
    >>> panel.query("country == 'CHN'")[["year", "tbi"]]  # doctest: +SKIP
    """
    countries, _ = compute_flows(vintage, path, years, balance_method, cache, progress)
    panel = countries.loc[countries["country"] != "ROW", COUNTRY_COLUMNS]
    return panel.sort_values(["country", "year"]).reset_index(drop=True)


def bilateral_panel(
    vintage: str | Release | None = None,
    path: str | os.PathLike | None = None,
    years=None,
    balance_method: str = "discrepancy",
    cache: bool = True,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Bilateral flows ``origin, destination, year, va, gross`` for every pair, RoW included."""
    return compute_flows(vintage, path, years, balance_method, cache, progress)[1]


def bilateral_balance(flows: pd.DataFrame, country: str, partner: str) -> pd.DataFrame:
    """Balance of ``country`` with ``partner`` by year, gross and in value added, with gross turnover; billions of
    US dollars (``flows``: :func:`bilateral_panel`, millions)."""
    pair = flows.query("(origin == @country and destination == @partner) or "
                       "(origin == @partner and destination == @country)")  # fmt: skip
    gross = pair.pivot(index="year", columns="origin", values="gross")
    va = pair.pivot(index="year", columns="origin", values="va")
    return pd.DataFrame({
        "gross balance": gross[country] - gross[partner],
        "value-added balance": va[country] - va[partner],
        "gross turnover": gross[country] + gross[partner],
    }) / 1e3  # fmt: skip
