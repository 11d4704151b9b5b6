"""The long-run World Input-Output Database (LR-WIOD, 1965-2000) and its join with WIOD 2013.

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
  :func:`lib.iotable.check_table`, then the published identities
  (``xGO`` row = ``xTOT_xGO`` column, ``xII`` = column sums of Z, column balance
  ``Z'1 + xVA + xMRG_int = GO``). Any failure raises a :class:`lib.checksums.DataError`
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
  dollars per stored cell), and :func:`lib.iotable.balance` closes the gaps like for
  the other releases (default ``"discrepancy"``).

Join with WIOD 2013
-------------------
The two sources overlap in 1995 and 2000 and disagree there: TBI gaps (WIOD 2013 minus
LR-WIOD) have mean absolute value 0.048 and reach -0.21 (Greece, Spain), -0.11 (Portugal,
Austria), -0.09 (Italy) and +0.07 (Germany, Australia); the sign differs in 9 of 48
country-years (the USA in 1995). Gross trade balances differ in the same direction
(correlation of TBI gaps and gross-TBI gaps 0.99), so the gaps come from the bilateral trade
data. The gaps are stable between 1995 and 2000 (change at most 0.043, Britain), which is
what a level shift needs. So the sources are never chained silently:
:func:`overlap_comparison` puts both side by side, :func:`join_shifts` turns the gaps into
one level shift per country, and :func:`spliced_tbi_panel` returns a 1965-2011 series with
a ``source`` column, the raw values and the shifted (adjusted) ones.
:func:`build_longrun_panel` merges a five-year regression panel 1970-2010.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import config, mrio
from .checksums import TableError, verify_listed
from .iotable import IOTable, balance, check_table

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
SOURCE_WIOD2013 = "WIOD 2013"
OVERLAP_YEARS = (1995, 2000)
WIOD2013_YEARS = tuple(range(1995, 2012))  # = lib.wiod.WIOD2013_YEARS (lib.wiod imports this module)
MEASURES = ("tbi", "tbi_gross", "gross_balance", "va_balance")  # compared by overlap_comparison
PANEL_YEARS = tuple(range(1970, 2011, 5))

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
    stored cell of the sum), as :func:`lib.iotable.row_tolerance` does for rows.

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

    Order: sha256 against ``data/SHA256SUMS`` (:class:`~lib.checksums.ChecksumError`,
    :class:`~lib.checksums.DataFileNotFound`), R file and object name, layout
    (:func:`parse_longrun`), :func:`lib.iotable.check_table` (shapes, finite values,
    non-negative ``Z`` and ``x``, row balance), :func:`check_longrun_identities`.
    """
    from .wiod import _read_rda  # the shared R reader (turns parse failures into TableError)

    year = _check_year(year)
    longrun_checksum(year, data_dir)
    path = longrun_path(year, data_dir)
    objects = _read_rda(path, remedy=HOW_TO_GET_LONGRUN)
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
        How to close the (tiny) row gaps; see :func:`lib.iotable.balance`.

    Returns
    -------
    IOTable
        26 regions (ISO3, ``ROW`` last) x 23 industries x 4 final-demand categories (plus
        ``DISC`` with the default balancing). Value added is ``x - Z'1 = xVA + xMRG_int``.
    """
    return balance(read_longrun(year, data_dir).table, balance_method)


# --------------------------------------------------------------------------- value added


def country_tbi(table: IOTable, va: np.ndarray | None = None, by: np.ndarray | None = None) -> pd.DataFrame:
    """Value-added exports, imports and TBI of every region, for a chosen value-added vector.

    ``VA = aggregate(diag(v) B Y)`` with ``v = va / x``, ``B = (I - A)^-1``, ``A = Z diag(x)^-1``;
    ``VAX_i = sum_{j != i} VA_ij``, ``VAM_i = sum_{j != i} VA_ji``,
    ``TBI_i = (VAX_i - VAM_i) / (VAX_i + VAM_i)``. With ``va=None`` the book's residual
    ``x - Z'1`` is used, which reproduces :func:`lib.tbi.country_flows`. ``by`` (``B Y``) may be
    passed to share one Leontief solve between value-added vectors.
    """
    from .tbi import off_diagonal_sums, trade_balance_index

    exports, imports = off_diagonal_sums(mrio.bilateral_va(table, va, by))
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
        by = mrio.output_by_destination(table)  # one solve for both value-added definitions
        resid = country_tbi(table, by=by)
        xva = country_tbi(table, lr.xva, by)
        va_resid = mrio.aggregate_rows(table.va, table.N)
        parts.append(
            pd.DataFrame(
                {
                    "country": table.countries,
                    "year": table.year,
                    "va_residual": va_resid,
                    "va_xva": mrio.aggregate_rows(lr.xva, table.N),
                    "margins_share": mrio.aggregate_rows(lr.margins, table.N) / va_resid,
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


# --------------------------------------------------------------------------- join with WIOD 2013


def diagnostics(data_dir: str | os.PathLike | None = None, cache: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`va_definition_effect` and :func:`final_demand_diagnostics` for every shipped year, cached.

    Both read every LR-WIOD table (about 15 s); the results are cached under the sha256 of the
    files, like the TBI panels.
    """
    from .cache import cached_frames

    def build():
        return va_definition_effect(data_dir=data_dir), final_demand_diagnostics(data_dir=data_dir)

    if not cache:
        return build()
    payload = {"inputs": {str(y): d for y, d in input_checksums(data_dir=data_dir).items()}}
    return cached_frames("longrun-diagnostics", payload, ("va_effect", "final_demand"), build)


