"""The long-run World Input-Output Database (LR-WIOD, 1965-2000): files, layout, checks, loader.

Data
----
``data/longrun/WIODlr_WIOT_YYYY.rda`` for YYYY = 1965, 1970, ..., 2000 (every fifth year of
the 1965-2000 database; see ``data/README.md`` for source, licence and citation: Woltjer,
Gouma & Timmer 2021, GGDC Research Memorandum 190; DataverseNL doi:10.34894/A7AXDN,
CC BY 4.0). Each file holds one R data frame of 606 rows x 710 columns: 26 regions x 23
industries (ISIC rev. 3 based), country-major, the rest of the world (``xROW``) last;
4 final-demand categories per destination (``xCONS_h`` households incl. NPISH, ``xCONS_g``,
``xGFCF``, ``xINV``); 4 memo columns (``xTOT_xX``, ``xTOT_xM``, ``xTOT_xMRG_int``,
``xTOT_xGO``); 8 summary rows (``xII, xVA, xTXSP, xSD, xPURNR, xPURR, xMRG_int, xGO``).
Values are millions of current US dollars stored as unrounded doubles.

How the book reads it (:func:`read_longrun`, :func:`load_longrun`)
--------------------------------------------------------------------
* sha256 first (``data/SHA256SUMS``), then the layout (labels, order, shape), then
  :func:`lib.data.iotable.check_table`, then the published identities
  (``xGO`` row = ``xTOT_xGO`` column, ``xII`` = column sums of Z, column balance
  ``Z'1 + xVA + xMRG_int = GO``). Any failure raises a :class:`lib.data.errors.DataError`
  that names the file and says how to restore it.
* Country codes are ISO3 already; ``xROW`` becomes ``ROW``. Hong Kong (``HKG``) and Taiwan
  (``TWN``) are regions of their own here.
* **Value added** is the book's residual ``va = GO - Z'1`` (:attr:`IOTable.va`), so that the
  book's identities hold (value-added balance = gross balance in a balanced table). In
  LR-WIOD this residual is ``xVA + xMRG_int``: the international trade and transport margins
  an industry pays on its purchases are not in ``Z`` (no row sells them), so the residual
  counts them as value added of the buying country-sector, as WIOD 2013's residual counts
  net product taxes and margins. The alternative, ``v = xVA / GO`` (used by the data README
  for its reference TBIs), lets the margins leak out of the system: world value added
  absorbed is then smaller than world final demand by the margins (0.3-0.7 % of world value
  added; 0.1-2.8 % of a country's). :func:`va_definition_effect` quantifies the difference
  per country and year: mean absolute TBI difference 0.003, at most 0.009 for the eight
  Table-1 economies (the data README's bound) but up to 0.017 for Belgium (1985), 0.016 for
  the Netherlands (1965), 0.011 for Mexico (2000). The book's TBI is the higher one for
  economies that import many intermediates (BEL, NLD, IRL, KOR, TWN, CAN): the margins
  they pay on imported inputs count as their own value added, and part of it is exported.
* **Margins row.** ``xMRG_int`` is read (for the identities and for
  :func:`va_definition_effect`) but not added to ``Z`` or ``Y``: it has no producing row.
  Margins in final-demand columns are outside the industry rows and play no role.
* **Negative final demand.** Changes in inventories (``xINV``) are negative in 52-232
  cells a year (-1.3 bn USD in 1965 to -75 bn in 2000); in 2000 three other cells are
  negative zeros (about -1e-10). They are kept as published, exactly as WIOD 2013's
  ``INVEN``: the Leontief model is linear, so a drawdown of stocks simply subtracts the
  value added embodied in them from the destination's absorption. Summed over categories,
  3-15 (producer, destination) cells a year are negative; :func:`final_demand_diagnostics`
  lists the sizes.
* **Row balance.** Rows balance to 0.0005 million USD except one row in 1985 (CHN D23,
  -0.26 million). The table carries ``rounding_unit = 1e-3`` (as WIOD 2016: one thousand
  dollars per stored cell), and :func:`lib.data.iotable.balance` closes the gaps like for
  the other releases (default ``"discrepancy"``).

The value-added definitions of the long-run tables are compared in :mod:`lib.mrio.longrun_va`;
the join with WIOD 2013 and the five-year panel are in :mod:`lib.econometrics.longrun_join`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .checksums import verify_listed
from .errors import TableError
from .iotable import IOTable, balance, check_table
from .wiod import read_rda

LONGRUN_YEARS = tuple(range(1965, 2001, 5))
# Codes as stored (alphabetical, rest of the world last) and as used in the book.
LONGRUN_SOURCE_CODES = (
    "AUS", "AUT", "BEL", "BRA", "CAN", "CHN", "DEU", "DNK", "ESP", "FIN", "FRA", "GBR", "GRC",
    "HKG", "IND", "IRL", "ITA", "JPN", "KOR", "MEX", "NLD", "PRT", "SWE", "TWN", "USA", "xROW",
)  # fmt: skip
LONGRUN_COUNTRIES = (*LONGRUN_SOURCE_CODES[:-1], "ROW")
LONGRUN_SECTORS = (
    "AtB", "C", "D15t16", "D17t19", "D21t22", "D23", "D24", "D25", "D26", "D27t28", "D29", "D30t33",
    "D34t35", "Dnec", "E", "F", "G", "H", "I60t63", "I64", "J", "K", "LtQ",
)  # fmt: skip
# Final-demand categories as stored -> the book's names (households include NPISH here).
LONGRUN_FD_SOURCE = ("xCONS_h", "xCONS_g", "xGFCF", "xINV")
LONGRUN_FD_CATEGORIES = ("CONS_h", "CONS_g", "GFCF", "INVEN")
LONGRUN_LABEL_COLUMNS = ("IndustryCode_isic3", "IndustryDescription", "Country", "Year")
LONGRUN_MEMO_COLUMNS = ("xTOT_xX", "xTOT_xM", "xTOT_xMRG_int", "xTOT_xGO")
LONGRUN_SUMMARY_ROWS = ("xII", "xVA", "xTXSP", "xSD", "xPURNR", "xPURR", "xMRG_int", "xGO")
LONGRUN_SHAPE = (606, 710)
# Unrounded doubles: allow 1,000 USD of rounding per stored cell (as for WIOD 2016). The
# largest published row gap (0.26 million, 1985) is 37 % of the resulting row tolerance.
LONGRUN_ROUNDING_UNIT = 1e-3

SOURCE_LONGRUN = "LR-WIOD"

HOW_TO_GET_LONGRUN = (
    "The long-run WIOD files ship with the book in data/longrun/. Restore them with "
    "'git checkout -- data/longrun' (source: LR-WIOD, GGDC, DataverseNL doi:10.34894/A7AXDN; "
    "see data/README.md)."
)


@dataclass(frozen=True, eq=False)
class LongRunTable:
    """One LR-WIOD year: the book's table plus the published rows the table does not hold.

    Attributes
    ----------
    table
        :class:`IOTable` as published (not balanced): ``Z`` 598 x 598, ``Y`` 598 x 104,
        ``x`` = ``xTOT_xGO``.
    xva
        The ``xVA`` row (value added at basic prices) by country-industry column.
    margins
        The ``xMRG_int`` row (international trade and transport margins paid), by column.
    xii
        The ``xII`` row (total intermediate inputs), by column.
    """

    table: IOTable
    xva: np.ndarray
    margins: np.ndarray
    xii: np.ndarray


# --------------------------------------------------------------------------- files


def _check_year(year: int) -> int:
    if int(year) not in LONGRUN_YEARS:
        raise ValueError(
            f"The long-run WIOD files in the book cover {LONGRUN_YEARS[0]}-{LONGRUN_YEARS[-1]} every fifth "
            f"year {LONGRUN_YEARS}; year {year} is not available."
        )
    return int(year)


def longrun_path(year: int, data_dir: str | os.PathLike | None = None) -> Path:
    """Path of the shipped LR-WIOD file for ``year``."""
    return Path(data_dir or config.DATA_DIR) / "longrun" / f"WIODlr_WIOT_{year}.rda"


def longrun_checksum(year: int, data_dir: str | os.PathLike | None = None) -> str:
    """Verify the shipped LR-WIOD file of ``year`` against ``data/SHA256SUMS``; return its sha256."""
    year = _check_year(year)
    return verify_listed(data_dir or config.DATA_DIR, f"longrun/WIODlr_WIOT_{year}.rda", HOW_TO_GET_LONGRUN)[1]


def input_checksums(years=None, data_dir: str | os.PathLike | None = None) -> dict[int, str]:
    """sha256 of the LR-WIOD file of every year in ``years`` (default: all), verified."""
    return {y: longrun_checksum(y, data_dir) for y in (years or LONGRUN_YEARS)}


# --------------------------------------------------------------------------- parsing


def _layout_error(source: str, problem: str) -> TableError:
    return TableError(f"{source}: {problem} This is not an LR-WIOD table in the expected layout. {HOW_TO_GET_LONGRUN}")


def parse_longrun(frame, year: int, source: str) -> LongRunTable:
    """Turn the data frame ``WIODlr_WIOT_YYYY`` into a :class:`LongRunTable`, checking its layout.

    Checks, each with a :class:`TableError` naming ``source``: a data frame of
    ``LONGRUN_SHAPE`` (606 x 710); label columns ``LONGRUN_LABEL_COLUMNS``; rows ordered
    country by country (``LONGRUN_SOURCE_CODES``), industries ``LONGRUN_SECTORS`` within
    each, then the summary rows ``LONGRUN_SUMMARY_ROWS`` (country ``xTOT``); column names
    ``CTY_IND`` in the same order, then ``CTY_xCONS_h ... CTY_xINV`` per destination, then
    the memo columns; ``Year`` equal to ``year``; numeric values; the ``xGO`` row equal to
    the ``xTOT_xGO`` column.
    """
    if not isinstance(frame, pd.DataFrame):
        raise _layout_error(source, f"the object is a {type(frame).__name__}, not a data frame.")
    if frame.shape != LONGRUN_SHAPE:
        raise _layout_error(source, f"{frame.shape[0]} rows x {frame.shape[1]} columns, expected 606 x 710.")
    columns = [str(c) for c in frame.columns]
    if tuple(columns[:4]) != LONGRUN_LABEL_COLUMNS:
        raise _layout_error(source, f"label columns {columns[:4]}, expected {list(LONGRUN_LABEL_COLUMNS)}.")
    G, N, K = len(LONGRUN_SOURCE_CODES), len(LONGRUN_SECTORS), len(LONGRUN_FD_SOURCE)
    GN = G * N
    row_countries = frame["Country"].astype(str).to_numpy()
    row_codes = frame["IndustryCode_isic3"].astype(str).to_numpy()
    expected_countries = np.array([*np.repeat(LONGRUN_SOURCE_CODES, N), *["xTOT"] * len(LONGRUN_SUMMARY_ROWS)])
    expected_codes = np.array([*np.tile(LONGRUN_SECTORS, G), *LONGRUN_SUMMARY_ROWS])
    for what, found, expected in (("Country", row_countries, expected_countries),
                                  ("IndustryCode_isic3", row_codes, expected_codes)):  # fmt: skip
        bad = np.flatnonzero(found != expected)
        if bad.size:
            k = int(bad[0])
            raise _layout_error(
                source,
                f"row {k + 1} has {what} {str(found[k])!r}, expected {str(expected[k])!r} "
                f"({bad.size} rows differ; rows must be country-major with xROW last, then the summary rows).",
            )
    inter_cols = [f"{c}_{s}" for c in LONGRUN_SOURCE_CODES for s in LONGRUN_SECTORS]
    final_cols = [f"{c}_{k}" for c in LONGRUN_SOURCE_CODES for k in LONGRUN_FD_SOURCE]
    expected_cols = [*LONGRUN_LABEL_COLUMNS, *inter_cols, *final_cols, *LONGRUN_MEMO_COLUMNS]
    bad = [j for j, (a, b) in enumerate(zip(columns, expected_cols)) if a != b]
    if bad:
        j = bad[0]
        raise _layout_error(source, f"column {j + 1} is {columns[j]!r}, expected {expected_cols[j]!r} ({len(bad)} columns differ).")
    try:
        years = pd.to_numeric(frame["Year"]).to_numpy()
        values = frame.iloc[:, 4:].to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise TableError(f"{source}: non-numeric values in the table ({exc}).") from exc
    if not (years == int(year)).all():
        found = sorted(set(years[years != int(year)].tolist()))[:3]
        raise TableError(f"{source}: the Year column holds {found}, not {year} in every row.")
    body, summary = values[:GN], values[GN:]
    x = body[:, GN + G * K + 3]
    go_row = summary[LONGRUN_SUMMARY_ROWS.index("xGO"), :GN]
    if np.isfinite(x).all() and np.isfinite(go_row).all() and not np.allclose(go_row, x, rtol=1e-9, atol=LONGRUN_ROUNDING_UNIT):
        k = int(np.argmax(np.abs(go_row - x)))
        raise TableError(f"{source}: the xGO row differs from the xTOT_xGO column by {go_row[k] - x[k]:.6g} at {inter_cols[k]}.")
    table = IOTable(
        Z=body[:, :GN],
        Y=body[:, GN : GN + G * K],
        x=x,
        countries=LONGRUN_COUNTRIES,
        sectors=LONGRUN_SECTORS,
        fd_categories=LONGRUN_FD_CATEGORIES,
        year=int(year),
        vintage="longrun",
        source=source,
        rounding_unit=LONGRUN_ROUNDING_UNIT,
    )
    row = {name: summary[k, :GN] for k, name in enumerate(LONGRUN_SUMMARY_ROWS)}
    return LongRunTable(table=table, xva=row["xVA"], margins=row["xMRG_int"], xii=row["xII"])


def check_longrun_identities(lr: LongRunTable) -> dict[str, float]:
    """Check the published column identities of an LR-WIOD table; return the largest gaps.

    * ``xII = Z'1`` (total intermediate inputs = column sums of ``Z``);
    * column balance ``Z'1 + xVA + xMRG_int = GO``.

    Tolerance per column: ``rounding_unit * (GN + 2) + 1e-9 GO`` (one rounding unit per
    stored cell of the sum), as :func:`lib.data.iotable.row_tolerance` does for rows.

    Raises
    ------
    TableError
        Naming the file and the worst column.
    """
    t = lr.table
    col = t.Z.sum(axis=0)
    tolerance = t.rounding_unit * (t.Z.shape[0] + 2) + 1e-9 * np.abs(t.x)
    gaps = {"xII - Z'1": lr.xii - col, "Z'1 + xVA + xMRG_int - GO": col + lr.xva + lr.margins - t.x}
    for name, gap in gaps.items():
        if (np.abs(gap) > tolerance).any():
            k = int(np.argmax(np.abs(gap) / tolerance))
            raise TableError(
                f"{t.source}: the published identity {name} = 0 fails at {'/'.join(t.labels[k])} "
                f"(gap {gap[k]:.6g}, tolerance {tolerance[k]:.3g}). The file may be damaged. {HOW_TO_GET_LONGRUN}"
            )
    return {name: float(np.abs(gap).max()) for name, gap in gaps.items()}


def read_longrun(year: int, data_dir: str | os.PathLike | None = None) -> LongRunTable:
    """Verify, read and check the LR-WIOD table of ``year``, unbalanced, with its summary rows.

    Order: sha256 against ``data/SHA256SUMS`` (:class:`~lib.data.errors.ChecksumError`,
    :class:`~lib.data.errors.DataFileNotFound`), R file and object name, layout
    (:func:`parse_longrun`), :func:`lib.data.iotable.check_table` (shapes, finite values,
    non-negative ``Z`` and ``x``, row balance), :func:`check_longrun_identities`.
    """
    year = _check_year(year)
    longrun_checksum(year, data_dir)
    path = longrun_path(year, data_dir)
    objects = read_rda(path, remedy=HOW_TO_GET_LONGRUN)
    name = f"WIODlr_WIOT_{year}"
    if name not in objects:
        raise TableError(f"{path}: holds {list(objects)}, not the object {name}. {HOW_TO_GET_LONGRUN}")
    lr = parse_longrun(objects[name], year, str(path))
    check_table(lr.table, remedy=HOW_TO_GET_LONGRUN)
    check_longrun_identities(lr)
    return lr


def load_longrun(
    year: int, data_dir: str | os.PathLike | None = None, balance_method: str = "discrepancy"
) -> IOTable:
    """Load, verify and check the LR-WIOD table of ``year`` (1965, 1970, ..., 2000).

    Parameters
    ----------
    year
        Table year.
    data_dir
        Folder with ``SHA256SUMS`` and ``longrun/`` (default: the book's ``data/``).
    balance_method
        How to close the (tiny) row gaps; see :func:`lib.data.iotable.balance`.

    Returns
    -------
    IOTable
        26 regions (ISO3, ``ROW`` last) x 23 industries x 4 final-demand categories (plus
        ``DISC`` with the default balancing). Value added is ``x - Z'1 = xVA + xMRG_int``.
    """
    return balance(read_longrun(year, data_dir).table, balance_method)
