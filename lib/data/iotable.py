"""One multi-region input-output table, its checks, and how we balance it.

An :class:`IOTable` holds, for ``G`` regions (the last one the rest of the
world, ``ROW``) and ``N`` sectors, in country-major order (row ``k`` is
country ``k // N``, sector ``k % N``):

* ``Z`` (GN x GN): intermediate sales from row country-sector to column country-sector;
* ``Y`` (GN x G*K): final demand, ``K`` use categories per destination country;
* ``x`` (GN): gross output.

Value added is the residual ``va = x - Z.sum(axis=0)``: everything a sector
pays for other than intermediate inputs (for WIOD this includes net product
taxes and trade margins). With that definition and a balanced table
(``x = Z 1 + Y 1``) the accounting identities of the book hold exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .errors import TableError

BALANCE_METHODS = ("discrepancy", "rowsum", "none")


@dataclass(frozen=True, eq=False)
class IOTable:
    """A multi-region input-output table (see the module docstring for layout)."""

    Z: np.ndarray
    Y: np.ndarray
    x: np.ndarray
    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    fd_categories: tuple[str, ...]
    year: int | None = None
    vintage: str = ""
    source: str = ""
    unit: str = "millions of US dollars, current prices"
    rounding_unit: float = 0.0
    """Largest rounding error of one stored cell (1.0 for WIOD 2013's whole millions; used as a bound, so it
    covers truncation as well as rounding to the nearest million)."""

    @property
    def G(self) -> int:
        """Number of regions, rest of the world included."""
        return len(self.countries)

    @property
    def N(self) -> int:
        """Number of sectors per region."""
        return len(self.sectors)

    @property
    def K(self) -> int:
        """Number of final-demand categories per destination."""
        return len(self.fd_categories)

    @property
    def va(self) -> np.ndarray:
        """Value added by country-sector, ``x - Z.sum(axis=0)``."""
        return self.x - self.Z.sum(axis=0)

    @property
    def row_country(self) -> np.ndarray:
        """Index of the country of each row (length GN)."""
        return np.repeat(np.arange(self.G), self.N)

    @property
    def labels(self) -> pd.MultiIndex:
        """Row and column labels of ``Z`` as a (country, sector) MultiIndex."""
        return pd.MultiIndex.from_product([self.countries, self.sectors], names=["country", "sector"])

    def final_demand(self) -> np.ndarray:
        """Final demand summed over use categories: a GN x G matrix (row: producer, column: buyer)."""
        return self.Y.reshape(self.G * self.N, self.G, self.K).sum(axis=2)

    def row_gap(self) -> np.ndarray:
        """Output minus recorded uses, ``x - Z 1 - Y 1`` (zero in a balanced table)."""
        return self.x - self.Z.sum(axis=1) - self.Y.sum(axis=1)


@dataclass(frozen=True)
class BalanceReport:
    """What :func:`check_table` found about the row balance ``x = Z 1 + Y 1``."""

    max_abs_gap: float
    max_rel_gap: float
    worst_row: str
    total_gap: float
    max_gap_over_tolerance: float
    n_zero_output: int

    def __str__(self) -> str:
        return (
            f"row balance: largest gap {self.max_abs_gap:.4g} (relative {self.max_rel_gap:.3g}, "
            f"at {self.worst_row}); total {self.total_gap:.4g}; "
            f"largest gap / tolerance {self.max_gap_over_tolerance:.3f}; "
            f"{self.n_zero_output} zero-output rows"
        )


def row_tolerance(table: IOTable) -> np.ndarray:
    """Largest row-balance gap rounding alone can explain, per row.

    Each stored cell can be off by at most ``table.rounding_unit``. A row of
    ``x - Z 1 - Y 1`` adds up one such error from ``x`` and one from each of the
    ``GN + G*K`` cells of the row, so the gap is bounded by
    ``rounding_unit * (GN + G*K + 1)``. A tiny relative term,
    ``1e-9 * max(|x|, 1)``, absorbs floating-point summation error in tables
    stored as doubles. (Pinned by ``tests/test_loader_errors.py``.)

    Parameters
    ----------
    table
        The table; its ``rounding_unit`` and the widths of ``Z`` and ``Y`` set the bound.

    Returns
    -------
    numpy.ndarray
        One tolerance per row (length GN).
    """
    n_cells = table.Z.shape[1] + table.Y.shape[1] + 1
    return table.rounding_unit * n_cells + 1e-9 * np.maximum(np.abs(table.x), 1.0)


DEFAULT_REMEDY = "Restore or re-download the file the table was read from; it is damaged or not a WIOD table."


def _first(table: IOTable, mask: np.ndarray, name: str) -> str:
    """Label of the first flagged cell of ``Z``, ``Y`` or ``x`` (row country/sector, and column)."""
    index = np.argwhere(mask)[0]
    row = "/".join(table.labels[index[0]])
    if name == "x":
        return f"row {row}"
    if name == "Z":
        return f"row {row}, column {'/'.join(table.labels[index[1]])}"
    country, category = divmod(int(index[1]), table.K)  # Y is GN x GK (checked before), so both are in range
    return f"row {row}, final demand of {table.countries[country]} ({table.fd_categories[category]})"


def check_table(table: IOTable, what: str | None = None, remedy: str | None = None) -> BalanceReport:
    """Check shapes, values and the row balance of a table; raise :class:`TableError` if wrong.

    Checks: consistent shapes; unique labels; no NaN or infinite values; no
    negative output or intermediate flows; ``|x - Z 1 - Y 1|`` within
    :func:`row_tolerance` for every row.

    Parameters
    ----------
    table
        The table to check.
    what
        Name used in error messages (defaults to ``table.source``).
    remedy
        What the reader should do, ending every message (the loaders pass the
        ``HOW_TO_GET`` text of their source; default :data:`DEFAULT_REMEDY`).

    Returns
    -------
    BalanceReport
        The largest gaps, so callers can report them.

    Raises
    ------
    TableError
        ``"<what>: <what was found>; expected <what should hold>. <remedy>"``.
    """
    what = what or table.source or "input-output table"
    remedy = remedy or DEFAULT_REMEDY
    G, N, K = table.G, table.N, table.K
    GN = G * N
    expected = {"Z": (GN, GN), "Y": (GN, G * K), "x": (GN,)}
    for name, shape in expected.items():
        found = np.shape(getattr(table, name))
        if found != shape:
            raise TableError(
                f"{what}: {name} has shape {found}, expected {shape} "
                f"for {G} regions x {N} sectors x {K} final-demand categories. {remedy}"
            )
    for kind, labels in (("country", table.countries), ("sector", table.sectors)):
        if len(set(labels)) != len(labels):
            dup = sorted({lab for lab in labels if list(labels).count(lab) > 1})
            raise TableError(f"{what}: duplicated {kind} labels {dup}; expected each label once. {remedy}")
    for name in ("Z", "Y", "x"):
        values = getattr(table, name)
        bad = ~np.isfinite(values)
        if bad.any():
            raise TableError(
                f"{what}: {name} holds {int(bad.sum())} NaN or infinite values (first at {_first(table, bad, name)}); "
                f"expected finite numbers. {remedy}"
            )
    if (table.x < 0).any():
        rows = table.labels[table.x < 0][:5].tolist()
        raise TableError(
            f"{what}: negative gross output in {int((table.x < 0).sum())} rows, e.g. {rows}; expected x >= 0. {remedy}"
        )
    if (table.Z < 0).any():
        raise TableError(
            f"{what}: Z holds {int((table.Z < 0).sum())} negative intermediate flows (first at "
            f"{_first(table, table.Z < 0, 'Z')}); expected Z >= 0. {remedy}"
        )

    gap = table.row_gap()
    tolerance = row_tolerance(table)
    ratio = np.abs(gap) / tolerance
    worst = int(np.argmax(np.abs(gap)))
    positive = table.x > 0
    rel = np.abs(gap[positive]) / table.x[positive] if positive.any() else np.array([0.0])
    report = BalanceReport(
        max_abs_gap=float(np.abs(gap).max()),
        max_rel_gap=float(rel.max()),
        worst_row="/".join(table.labels[worst]),
        total_gap=float(gap.sum()),
        max_gap_over_tolerance=float(ratio.max()),
        n_zero_output=int((table.x == 0).sum()),
    )
    if ratio.max() > 1:
        bad = int(np.argmax(ratio))
        raise TableError(
            f"{what}: rows do not balance. Row {'/'.join(table.labels[bad])} has "
            f"x - Z1 - Y1 = {gap[bad]:.6g}; expected at most {tolerance[bad]:.3g}, what rounding "
            f"of stored cells (unit {table.rounding_unit}) can explain. {remedy}"
        )
    return report


def balance(table: IOTable, method: str = "discrepancy") -> IOTable:
    """Return a table whose rows balance exactly, ``x = Z 1 + Y 1``.

    Parameters
    ----------
    table
        Table as published (WIOD 2013 rows are off by rounding).
    method
        ``"discrepancy"`` (default)
            Keep every published number and book each row's gap in an extra
            final-demand category ``DISC`` of the row's *own* country (a
            statistical discrepancy). Exports, imports and output are unchanged.
        ``"rowsum"``
            Replace output by the row sums, ``x := Z 1 + Y 1``. Value added,
            ``x - Z'1``, then absorbs the gap. This is what the R packages decompr
            and exvatools do when they are given no output vector (they compute
            ``x`` from the row sums).
        ``"none"``
            Return the table unchanged; identities then hold only approximately.
            This is decompr's convention when it is given the published output
            vector: ``A = Z diag(x)^-1`` and value added ``x - Z'1`` from the
            published ``x``.

    Notes
    -----
    Which method comes closest to the unrounded truth was measured on the long-run
    WIOD, whose tables are unrounded, by rounding every cell to whole millions and
    comparing TBIs (:mod:`lib.mrio.rounding`; 25 countries x 8 years). Under rounding to
    the nearest million, which is what the row gaps of the 2013 files indicate,
    ``"discrepancy"`` has the smallest mean error, by a hair (mean absolute TBI error
    0.00337 against 0.00340 for ``"rowsum"`` and 0.0037 for ``"none"``); the largest errors
    are about 0.042 for both balanced methods (0.058 unbalanced). Only if cells had
    been truncated would undoing the expected truncation loss first do better
    (:func:`lib.mrio.rounding.add_expected_loss`: 0.0067 against 0.0094 for ``"discrepancy"``).
    """
    if method not in BALANCE_METHODS:
        raise ValueError(f"Unknown balance method {method!r}; choose one of {BALANCE_METHODS}.")
    if method == "none":
        return table
    gap = table.row_gap()
    if method == "rowsum":
        return replace(table, x=table.x - gap, rounding_unit=0.0)
    GN = table.G * table.N
    Y = table.Y.reshape(GN, table.G, table.K)
    disc = np.zeros((GN, table.G, 1))
    disc[np.arange(GN), table.row_country, 0] = gap
    Y = np.concatenate([Y, disc], axis=2).reshape(GN, table.G * (table.K + 1))
    return replace(table, Y=Y, fd_categories=(*table.fd_categories, "DISC"), rounding_unit=0.0)


def to_frame(table: IOTable) -> pd.DataFrame:
    """The table laid out as printed in textbooks: Z | final demand by country | output, then VA and output rows.

    Intended for small tables (the toy example); final demand is summed over use
    categories.
    """
    labels = [f"{c}-{s}" for c, s in table.labels]
    fd = pd.DataFrame(table.final_demand(), index=labels, columns=[f"FD {c}" for c in table.countries])
    body = pd.concat([pd.DataFrame(table.Z, index=labels, columns=labels), fd], axis=1)
    body["output x"] = table.x
    body.loc["value added"] = [*table.va, *[np.nan] * (table.G + 1)]
    body.loc["output x"] = [*table.x, *[np.nan] * (table.G + 1)]
    return body
