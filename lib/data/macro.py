"""Country-year sources for the regressions: KOF, Penn World Table, WGI, WDI.

Each loader verifies its file against ``data/SHA256SUMS`` (a file missing from
that list is refused, as for WIOD), checks its columns and that numbers are
numbers (otherwise a :class:`~lib.data.errors.DataError` names the file, the
column and the remedy), maps country codes to ISO3 (World Bank and KOF legacy
codes such as ``ROM`` become ``ROU``), and returns a tidy frame with ``country``
and ``year`` columns, one row per country-year. Parsed sources are cached on
disk (reading the KOF workbook takes seconds).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import config
from .cache import cached_frames
from .checksums import read_csv, verify_listed
from .errors import DataError, FileFormatError, TableError

# Legacy codes still used by the World Bank (WGI) and KOF -> ISO 3166-1 alpha-3.
LEGACY_CODES = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "ADO": "AND", "WBG": "PSE", "KSV": "XKX"}

KOF_INDICES = ("KOFGIdj", "KOFEcGIdj", "KOFTrGIdj", "KOFFiGIdj", "KOFPoGIdj")
KOF_ALL = tuple(
    f"KOF{x}GI{part}" if x else f"KOFGI{part}"
    for x in ("", "Ec", "Tr", "Fi", "So", "Ip", "In", "Cu", "Po")
    for part in ("", "df", "dj")
)
PWT_VARIABLES = ("rgdpna", "rnna", "ck", "ctfp", "rtfpna", "xr", "pl_gdpo", "pop")
WGI_SHEET = "RegulatoryQuality"

FILES = {
    "kof2019": "macro/KOFGI_2019_index.xlsx",
    "kof2023": "macro/KOFGI_2023_public.xlsx",
    "pwt": "macro/pwt1001.dta",
    "wgi": "macro/wgidataset.xlsx",
    "wdi_inflation": "macro/inflation-consumer.csv",
}
HOW_TO_GET = "It ships with the book in data/macro/; restore it with 'git checkout -- data/macro' (see data/README.md)."


def how_to_get(rel: str) -> str:
    """What to do about a missing or damaged shipped file ``data/<rel>``."""
    return (
        f"The book ships the original file as data/{rel}: restore it with 'git checkout -- data/{rel}' "
        f"(source and sha256 in data/README.md)."
    )


def _verified(name: str) -> tuple[str, str]:
    """Path and verified sha256 of one source file (refused if damaged or not listed in SHA256SUMS)."""
    rel = FILES[name]
    path, digest = verify_listed(config.DATA_DIR, rel, how_to_get(rel))
    return str(path), digest


def _remedy(path) -> str:
    """The restore instruction for a source file given by its path."""
    rel = next((r for r in FILES.values() if str(path).endswith(r)), None)
    return how_to_get(rel) if rel else HOW_TO_GET


def to_iso3(codes: pd.Series) -> pd.Series:
    """Upper-case country codes with legacy codes replaced (``ROM`` -> ``ROU``, ...)."""
    codes = codes.astype(str).str.strip().str.upper()
    return codes.replace(LEGACY_CODES)


def check_source(frame: pd.DataFrame, name: str, columns, remedy: str = "") -> pd.DataFrame:
    """Check a country-year source: required columns, ISO3-like codes, no duplicated country-year.

    Parameters
    ----------
    frame
        The source, with ``country`` and ``year`` columns.
    name
        Name used in messages (the file, for a loaded source).
    columns
        Further columns that must be present.
    remedy
        What to do, appended to every message (empty for derived frames).

    Raises
    ------
    TableError
        Naming the source and the problem.
    """
    tail = f" {remedy}" if remedy else ""
    missing = [c for c in ("country", "year", *columns) if c not in frame.columns]
    if missing:
        raise TableError(f"{name}: missing columns {missing}.{tail}")
    bad = sorted(set(c for c in frame["country"] if not re.fullmatch(r"[A-Z]{3}", str(c))))
    if bad:
        raise TableError(f"{name}: country codes that are not ISO3: {bad[:10]}.{tail}")
    dup = frame.duplicated(["country", "year"], keep=False)
    if dup.any():
        pairs = frame.loc[dup, ["country", "year"]].drop_duplicates().head(5).to_records(index=False).tolist()
        raise TableError(f"{name}: {int(dup.sum())} rows share a country-year, e.g. {pairs}.{tail}")
    return frame


def _missing(path, what: str, missing: list, found: list) -> TableError:
    """The error for a file without some of its ``what`` (columns, variables): the first twelve found are listed."""
    more = ", ..." if len(found) > 12 else ""
    return TableError(f"{path}: missing {what} {missing}; found {found[:12]}{more}. The file's layout differs from the "
                      f"original. {_remedy(path)}")  # fmt: skip


def _require_columns(frame: pd.DataFrame, columns, path, what: str = "columns") -> None:
    """Raise :class:`TableError` naming the file and the missing columns."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise _missing(path, what, missing, [str(c) for c in frame.columns])
    if frame.empty:
        raise TableError(f"{path}: holds no data rows; expected one row per country-year. {_remedy(path)}")


