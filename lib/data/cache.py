"""A small on-disk cache for derived tables, keyed by what they were computed from.

A cached table is stored as CSV in ``config.cache_dir()`` under a name that
includes a hash of ``payload`` (input checksums, options, ``CACHE_VERSION``).
Changing any input file, option, or the code version therefore misses the cache
and recomputes; nothing stale is ever returned.

File format
-----------
Each file is a CSV table preceded by one header line::

    # tbi-book cache 3 <file name> sha256=<sha256 of the CSV text that follows>

so the file stays readable (``pd.read_csv(file, skiprows=1)``) and its content
is verified on every read. A file that is empty, truncated, edited, copied or
renamed from another cache file, or otherwise damaged fails the check: the
table is recomputed, the file rewritten, and one line saying so goes to stderr.
A cached table is never returned unverified.

Writes are atomic: each file is written to a uniquely named temporary file in
the cache folder and moved into place with ``os.replace``, so several processes
may build the same table at once. If the cache folder cannot be written to
while saving, the result is returned uncached with a message; an unusable
``TBI_CACHE_DIR`` setting is reported by :func:`lib.data.config.cache_dir`.

What a call returns does not depend on whether the cache was hit: a freshly
computed table is returned as it reads back from its CSV text.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from . import config
from .checksums import atomic_write_bytes

# Bump when a computation or the file format changes, so caches written by older code are not reused.
# 3: header line with the sha256 of the content; tables returned as read back from CSV.
CACHE_VERSION = 3

_HEADER = re.compile(rb"^# tbi-book cache (\d+) (\S+) sha256=([0-9a-f]{64})$")


class CacheDamaged(Exception):
    """A cache file failed its integrity check (internal: always handled by recomputing)."""


def cache_key(payload: dict) -> str:
    """Short hash of a JSON-serialisable payload (plus the cache version).

    Parameters
    ----------
    payload
        Everything a cached result depends on.

    Returns
    -------
    str
        16 hex digits.
    """
    text = json.dumps({**payload, "version": CACHE_VERSION}, sort_keys=True, default=str)  # a payload never overrides it
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _csv_text(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, float_format="%.17g", lineterminator="\n").encode()


def _parse(body: bytes) -> pd.DataFrame:
    """The table of a cache file's body (a table without columns is written as an empty body)."""
    if not body.strip():
        return pd.DataFrame()
    return pd.read_csv(io.BytesIO(body))


def encode(frame: pd.DataFrame, name: str) -> bytes:
    """The bytes of the cache file ``name`` holding ``frame``: header line (version, name, sha256), then CSV."""
    body = _csv_text(frame)
    return _header(name, body) + body


