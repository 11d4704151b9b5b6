"""Load World Input-Output Database (WIOD) tables into :class:`~lib.data.iotable.IOTable`.

Three releases are supported, each described once in :data:`lib.data.releases.RELEASES`:

* **WIOD 2013** (1995-2011, 40 countries + rest of the world, 35 sectors), shipped
  in ``data/wiod2013/`` as the R data files of the ``wiod`` R package. Values are
  stored as whole millions of US dollars (the row gaps indicate rounding to the
  nearest million; see :mod:`lib.mrio.rounding`), so rows balance only up to rounding;
  Romania is coded ``ROM`` there and ``ROU`` here.
* **WIOD 2016** (2000-2014, 43 countries + rest of the world, 56 sectors), the
  paper's data. Too large to ship: point ``TBI_WIOD2016_DIR`` (or ``path=``) at the
  official ``WIOT{year}_October16_ROW.RData`` files, or fetch them with
  :func:`fetch_wiod2016`.
* **Long-run WIOD** (1965-2000 every five years, 25 countries + rest of the world,
  23 industries, unrounded), shipped in ``data/longrun/``; parsed by :mod:`lib.data.longrun`.

Every loader verifies the file's sha256, parses it, and checks the table
(:func:`~lib.data.iotable.check_table`) before returning it.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pooch
import rdata

from . import config
from .cache import cached_arrays
from .checksums import (
    checksum_mismatch,
    read_sha256sums,
    record_sha256,
    require_file,
    sha256,
    verify_listed,
)
from .errors import DataFileNotFound, FileFormatError, TableError
from .iotable import IOTable, balance, check_table

WIOD2013_YEARS = tuple(range(1995, 2012))
WIOD2016_YEARS = tuple(range(2000, 2015))
FD_CATEGORIES = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")

# Codes as stored in the 2013 files -> ISO3 used everywhere in the book.
CODE_FIXES = {"ROM": "ROU", "RoW": "ROW"}
WIOD2013_COUNTRIES = (
    "AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHN", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN",
    "FRA", "GBR", "GRC", "HUN", "IDN", "IND", "IRL", "ITA", "JPN", "KOR", "LTU", "LUX", "LVA", "MEX",
    "MLT", "NLD", "POL", "PRT", "ROU", "RUS", "SVK", "SVN", "SWE", "TUR", "TWN", "USA", "ROW",
)  # fmt: skip
WIOD2016_COUNTRIES = (
    "AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHE", "CHN", "CYP", "CZE", "DEU", "DNK", "ESP", "EST",
    "FIN", "FRA", "GBR", "GRC", "HRV", "HUN", "IDN", "IND", "IRL", "ITA", "JPN", "KOR", "LTU", "LUX",
    "LVA", "MEX", "MLT", "NLD", "NOR", "POL", "PRT", "ROU", "RUS", "SVK", "SVN", "SWE", "TUR", "TWN",
    "USA", "ROW",
)  # fmt: skip
WIOD2016_SUMMARY_ROWS = ("II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO")
WIOD2016_META = ("IndustryCode", "IndustryDescription", "Country", "RNr", "Year")
WIOD2016_SHAPE = (44, 56)

# Official source of the 2016 release in R format (DataverseNL, doi:10.34894/PJ2M1C).
WIOD2016_DOI = "10.34894/PJ2M1C"
WIOD2016_ARCHIVE = "wiot_r_Nov16.zip"
WIOD2016_ARCHIVE_URL = "https://dataverse.nl/api/access/datafile/199101"
# The publisher lists no checksums, and we could not download the archive when
# writing this book, so the registry holds no hash: the first download is
# recorded (trust on first use) and every later load is verified against it.
WIOD2016_REGISTRY = {WIOD2016_ARCHIVE: None}

HOW_TO_GET_2013 = (
    "The WIOD 2013 files ship with the book in data/wiod2013/. Restore them with "
    "'git checkout -- data/wiod2013' (see data/README.md for their source)."
)
HOW_TO_GET_2016 = (
    "Download the WIOD 2016 release in R format (archive {archive}, DataverseNL doi:{doi}; "
    "or call lib.data.wiod.fetch_wiod2016()), unzip it, and set the environment variable "
    "{env} to the folder holding WIOT{{year}}_October16_ROW.RData (or pass path=...)."
).format(archive=WIOD2016_ARCHIVE, doi=WIOD2016_DOI, env=config.WIOD2016_ENV)
ACCEPT_2016 = (
    "If you replaced the file on purpose with a new download of the release, accept it with "
    "lib.data.wiod.accept_wiod2016('/path/to/folder') (README, 'Using WIOD 2016')."
)
# Where first-use sha256s of WIOD 2016 files go when neither TBI_WIOD2016_SUMS is set
# nor the files' folder is writable (outside the cache, so 'make clean' keeps it).
WIOD2016_USER_SUMS = "wiod2016-SHA256SUMS"


def read_rda(path: Path, remedy: str | None = None) -> dict:
    """Read an R data file with ``rdata``, turning parse failures into :class:`FileFormatError`.

    Parameters
    ----------
    path
        The ``.RData`` / ``.rda`` file.
    remedy
        What to do, appended to the message (default: restore or re-download).

    Raises
    ------
    FileFormatError
        Naming the file, if ``rdata`` cannot parse it (a :class:`TableError`).
    """
    remedy = remedy or "Restore or re-download the file."
    with warnings.catch_warnings():
        # The 2013 objects carry the S3 class "iot", which rdata does not know;
        # it returns the underlying list, which is what we want.
        warnings.filterwarnings("ignore", message='Missing constructor for R class "iot"')
        warnings.filterwarnings("ignore", message="Wrong extension")
        warnings.filterwarnings("ignore", message="Unknown file type")
        try:
            return rdata.read_rda(path)
        except Warning:  # a warning turned into an error is not damage
            raise
        except Exception as exc:  # rdata raises several types on corrupt input
            raise FileFormatError(
                f"{path}: cannot be read as an R data file ({type(exc).__name__}: {exc}); expected a file "
                f"written by R's save(). {remedy}"
            ) from exc


def _check_year(year: int, years: tuple[int, ...], vintage: str) -> int:
    if int(year) not in years:
        raise ValueError(
            f"year={year}: WIOD {vintage} covers {years[0]}-{years[-1]}; choose one of its years "
            f"(or another release: '2013' 1995-2011, '2016' 2000-2014, 'longrun' 1965-2000 every 5 years)."
        )
    return int(year)


def to_iso3(codes, known: tuple[str, ...], what: str, remedy: str = "") -> tuple[str, ...]:
    """Map WIOD country codes to ISO3 (``ROM``->``ROU``, ``RoW``->``ROW``); reject unknown codes.

    Parameters
    ----------
    codes
        Region codes in table order.
    known
        The ISO3 codes of the release (``ROW`` last).
    what
        The file, named in messages.
    remedy
        What to do, appended to messages.

    Raises
    ------
    TableError
        For no codes, unknown codes, or ``ROW`` not last.
    """
    tail = f" {remedy}" if remedy else ""
    fixed = tuple(CODE_FIXES.get(str(c), str(c)) for c in codes)
    if not fixed:
        raise TableError(f"{what}: no regions found; expected WIOD country codes such as {known[:4]}.{tail}")
    unknown = sorted(set(fixed) - set(known))
    if unknown:
        raise TableError(f"{what}: unknown country codes {unknown}; expected WIOD codes such as {known[:4]}.{tail}")
    if fixed[-1] != "ROW":
        raise TableError(f"{what}: the rest of the world (ROW) must be the last region, found {fixed[-1]!r}.{tail}")
    return fixed


# --------------------------------------------------------------------------- 2013


def wiod2013_path(year: int, data_dir: str | os.PathLike | None = None) -> Path:
    """Path of the shipped WIOD 2013 file for ``year``."""
    return Path(data_dir or config.DATA_DIR) / "wiod2013" / f"wiot_{year}.RData"


def wiod2013_checksum(year: int, data_dir: str | os.PathLike | None = None) -> str:
    """Verify the shipped 2013 file for ``year`` against ``data/SHA256SUMS``; return its sha256.

    Raises
    ------
    DataFileNotFound, ChecksumError
        If the file or ``SHA256SUMS`` is missing, the file is not listed, or its sha256 differs.
    """
    data_dir = Path(data_dir or config.DATA_DIR)
    return verify_listed(data_dir, f"wiod2013/wiot_{year}.RData", HOW_TO_GET_2013)[1]


def parse_wiod2013(obj, year: int, source: str) -> IOTable:
    """Turn the R list ``wiot_YYYY`` (elements inter, final, output, countries, industries) into a table.

    Raises
    ------
    TableError
        Naming ``source`` and the element, if an element is missing or not numeric.
    """
    needed = ("inter", "final", "output", "countries", "industries")
    if not isinstance(obj, dict) or any(k not in obj for k in needed):
        found = [str(k) for k in obj] if isinstance(obj, dict) else type(obj).__name__
        raise TableError(
            f"{source}: not a WIOD 2013 table (expected elements {needed}, found {found}). {HOW_TO_GET_2013}"
        )
    countries = to_iso3(np.atleast_1d(np.asarray(obj["countries"])), WIOD2013_COUNTRIES, source, HOW_TO_GET_2013)
    sectors = tuple(str(s) for s in np.atleast_1d(np.asarray(obj["industries"])))
    arrays = {}
    for name in ("inter", "final", "output"):
        try:
            arrays[name] = np.asarray(obj[name], dtype=float)
        except (TypeError, ValueError) as exc:
            raise TableError(
                f"{source}: element {name!r} holds values that are not numbers ({exc}); expected a numeric "
                f"matrix. {HOW_TO_GET_2013}"
            ) from exc
    return _table_2013(arrays["inter"], arrays["final"], arrays["output"].ravel(), countries, sectors, year, source)


def _table_2013(Z, Y, x, countries, sectors, year: int, source: str) -> IOTable:
    return IOTable(
        Z=Z, Y=Y, x=x, countries=tuple(countries), sectors=tuple(sectors), fd_categories=FD_CATEGORIES,
        year=int(year), vintage="2013", source=source,
        rounding_unit=1.0,  # stored as whole millions
    )  # fmt: skip


def load_wiod2013(
    year: int, data_dir: str | os.PathLike | None = None, balance_method: str = "discrepancy"
) -> IOTable:
    """Load, verify and check the WIOD 2013 table of ``year`` (1995-2011).

    Parameters
    ----------
    year
        Table year.
    data_dir
        Folder with ``SHA256SUMS`` and ``wiod2013/`` (default: the book's ``data/``).
    balance_method
        How to close the rounding gaps of the rows; see :func:`lib.data.iotable.balance`.
    """
    year = _check_year(year, WIOD2013_YEARS, "2013")
    digest = wiod2013_checksum(year, data_dir)
    path = wiod2013_path(year, data_dir)

    def parse() -> dict[str, np.ndarray]:
        objects = read_rda(path, HOW_TO_GET_2013)
        obj = objects.get(f"wiot_{year}")
        if obj is None:
            found = [str(k) for k in objects]
            raise TableError(f"{path}: holds {found}; expected the object wiot_{year}. {HOW_TO_GET_2013}")
        return table_arrays(parse_wiod2013(obj, year, str(path)))

    # The parsed arrays are cached under the file's verified sha256: a warm load reads them back
    # (content hash checked) instead of parsing the R file again; the checks below run every time.
    arrays = cached_arrays(f"parsed-wiod2013-{year}", {"sha256": digest, "parser": PARSED_VERSION}, parse)
    table = _table_2013(arrays["Z"], arrays["Y"], arrays["x"], arrays["countries"].tolist(),
                        arrays["sectors"].tolist(), year, str(path))  # fmt: skip
    check_table(table, remedy=HOW_TO_GET_2013)
    return balance(table, balance_method)


# Bump when parse_wiod2013 changes what it makes of a file, so that cached parsed copies are not reused.
PARSED_VERSION = 1


def table_arrays(table: IOTable) -> dict[str, np.ndarray]:
    """The arrays of a parsed table that its cached copy holds (``Z``, ``Y``, ``x`` and the labels)."""
    return {"Z": table.Z, "Y": table.Y, "x": table.x, "countries": np.asarray(table.countries, dtype=str),
            "sectors": np.asarray(table.sectors, dtype=str)}  # fmt: skip


# --------------------------------------------------------------------------- 2016


def wiod2016_filename(year: int) -> str:
    """Official file name of the WIOD 2016 table in R format for ``year``."""
    return f"WIOT{year}_October16_ROW.RData"


def _inside_cache(folder: Path) -> bool:
    """Whether ``folder`` lies in the cache folder (wiped by ``make clean``); the setting is not validated here."""
    cache = Path(os.environ.get(config.CACHE_ENV) or config.ROOT / ".cache").expanduser()
    try:
        return folder.resolve().is_relative_to(cache.resolve())
    except OSError:
        return False


def _sums_files(folder: Path) -> list[Path]:
    """Checksum files that may record the sha256 of the WIOD 2016 files in ``folder``, in order of precedence."""
    setting = config.wiod2016_sums_setting()
    if setting is not None:
        return [setting]
    return [folder / "SHA256SUMS", config.user_config_dir() / WIOD2016_USER_SUMS]


def _tofu_registry(folder: Path) -> Path:
    """Where a first-use sha256 of a WIOD 2016 file in ``folder`` is recorded.

    ``TBI_WIOD2016_SUMS`` if set; else ``SHA256SUMS`` beside the files, if that
    folder is writable and not inside the cache folder; else
    ``~/.config/tbi-book/wiod2016-SHA256SUMS`` (``$XDG_CONFIG_HOME`` respected).
    None of these is removed by ``make clean``.
    """
    setting = config.wiod2016_sums_setting()
    if setting is not None:
        return setting
    local = folder / "SHA256SUMS"
    if (local.is_file() or os.access(folder, os.W_OK)) and not _inside_cache(folder):
        return local
    return config.user_config_dir() / WIOD2016_USER_SUMS


def _recorded_2016(file: Path) -> tuple[str | None, Path | None]:
    """The recorded sha256 of a WIOD 2016 file and the checksum file holding it (``None, None`` if unrecorded)."""
    for sums in _sums_files(file.parent):
        if sums.is_file():
            remedy = (
                f"Fix or delete that line of {sums} (each line: 'sha256sum <file>'); a deleted line is "
                f"recorded afresh the next time the file loads."
            )
            listed = read_sha256sums(sums, remedy)
            if file.name in listed:
                return listed[file.name], sums
    return None, None


def wiod2016_checksum(file: Path) -> str:
    """Verify a WIOD 2016 file against its recorded sha256 (if any); return its sha256.

    The publisher lists no checksums. The sha256 of each file is recorded the
    first time the file loads *and passes every check* (:func:`load_wiod2016`),
    in the first of: the file named by ``TBI_WIOD2016_SUMS``; ``SHA256SUMS``
    beside the files (a ``SHA256SUMS`` you put there yourself is honoured too);
    ``~/.config/tbi-book/wiod2016-SHA256SUMS``. This function only verifies and
    never records. Accept a deliberately replaced file with :func:`accept_wiod2016`.

    Raises
    ------
    DataFileNotFound
        If the file is missing.
    ChecksumError
        If the file differs from its recorded sha256 (naming the checksum file),
        or a checksum file is malformed.
    """
    file = require_file(file, HOW_TO_GET_2016)
    expected, where = _recorded_2016(file)
    actual = sha256(file)
    if expected is not None and actual != expected:
        raise checksum_mismatch(file, expected, actual, f"{HOW_TO_GET_2016} {ACCEPT_2016}", where=str(where))
    return actual


def _record_wiod2016(file: Path, digest: str) -> Path | None:
    """Record ``digest`` for ``file`` (where it is already listed, else in :func:`_tofu_registry`); return that file."""
    _, where = _recorded_2016(file)
    target = where or _tofu_registry(file.parent)
    try:
        record_sha256(target, file.name, digest)
    except OSError as exc:
        print(
            f"WIOD 2016: could not record the sha256 of {file} in {target} ({type(exc).__name__}: {exc}); "
            f"set {config.WIOD2016_SUMS_ENV} to a writable file to have it verified next time.",
            file=sys.stderr,
        )
        return None
    return target


def parse_wiod2016(
    frame: pd.DataFrame, year: int, source: str, expected_shape: tuple[int, int] | None | str = "official"
) -> IOTable:
    """Turn the official ``wiot`` data frame into a table, checking its layout.

    Layout: columns ``IndustryCode, IndustryDescription, Country, RNr, Year``, then
    one column per country-sector (``AUS1`` ... ``ROW56``), five final-demand
    columns per country (``AUS57`` ... ``ROW61``) and ``TOT``. Rows: one per
    country-sector, then the summary rows ``II_fob ... VA, IntTTM, GO`` (Country
    ``TOT``). ``expected_shape="official"`` requires the shape in
    ``WIOD2016_SHAPE`` (44 x 56); ``None`` accepts any number of countries and
    sectors (used by the tests on small synthetic tables).

    Raises
    ------
    TableError
        Naming ``source``, the column or rows at fault, and the remedy.
    """
    how = HOW_TO_GET_2016
    if isinstance(expected_shape, str):
        if expected_shape != "official":
            raise ValueError(f"expected_shape={expected_shape!r}: use 'official', a (regions, sectors) pair or None.")
        expected_shape = WIOD2016_SHAPE
    if not isinstance(frame, pd.DataFrame):
        raise TableError(f"{source}: the object wiot is a {type(frame).__name__}; expected a data frame. {how}")
    missing = [c for c in (*WIOD2016_META, "TOT") if c not in frame.columns]
    if missing:
        raise TableError(f"{source}: missing columns {missing}; not a WIOD 2016 table. {how}")
    codes = frame["IndustryCode"].astype(str).to_numpy()
    summary = [c for c in WIOD2016_SUMMARY_ROWS if c not in set(codes)]
    if summary:
        raise TableError(f"{source}: missing summary rows {summary}; not a WIOD 2016 table. {how}")
    is_industry = (frame["Country"].astype(str) != "TOT").to_numpy()
    rows = frame.loc[is_industry]
    row_countries = rows["Country"].astype(str).to_numpy()
    order = list(dict.fromkeys(row_countries))
    countries = to_iso3(order, WIOD2016_COUNTRIES, source, how)
    G = len(countries)
    if len(rows) % G:
        raise TableError(f"{source}: {len(rows)} industry rows do not split evenly over {G} countries. {how}")
    N = len(rows) // G
    whole = {}
    for column in ("RNr", "Year"):
        values = pd.to_numeric(rows[column], errors="coerce")
        bad = values.isna() | (values != values.round())
        if bad.any():
            first = int(np.argmax(bad.to_numpy()))
            example = rows[column].iloc[first]
            example = example.item() if isinstance(example, np.generic) else example  # 1.5, not np.float64(1.5)
            raise TableError(
                f"{source}: column {column!r} holds {int(bad.sum())} values that are not whole numbers, e.g. "
                f"{example!r} in industry row {first + 1}; expected "
                f"{'sector numbers 1..N' if column == 'RNr' else f'the year {year}'}. {how}"
            )
        whole[column] = values.astype(int).to_numpy()
    expected_rows = np.repeat(order, N)
    if not (row_countries == expected_rows).all() or not (whole["RNr"] == np.tile(np.arange(1, N + 1), G)).all():
        raise TableError(f"{source}: industry rows are not ordered country by country, sectors 1..{N}. {how}")
    if expected_shape is not None and (G, N) != tuple(expected_shape):
        raise TableError(
            f"{source}: {G} regions x {N} sectors, but the official release has "
            f"{expected_shape[0]} x {expected_shape[1]}. Is this the full WIOD 2016 table? {how}"
        )
    if not (whole["Year"] == int(year)).all():
        found = sorted(set(whole["Year"].tolist()))[:5]
        raise TableError(f"{source}: the Year column does not hold {year} in every row (found {found}). {how}")
    K = len(FD_CATEGORIES)
    inter_cols = [f"{c}{s}" for c in order for s in range(1, N + 1)]
    final_cols = [f"{c}{N + k}" for c in order for k in range(1, K + 1)]
    absent = [c for c in inter_cols + final_cols if c not in frame.columns]
    if absent:
        raise TableError(f"{source}: {len(absent)} expected columns are missing, e.g. {absent[:3]}. {how}")
    numeric = frame[inter_cols + final_cols + ["TOT"]]
    try:
        numeric = numeric.astype(float)
    except (TypeError, ValueError) as exc:
        coerced = numeric.apply(pd.to_numeric, errors="coerce")
        bad_cols = [str(c) for c in numeric.columns if (coerced[c].isna() & numeric[c].notna()).any()]
        raise TableError(
            f"{source}: non-numeric values in columns {bad_cols[:5]} ({exc}); expected numbers. {how}"
        ) from exc
    Z = numeric.loc[is_industry, inter_cols].to_numpy()
    table = IOTable(
        Z=Z,
        Y=numeric.loc[is_industry, final_cols].to_numpy(),
        x=numeric.loc[is_industry, "TOT"].to_numpy(),
        countries=countries,
        sectors=tuple(str(c) for c in rows["IndustryCode"].iloc[:N]),
        fd_categories=FD_CATEGORIES,
        year=int(year),
        vintage="2016",
        source=source,
        # Stored as doubles; allow 1,000 USD of rounding per cell, far above
        # floating-point error and far below any economically meaningful gap.
        rounding_unit=1e-3,
    )
    go_row = numeric.loc[codes == "GO", inter_cols].to_numpy()[0]
    go_gap = np.abs(go_row - table.x)
    if np.isfinite(go_gap).all() and (go_gap > 1e-3 * (Z.shape[0] + 10) + 1e-9 * np.abs(table.x)).any():
        worst = int(np.argmax(go_gap))
        raise TableError(
            f"{source}: the GO row differs from the TOT column by {go_gap[worst]:.4g} at {inter_cols[worst]}; "
            f"expected equal gross output. {how}"
        )
    return table


def wiod2016_folder(path: str | os.PathLike | None) -> Path:
    """The folder of the WIOD 2016 files (``path`` or ``TBI_WIOD2016_DIR``); error if unset or absent."""
    folder = config.wiod2016_dir(path)
    if folder is None:
        raise DataFileNotFound(f"No folder given for the WIOD 2016 files. {HOW_TO_GET_2016}")
    if not folder.is_dir():
        given = f"path={str(path)!r}" if path is not None else f"{config.WIOD2016_ENV}={str(folder)!r}"
        found = "a file" if folder.exists() else "nothing"
        raise DataFileNotFound(
            f"{given}: found {found} at {folder}; expected the folder holding the WIOD 2016 files. {HOW_TO_GET_2016}"
        )
    return folder


def _read_checked_2016(file: Path, year: int, expected_shape) -> IOTable:
    """Read, parse and check one WIOD 2016 file (no checksum involved)."""
    objects = read_rda(file, HOW_TO_GET_2016)
    if "wiot" not in objects:
        raise TableError(f"{file}: holds {[str(k) for k in objects]}; expected the object wiot. {HOW_TO_GET_2016}")
    table = parse_wiod2016(objects["wiot"], year, str(file), expected_shape)
    check_table(table, remedy=HOW_TO_GET_2016)
    return table


def load_wiod2016(
    year: int,
    path: str | os.PathLike | None = None,
    balance_method: str = "discrepancy",
    expected_shape: tuple[int, int] | None | str = "official",
) -> IOTable:
    """Load, verify and check the user's WIOD 2016 table of ``year`` (2000-2014).

    The file's sha256 is verified against the recorded one; a file never seen
    before has its sha256 recorded only after it passed every check (see
    :func:`wiod2016_checksum`), so a bad first download is never trusted.

    Parameters
    ----------
    year
        Table year.
    path
        Folder with the official ``WIOT{year}_October16_ROW.RData`` files
        (default: the ``TBI_WIOD2016_DIR`` environment variable).
    balance_method
        See :func:`lib.data.iotable.balance`.
    expected_shape
        (regions, sectors) the file must have: ``"official"`` (default) means
        ``WIOD2016_SHAPE``; ``None`` accepts any (tests only).
    """
    year = _check_year(year, WIOD2016_YEARS, "2016")
    file = require_file(wiod2016_folder(path) / wiod2016_filename(year), HOW_TO_GET_2016)
    digest = wiod2016_checksum(file)
    table = _read_checked_2016(file, year, expected_shape)
    if _recorded_2016(file)[0] is None:
        _record_wiod2016(file, digest)
    return balance(table, balance_method)


def accept_wiod2016(
    path: str | os.PathLike | None = None, years=None, expected_shape: tuple[int, int] | None | str = "official"
) -> dict[int, str]:
    """Accept (re-)downloaded WIOD 2016 files: check each one and record its sha256, replacing any old record.

    Use this after deliberately replacing the files, when loading them raises a
    :class:`~lib.data.errors.ChecksumError`. Each file must pass every check of
    :func:`load_wiod2016` before its sha256 is recorded.

    Parameters
    ----------
    path
        Folder of the files (default ``TBI_WIOD2016_DIR``).
    years
        Years to accept (default: every ``WIOT{year}_October16_ROW.RData`` present).
    expected_shape
        As in :func:`load_wiod2016`.

    Returns
    -------
    dict
        Year to the recorded sha256.

    Examples
    --------
    >>> from lib.data.wiod import accept_wiod2016
    >>> accept_wiod2016("/path/to/WIOTS_in_R")  # doctest: +SKIP
    """
    folder = wiod2016_folder(path)
    if years is None:
        years = [y for y in WIOD2016_YEARS if (folder / wiod2016_filename(y)).is_file()]
        if not years:
            raise DataFileNotFound(f"{folder}: holds no WIOT{{year}}_October16_ROW.RData files. {HOW_TO_GET_2016}")
    accepted = {}
    for year in sorted(_check_year(y, WIOD2016_YEARS, "2016") for y in years):
        file = require_file(folder / wiod2016_filename(year), HOW_TO_GET_2016)
        digest = sha256(file)
        _read_checked_2016(file, year, expected_shape)
        old, _ = _recorded_2016(file)
        target = _record_wiod2016(file, digest)
        change = "unchanged" if old == digest else (f"replaces {old}" if old else "new")
        print(f"{file.name}: sha256 {digest} recorded in {target} ({change})")
        accepted[year] = digest
    return accepted


def fetch_wiod2016(dest: str | os.PathLike | None = None, downloader=None) -> Path:
    """Download and unzip the official WIOD 2016 R archive with pooch; return the folder of .RData files.

    Needs network access (the book itself never calls this). Afterwards set
    ``TBI_WIOD2016_DIR`` to the returned folder. The archive's sha256 is printed
    and recorded by pooch's log; see ``WIOD2016_REGISTRY``. The default ``dest``
    is in the cache folder, so the sha256s of the files are recorded in
    ``~/.config/tbi-book/`` (kept by ``make clean``; see :func:`wiod2016_checksum`).
    """
    dest = Path(dest) if dest else config.cache_dir() / "wiod2016"
    store = pooch.create(
        path=dest, base_url="", registry=WIOD2016_REGISTRY, urls={WIOD2016_ARCHIVE: WIOD2016_ARCHIVE_URL}
    )
    files = store.fetch(WIOD2016_ARCHIVE, processor=pooch.Unzip(), downloader=downloader)
    print(f"{WIOD2016_ARCHIVE}: sha256 {sha256(dest / WIOD2016_ARCHIVE)}")
    found = sorted({Path(f).parent for f in files if Path(f).name.endswith("_October16_ROW.RData")})
    if not found:
        raise TableError(f"{dest / WIOD2016_ARCHIVE}: the archive holds no WIOT*_October16_ROW.RData files.")
    return found[0]
