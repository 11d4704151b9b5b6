"""Value added in the long-run WIOD: the book's residual against the published ``xVA`` row, and diagnostics.

The long-run tables (:mod:`lib.data.longrun`) publish value added (``xVA``) and trade margins
(``xMRG_int``) separately; the book's value added is the residual ``GO - Z'1``, which counts the
margins as value added of the buying country-sector. :func:`va_definition_effect` measures what
that choice does to every TBI; :func:`final_demand_diagnostics` lists row gaps, margins and
negative final demand per year; :func:`diagnostics` caches both.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..data.cache import cached_frames
from ..data.iotable import IOTable, balance
from ..data.longrun import LONGRUN_FD_CATEGORIES, LONGRUN_YEARS, input_checksums, read_longrun
from . import algebra
from .tbi import off_diagonal_sums, trade_balance_index


def country_tbi(table: IOTable, va: np.ndarray | None = None, by: np.ndarray | None = None) -> pd.DataFrame:
    """Value-added exports, imports and TBI of every region, for a chosen value-added vector.

    ``VA = aggregate(diag(v) B Y)`` with ``v = va / x``, ``B = (I - A)^-1``, ``A = Z diag(x)^-1``;
    ``VAX_i = sum_{j != i} VA_ij``, ``VAM_i = sum_{j != i} VA_ji``,
    ``TBI_i = (VAX_i - VAM_i) / (VAX_i + VAM_i)``. With ``va=None`` the book's residual
    ``x - Z'1`` is used, which reproduces :func:`lib.tbi.country_flows`. ``by`` (``B Y``) may be
    passed to share one Leontief solve between value-added vectors.
    """
    exports, imports = off_diagonal_sums(algebra.bilateral_va(table, va, by))
    return pd.DataFrame(
        {"country": table.countries, "va_exports": exports, "va_imports": imports,
         "tbi": trade_balance_index(exports, imports)}
    )  # fmt: skip


def va_definition_effect(
    years=None, data_dir: str | os.PathLike | None = None, balance_method: str = "discrepancy"
) -> pd.DataFrame:
    """TBI with the book's value added (``GO - Z'1``) and with the published ``xVA`` row, per country-year.

    Columns: ``country, year``; ``va_residual`` (``GO - Z'1``, the book's), ``va_xva``
    (``xVA``), ``margins_share`` (``xMRG_int / (GO - Z'1)``, country totals);
    ``tbi_residual``, ``tbi_xva`` and ``difference = tbi_residual - tbi_xva``. Rest of the
    world excluded. Over the 8 shipped years and 25 countries the absolute difference has
    mean 0.003 and maximum 0.017 (Belgium 1985); for the eight Table-1 economies it is at most
    0.009 (the data README's bound).
    """
    parts = []
    for year in years or LONGRUN_YEARS:
        lr = read_longrun(year, data_dir)
        table = balance(lr.table, balance_method)
        by = algebra.output_by_destination(table)  # one solve for both value-added definitions
        resid = country_tbi(table, by=by)
        xva = country_tbi(table, lr.xva, by)
        va_resid = algebra.aggregate_rows(table.va, table.N)
        parts.append(
            pd.DataFrame(
                {
                    "country": table.countries,
                    "year": table.year,
                    "va_residual": va_resid,
                    "va_xva": algebra.aggregate_rows(lr.xva, table.N),
                    "margins_share": algebra.aggregate_rows(lr.margins, table.N) / va_resid,
                    "tbi_residual": resid["tbi"],
                    "tbi_xva": xva["tbi"],
                    "difference": resid["tbi"] - xva["tbi"],
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    return out.loc[out["country"] != "ROW"].reset_index(drop=True)


def final_demand_diagnostics(years=None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Per year: row gaps, margins and negative final demand in the published LR-WIOD tables.

    Columns: ``year``; ``max_row_gap`` (``max |x - Z1 - Y1|``); ``margins`` (world
    ``xMRG_int`` in industry columns) and ``margins_share`` (of world ``GO - Z'1``);
    ``neg_inventory_cells`` and ``neg_inventory`` (count and sum of negative ``xINV``
    cells); ``neg_other_cells`` (negative cells of the other categories);
    ``neg_fd_cells`` and ``neg_fd`` (count and sum of (producer, destination) cells
    whose final demand, summed over categories, is negative).
    """
    rows = []
    for year in years or LONGRUN_YEARS:
        lr = read_longrun(year, data_dir)
        t = lr.table
        Y = t.Y.reshape(t.G * t.N, t.G, t.K)
        inv = Y[..., LONGRUN_FD_CATEGORIES.index("INVEN")]
        other = np.delete(Y, LONGRUN_FD_CATEGORIES.index("INVEN"), axis=2)
        fd = t.final_demand()
        rows.append(
            {
                "year": year,
                "max_row_gap": float(np.abs(t.row_gap()).max()),
                "margins": float(lr.margins.sum()),
                "margins_share": float(lr.margins.sum() / t.va.sum()),
                "neg_inventory_cells": int((inv < 0).sum()),
                "neg_inventory": float(inv[inv < 0].sum()),
                "neg_other_cells": int((other < 0).sum()),
                "neg_fd_cells": int((fd < 0).sum()),
                "neg_fd": float(fd[fd < 0].sum()),
            }
        )
    return pd.DataFrame(rows)


def diagnostics(data_dir: str | os.PathLike | None = None, cache: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`va_definition_effect` and :func:`final_demand_diagnostics` for every shipped year, cached.

    Both read every LR-WIOD table (about 15 s); the results are cached under the sha256 of the
    files, like the TBI panels.
    """
    def build():
        return va_definition_effect(data_dir=data_dir), final_demand_diagnostics(data_dir=data_dir)

    if not cache:
        return build()
    payload = {"inputs": {str(y): d for y, d in input_checksums(data_dir=data_dir).items()}}
    return cached_frames("longrun-diagnostics", payload, ("va_effect", "final_demand"), build)