def _numeric(frame: pd.DataFrame, columns, path, integer: bool = False) -> pd.DataFrame:
    """Convert ``columns`` to numbers; raise :class:`TableError` naming column, row and value if one is not a number."""
    frame = frame.copy()
    for column in columns:
        raw = frame[column]
        values = pd.to_numeric(raw, errors="coerce")
        bad = values.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
        if integer:
            bad |= values.isna() | (values.notna() & (values != values.round()))
        if bad.any():
            position = int(np.argmax(bad.to_numpy()))  # 0-based among the data rows
            kind = "whole numbers (years)" if integer else "numbers"
            example = raw.iloc[position]
            shown = "a blank cell" if pd.isna(example) or not str(example).strip() else repr(example)
            raise TableError(
                f"{path}: column {column!r} holds {int(bad.sum())} values that are not {kind}, "
                f"e.g. {shown} (data row {position + 1}); expected {kind}. {_remedy(path)}"
            )
        frame[column] = values.astype(int) if integer else values.astype(float)
    return frame


def _read_excel(path, sheet, **options) -> pd.DataFrame:
    """Read one sheet of a workbook; :class:`DataError` naming the file (and sheet) on failure."""
    try:
        with pd.ExcelFile(path) as book:
            if isinstance(sheet, str) and sheet not in book.sheet_names:
                raise TableError(
                    f"{path}: no sheet {sheet!r}; found sheets {book.sheet_names}. The workbook's layout differs "
                    f"from the original. {_remedy(path)}"
                )
            return pd.read_excel(book, sheet_name=sheet, **options)
    except (DataError, Warning):  # a warning turned into an error is not damage
        raise
    except Exception as exc:  # zipfile, openpyxl and pandas raise many types on damaged workbooks
        raise FileFormatError(
            f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {exc}); expected an .xlsx "
            f"file. {_remedy(path)}"
        ) from exc


def _cached_source(name: str, build) -> tuple[pd.DataFrame, str]:
    path, digest = _verified(name)
    (frame,) = cached_frames(f"source-{name}", {"file": digest}, ("data",), lambda: (build(path),))
    return frame, path


def load_kof(release: str = "2019") -> pd.DataFrame:
    """KOF Globalisation Index: ``country, year`` and every (sub-)index.

    Parameters
    ----------
    release
        ``"2019"`` (the book's default, the latest before the paper) or
        ``"2023"`` (for sensitivity; every year is revised).

    Raises
    ------
    ValueError
        For another release.
    DataError
        If the file is missing, damaged, unlisted, or its columns differ.
    """
    if str(release) not in ("2019", "2023"):
        raise ValueError(f"KOF release {release!r} is not shipped; use '2019' or '2023'.")

    def build(path):
        raw = _read_excel(path, 0)
        _require_columns(raw, ("code", "year", *KOF_ALL), path)
        frame = raw[["code", "year", *KOF_ALL]].rename(columns={"code": "country"})
        frame = _numeric(_numeric(frame, ("year",), path, integer=True), KOF_ALL, path)
        frame["country"] = to_iso3(frame["country"])
        return frame

    frame, path = _cached_source(f"kof{release}", build)
    return check_source(frame, path, KOF_INDICES, _remedy(path))


def _read_stata(path, columns) -> pd.DataFrame:
    """Read ``columns`` of a Stata file; :class:`DataError` naming the file and missing variables."""
    try:
        with pd.read_stata(path, iterator=True) as reader:
            available = list(reader.variable_labels())
            missing = [c for c in columns if c not in available]
            if missing:
                raise _missing(path, "variables", missing, available)
            return reader.read(columns=list(columns))
    except (DataError, Warning):
        raise
    except Exception as exc:  # pandas raises several types on damaged Stata files
        raise FileFormatError(
            f"{path}: cannot be read as a Stata .dta file ({type(exc).__name__}: {exc}). {_remedy(path)}"
        ) from exc


