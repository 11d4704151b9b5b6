"""How much does storing whole millions move the TBI, and which balancing recovers the truth best?

The WIOD 2013 files store every cell as a whole number of millions, so rows do not balance
and the book closes the gaps with :func:`lib.data.iotable.balance`. The long-run WIOD
(:mod:`lib.data.longrun`) is stored unrounded, so it can serve as the *truth*: round it the way
the 2013 files are rounded, balance it with each method, and compare the TBIs with the
TBIs of the unrounded table. Everything here is a pure function of tables.

Rounding conventions (:func:`round_table`)
------------------------------------------
``"trunc"`` (toward zero, ``np.trunc``; what R's ``as.integer`` does), ``"floor"``, and
``"nearest"`` (``np.rint``). Write ``c = s + r`` for a true cell ``c``, stored ``s``. Row gap
of the stored table: ``g = s_x - sum_c s_c = sum_c r_c - r_x`` (``x`` balanced in truth).

* Truncation: ``r`` in ``[0, 1)`` for positive cells, ``(-1, 0]`` for negative ones, so
  ``g >= -1 - (number of negative cells)`` and ``E g ~ (n_pos - n_neg) / 2`` plus the mass
  of the cells truncated to zero: the gap grows by about 0.5 per stored non-zero cell.
* Floor: ``r`` in ``[0, 1)`` for every cell, ``g >= -1``.
* Nearest: ``r`` in ``[-0.5, 0.5)``; stored non-zero cells add noise with mean about zero,
  and tiny cells (``|c| < 0.5``, stored as 0) add their full value, so ``g`` is positive
  on average but does not grow with the number of non-zero cells.

:func:`row_gap_profile` measures these fingerprints. In the WIOD 2013 files (checked for 1995,
2000 and 2011) the gap grows by only 0.035-0.071 per stored non-zero cell (truncation implies
about 0.5: truncating LR-WIOD 2000 gives 0.54 and gaps of +10 to +330, median 176), and 3-7
rows a year have gaps below ``-1 - n_neg`` (e.g. -2 to -4 in rows without negative cells),
which neither truncation nor flooring allows. Rounding LR-WIOD 2000 to the nearest million
instead gives gaps from -8 to +51 (median 23, slope -0.01, 10 rows below that bound), the
shape of WIOD 2013 2000's -4 to +113 (median 37) in a table with 2.3 times as many cells per
row. **The 2013 files look rounded to the nearest million, not truncated.** The experiment
is therefore run under both truncation and nearest rounding.

Methods (:data:`EXPERIMENT_METHODS`)
------------------------------------
``"none"``, ``"discrepancy"``, ``"rowsum"``
    :func:`lib.data.iotable.balance`.
``"spread"`` (:func:`spread_gap`)
    Spread each row's gap over the row's non-zero stored cells of ``Z`` and ``Y`` in
    proportion to their expected truncation loss, ``sign(s_c) u / 2`` (all equal in size),
    i.e. ``s_c += g sign(s_c) / sum_k sign(s_k)``; output is kept.
``"expected"`` (:func:`add_expected_loss`)
    Add the expected truncation loss ``sign(s) u / 2`` to every non-zero stored cell and to
    output, then book what remains of each row's gap as a discrepancy (as ``"discrepancy"``).

Result on LR-WIOD (8 years x 25 countries, unit one million; :func:`longrun_rounding_experiment`,
:func:`error_table`), mean / max absolute TBI error:

=========== ===================== ===================== ==========================
method      nearest rounding      truncation            truncation, 1995 and 2000
=========== ===================== ===================== ==========================
none        0.0037 / 0.058        0.0129 / 0.126        0.0048 / 0.021
discrepancy 0.0034 / 0.042        0.0094 / 0.110        0.0024 / 0.012
rowsum      0.0034 / 0.042        0.0096 / 0.113        0.0030 / 0.014
spread      0.0042 / 0.051        0.0081 / 0.086        0.0033 / 0.012
expected    0.0036 / 0.030        0.0067 / 0.101        0.0012 / 0.007
=========== ===================== ===================== ==========================

Under nearest rounding ``"discrepancy"`` is best on the mean (and in 1995/2000: 0.0005 / 0.003);
``"spread"`` and ``"expected"`` correct for a truncation that did not happen. Under truncation
``"expected"`` is best on the mean and ``"spread"`` on the maximum. Errors are largest in small
economies (truncation, ``"discrepancy"``: mean 0.016 for the smallest third, 0.003 for the
largest third) and early years (1965: mean 0.027, max 0.110, Korea; world output is 3.7 trillion
USD then), and no balancing removes them: the information lost is in the cells, not the rows.
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np
import pandas as pd

from ..data import longrun
from ..data.cache import cached_frames
from ..data.iotable import IOTable, balance
from .tbi import country_flows

ROUNDING_MODES = {"trunc": np.trunc, "floor": np.floor, "nearest": np.rint}
EXPERIMENT_METHODS = ("none", "discrepancy", "rowsum", "spread", "expected")
SIZE_GROUPS = ("large", "medium", "small")


def round_table(table: IOTable, mode: str = "trunc", unit: float = 1.0) -> IOTable:
    """Store ``Z``, ``Y`` and ``x`` in whole multiples of ``unit``, as a published file would.

    ``s = unit * f(c / unit)`` with ``f`` = ``np.trunc`` (``"trunc"``, toward zero: -2.7 ->
    -2), ``np.floor`` (``"floor"``: -2.7 -> -3) or ``np.rint`` (``"nearest"``, halves to even).
    The result carries ``rounding_unit = unit`` so :func:`lib.data.iotable.check_table` accepts
    its row gaps.
    """
    if mode not in ROUNDING_MODES:
        raise ValueError(f"Unknown rounding mode {mode!r}; choose one of {tuple(ROUNDING_MODES)}.")
    if not unit > 0:
        raise ValueError(f"unit must be positive, got {unit!r}.")
    f = ROUNDING_MODES[mode]
    return replace(
        table,
        Z=unit * f(table.Z / unit),
        Y=unit * f(table.Y / unit),
        x=unit * f(table.x / unit),
        rounding_unit=float(unit),
        source=f"{table.source} ({mode} to {unit:g})",
    )


def _cells(table: IOTable) -> np.ndarray:
    return np.concatenate([table.Z, table.Y], axis=1)


def _from_cells(table: IOTable, cells: np.ndarray, x: np.ndarray) -> IOTable:
    n = table.Z.shape[1]
    return replace(table, Z=cells[:, :n], Y=cells[:, n:], x=x, rounding_unit=0.0)


def spread_gap(table: IOTable) -> IOTable:
    """Balance rows by spreading each row's gap over its non-zero cells (method ``"spread"``).

    For row ``i`` with gap ``g_i = x_i - sum_c s_ic`` and weights ``w_ic = sign(s_ic)`` (the
    expected truncation loss of a stored cell is ``sign(s) u / 2``, the same size for every
    non-zero cell): ``s_ic += g_i w_ic / sum_k w_ik``. Output is kept. Rows whose weights sum
    to zero or less (no positive cell) take ``x_i := sum_c s_ic`` instead. Afterwards
    ``x = Z 1 + Y 1`` exactly; ``Z`` stays non-negative because cells only grow when
    ``g_i > 0`` and shrink by ``|g_i| / sum_k w_ik`` otherwise (a fraction of one unit for
    published tables; asserted).
    """
    cells = _cells(table)
    gap = table.row_gap()
    w = np.sign(cells)
    total = w.sum(axis=1)
    ok = total > 0
    out = cells.copy()
    out[ok] += (gap[ok] / total[ok])[:, np.newaxis] * w[ok]
    x = table.x.copy()
    x[~ok] = cells[~ok].sum(axis=1)
    result = _from_cells(table, out, x)
    if (result.Z < 0).any():
        raise ValueError(f"{table.source}: spreading the row gaps would make intermediate flows negative.")
    return result


def add_expected_loss(table: IOTable, unit: float | None = None) -> IOTable:
    """Undo the expected truncation loss, then book the rest as a discrepancy (method ``"expected"``).

    ``s_c += sign(s_c) u / 2`` for every cell of ``Z`` and ``Y`` and ``x += sign(x) u / 2``
    (zero cells are left alone: whether they were 0 or tiny is unknown), with ``u = unit``
    (default ``table.rounding_unit``); then :func:`lib.data.iotable.balance` with
    ``"discrepancy"``. Unbiased for cells truncated toward zero with uniform fractional
    parts; biased upward by ``u / 2`` per cell for any other rounding.
    """
    u = table.rounding_unit if unit is None else float(unit)
    half = u / 2.0
    adjusted = replace(
        table, Z=table.Z + half * np.sign(table.Z), Y=table.Y + half * np.sign(table.Y), x=table.x + half * np.sign(table.x)
    )
    return balance(adjusted, "discrepancy")


def apply_method(table: IOTable, method: str) -> IOTable:
    """The table balanced by ``method`` (one of :data:`EXPERIMENT_METHODS`)."""
    if method == "spread":
        return spread_gap(table)
    if method == "expected":
        return add_expected_loss(table)
    if method in EXPERIMENT_METHODS:
        return balance(table, method)
    raise ValueError(f"Unknown method {method!r}; choose one of {EXPERIMENT_METHODS}.")


def row_gap_profile(table: IOTable) -> dict[str, float]:
    """Fingerprints of the rounding convention in a table's row gaps ``g = x - Z 1 - Y 1``.

    Returns
    -------
    dict
        ``min``, ``median``, ``max`` of ``g`` (rows with positive output);
        ``slope_per_cell``: OLS slope of ``g`` on the number of positive stored cells of the
        row (with an intercept; about 0.5 under truncation or flooring, about 0 under
        nearest rounding); ``rows_below_bound``: rows whose gap is below
        ``-1 - n_neg`` (impossible under truncation toward zero of a balanced table;
        in units of ``table.rounding_unit``, or 1 if that is 0), and ``rows_below_floor_bound``:
        rows with ``g < -1`` (impossible under flooring).
    """
    u = table.rounding_unit or 1.0
    cells = _cells(table)
    keep = table.x > 0
    gap = table.row_gap()[keep] / u
    n_pos = (cells[keep] > 0).sum(axis=1)
    n_neg = (cells[keep] < 0).sum(axis=1)
    design = np.column_stack([np.ones_like(gap), n_pos])
    slope = np.linalg.lstsq(design, gap, rcond=None)[0][1] if n_pos.std() > 0 else np.nan
    return {
        "min": float(gap.min()),
        "median": float(np.median(gap)),
        "max": float(gap.max()),
        "slope_per_cell": float(slope),
        "rows_below_bound": int((gap < -1 - n_neg - 1e-9).sum()),
        "rows_below_floor_bound": int((gap < -1 - 1e-9).sum()),
    }


def _tbi(table: IOTable) -> np.ndarray:
    return country_flows(table)[0]["tbi"].to_numpy()


def tbi_errors(
    truth: IOTable, mode: str = "trunc", methods=EXPERIMENT_METHODS, unit: float = 1.0, truth_balance: str = "discrepancy"
) -> pd.DataFrame:
    """TBI error of every balancing method after rounding ``truth``, per country (rest of the world excluded).

    ``error = TBI(method(round_table(truth, mode, unit))) - TBI(balance(truth, truth_balance))``.

    Returns
    -------
    DataFrame
        ``country, year, mode, method, value_added`` (of the truth, for size groups),
        ``tbi_true, tbi, error``.
    """
    reference = balance(truth, truth_balance)
    true_tbi = _tbi(reference)
    value_added = reference.va.reshape(truth.G, truth.N).sum(axis=1)
    rounded = round_table(truth, mode, unit)
    keep = np.array([c != "ROW" for c in truth.countries])
    parts = []
    for method in methods:
        estimate = _tbi(apply_method(rounded, method))
        parts.append(
            pd.DataFrame(
                {
                    "country": np.asarray(truth.countries)[keep],
                    "year": truth.year,
                    "mode": mode,
                    "method": method,
                    "value_added": value_added[keep],
                    "tbi_true": true_tbi[keep],
                    "tbi": estimate[keep],
                    "error": (estimate - true_tbi)[keep],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def rounding_experiment(
    tables, modes=("trunc", "nearest"), methods=EXPERIMENT_METHODS, unit: float = 1.0
) -> pd.DataFrame:
    """:func:`tbi_errors` for every table and rounding mode, with size groups.

    ``size_group`` ranks countries by value added within each table year: the largest third
    ``"large"``, the smallest third ``"small"``, the rest ``"medium"`` (for 25 countries:
    8, 8 and 9).
    """
    out = pd.concat(
        [tbi_errors(t, mode, methods, unit) for t in tables for mode in modes], ignore_index=True
    )
    rank = out.groupby(["year", "mode", "method"])["value_added"].rank(ascending=False, method="first")
    n = out.groupby(["year", "mode", "method"])["country"].transform("size")
    out["size_group"] = np.where(rank <= n / 3, "large", np.where(rank > 2 * n / 3, "small", "medium"))
    return out


def error_table(errors: pd.DataFrame, by=("mode", "method")) -> pd.DataFrame:
    """Summarise :func:`rounding_experiment` output: one row per ``by`` group.

    Columns: ``mean_abs`` and ``max_abs`` (of ``|error|``), ``bias`` (mean error),
    ``worst`` (country and year of the largest ``|error|``), and ``mean_abs_large``,
    ``mean_abs_medium``, ``mean_abs_small`` by size group.
    """
    by = list(by)
    e = errors.assign(abs_error=errors["error"].abs())
    grouped = e.groupby(by, sort=False)
    table = grouped.agg(mean_abs=("abs_error", "mean"), max_abs=("abs_error", "max"), bias=("error", "mean"))
    worst = e.loc[grouped["abs_error"].idxmax()]
    table["worst"] = (worst["country"] + " " + worst["year"].astype(str)).to_numpy()
    if "size_group" in e and "size_group" not in by:
        sizes = e.groupby([*by, "size_group"], sort=False)["abs_error"].mean().unstack("size_group")
        for g in SIZE_GROUPS:
            if g in sizes:
                table[f"mean_abs_{g}"] = sizes[g]
    return table.reset_index()


def longrun_rounding_experiment(
    years=None, modes=("trunc", "nearest"), methods=EXPERIMENT_METHODS, data_dir: str | os.PathLike | None = None,
    cache: bool = True,
) -> pd.DataFrame:  # fmt: skip
    """:func:`rounding_experiment` on the shipped LR-WIOD tables (unrounded, so the truth is known).

    Cached like the TBI panels (keyed by the input files' sha256 and the options).
    """
    years = tuple(years or longrun.LONGRUN_YEARS)

    def build():
        return (rounding_experiment([longrun.read_longrun(y, data_dir).table for y in years], modes, methods),)

    if not cache:
        return build()[0]
    payload = {"inputs": longrun.input_checksums(years, data_dir), "modes": list(modes), "methods": list(methods)}
    (frame,) = cached_frames("rounding-longrun", payload, ("errors",), build)
    return frame