def overlap_comparison(
    data_dir: str | os.PathLike | None = None, balance_method: str = "discrepancy", cache: bool = True
) -> pd.DataFrame:
    """Both sources side by side in the overlap years 1995 and 2000, per country.

    Countries in both sources (24: the LR-WIOD countries except Hong Kong, absent from
    WIOD 2013). Columns: ``country, year``, then for each measure ``m`` in ``tbi``,
    ``tbi_gross``, ``gross_balance``, ``va_balance`` (millions of USD) the pair
    ``m_longrun``, ``m_wiod2013`` and the gap ``m_gap = m_wiod2013 - m_longrun``.

    The gaps are large: mean absolute TBI gap 0.048, up to 0.21 (Greece 2000, Spain 2000;
    USA 1995: LR-WIOD +0.004, WIOD 2013 -0.053), and the gross balances differ in the same
    direction (USA 1995: +5 bn against -71 bn USD), so the gaps come from the bilateral
    trade data, not from the input-output algebra.
    """
    lr, w13 = _source_panels(OVERLAP_YEARS, data_dir, balance_method, cache)
    return _compare(lr, w13)


def _source_panels(w13_years, data_dir, balance_method, cache) -> tuple[pd.DataFrame, pd.DataFrame]:
    """TBI panels of both sources: LR-WIOD for all its years, WIOD 2013 for ``w13_years`` and the overlap.

    WIOD 2013 is asked for the overlap years plus ``w13_years`` in one call, so callers that
    need the same years share one cache entry (the key includes the years' checksums).
    """
    from .tbi import tbi_panel

    w13_years = tuple(sorted(set(OVERLAP_YEARS) | {int(y) for y in w13_years}))
    lr = tbi_panel("longrun", data_dir, None, balance_method, cache, progress=False)
    w13 = tbi_panel("2013", data_dir, w13_years, balance_method, cache, progress=False)
    return lr, w13


def _compare(lr: pd.DataFrame, w13: pd.DataFrame) -> pd.DataFrame:
    """The body of :func:`overlap_comparison`, from the two TBI panels."""
    measures = list(MEASURES)
    lr, w13 = (p.loc[p["year"].isin(OVERLAP_YEARS), ["country", "year", *measures]] for p in (lr, w13))
    both = lr.merge(w13, on=["country", "year"], suffixes=("_longrun", "_wiod2013"))
    for m in measures:
        both[f"{m}_gap"] = both[f"{m}_wiod2013"] - both[f"{m}_longrun"]
    order = ["country", "year", *[f"{m}_{s}" for m in measures for s in ("longrun", "wiod2013", "gap")]]
    return both[order].sort_values(["country", "year"]).reset_index(drop=True)


