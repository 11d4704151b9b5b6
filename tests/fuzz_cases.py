"""Damaged inputs and settings, tried as a careless user would (project issue 10).

Used by ``tests/test_fuzz.py`` (every case must end "clear") and by
``benchmarks/fuzz_report.py`` (counts of outcomes, for this code or an older
checkout). Each :class:`Case` builds its damaged input in a fresh temporary
folder, calls one public entry point of ``lib`` and says what must happen:

* ``error`` cases: an error of the book's :class:`~lib.data.errors.DataError`
  family (or ``ValueError`` for bad arguments) whose message contains every
  string in ``names`` (the file, column or setting) and a remedy (matches
  :data:`REMEDY`);
* recovery cases (``error=None``): a result equal to the fresh computation
  (``fresh``) and, if ``message`` is set, that text on stderr.

Only the public API shared by every version of the book is used
(``config.DATA_DIR``, ``data_dir=``/``path=`` arguments, environment
variables), so the same cases run against the original code. Nothing here
imports ``lib`` at import time: the importer chooses which ``lib`` is used.

Macro files are big, so damaged *content* is tried on small synthetic files
with the original layout; damaged *bytes* on the first kilobytes of the real
files.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

#: A message "says what to do" if it matches this (restore, download, set or unset a setting, ...).
REMEDY = re.compile(
    r"git checkout|restore|download|accept_wiod2016|\bset\b|\bunset\b|fix or delete|use '|choose one of|"
    r"make .* writable",
    re.IGNORECASE,
)

KOF_ALL = tuple(
    f"KOF{x}GI{part}" if x else f"KOFGI{part}"
    for x in ("", "Ec", "Tr", "Fi", "So", "Ip", "In", "Cu", "Po")
    for part in ("", "df", "dj")
)
PWT_VARIABLES = ("rgdpna", "rnna", "ck", "ctfp", "rtfpna", "xr", "pl_gdpo", "pop")
MACRO_COUNTRIES = ("AUS", "CHN", "DEU", "ROM", "USA")
MACRO_YEARS = (2000, 2001, 2002, 2003)
WIOD16 = ("AUS", "CHN", "DEU", "USA", "ROW")
REL = {
    "kof": "macro/KOFGI_2019_index.xlsx",
    "pwt": "macro/pwt1001.dta",
    "wgi": "macro/wgidataset.xlsx",
    "wdi": "macro/inflation-consumer.csv",
    "paper": "paper/gao_li_zhu_2021_tables.csv",
    "w13": "wiod2013/wiot_2000.RData",
}


# --------------------------------------------------------------------------- running a case


class Ctx:
    """What a case may use: a private folder, a monkeypatch and the captured stderr."""

    def __init__(self, tmp: Path, mp):
        self.tmp = Path(tmp)
        self.mp = mp
        self.stderr = io.StringIO()

    def reset_stderr(self) -> None:
        """Forget what was printed so far (call before the step under test)."""
        self.stderr.seek(0)
        self.stderr.truncate()

    @property
    def cache(self) -> Path:
        return self.tmp / "cache"

    def fresh_cache(self) -> None:
        """Point TBI_CACHE_DIR at an empty folder (for the fresh computation)."""
        self.mp.setenv("TBI_CACHE_DIR", str(self.tmp / "fresh-cache"))


@dataclass(frozen=True)
class Case:
    """One damaged input or setting and the outcome it must have."""

    id: str
    run: Callable[[Ctx], object]
    error: str | None = "DataError"
    names: tuple[str, ...] = ()
    fresh: Callable[[Ctx], object] | None = None
    message: str | None = None

    @property
    def group(self) -> str:
        return self.id.split("-", 1)[0]


@dataclass
class Outcome:
    """What happened when a case ran."""

    result: object = None
    exc: BaseException | None = None
    stderr: str = ""
    fresh: object = None
    fresh_exc: BaseException | None = None


def run_case(case: Case, tmp: Path, mp) -> Outcome:
    """Run ``case`` in the folder ``tmp`` with the monkeypatch ``mp`` (settings isolated)."""
    tmp = Path(tmp)
    (tmp / "cwd").mkdir(parents=True, exist_ok=True)
    mp.setenv("TBI_CACHE_DIR", str(tmp / "cache"))
    mp.setenv("XDG_CONFIG_HOME", str(tmp / "xdg"))
    for name in ("TBI_VINTAGE", "TBI_WIOD2016_DIR", "TBI_WIOD2016_SUMS"):
        mp.delenv(name, raising=False)
    mp.chdir(tmp / "cwd")
    ctx = Ctx(tmp, mp)
    out = Outcome()
    with contextlib.redirect_stderr(ctx.stderr):
        try:
            out.result = case.run(ctx)
        except Exception as exc:  # noqa: BLE001 - classifying every exception is the point
            out.exc = exc
    out.stderr = ctx.stderr.getvalue()
    if case.fresh is not None and out.exc is None:
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                out.fresh = case.fresh(ctx)
            except Exception as exc:  # noqa: BLE001
                out.fresh_exc = exc
    return out


def is_book_error(exc: BaseException) -> bool:
    """A :class:`DataError`, or a ``ValueError`` raised on purpose by ``lib`` (a ``raise`` in ``lib/``).

    A ``ValueError`` from pandas, numpy or Python itself (e.g. a failed
    unpacking inside ``lib``) is not a book error.
    """
    import lib
    from lib.data import errors

    if isinstance(exc, errors.DataError):
        return True
    if type(exc) is ValueError:
        frames = traceback.extract_tb(exc.__traceback__)
        package = str(Path(lib.__file__).resolve().parent) + os.sep
        return bool(frames) and frames[-1].filename.startswith(package) and "raise" in (frames[-1].line or "")
    return False


def same(a, b) -> bool:
    """Whether two results (frames, tuples of frames, tables) hold the same values."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
        try:
            pd.testing.assert_frame_equal(
                a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False, check_exact=True
            )
        except AssertionError:
            return False
        return True
    if hasattr(a, "Z") and hasattr(b, "Z"):
        return all(np.array_equal(getattr(a, k), getattr(b, k)) for k in ("Z", "Y", "x")) and a.countries == b.countries
    return False


