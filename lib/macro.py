"""Country-year sources for the regressions: KOF, Penn World Table, WGI, WDI.

Each loader verifies its file against ``data/SHA256SUMS``, maps country codes to
ISO3 (World Bank and KOF legacy codes such as ``ROM`` become ``ROU``), and
returns a tidy frame with ``country`` and ``year`` columns, one row per
country-year. Parsed sources are cached on disk (reading the KOF workbook takes
seconds).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import config
from .cache import cached_frames
from .checksums import TableError, read_sha256sums, verify_file

# Legacy codes still used by the World Bank (WGI) and KOF -> ISO 3166-1 alpha-3.
LEGACY_CODES = {"ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "ADO": "AND", "WBG": "PSE", "KSV": "XKX"}

KOF_INDICES = ("KOFGIdj", "KOFEcGIdj", "KOFTrGIdj", "KOFFiGIdj", "KOFPoGIdj")
KOF_ALL = tuple(
    f"KOF{x}GI{part}" if x else f"KOFGI{part}"
    for x in ("", "Ec", "Tr", "Fi", "So", "Ip", "In", "Cu", "Po")
    for part in ("", "df", "dj")
)
PWT_VARIABLES = ("rgdpna", "rnna", "ck", "ctfp", "rtfpna", "xr", "pl_gdpo", "pop")

FILES = {
    "kof2019": "macro/KOFGI_2019_index.xlsx",
    "kof2023": "macro/KOFGI_2023_public.xlsx",
    "pwt": "macro/pwt1001.dta",
    "wgi": "macro/wgidataset.xlsx",
    "wdi_inflation": "macro/inflation-consumer.csv",
}
HOW_TO_GET = "It ships with the book in data/macro/; restore it with 'git checkout -- data/macro' (see data/README.md)."


def _verified(name: str) -> tuple[str, str]:
    """Path and verified sha256 of one source file."""
    rel = FILES[name]
    expected = read_sha256sums(config.DATA_DIR / "SHA256SUMS").get(rel)
    digest = verify_file(config.DATA_DIR / rel, expected, HOW_TO_GET)
    return str(config.DATA_DIR / rel), digest


def to_iso3(codes: pd.Series) -> pd.Series:
    """Upper-case country codes with legacy codes replaced (``ROM`` -> ``ROU``, ...)."""
    codes = codes.astype(str).str.strip().str.upper()
    return codes.replace(LEGACY_CODES)


def check_source(frame: pd.DataFrame, name: str, columns) -> pd.DataFrame:
    """Check a country-year source: required columns, ISO3-like codes, no duplicated country-year.

    Raises
    ------
    TableError
        Naming the source and the problem.
    """
    missing = [c for c in ("country", "year", *columns) if c not in frame.columns]
    if missing:
        raise TableError(f"{name}: missing columns {missing}.")
    bad = sorted(set(c for c in frame["country"] if not re.fullmatch(r"[A-Z]{3}", str(c))))
    if bad:
        raise TableError(f"{name}: country codes that are not ISO3: {bad[:10]}.")
    dup = frame.duplicated(["country", "year"], keep=False)
    if dup.any():
        pairs = frame.loc[dup, ["country", "year"]].drop_duplicates().head(5).to_records(index=False).tolist()
        raise TableError(f"{name}: {int(dup.sum())} rows share a country-year, e.g. {pairs}.")
    return frame


def _cached_source(name: str, build) -> pd.DataFrame:
    path, digest = _verified(name)
    (frame,) = cached_frames(f"source-{name}", {"file": digest}, ("data",), lambda: (build(path),))
    return frame


def load_kof(release: str = "2019") -> pd.DataFrame:
    """KOF Globalisation Index: ``country, year`` and every (sub-)index.

    ``release`` is ``"2019"`` (the book's default, the latest before the paper) or
    ``"2023"`` (for sensitivity; every year is revised).
    """
    if str(release) not in ("2019", "2023"):
        raise ValueError(f"KOF release {release!r} is not shipped; use '2019' or '2023'.")

    def build(path):
        raw = pd.read_excel(path, sheet_name=0)
        frame = raw.drop(columns="country").rename(columns={"code": "country"})[["country", "year", *KOF_ALL]]
        frame["country"] = to_iso3(frame["country"])
        return frame

    return check_source(_cached_source(f"kof{release}", build), f"KOF {release}", KOF_INDICES)


def load_pwt() -> pd.DataFrame:
    """Penn World Table 10.01: ``country, year`` and the variables in ``PWT_VARIABLES``."""

    def build(path):
        raw = pd.read_stata(path, columns=["countrycode", "year", *PWT_VARIABLES])
        frame = raw.rename(columns={"countrycode": "country"})
        frame["country"] = to_iso3(frame["country"])
        frame["year"] = frame["year"].astype(int)
        return frame.astype({v: float for v in PWT_VARIABLES})

    return check_source(_cached_source("pwt", build), "PWT 10.01", PWT_VARIABLES)


def load_wgi_rq() -> pd.DataFrame:
    """WGI Regulatory Quality estimate: ``country, year, RQ`` (no rows for 1997, 1999, 2001)."""

    def build(path):
        raw = pd.read_excel(path, sheet_name="RegulatoryQuality", header=None)
        years, measures, body = raw.iloc[13], raw.iloc[14], raw.iloc[15:]
        if measures.iloc[1] != "Code":
            raise TableError(f"{path}: unexpected layout (row 15 should start 'Country/Territory', 'Code').")
        keep = [j for j in range(2, raw.shape[1]) if measures.iloc[j] == "Estimate"]
        wide = pd.DataFrame(
            body.iloc[:, keep].to_numpy(), columns=[int(years.iloc[j]) for j in keep], index=body.iloc[:, 1]
        )
        long = wide.stack(future_stack=True).rename("RQ").reset_index()
        long.columns = ["country", "year", "RQ"]
        long["RQ"] = pd.to_numeric(long["RQ"], errors="coerce")  # '#N/A' -> NaN
        long["country"] = to_iso3(long["country"])
        return long.dropna(subset=["RQ"])

    return check_source(_cached_source("wgi", build), "WGI", ("RQ",))


def load_inflation() -> pd.DataFrame:
    """WDI consumer price inflation (annual %): ``country, year, INFR``."""

    def build(path):
        raw = pd.read_csv(path)
        frame = raw.rename(columns={"Country Code": "country", "Year": "year", "Inflation": "INFR"})
        frame["country"] = to_iso3(frame["country"])
        return frame[["country", "year", "INFR"]]

    return check_source(_cached_source("wdi_inflation", build), "WDI inflation", ("INFR",))


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
