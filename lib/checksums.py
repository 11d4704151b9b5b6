"""Errors raised on bad input data, and sha256 verification of input files.

Every input file the book reads is listed with its sha256 in a ``SHA256SUMS``
file (the format written by ``sha256sum``). Loaders call :func:`verify_file`
before parsing, so a truncated download or an edited file stops the build with
a message that names the file and says how to get a good copy.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


class DataError(Exception):
    """Base class for every problem with an input file."""


class DataFileNotFound(DataError, FileNotFoundError):
    """An input file is missing."""


class ChecksumError(DataError):
    """An input file's sha256 differs from the recorded one."""


class TableError(DataError):
    """An input-output table has the wrong shape, labels or values."""


_HASH_MEMO: dict[tuple[str, int, int], str] = {}


def sha256(path: str | os.PathLike) -> str:
    """Return the hex sha256 of a file (memoised on path, size and mtime)."""
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _HASH_MEMO:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        _HASH_MEMO[key] = digest.hexdigest()
    return _HASH_MEMO[key]


def read_sha256sums(path: str | os.PathLike) -> dict[str, str]:
    """Parse a ``sha256sum``-style file into ``{relative path: hex digest}``."""
    sums = {}
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*").removeprefix("./")] = digest.lower()
    return sums


def require_file(path: str | os.PathLike, how_to_obtain: str) -> Path:
    """Return ``path`` as a Path, or raise :class:`DataFileNotFound` explaining how to get it."""
    path = Path(path)
    if not path.is_file():
        raise DataFileNotFound(f"Input file not found: {path}\n{how_to_obtain}")
    return path


def verify_file(path: str | os.PathLike, expected: str | None, how_to_obtain: str) -> str:
    """Check that ``path`` exists and has sha256 ``expected``; return the digest.

    Parameters
    ----------
    path
        File to check.
    expected
        Recorded hex digest, or ``None`` when no digest is recorded for this file
        (then only existence is checked and the digest is returned for the caller
        to record).
    how_to_obtain
        One or two sentences telling the reader how to get a good copy; included
        in every error message.
    """
    path = require_file(path, how_to_obtain)
    actual = sha256(path)
    if expected is not None and actual != expected.lower():
        raise ChecksumError(
            f"Checksum mismatch for {path}:\n  expected sha256 {expected}\n  found    sha256 {actual}\n"
            f"The file is damaged or is not the version this book was written for. {how_to_obtain}"
        )
    return actual