def classify(case: Case, out: Outcome) -> str:
    """``clear``, ``vague``, ``raw``, ``silent`` or ``misleading`` (see ``benchmarks/fuzz_report.py``)."""
    if case.error is not None:
        if out.exc is None:
            return "silent"
        if not is_book_error(out.exc):
            return "raw"
        text = str(out.exc)
        return "clear" if all(n in text for n in case.names) and REMEDY.search(text) else "vague"
    if out.exc is not None:
        return "misleading" if is_book_error(out.exc) else "raw"
    if out.fresh_exc is not None or not same(out.result, out.fresh):
        return "silent"
    if case.message is not None and case.message not in out.stderr:
        return "vague"
    return "clear"


# --------------------------------------------------------------------------- building inputs


def real_data() -> Path:
    """The ``data/`` folder of the ``lib`` in use."""
    from lib.data import config

    return config.ROOT / "data"


def real_bytes(rel: str, n: int | None = None) -> bytes:
    """The first ``n`` bytes (default all) of a shipped file."""
    with open(real_data() / rel, "rb") as handle:
        return handle.read(n) if n is not None else handle.read()


def real_digest(rel: str) -> str:
    for line in (real_data() / "SHA256SUMS").read_text().splitlines():
        if line.strip().endswith(rel):
            return line.split()[0]
    raise KeyError(rel)