def _verified_body(path: Path) -> memoryview:
    """The content of a cache file after its header line, once the header and the sha256 check out.

    Raises
    ------
    CacheDamaged
        Saying what is wrong with the file.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CacheDamaged(f"cannot be read ({type(exc).__name__}: {exc})") from exc
    end = data.find(b"\n")
    head, body = data[: max(end, 0)], memoryview(data)[end + 1 :]  # a view: no copy of a large body
    match = _HEADER.match(head)
    if end < 0 or match is None:
        what = "is empty" if not data else "has no valid header line"
        raise CacheDamaged(what)
    if int(match.group(1)) != CACHE_VERSION:
        raise CacheDamaged(f"was written by cache version {int(match.group(1))}, not {CACHE_VERSION}")
    if match.group(2).decode(errors="replace") != path.name:
        raise CacheDamaged(f"holds the table of {match.group(2).decode(errors='replace')} (copied or renamed)")
    if hashlib.sha256(body).hexdigest() != match.group(3).decode():
        raise CacheDamaged("content does not match its sha256 (truncated or edited)")
    return body


def read_verified(path: Path) -> pd.DataFrame:
    """Read one cache file, checking its header and the sha256 of its content.

    Raises
    ------
    CacheDamaged
        Saying what is wrong with the file.
    """
    body = _verified_body(path)
    try:
        return _parse(bytes(body))
    except Warning:  # a warning turned into an error is not damage
        raise
    except Exception as exc:  # a verified file should always parse; treat anything else as damage
        raise CacheDamaged(f"cannot be parsed ({type(exc).__name__}: {exc})") from exc


def _header(name: str, body: bytes) -> bytes:
    return f"# tbi-book cache {CACHE_VERSION} {name} sha256={hashlib.sha256(body).hexdigest()}\n".encode()


def cached_frames(
    stem: str, payload: dict, names: tuple[str, ...], build: Callable[[], tuple[pd.DataFrame, ...]]
) -> tuple[pd.DataFrame, ...]:
    """Return the frames ``build()`` computes, from the cache when possible.

    Parameters
    ----------
    stem
        Readable prefix of the cache files (e.g. ``"flows-wiod2013-discrepancy"``).
    payload
        Everything the result depends on (input checksums, options).
    names
        One name per returned frame (part of the file names).
    build
        Computes the frames when the cache misses or a cache file is damaged.

    Returns
    -------
    tuple of DataFrame
        One frame per name, exactly as read back from the verified CSV text
        (same values and dtypes whether or not the cache was hit).

    Raises
    ------
    SettingError
        If ``TBI_CACHE_DIR`` (or the default ``.cache/``) cannot be used.
    """
    key = cache_key(payload)
    folder = config.cache_dir()
    files = [folder / f"{stem}-{key}-{name}.csv" for name in names]
    if all(f.is_file() for f in files):
        try:
            return tuple(_read_one(f) for f in files)
        except CacheDamaged as exc:
            print(f"cache: {exc}; recomputing.", file=sys.stderr, flush=True)
    frames = tuple(build())
    if len(frames) != len(names):
        raise ValueError(f"cached_frames({stem!r}): build() returned {len(frames)} frames for names {names}.")
    out = []
    for frame, file in zip(frames, files):
        data = encode(frame, file.name)
        _write(file, data)
        out.append(_parse(data.partition(b"\n")[2]))
    return tuple(out)


def _write(file: Path, data: bytes) -> None:
    """Write a cache file atomically; if the folder refuses, say so once and go on uncached."""
    try:
        atomic_write_bytes(file, data)
    except OSError as exc:
        print(
            f"cache: cannot write {file} ({type(exc).__name__}: {exc}); the result is not cached. "
            f"Set {config.CACHE_ENV} to a writable folder.",
            file=sys.stderr,
            flush=True,
        )


def _load_arrays(body: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(body), allow_pickle=False) as bundle:
        return {name: bundle[name] for name in bundle.files}


def cached_arrays(stem: str, payload: dict, build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Return the arrays ``build()`` computes (a dict of name to array), from the cache when possible.

    The arrays are stored uncompressed (``numpy.savez``) behind the same header line as the tables, so a
    warm read costs a file read and one sha256 of its content, no parsing: the book keeps the parsed
    copy of each input table here (:func:`lib.data.wiod.load_wiod2013`). Damage is handled as in
    :func:`cached_frames`: recomputed, rewritten, one line on stderr. Object arrays are refused (no
    pickles in the cache).

    Parameters
    ----------
    stem
        Readable prefix of the cache file.
    payload
        Everything the arrays depend on (input checksums, options).
    build
        Computes the arrays on a miss.
    """
    file = config.cache_dir() / f"{stem}-{cache_key(payload)}.npz"
    if file.is_file():
        try:
            try:
                return _load_arrays(_verified_body(file))
            except CacheDamaged:
                raise
            except Exception as exc:  # a verified file should always load
                raise CacheDamaged(f"cannot be loaded ({type(exc).__name__}: {exc})") from exc
        except CacheDamaged as exc:
            print(f"cache: {file} {exc}; recomputing.", file=sys.stderr, flush=True)
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **build())
    body = buffer.getvalue()
    _write(file, _header(file.name, body) + body)
    return _load_arrays(body)


def _read_one(path: Path) -> pd.DataFrame:
    try:
        return read_verified(path)
    except CacheDamaged as exc:
        raise CacheDamaged(f"{path} {exc}") from exc