def join_shifts(comparison: pd.DataFrame | None = None, years=OVERLAP_YEARS, **kwargs) -> pd.DataFrame:
    """One level shift per country that puts LR-WIOD's TBI on WIOD 2013's level at the joint.

    ``shift_i = mean_{t in years} (TBI^{2013}_{it} - TBI^{LR}_{it})``; the adjusted long-run
    series is ``TBI^{LR}_{it} + shift_i``. With both overlap years (default) the adjusted
    series matches WIOD 2013 on average over 1995 and 2000; ``years=(1995,)`` or
    ``(2000,)`` makes it match exactly in that year.

    Parameters
    ----------
    comparison
        Output of :func:`overlap_comparison` (computed if omitted, with ``**kwargs``).
    years
        Overlap years the shift averages over.

    Returns
    -------
    DataFrame
        ``country``, ``shift``, ``gap_1995``, ``gap_2000`` (TBI gaps, WIOD 2013 minus
        LR-WIOD) and ``gap_change = gap_2000 - gap_1995`` (how far from a pure level
        difference the two sources are).
    """
    comparison = overlap_comparison(**kwargs) if comparison is None else comparison
    years = tuple(int(y) for y in years)
    unknown = sorted(set(years) - set(OVERLAP_YEARS))
    if unknown:
        raise ValueError(f"Years {unknown} are not in the overlap {OVERLAP_YEARS} of LR-WIOD and WIOD 2013.")
    gaps = comparison.pivot(index="country", columns="year", values="tbi_gap")
    out = pd.DataFrame({"shift": gaps[list(years)].mean(axis=1)})
    for y in OVERLAP_YEARS:
        out[f"gap_{y}"] = gaps[y]
    out["gap_change"] = gaps[OVERLAP_YEARS[-1]] - gaps[OVERLAP_YEARS[0]]
    return out.reset_index()


def spliced_tbi_panel(
    overlap: str = "wiod2013",
    shift_years=OVERLAP_YEARS,
    years=None,
    data_dir: str | os.PathLike | None = None,
    balance_method: str = "discrepancy",
    cache: bool = True,
) -> pd.DataFrame:
    """A 1965-2011 TBI panel from both sources, with the source of every row. Never chained silently.

    Rows: LR-WIOD for 1965-1990 (every fifth year), WIOD 2013 for 1995-2011 (every year);
    in the overlap years 1995 and 2000 ``overlap`` decides: ``"wiod2013"`` (default; WIOD
    2013 only, so each country-year appears once), ``"longrun"`` (LR-WIOD only) or
    ``"both"`` (two rows, told apart by ``source``). Countries: the union of both sources
    (HKG only in LR-WIOD; the 16 countries of WIOD 2013 that LR-WIOD lacks only from 1995).
    ``years`` restricts the rows (default: every year of either source).

    Columns: ``country, year, source`` (``"LR-WIOD"`` or ``"WIOD 2013"``), ``tbi`` (as
    published by that source), ``tbi_gross``, ``shift`` (:func:`join_shifts` over
    ``shift_years``; 0 for WIOD 2013 rows, NaN for LR-WIOD rows of countries without WIOD
    2013 data) and ``tbi_adjusted = tbi + shift`` (LR-WIOD values moved to WIOD 2013's
    level at the joint; NaN where no shift exists).

    Which to use: ``tbi_adjusted`` for one series per country across the joint (its jump
    between 1990 and 1995 is then no longer the sources' level gap); ``tbi`` with
    ``source`` (e.g. a source dummy or country x source effects in a regression) to use
    each source as published.
    """
    if overlap not in ("wiod2013", "longrun", "both"):
        raise ValueError(f"overlap={overlap!r}: choose 'wiod2013', 'longrun' or 'both'.")
    available = sorted(set(LONGRUN_YEARS) | set(WIOD2013_YEARS))
    years = tuple(sorted(int(y) for y in (years or available)))
    outside = sorted(set(years) - set(available))
    if outside:
        raise ValueError(f"Years {outside} are in neither LR-WIOD ({LONGRUN_YEARS}) nor WIOD 2013 (1995-2011).")
    lr, w13 = _source_panels([y for y in years if y in WIOD2013_YEARS], data_dir, balance_method, cache)
    shifts = join_shifts(_compare(lr, w13), shift_years).set_index("country")["shift"]
    cols = ["country", "year", "tbi", "tbi_gross"]
    lr, w13 = lr.loc[lr["year"].isin(years), cols], w13.loc[w13["year"].isin(years), cols]
    if overlap == "wiod2013":
        lr = lr.loc[~lr["year"].isin(OVERLAP_YEARS)]
    elif overlap == "longrun":
        w13 = w13.loc[~w13["year"].isin(OVERLAP_YEARS)]
    lr = lr.assign(source=SOURCE_LONGRUN, shift=lr["country"].map(shifts))
    w13 = w13.assign(source=SOURCE_WIOD2013, shift=0.0)
    out = pd.concat([lr, w13], ignore_index=True)
    out["tbi_adjusted"] = out["tbi"] + out["shift"]
    out = out[["country", "year", "source", "tbi", "tbi_gross", "shift", "tbi_adjusted"]]
    return out.sort_values(["country", "year", "source"]).reset_index(drop=True)