def digest_of(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def make_data(ctx: Ctx, files: dict[str, bytes], listed: dict[str, str] | None = None, sums: str | None = None) -> Path:
    """A private ``data/`` folder holding ``files`` and point ``config.DATA_DIR`` at it.

    ``SHA256SUMS`` lists each file with its own digest, except the digests given
    in ``listed`` (``None`` there leaves the file out); ``sums`` replaces the
    whole text.
    """
    from lib.data import config

    root = ctx.tmp / "data"
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    listed = listed or {}
    if sums is None:
        lines = []
        for rel, data in files.items():
            digest = listed.get(rel, digest_of(data))
            if digest is not None:
                lines.append(f"{digest}  {rel}")
        sums = "\n".join(lines) + "\n"
    root.mkdir(parents=True, exist_ok=True)
    (root / "SHA256SUMS").write_text(sums)
    ctx.mp.setattr(config, "DATA_DIR", root)
    return root


def replace_file(path: Path, data: bytes) -> None:
    """Overwrite a file as a later download would (a distinct modification time)."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_bytes(data)
    stamp = max(old + 2_000_000_000, path.stat().st_mtime_ns)
    os.utime(path, ns=(stamp, stamp))


def xlsx_bytes(sheets: dict[str, pd.DataFrame], header: bool = True) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False, header=header)
    return buffer.getvalue()


def kof_frame() -> pd.DataFrame:
    rows = [(c, f"Country {c}", y) for c in MACRO_COUNTRIES for y in MACRO_YEARS]
    frame = pd.DataFrame(rows, columns=["code", "country", "year"])
    rng = np.random.default_rng(1)
    for column in KOF_ALL:
        frame[column] = rng.uniform(20, 90, len(frame)).round(4)
    return frame


@functools.lru_cache
def kof_bytes() -> bytes:
    return xlsx_bytes({"KOFGI_2019_data": kof_frame()})


def pwt_frame() -> pd.DataFrame:
    rows = [(c, f"Country {c}", y) for c in ("AUS", "CHN", "DEU", "ROU", "USA") for y in MACRO_YEARS]
    frame = pd.DataFrame(rows, columns=["countrycode", "country", "year"])
    rng = np.random.default_rng(2)
    for column in PWT_VARIABLES:
        frame[column] = rng.uniform(0.5, 2.0, len(frame))
    frame["year"] = frame["year"].astype(np.int16)
    return frame


def dta_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_stata(buffer, write_index=False, version=118)
    return buffer.getvalue()


def wgi_sheet() -> pd.DataFrame:
    """The RegulatoryQuality sheet: notes, years in row 14, measures in row 15, data from row 16."""
    measures = ["Estimate", "StdErr", "NumSrc", "Rank", "Lower", "Upper"]
    years = (1996, 1998, 2000, 2002)
    width = 2 + len(years) * len(measures)
    rows = [["Worldwide Governance Indicators"] + [None] * (width - 1)] + [[None] * width for _ in range(12)]
    rows.append([None, None] + [y for y in years for _ in measures])
    rows.append(["Country/Territory", "Code"] + measures * len(years))
    rng = np.random.default_rng(3)
    for code in MACRO_COUNTRIES:
        values = rng.uniform(-1, 2, len(years) * len(measures)).round(5).tolist()
        rows.append([f"Country {code}", code, *values])
    rows[-1][2] = "#N/A"
    return pd.DataFrame(rows)


def wgi_bytes(sheet: pd.DataFrame | None = None, name: str = "RegulatoryQuality") -> bytes:
    intro = pd.DataFrame([["Introduction"]])
    return xlsx_bytes({"Introduction": intro, name: wgi_sheet() if sheet is None else sheet}, header=False)


def wdi_frame() -> pd.DataFrame:
    rows = [
        (f"Country {c}", c, y, 1.5 + i + 0.25 * k)
        for i, c in enumerate(MACRO_COUNTRIES)
        for k, y in enumerate(MACRO_YEARS)
    ]
    return pd.DataFrame(rows, columns=["Country", "Country Code", "Year", "Inflation"])


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def paper_text() -> str:
    return real_bytes(REL["paper"]).decode()


def wiod13_object(**changes) -> dict:
    """A small WIOD 2013 list ``wiot_2000`` (codes as stored: ROM, RoW)."""
    from lib.mrio.synthetic import random_table

    table = random_table(("AUS", "CHN", "ROU", "ROW"), n_sectors=2, seed=5, year=2000)
    obj = {
        "year": np.array([2000]),
        "countries": np.array(["AUS", "CHN", "ROM", "RoW"]),
        "industries": np.array(["c1", "c2"]),
        "inter": table.Z.copy(),
        "final": table.Y.copy(),
        "output": table.x.copy(),
    }
    obj.update(changes)
    return {k: v for k, v in obj.items() if v is not None}


def rda_bytes(objects: dict) -> bytes:
    import tempfile

    import rdata

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.RData"
        rdata.write_rda(path, objects)
        return path.read_bytes()


def wiod13_data(ctx: Ctx, data: bytes | None = None, obj: dict | None = None, listed: str | None = "own") -> Path:
    """A data folder with ``wiod2013/wiot_2000.RData`` (given bytes, or a synthetic object)."""
    if data is None:
        data = rda_bytes({"wiot_2000": obj if obj is not None else wiod13_object()})
    digests = {} if listed == "own" else {REL["w13"]: listed}
    return make_data(ctx, {REL["w13"]: data}, digests)


def load13(ctx: Ctx):
    from lib.data import config, wiod

    return wiod.load_wiod2013(2000, data_dir=config.DATA_DIR)


def wiod16_frame(year: int = 2000, countries=WIOD16, seed: int | None = None) -> pd.DataFrame:
    from lib.mrio.synthetic import random_table, wiod2016_frame

    return wiod2016_frame(random_table(countries, n_sectors=3, seed=year if seed is None else seed, year=year))


def wiod16_folder(ctx: Ctx, frames: dict[int, object] | None = None, any_shape: bool = True) -> Path:
    """A folder of synthetic WIOT{year}_October16_ROW.RData files (value: frame, or raw bytes).

    ``any_shape`` lets the loaders accept the small synthetic tables where they
    require the official shape by default (as ``tests/test_wiod2016.py`` does).
    """
    from lib.data import wiod

    if any_shape:
        ctx.mp.setattr(wiod, "WIOD2016_SHAPE", None)
    folder = ctx.tmp / "wiod2016"
    folder.mkdir(exist_ok=True)
    for year, frame in (frames if frames is not None else {2000: wiod16_frame(2000)}).items():
        data = frame if isinstance(frame, bytes) else rda_bytes({"wiot": frame})
        replace_file(folder / f"WIOT{year}_October16_ROW.RData", data)
    return folder


def load16(ctx: Ctx, year: int = 2000, **options):
    from lib.data import wiod

    return wiod.load_wiod2016(year, path=ctx.tmp / "wiod2016", expected_shape=options.pop("shape", None), **options)


def flows16(ctx: Ctx, cache: bool = True):
    from lib.mrio import tbi

    return tbi.compute_flows("2016", path=ctx.tmp / "wiod2016", years=[2000, 2001], cache=cache, progress=False)


# --------------------------------------------------------------------------- the cases

CASES: list[Case] = []


def case(id: str, error: str | None = "DataError", names=(), fresh=None, message=None):
    """Register the decorated function as a case."""

    def register(run):
        CASES.append(Case(id, run, error, tuple(names), fresh, message))
        return run

    return register


def _macro(ctx: Ctx, key: str, data: bytes, listed="own") -> None:
    make_data(ctx, {REL[key]: data}, {} if listed == "own" else {REL[key]: listed})


def load(key: str):
    """The loader of a source (called after its data folder is set up)."""
    from lib.data import macro, paper

    return {
        "kof": macro.load_kof,
        "pwt": macro.load_pwt,
        "wgi": macro.load_wgi_rq,
        "wdi": macro.load_inflation,
        "paper": paper.paper_table1,
    }[key]()


# ---- SHA256SUMS --------------------------------------------------------------


@case("sums-line-without-file-name", "ChecksumError", ["SHA256SUMS", "line 2"])
def _(ctx):
    data = csv_bytes(wdi_frame())
    make_data(ctx, {REL["wdi"]: data}, sums=f"{digest_of(data)}  {REL['wdi']}\n{'0' * 64}\n")
    return load("wdi")


@case("sums-line-not-hex", "ChecksumError", ["SHA256SUMS", "line 1"])
def _(ctx):
    make_data(ctx, {REL["wdi"]: csv_bytes(wdi_frame())}, sums=f"{'z' * 64}  {REL['wdi']}\n")
    return load("wdi")


@case("sums-line-short-digest", "ChecksumError", ["SHA256SUMS", "line 1"])
def _(ctx):
    data = csv_bytes(wdi_frame())
    make_data(ctx, {REL["wdi"]: data}, sums=f"{digest_of(data)[:63]}  {REL['wdi']}\n")
    return load("wdi")


@case("sums-line-garbage-wiod2013", "ChecksumError", ["SHA256SUMS", "line 1"])
def _(ctx):
    data = real_bytes(REL["w13"])
    make_data(ctx, {REL["w13"]: data}, sums=f"wiod2013/wiot_2000.RData {digest_of(data)}\n")
    return load13(ctx)


@case("sums-file-missing", "DataFileNotFound", ["SHA256SUMS"])
def _(ctx):
    root = make_data(ctx, {REL["wdi"]: csv_bytes(wdi_frame())})
    (root / "SHA256SUMS").unlink()
    return load("wdi")


@case("sums-file-binary", "ChecksumError", ["SHA256SUMS"])
def _(ctx):
    root = make_data(ctx, {REL["wdi"]: csv_bytes(wdi_frame())})
    (root / "SHA256SUMS").write_bytes(b"\xff\xfe\x00garbage\x80\x81" * 20)
    return load("wdi")


@case("sums-conflicting-lines", "ChecksumError", ["inflation-consumer.csv"])
def _(ctx):
    data = csv_bytes(wdi_frame())
    make_data(ctx, {REL["wdi"]: data}, sums=f"{digest_of(data)}  {REL['wdi']}\n{'1' * 64}  {REL['wdi']}\n")
    return load("wdi")


@case("sums-unlisted-edited-wdi", "ChecksumError", ["inflation-consumer.csv", "SHA256SUMS"])
def _(ctx):
    frame = wdi_frame()
    frame.loc[0, "Inflation"] = 999.0
    _macro(ctx, "wdi", csv_bytes(frame), listed=None)
    return load("wdi")


@case("sums-unlisted-edited-kof", "ChecksumError", ["KOFGI_2019_index.xlsx", "SHA256SUMS"])
def _(ctx):
    _macro(ctx, "kof", kof_bytes(), listed=None)
    return load("kof")


@case("sums-unlisted-edited-paper", "ChecksumError", ["gao_li_zhu_2021_tables.csv", "SHA256SUMS"])
def _(ctx):
    _macro(ctx, "paper", paper_text().replace("0.1061", "0.9061").encode(), listed=None)
    return load("paper")


@case("sums-unlisted-wiod2013", "ChecksumError", ["wiot_2000.RData"])
def _(ctx):
    wiod13_data(ctx, data=real_bytes(REL["w13"]), listed=None)
    return load13(ctx)


# ---- WIOD 2013 ---------------------------------------------------------------


@case("w13-missing-file", "DataFileNotFound", ["wiot_2000.RData"])
def _(ctx):
    root = wiod13_data(ctx, data=real_bytes(REL["w13"]))
    (root / REL["w13"]).unlink()
    return load13(ctx)


@case("w13-truncated", "ChecksumError", ["wiot_2000.RData"])
def _(ctx):
    wiod13_data(ctx, data=real_bytes(REL["w13"])[:-100], listed=real_digest(REL["w13"]))
    return load13(ctx)


@case("w13-one-byte-edited", "ChecksumError", ["wiot_2000.RData"])
def _(ctx):
    data = bytearray(real_bytes(REL["w13"]))
    data[5000] ^= 0xFF
    wiod13_data(ctx, data=bytes(data), listed=real_digest(REL["w13"]))
    return load13(ctx)


@case("w13-another-year", "ChecksumError", ["wiot_2000.RData"])
def _(ctx):
    wiod13_data(ctx, data=real_bytes("wiod2013/wiot_2001.RData"), listed=real_digest(REL["w13"]))
    return load13(ctx)


@case("w13-not-r-data", "FileFormatError", ["wiot_2000.RData"])
def _(ctx):
    wiod13_data(ctx, data=b"this is not R data\n" * 10)
    return load13(ctx)


@case("w13-zero-bytes", "FileFormatError", ["wiot_2000.RData"])
def _(ctx):
    wiod13_data(ctx, data=b"")
    return load13(ctx)


@case("w13-truncated-gzip-listed", "FileFormatError", ["wiot_2000.RData"])
def _(ctx):
    data = real_bytes(REL["w13"])
    wiod13_data(ctx, data=data[: len(data) // 2])
    return load13(ctx)


@case("w13-wrong-object", "TableError", ["wiot_2000.RData", "wiot_2000"])
def _(ctx):
    wiod13_data(ctx, data=rda_bytes({"wiot_1999": wiod13_object()}))
    return load13(ctx)


@case("w13-missing-element", "TableError", ["wiot_2000.RData", "final"])
def _(ctx):
    wiod13_data(ctx, obj=wiod13_object(final=None))
    return load13(ctx)


@case("w13-nan", "TableError", ["wiot_2000.RData", "Z"])
def _(ctx):
    obj = wiod13_object()
    obj["inter"][1, 2] = np.nan
    wiod13_data(ctx, obj=obj)
    return load13(ctx)


@case("w13-negative-flow", "TableError", ["wiot_2000.RData", "Z"])
def _(ctx):
    obj = wiod13_object()
    obj["inter"][0, 3] = -50.0
    wiod13_data(ctx, obj=obj)
    return load13(ctx)


@case("w13-negative-output", "TableError", ["wiot_2000.RData", "negative gross output"])
def _(ctx):
    obj = wiod13_object()
    obj["output"][2] = -1.0
    wiod13_data(ctx, obj=obj)
    return load13(ctx)


@case("w13-unbalanced", "TableError", ["wiot_2000.RData", "do not balance"])
def _(ctx):
    obj = wiod13_object()
    obj["output"][1] += 1e6
    wiod13_data(ctx, obj=obj)
    return load13(ctx)


@case("w13-wrong-shape", "TableError", ["wiot_2000.RData", "Y has shape"])
def _(ctx):
    obj = wiod13_object()
    obj["final"] = obj["final"][:, :-3]
    wiod13_data(ctx, obj=obj)
    return load13(ctx)


@case("w13-unknown-country", "TableError", ["wiot_2000.RData", "XXX"])
def _(ctx):
    wiod13_data(ctx, obj=wiod13_object(countries=np.array(["AUS", "XXX", "ROM", "RoW"])))
    return load13(ctx)


@case("w13-row-not-last", "TableError", ["wiot_2000.RData", "ROW"])
def _(ctx):
    wiod13_data(ctx, obj=wiod13_object(countries=np.array(["AUS", "RoW", "ROM", "CHN"])))
    return load13(ctx)


@case("w13-text-in-output", "TableError", ["wiot_2000.RData", "output"])
def _(ctx):
    obj = wiod13_object()
    obj["output"] = np.array([f"{v:.1f}" for v in obj["output"]][:-1] + ["n/a"])
    wiod13_data(ctx, obj=obj)
    return load13(ctx)


@case("w13-year-outside-release", "ValueError", ["2014"])
def _(ctx):
    from lib.data import wiod

    return wiod.load_wiod2013(2014)


# ---- WIOD 2016 ---------------------------------------------------------------

F16 = "WIOT2000_October16_ROW.RData"


@case("w16-folder-missing", "DataFileNotFound", ["no-such-folder"])
def _(ctx):
    from lib.data import wiod

    return wiod.load_wiod2016(2000, path=ctx.tmp / "no-such-folder", expected_shape=None)


@case("w16-dir-setting-is-a-file", "DataFileNotFound", ["TBI_WIOD2016_DIR"])
def _(ctx):
    from lib.data import wiod

    (ctx.tmp / "a-file").write_text("not a folder")
    ctx.mp.setenv("TBI_WIOD2016_DIR", str(ctx.tmp / "a-file"))
    return wiod.load_wiod2016(2000, expected_shape=None)


@case("w16-year-file-missing", "DataFileNotFound", ["WIOT2001_October16_ROW.RData"])
def _(ctx):
    wiod16_folder(ctx)
    return load16(ctx, 2001)


def _frame16(change) -> Callable[[Ctx], object]:
    def run(ctx):
        frame = wiod16_frame()
        frame = change(frame) if change(frame) is not None else frame
        wiod16_folder(ctx, {2000: frame})
        return load16(ctx)

    return run


def _set(column, row, value, as_text=True):
    def change(frame):
        frame = frame.copy()
        if as_text:
            frame[column] = frame[column].astype(str)
        frame.loc[row, column] = value
        return frame

    return change


CASES += [
    Case("w16-text-in-year", _frame16(_set("Year", 2, "n/a")), "TableError", (F16, "Year")),
    Case("w16-text-in-rnr", _frame16(_set("RNr", 4, "four")), "TableError", (F16, "RNr")),
    Case("w16-text-in-flows", _frame16(_set("AUS1", 1, "1,234.5")), "TableError", (F16, "AUS1")),
    Case("w16-nan-in-flows", _frame16(_set("CHN2", 3, np.nan, as_text=False)), "TableError", (F16, "Z")),
    Case("w16-other-year-in-year", _frame16(_set("Year", 0, 2001, as_text=False)), "TableError", (F16, "Year")),
    Case("w16-go-row-edited",
         _frame16(lambda f: f.assign(AUS1=np.where(f["IndustryCode"] == "GO", f["AUS1"] + 5, f["AUS1"]))),
         "TableError", (F16, "GO")),
    Case("w16-missing-summary-row", _frame16(lambda f: f[f["IndustryCode"] != "GO"].reset_index(drop=True)),
         "TableError", (F16, "GO")),
    Case("w16-missing-column", _frame16(lambda f: f.drop(columns="TOT")), "TableError", (F16, "TOT")),
    Case("w16-dropped-industry-row", _frame16(lambda f: f.drop(index=4).reset_index(drop=True)), "TableError", (F16,)),
    Case("w16-rows-out-of-order", _frame16(lambda f: f.iloc[[1, 0, *range(2, len(f))]].reset_index(drop=True)),
         "TableError", (F16,)),
    Case("w16-unknown-country", _frame16(lambda f: f.assign(Country=f["Country"].replace("DEU", "XXX"))),
         "TableError", (F16, "XXX")),
    Case("w16-no-industry-rows", _frame16(lambda f: f.assign(Country="TOT")), "TableError", (F16,)),
    Case("w16-unbalanced", _frame16(lambda f: f.assign(
        TOT=np.where(np.arange(len(f)) == 2, f["TOT"] + 1.0, f["TOT"]),
        AUS3=np.where(f["IndustryCode"] == "GO", f["AUS3"] + 1.0, f["AUS3"]))),  # fmt: skip
         "TableError", (F16, "do not balance")),
]  # fmt: skip


@case("w16-official-shape", "TableError", [F16, "44 x 56"])
def _(ctx):
    from lib.data import wiod

    wiod16_folder(ctx, any_shape=False)
    return wiod.load_wiod2016(2000, path=ctx.tmp / "wiod2016")


@case("w16-wrong-object", "TableError", [F16, "wiot"])
def _(ctx):
    wiod16_folder(ctx, {2000: rda_bytes({"wiot2": wiod16_frame()})})
    return load16(ctx)


@case("w16-object-not-a-frame", "TableError", [F16, "data frame"])
def _(ctx):
    wiod16_folder(ctx, {2000: rda_bytes({"wiot": {"a": np.arange(3.0)}})})
    return load16(ctx)


@case("w16-garbage-file", "FileFormatError", [F16])
def _(ctx):
    wiod16_folder(ctx, {2000: b"\x1f\x8b garbage" * 50})
    return load16(ctx)


@case("w16-folder-sums-malformed", "ChecksumError", ["SHA256SUMS", "line 1"])
def _(ctx):
    folder = wiod16_folder(ctx)
    (folder / "SHA256SUMS").write_text(f"{F16}\n")
    return load16(ctx)


@case("w16-replaced-file", "ChecksumError", [F16])
def _(ctx):
    folder = wiod16_folder(ctx)
    load16(ctx)
    replace_file(folder / F16, rda_bytes({"wiot": wiod16_frame(seed=99)}))
    return load16(ctx)


@case("w16-replaced-after-make-clean", "ChecksumError", [F16])
def _(ctx):
    folder = wiod16_folder(ctx)
    load16(ctx)
    shutil.rmtree(ctx.cache, ignore_errors=True)  # what 'make clean' does
    replace_file(folder / F16, rda_bytes({"wiot": wiod16_frame(seed=99)}))
    return load16(ctx)


def _good_after_bad(ctx):
    bad = wiod16_frame()
    bad.loc[3, "CHN2"] = np.nan
    folder = wiod16_folder(ctx, {2000: bad})
    with contextlib.suppress(Exception):
        load16(ctx)  # a damaged first download is refused ...
    replace_file(folder / F16, rda_bytes({"wiot": wiod16_frame()}))
    return load16(ctx)  # ... and must not block the good one


def _good_table(ctx):
    from lib.data import wiod

    folder = ctx.tmp / "good"
    folder.mkdir(exist_ok=True)
    (folder / F16).write_bytes(rda_bytes({"wiot": wiod16_frame()}))
    return wiod.load_wiod2016(2000, path=folder, expected_shape=None)


CASES.append(Case("w16-good-file-after-bad-first-download", _good_after_bad, None, (), _good_table))


@case("w16-countries-change-between-years", "TableError", ["WIOT2001_October16_ROW.RData", "DEU"])
def _(ctx):
    wiod16_folder(ctx, {2000: wiod16_frame(2000), 2001: wiod16_frame(2001, countries=("AUS", "CHN", "USA", "ROW"))})
    return flows16(ctx)


# ---- macro sources and the paper's tables ------------------------------------


def _source(key: str, data: Callable[[], bytes], listed="own") -> Callable[[Ctx], object]:
    def run(ctx):
        _macro(ctx, key, data(), listed)
        return load(key)

    return run


def _kof(change) -> Callable[[], bytes]:
    return lambda: xlsx_bytes({"KOFGI_2019_data": change(kof_frame())})


def _pwt(change) -> Callable[[], bytes]:
    return lambda: dta_bytes(change(pwt_frame()))


def _wdi(change) -> Callable[[], bytes]:
    return lambda: csv_bytes(change(wdi_frame()))


def _wgi(change) -> Callable[[], bytes]:
    return lambda: wgi_bytes(change(wgi_sheet()))


def _text(frame, column, row, value):
    frame = frame.copy()
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value
    return frame


def _fraction(frame, column, row):
    """The year in ``row`` moved half a year on (2001 -> 2001.5): a number, but not a whole one."""
    frame = frame.copy()
    frame[column] = frame[column].astype(float)
    frame.loc[row, column] += 0.5
    return frame


def _whole(column: str) -> str:
    return f"column {column!r} holds 1 values that are not whole numbers (years)"


def _restore(file: str) -> str:
    return f"git checkout -- data/macro/{file}"


def _cell(frame, row, column, value):
    frame = frame.copy()
    frame.iloc[row, column] = value
    return frame


KOF = "KOFGI_2019_index.xlsx"
PWT = "pwt1001.dta"
WGI = "wgidataset.xlsx"
WDI = "inflation-consumer.csv"
PAPER = "gao_li_zhu_2021_tables.csv"


def _truncated(key: str, n: int) -> Callable[[Ctx], object]:
    """The first ``n`` bytes of the real file, still listed with the real digest (damaged after listing)."""

    def run(ctx):
        _macro(ctx, key, real_bytes(REL[key], n), listed=real_digest(REL[key]))
        return load(key)

    return run


def _garbage():
    return b"\x00\x01\x02 this is not the file \xff\xfe" * 64


CASES += [
    # KOF
    Case("kof-missing-file", lambda ctx: (make_data(ctx, {}), load("kof"))[1], "DataFileNotFound",
         (KOF, _restore(KOF))),
    Case("kof-truncated", _truncated("kof", 65536), "ChecksumError", (KOF,)),
    Case("kof-garbage-listed", _source("kof", _garbage), "FileFormatError",
         (f"{KOF}: cannot be read as an Excel workbook", _restore(KOF))),
    Case("kof-zero-bytes-listed", _source("kof", lambda: b""), "FileFormatError", (KOF,)),
    Case("kof-truncated-zip-listed", _source("kof", lambda: kof_bytes()[: len(kof_bytes()) // 2]),
         "FileFormatError", (KOF,)),
    Case("kof-renamed-code-column", _source("kof", _kof(lambda f: f.rename(columns={"code": "Code"}))),
         "TableError", (KOF, "code")),
    Case("kof-renamed-index-column", _source("kof", _kof(lambda f: f.rename(columns={"KOFGIdj": "KOFGI_dj"}))),
         "TableError", (KOF, "KOFGIdj")),
    Case("kof-text-in-year", _source("kof", _kof(lambda f: _text(f, "year", 3, "2003*"))), "TableError", (KOF, "year")),
    Case("kof-text-in-index", _source("kof", _kof(lambda f: _text(f, "KOFTrGIdj", 5, "51,25"))),
         "TableError", (KOF, "KOFTrGIdj")),
    Case("kof-fractional-year", _source("kof", _kof(lambda f: _fraction(f, "year", 3))), "TableError",
         (KOF, _whole("year"), _restore(KOF))),
    Case("kof-duplicated-country-year", _source("kof", _kof(lambda f: pd.concat([f, f.iloc[:1]]))),
         "TableError", (f"{KOF}: 2 rows share a country-year", _restore(KOF))),
    Case("kof-no-rows", _source("kof", _kof(lambda f: f.iloc[:0])), "TableError", (KOF,)),
    Case("kof-other-sheet-first", _source("kof", lambda: xlsx_bytes({"Notes": pd.DataFrame({"a": [1]}),
                                                                       "KOFGI_2019_data": kof_frame()})),
         "TableError", (KOF, "code")),
    # PWT
    Case("pwt-truncated", _truncated("pwt", 65536), "ChecksumError", (PWT,)),
    Case("pwt-garbage-listed", _source("pwt", _garbage), "FileFormatError", (PWT,)),
    Case("pwt-renamed-variable", _source("pwt", _pwt(lambda f: f.rename(columns={"rgdpna": "rgdp_na"}))),
         "TableError", (PWT, "rgdpna")),
    Case("pwt-renamed-countrycode", _source("pwt", _pwt(lambda f: f.rename(columns={"countrycode": "iso3"}))),
         "TableError", (PWT, "countrycode")),
    Case("pwt-text-in-variable", _source("pwt", _pwt(lambda f: _text(f, "pop", 2, "n.a.").astype({"pop": str}))),
         "TableError", (PWT, "pop")),
    Case("pwt-text-in-year", _source("pwt", _pwt(lambda f: _text(f, "year", 1, "2001a").astype({"year": str}))),
         "TableError", (PWT, "year")),
    Case("pwt-no-rows", _source("pwt", _pwt(lambda f: f.iloc[:0])), "TableError",
         (f"{PWT}: holds no data rows", _restore(PWT))),
    Case("pwt-fractional-year", _source("pwt", _pwt(lambda f: _fraction(f, "year", 1))), "TableError",
         (PWT, _whole("year"), _restore(PWT))),
    Case("pwt-duplicated-country-year", _source("pwt", _pwt(lambda f: pd.concat([f, f.iloc[:1]]))), "TableError",
         (f"{PWT}: 2 rows share a country-year", _restore(PWT))),
    # WGI
    Case("wgi-truncated", _truncated("wgi", 65536), "ChecksumError", (WGI,)),
    Case("wgi-garbage-listed", _source("wgi", _garbage), "FileFormatError",
         (f"{WGI}: cannot be read as an Excel workbook", _restore(WGI))),
    Case("wgi-renamed-sheet", _source("wgi", lambda: wgi_bytes(name="Regulatory Quality")),
         "TableError", (WGI, "RegulatoryQuality")),
    Case("wgi-layout-shifted", _source("wgi", _wgi(lambda s: pd.concat([s.iloc[:1], s]).reset_index(drop=True))),
         "TableError", (WGI,)),
    Case("wgi-text-in-year-row", _source("wgi", _wgi(lambda s: _cell(s, 13, 8, "Year"))), "TableError",
         (WGI, "row 14, column 9 holds 'Year'", _restore(WGI))),
    Case("wgi-blank-code", _source("wgi", _wgi(lambda s: _cell(s, 16, 1, None))), "TableError",
         (f"{WGI}: country codes that are not ISO3: [nan]", _restore(WGI))),
    Case("wgi-too-few-rows", _source("wgi", _wgi(lambda s: s.iloc[:10])), "TableError",
         (WGI, "expected year in row 14, 'Country/Territory', 'Code', then 'Estimate' ... in row 15, "
          "data from row 16.")),
    Case("wgi-code-header-renamed", _source("wgi", _wgi(lambda s: _cell(s, 14, 1, "ISO"))), "TableError",
         (WGI, "row 15 starts 'Country/Territory', 'ISO'")),
    Case("wgi-two-columns", _source("wgi", _wgi(lambda s: s.iloc[:, :2])), "TableError", (WGI, "20 rows x 2 columns")),
    Case("wgi-duplicated-country", _source("wgi", _wgi(lambda s: pd.concat([s, s.iloc[-2:-1]]).reset_index(drop=True))),
         "TableError", (f"{WGI}: 8 rows share a country-year", _restore(WGI))),
    # WDI
    Case("wdi-truncated", _truncated("wdi", 4096), "ChecksumError", (WDI,)),
    Case("wdi-zero-bytes-listed", _source("wdi", lambda: b""), "FileFormatError",
         (WDI, "expected columns 'Country', 'Country Code', 'Year', 'Inflation'")),
    Case("wdi-binary-listed", _source("wdi", _garbage), "DataError", (WDI,)),
    Case("wdi-renamed-column", _source("wdi", _wdi(lambda f: f.rename(columns={"Country Code": "Code"}))),
         "TableError", (WDI, "Country Code")),
    Case("wdi-text-in-year", _source("wdi", _wdi(lambda f: _text(f, "Year", 2, "2002e"))), "TableError", (WDI, "Year")),
    Case("wdi-text-in-value", _source("wdi", _wdi(lambda f: _text(f, "Inflation", 2, ".."))),
         "TableError", (WDI, "Inflation")),
    Case("wdi-fractional-year", _source("wdi", _wdi(lambda f: _fraction(f, "Year", 2))), "TableError",
         (WDI, _whole("Year"), _restore(WDI))),
    Case("wdi-duplicated-rows", _source("wdi", _wdi(lambda f: pd.concat([f, f.iloc[:2]]))), "TableError",
         (f"{WDI}: 4 rows share a country-year", _restore(WDI))),
    # the paper's tables
    Case("paper-truncated", _truncated("paper", 2048), "ChecksumError", (PAPER,)),
    Case("paper-zero-bytes-listed", _source("paper", lambda: b""), "FileFormatError", (PAPER,)),
    Case("paper-binary-listed", _source("paper", _garbage), "DataError", (PAPER,)),
    Case("paper-renamed-column", _source("paper", lambda: paper_text().replace(",stat,value,", ",stat,val,", 1).encode()),
         "TableError", (PAPER, "value")),
    Case("paper-text-in-value", _source("paper", lambda: paper_text().replace(",0.1061,", ",O.1061,", 1).encode()),
         "TableError", (PAPER, "value")),
]  # fmt: skip


# ---- settings and arguments --------------------------------------------------


def _with_env(name: str, value: Callable[[Ctx], str], call: Callable[[Ctx], object]) -> Callable[[Ctx], object]:
    def run(ctx):
        ctx.mp.setenv(name, value(ctx))
        return call(ctx)

    return run


def _wdi_synthetic(ctx):
    _macro(ctx, "wdi", csv_bytes(wdi_frame()))
    return load("wdi")


def _a_file(ctx):
    (ctx.tmp / "a-file").write_text("x")
    return str(ctx.tmp / "a-file")


def _unwritable(ctx):
    if os.geteuid() == 0:  # root ignores permission bits: use a folder no one can create files in
        return "/proc"
    folder = ctx.tmp / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    return str(folder)


def _tbi_2016(ctx):
    from lib.mrio import tbi

    return tbi.tbi_panel(years=[2000], progress=False)


def _empty_cache_setting(ctx):
    ctx.mp.setenv("TBI_CACHE_DIR", "")
    result = _wdi_synthetic(ctx)
    written = sorted(p.name for p in Path.cwd().iterdir())
    if written:  # the cache went into the current folder: a silent wrong outcome
        return ("wrote into the current folder", written)
    return result


CASES += [
    Case("setting-vintage-unknown", _with_env("TBI_VINTAGE", lambda c: "2015", _tbi_2016),
         "ValueError", ("TBI_VINTAGE",)),
    Case("setting-vintage-empty", _with_env("TBI_VINTAGE", lambda c: "", _tbi_2016), "ValueError", ("TBI_VINTAGE",)),
    Case("setting-cache-dir-is-a-file", _with_env("TBI_CACHE_DIR", _a_file, _wdi_synthetic),
         "SettingError", ("TBI_CACHE_DIR",)),
    Case("setting-cache-dir-below-a-file", _with_env("TBI_CACHE_DIR", lambda c: _a_file(c) + "/sub", _wdi_synthetic),
         "SettingError", ("TBI_CACHE_DIR",)),
    Case("setting-cache-dir-unwritable", _with_env("TBI_CACHE_DIR", _unwritable, _wdi_synthetic),
         "SettingError", ("TBI_CACHE_DIR",)),
    Case("setting-cache-dir-empty", _empty_cache_setting, "SettingError", ("TBI_CACHE_DIR",)),
    Case("argument-balance-method", lambda ctx: __import__("lib.mrio.tbi").mrio.tbi.compute_flows("2013", balance_method="bogus"),
         "ValueError", ("bogus",)),
    Case("argument-kof-release", lambda ctx: __import__("lib.data.macro").data.macro.load_kof("2020"), "ValueError", ("2020",)),
]  # fmt: skip


# ---- the cache -----------------------------------------------------------------


def _cache_files(ctx: Ctx, pattern: str) -> list[Path]:
    files = sorted(ctx.cache.glob(pattern))
    if not files:
        raise RuntimeError(f"fuzz setup: no cache file {pattern} in {ctx.cache}")
    return files


def _data_lines(path: Path) -> tuple[list[str], int]:
    """Lines of a cache file and the index of its CSV header (after any comment line)."""
    lines = path.read_text().splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return lines, header


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def truncate_lines(path: Path) -> None:
    lines, header = _data_lines(path)
    keep = header + 1 + (len(lines) - header - 1) // 2
    path.write_text("".join(lines[:keep]))


def header_only(path: Path) -> None:
    lines, header = _data_lines(path)
    path.write_text("".join(lines[: header + 1]))


def garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff garbage \x80" * 100)


def edit_number(column: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        lines, header = _data_lines(path)
        names = lines[header].rstrip("\n").split(",")
        row = lines[header + 1].rstrip("\n").split(",")
        k = names.index(column)
        row[k] = repr(float(row[k]) * 1.5 + 1.0)
        lines[header + 1] = ",".join(row) + "\n"
        path.write_text("".join(lines))

    return edit


def edit_text(column: str, value: str) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        lines, header = _data_lines(path)
        names = lines[header].rstrip("\n").split(",")
        row = lines[header + 1].rstrip("\n").split(",")
        row[names.index(column)] = value
        lines[header + 1] = ",".join(row) + "\n"
        path.write_text("".join(lines))

    return edit


def _flows_cache(damage: Callable[[Path], None], which: str = "countries") -> Callable[[Ctx], object]:
    def run(ctx):
        wiod16_folder(ctx, {2000: wiod16_frame(2000), 2001: wiod16_frame(2001)})
        flows16(ctx)
        for file in _cache_files(ctx, f"flows-*-{which}.csv"):
            damage(file)
        ctx.reset_stderr()
        return flows16(ctx)

    return run


def _flows_fresh(ctx):
    return flows16(ctx, cache=False)


def _source_cache(damage: Callable[[Path], None]) -> Callable[[Ctx], object]:
    def run(ctx):
        _macro(ctx, "wgi", wgi_bytes())
        load("wgi")
        for file in _cache_files(ctx, "source-wgi-*.csv"):
            damage(file)
        ctx.reset_stderr()
        return load("wgi")

    return run


def _source_fresh(ctx):
    ctx.fresh_cache()
    return load("wgi")


def _delete(path: Path) -> None:
    path.unlink()


def _replace_by_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _flows_swapped(ctx):
    wiod16_folder(ctx, {2000: wiod16_frame(2000), 2001: wiod16_frame(2001)})
    flows16(ctx)
    (countries,) = _cache_files(ctx, "flows-*-countries.csv")
    (bilateral,) = _cache_files(ctx, "flows-*-bilateral.csv")
    a, b = countries.read_bytes(), bilateral.read_bytes()
    countries.write_bytes(b)
    bilateral.write_bytes(a)
    ctx.reset_stderr()
    return flows16(ctx)


def _leftover_temp(ctx):
    ctx.cache.mkdir(parents=True, exist_ok=True)
    _macro(ctx, "wgi", wgi_bytes())
    load("wgi")
    for file in _cache_files(ctx, "source-wgi-*.csv"):
        file.unlink()
        file.with_suffix(".tmp").write_text("half a file from a crashed run")
    return load("wgi")


def _concurrent_first_runs(ctx):
    """Two first runs build the same table at once; both reach the final rename together."""
    _macro(ctx, "wdi", csv_bytes(wdi_frame()))
    barrier = threading.Barrier(2, timeout=1.0)
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real_replace(src, dst, *args, **kwargs)

    ctx.mp.setattr(os, "replace", replace)
    results: dict[int, object] = {}

    def worker(k):
        try:
            results[k] = load("wdi")
        except Exception as exc:  # noqa: BLE001
            results[k] = exc

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ctx.mp.setattr(os, "replace", real_replace)
    for value in results.values():
        if isinstance(value, Exception):
            raise value
    if not same(results[0], results[1]):
        return ("the two runs disagree", results)
    return results[0]


def _wdi_fresh(ctx):
    ctx.fresh_cache()
    return load("wdi")


CASES += [
    Case("cache-flows-zero-bytes", _flows_cache(zero_bytes), None, (), _flows_fresh, "cache"),
    Case("cache-flows-truncated", _flows_cache(truncate_lines, "bilateral"), None, (), _flows_fresh, "cache"),
    Case("cache-flows-header-only", _flows_cache(header_only), None, (), _flows_fresh, "cache"),
    Case("cache-flows-edited-number", _flows_cache(edit_number("va_exports")), None, (), _flows_fresh, "cache"),
    Case("cache-flows-edited-bilateral", _flows_cache(edit_number("va"), "bilateral"), None, (), _flows_fresh, "cache"),
    Case("cache-flows-garbage", _flows_cache(garbage), None, (), _flows_fresh, "cache"),
    Case("cache-flows-files-swapped", _flows_swapped, None, (), _flows_fresh, "cache"),
    Case("cache-flows-one-file-deleted", _flows_cache(_delete), None, (), _flows_fresh),
    Case("cache-flows-file-is-a-folder", _flows_cache(_replace_by_folder), None, (), _flows_fresh, "cache"),
    Case("cache-source-zero-bytes", _source_cache(zero_bytes), None, (), _source_fresh, "cache"),
    Case("cache-source-truncated", _source_cache(truncate_lines), None, (), _source_fresh, "cache"),
    Case("cache-source-edited-number", _source_cache(edit_number("RQ")), None, (), _source_fresh, "cache"),
    Case("cache-source-edited-country", _source_cache(edit_text("country", "A1S")), None, (), _source_fresh, "cache"),
    Case("cache-source-garbage", _source_cache(garbage), None, (), _source_fresh, "cache"),
    Case("cache-leftover-temp-file", _leftover_temp, None, (), _source_fresh),
    Case("cache-concurrent-first-runs", _concurrent_first_runs, None, (), _wdi_fresh),
]  # fmt: skip

assert len({c.id for c in CASES}) == len(CASES), "duplicate case ids"