def load_pwt() -> pd.DataFrame:
    """Penn World Table 10.01: ``country, year`` and the variables in ``PWT_VARIABLES``.

    Raises
    ------
    DataError
        If the file is missing, damaged, unlisted, or its variables differ.
    """

    def build(path):
        raw = _read_stata(path, ["countrycode", "year", *PWT_VARIABLES])
        _require_columns(raw, ["countrycode"], path)
        frame = raw.rename(columns={"countrycode": "country"})
        frame = _numeric(_numeric(frame, ("year",), path, integer=True), PWT_VARIABLES, path)
        frame["country"] = to_iso3(frame["country"])
        return frame

    frame, path = _cached_source("pwt", build)
    return check_source(frame, path, PWT_VARIABLES, _remedy(path))


def load_wgi_rq() -> pd.DataFrame:
    """WGI Regulatory Quality estimate: ``country, year, RQ`` (no rows for 1997, 1999, 2001).

    Raises
    ------
    DataError
        If the file is missing, damaged, unlisted, or the sheet's layout differs.
    """

    def build(path):
        raw = _read_excel(path, WGI_SHEET, header=None)
        where = f"{path}, sheet {WGI_SHEET!r}"
        layout = "year in row 14, 'Country/Territory', 'Code', then 'Estimate' ... in row 15, data from row 16"
        if raw.shape[0] < 16 or raw.shape[1] < 3:
            found = f"{raw.shape[0]} rows x {raw.shape[1]} columns"
            raise TableError(f"{where}: found {found}; expected {layout}. {_remedy(path)}")
        years, measures, body = raw.iloc[13], raw.iloc[14], raw.iloc[15:]
        if measures.iloc[1] != "Code":
            raise TableError(
                f"{where}: row 15 starts {measures.iloc[0]!r}, {measures.iloc[1]!r}; expected {layout}. {_remedy(path)}"
            )
        keep = [j for j in range(2, raw.shape[1]) if measures.iloc[j] == "Estimate"]
        if not keep:
            raise TableError(f"{where}: no 'Estimate' column in row 15; expected {layout}. {_remedy(path)}")
        labels = []
        for j in keep:
            year = pd.to_numeric(pd.Series([years.iloc[j]]), errors="coerce").iloc[0]
            if pd.isna(year) or year != round(year):
                raise TableError(
                    f"{where}: row 14, column {j + 1} holds {years.iloc[j]!r}; expected a year above each "
                    f"'Estimate' ({layout}). {_remedy(path)}"
                )
            labels.append(int(year))
        wide = pd.DataFrame(body.iloc[:, keep].to_numpy(), columns=labels, index=body.iloc[:, 1])
        long = wide.stack(future_stack=True).reset_index()
        long.columns = ["country", "year", "RQ"]
        long["RQ"] = pd.to_numeric(long["RQ"], errors="coerce")  # '#N/A' -> NaN
        long["country"] = to_iso3(long["country"])
        return long.dropna(subset=["RQ"])

    frame, path = _cached_source("wgi", build)
    return check_source(frame, path, ("RQ",), _remedy(path))


def load_inflation() -> pd.DataFrame:
    """WDI consumer price inflation (annual %): ``country, year, INFR``.

    Raises
    ------
    DataError
        If the file is missing, damaged, unlisted, or its columns differ.
    """

    def build(path):
        raw = read_csv(path, "columns 'Country', 'Country Code', 'Year', 'Inflation'", _remedy(path))
        _require_columns(raw, ("Country Code", "Year", "Inflation"), path)
        raw = _numeric(_numeric(raw, ("Year",), path, integer=True), ("Inflation",), path)
        frame = raw.rename(columns={"Country Code": "country", "Year": "year", "Inflation": "INFR"})
        frame["country"] = to_iso3(frame["country"])
        return frame[["country", "year", "INFR"]]

    frame, path = _cached_source("wdi_inflation", build)
    return check_source(frame, path, ("INFR",), _remedy(path))


def interpolate_years(frame: pd.DataFrame, column: str, years) -> pd.DataFrame:
    """Add rows for missing ``years`` by linear interpolation within each country.

    Only years strictly between two observed years of the same country are
    filled; the added rows are flagged in ``{column}_interpolated``.
    """
    out = []
    for country, group in frame.groupby("country"):
        series = group.set_index("year")[column].sort_index()
        wanted = [y for y in years if y not in series.index and series.index.min() < y < series.index.max()]
        if wanted:
            series = series.reindex(sorted(set(series.index) | set(wanted))).interpolate(method="index")
        part = series.rename(column).reset_index()
        part.insert(0, "country", country)
        part[f"{column}_interpolated"] = part["year"].isin(wanted)
        out.append(part)
    return pd.concat(out, ignore_index=True)


def log_or_nan(values: pd.Series) -> pd.Series:
    """Natural log, NaN for non-positive values (never -inf)."""
    values = pd.to_numeric(values, errors="coerce").astype(float)
    return np.log(values.where(values > 0))