# --------------------------------------------------------------------------- regression panel


def build_longrun_panel(
    years=PANEL_YEARS,
    tbi_series: str = "adjusted",
    kof_release: str = "2019",
    inflation: bool = True,
    data_dir: str | os.PathLike | None = None,
    balance_method: str = "discrepancy",
    cache: bool = True,
    **control_options,
):
    """Five-year regression panel 1970-2010: TBI, KOF de jure indices and long-span controls.

    Sample: the 25 LR-WIOD countries (rest of the world excluded) x ``years``.

    TBI rule: LR-WIOD up to 2000 (one source, one method, for 1970-2000), WIOD 2013 for
    2005 and 2010. In the overlap years 1995 and 2000 both exist; the panel uses LR-WIOD and
    keeps WIOD 2013's value in ``tbi_wiod2013``. Columns ``tbi_longrun`` and
    ``tbi_wiod2013`` hold each source's value where it exists, ``source`` names the source
    of ``tbi_raw``, ``shift`` is the country's join shift (:func:`join_shifts`, both overlap
    years), and ``tbi`` (the regressor) is

    * ``tbi_series="adjusted"`` (default): ``tbi_raw + shift`` for LR-WIOD years, i.e. the
      long-run series moved to WIOD 2013's level, so no artificial jump at 2000/2005.
      Countries without WIOD 2013 data (HKG) have no shift and are dropped (logged);
    * ``tbi_series="raw"``: ``tbi_raw``, each source as published (use ``source`` to allow
      a level change at the joint).

    Controls: :func:`lib.panel.controls` (its defaults unless ``control_options`` such as
    ``exchange_rate="real"``, ``capital="rnna"``, ``tfp="ctfp"`` are given): PWT ``lnEXR,
    TFP, lnCK, lnGDP, lnPOP`` (complete for the LR-WIOD countries 1970-2010) and WDI
    ``INFR`` (complete except Taiwan; ``inflation=False`` leaves it out). WGI regulatory
    quality starts in 1996 and is therefore **not** a control here (requiring it would
    drop every period before 1996); the long-run regressions omit RQ and say so.

    KOF: every de jure index (``lib.macro.KOF_INDICES`` required, the other KOF columns
    kept); the 2019 release starts in 1970 and lacks Taiwan.

    Every observation lost in the merge is logged with its reason
    (:func:`lib.panel.merge_panel`): with the defaults, Taiwan (absent from KOF and WDI)
    and Hong Kong (no WIOD 2013 data, hence no 2005/2010 TBI and no shift), leaving
    23 countries x 9 periods = 207 observations.

    Returns
    -------
    lib.panel.PanelBuild
        ``data`` (complete rows, sorted by country and year, with ``developed`` as in the
        baseline), ``dropped`` (``country, year, reason``) and a ``summary`` sentence.
    """
    from . import macro
    from .panel import DEVELOPED, PanelBuild, controls, dropped_summary, merge_panel, missing_reason

    if tbi_series not in ("adjusted", "raw"):
        raise ValueError(f"tbi_series={tbi_series!r}: choose 'adjusted' or 'raw'.")
    years = tuple(sorted(int(y) for y in years))
    lr_years = tuple(y for y in years if y in LONGRUN_YEARS)
    w13_years = tuple(y for y in years if y in WIOD2013_YEARS)
    outside = sorted(set(years) - set(lr_years) - set(w13_years))
    if outside:
        raise ValueError(f"Years {outside} are in neither LR-WIOD ({LONGRUN_YEARS}) nor WIOD 2013 (1995-2011).")
    lr, w13 = _source_panels(w13_years, data_dir, balance_method, cache)
    shifts = join_shifts(_compare(lr, w13)).set_index("country")["shift"]
    cols = ["country", "year", "tbi", "tbi_gross"]
    lr, w13 = lr.loc[lr["year"].isin(lr_years), cols], w13.loc[w13["year"].isin(w13_years), cols]

    base = pd.MultiIndex.from_product([LONGRUN_COUNTRIES[:-1], years], names=["country", "year"]).to_frame(index=False)
    base = base.merge(lr.rename(columns={"tbi": "tbi_longrun", "tbi_gross": "tbi_gross_longrun"}), how="left")
    base = base.merge(w13.rename(columns={"tbi": "tbi_wiod2013", "tbi_gross": "tbi_gross_wiod2013"}), how="left")
    use_lr = base["year"].isin(lr_years)
    base["source"] = np.where(use_lr, SOURCE_LONGRUN, SOURCE_WIOD2013)
    base["tbi_raw"] = np.where(use_lr, base["tbi_longrun"], base["tbi_wiod2013"])
    base["tbi_gross"] = np.where(use_lr, base["tbi_gross_longrun"], base["tbi_gross_wiod2013"])
    base["shift"] = np.where(use_lr, base["country"].map(shifts), 0.0)
    base["tbi"] = base["tbi_raw"] + base["shift"] if tbi_series == "adjusted" else base["tbi_raw"]
    tbi_source = base[["country", "year", "tbi", "tbi_raw", "tbi_gross", "source", "shift", "tbi_longrun", "tbi_wiod2013"]]
    sample = base[["country", "year"]]

    kof_name = f"KOF {kof_release}"
    sources = {"TBI": tbi_source, kof_name: macro.load_kof(kof_release)[["country", "year", *macro.KOF_ALL]]}
    required = {"TBI": ("tbi",), kof_name: macro.KOF_INDICES}
    found = controls(years=years, **control_options)
    sources["PWT 10.01"] = found["PWT 10.01"]
    required["PWT 10.01"] = ("lnEXR", "TFP", "lnCK", "lnGDP", "lnPOP")
    if inflation:
        sources["WDI"] = found["WDI"]
        required["WDI"] = ("INFR",)
    data, dropped = merge_panel(sample, sources, required)
    # Say why a TBI is missing: merge_panel only knows that it is.
    no_w13 = sorted(set(LONGRUN_COUNTRIES[:-1]) - set(w13["country"]))
    for country in no_w13:
        why = f"no tbi: {country} absent from WIOD 2013 (no {SOURCE_WIOD2013} value after 2000" + (
            ", no join shift)" if tbi_series == "adjusted" else ")"
        )
        for i in dropped.index[dropped["country"] == country]:
            generic = missing_reason("tbi", "TBI", dropped.at[i, "year"])
            dropped.at[i, "reason"] = dropped.at[i, "reason"].replace(generic, why)
    data["developed"] = data["country"].isin(DEVELOPED)
    data = data.sort_values(["country", "year"]).reset_index(drop=True)
    used = [*required["PWT 10.01"], *required.get("WDI", ())]
    summary = (
        f"Long-run panel, {', '.join(map(str, years))}, TBI {tbi_series}: N = {len(data)} country-years, "
        f"{data['country'].nunique()} countries. Controls: {', '.join(used)} (no RQ: WGI starts in 1996). "
        + dropped_summary(dropped)
        + "."
    )
    return PanelBuild(data=data, dropped=dropped, summary=summary)


def longrun_panel(verbose: bool = True, **options) -> pd.DataFrame:
    """The long-run regression panel (data only); see :func:`build_longrun_panel` for ``options``."""
    built = build_longrun_panel(**options)
    if verbose:
        print(built.summary)
    return built.data
