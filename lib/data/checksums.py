"""sha256 verification of input files.

Every input file the book reads is listed with its sha256 in a ``SHA256SUMS``
file (the format written by ``sha256sum``). Loaders call :func:`verify_listed`
(or :func:`verify_file`) before parsing, so a truncated download, an edited file
or a file missing from ``SHA256SUMS`` stops the build with a message that names
the file and says how to get a good copy. The errors raised are those of
:mod:`lib.data.errors`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from .errors import ChecksumError, DataFileNotFound, FileFormatError


#: What to do when the book's own ``data/SHA256SUMS`` is damaged or lacks a line.
DATA_SUMS_REMEDY = (
    "Restore the book's copy with 'git checkout -- data/SHA256SUMS'. If you replaced an input file on "
    "purpose, add its line ('sha256sum <file>', run in data/) to data/SHA256SUMS and data/README.md."
)

_HASH_MEMO: dict[tuple[str, int, int, int, int], str] = {}
_SUMS_LINE = re.compile(r"^([0-9a-fA-F]{64})\s+\*?(\S.*)$")


def sha256(path: str | os.PathLike) -> str:
    """Return the hex sha256 of a file (memoised on path, inode, size, mtime and ctime).

    Parameters
    ----------
    path
        File to hash.

    Returns
    -------
    str
        64 lower-case hex digits.
    """
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if key not in _HASH_MEMO:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        _HASH_MEMO[key] = digest.hexdigest()
    return _HASH_MEMO[key]


def read_sha256sums(path: str | os.PathLike, remedy: str | None = None) -> dict[str, str]:
    """Parse a ``sha256sum``-style file into ``{relative path: hex digest}``.

    Each non-empty line that does not start with ``#`` must read
    ``<64 hex digits><spaces><file name>`` (a ``*`` before the name, written by
    ``sha256sum --binary``, is allowed).

    Parameters
    ----------
    path
        The ``SHA256SUMS`` file.
    remedy
        What the reader should do if the file is missing or malformed (default:
        fix or delete the line).

    Returns
    -------
    dict
        File name (``./`` and the binary-mode ``*`` removed) to lower-case digest.

    Raises
    ------
    DataFileNotFound
        If the file does not exist.
    ChecksumError
        Naming the file and line, if a line is malformed, the file is not text,
        or one file is listed twice with different digests.
    """
    path = Path(path)
    remedy = remedy or "Fix or delete that line (create lines with 'sha256sum <file>')."
    if not path.is_file():
        raise DataFileNotFound(f"{path}: checksum file not found; expected a SHA256SUMS file there. {remedy}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        raise ChecksumError(
            f"{path}: cannot be read as a text file ({type(exc).__name__}: {exc}); expected lines "
            f"'<sha256>  <file name>'. {remedy}"
        ) from exc
    sums: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _SUMS_LINE.match(line)
        if match is None:
            raise ChecksumError(
                f"{path}, line {number}: found {raw[:120]!r}; expected '<64 hex digits>  <file name>' "
                f"(the format of sha256sum). {remedy}"
            )
        digest, name = match.group(1).lower(), _listed_name(match)
        if name in sums and sums[name] != digest:
            raise ChecksumError(
                f"{path}, line {number}: {name} is listed a second time with a different sha256; "
                f"expected one line per file. {remedy}"
            )
        sums[name] = digest
    return sums


def require_file(path: str | os.PathLike, how_to_obtain: str) -> Path:
    """Return ``path`` as a Path, or raise :class:`DataFileNotFound` explaining how to get it.

    Parameters
    ----------
    path
        Input file that must exist.
    how_to_obtain
        The remedy included in the message.
    """
    path = Path(path)
    if not path.is_file():
        found = "a folder" if path.is_dir() else "nothing"
        raise DataFileNotFound(f"Input file not found: {path} (found {found} there).\n{how_to_obtain}")
    return path


def checksum_mismatch(path, expected: str, actual: str, how_to_obtain: str, where: str = "") -> ChecksumError:
    """The :class:`ChecksumError` for a file whose sha256 differs from the recorded one.

    Parameters
    ----------
    path
        The file.
    expected, actual
        Recorded and actual hex digests.
    how_to_obtain
        Remedy appended to the message.
    where
        Optional name of the file the digest was recorded in.
    """
    recorded = f" (recorded in {where})" if where else ""
    return ChecksumError(
        f"Checksum mismatch for {path}:\n  expected sha256 {expected}{recorded}\n  found    sha256 {actual}\n"
        f"The file is damaged or is not the version this book was written for. {how_to_obtain}"
    )


def verify_file(path: str | os.PathLike, expected: str | None, how_to_obtain: str) -> str:
    """Check that ``path`` exists and has sha256 ``expected``; return the digest.

    Parameters
    ----------
    path
        File to check.
    expected
        Recorded hex digest, or ``None`` when no digest is recorded for this file
        (then only existence is checked and the digest is returned for the caller
        to record). Files shipped with the book must use :func:`verify_listed`,
        which refuses unlisted files.
    how_to_obtain
        One or two sentences telling the reader how to get a good copy; included
        in every error message.

    Returns
    -------
    str
        The file's sha256.
    """
    path = require_file(path, how_to_obtain)
    actual = sha256(path)
    if expected is not None and actual != expected.lower():
        raise checksum_mismatch(path, expected, actual, how_to_obtain)
    return actual


def verify_listed(data_dir: str | os.PathLike, rel: str, how_to_obtain: str) -> tuple[Path, str]:
    """Verify the shipped file ``data_dir/rel`` against ``data_dir/SHA256SUMS``.

    The same rule holds for every shipped input: the file must exist, be listed
    in ``SHA256SUMS`` and match its digest. An unlisted file is refused (it
    would otherwise be read unchecked).

    Parameters
    ----------
    data_dir
        Folder holding ``SHA256SUMS`` and the file.
    rel
        The file's path relative to ``data_dir``, as written in ``SHA256SUMS``.
    how_to_obtain
        Remedy for a missing or damaged file.

    Returns
    -------
    (Path, str)
        The file's path and verified sha256.

    Raises
    ------
    DataFileNotFound, ChecksumError
        With the file, what was found, and what to do.
    """
    data_dir = Path(data_dir)
    sums_file = data_dir / "SHA256SUMS"
    sums = read_sha256sums(sums_file, DATA_SUMS_REMEDY)
    path = require_file(data_dir / rel, how_to_obtain)
    expected = sums.get(rel)
    if expected is None:
        raise ChecksumError(
            f"{path}: not listed in {sums_file}; every input file must have its sha256 there, so an "
            f"unlisted file is not read. {DATA_SUMS_REMEDY}"
        )
    return path, verify_file(path, expected, how_to_obtain)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    The bytes go to a uniquely named temporary file in the same folder, which
    then replaces ``path`` in one step (``os.replace``). Readers see the old
    file or the new one, never a partial one, and several processes writing the
    same file at once do not interfere.

    Raises
    ------
    OSError
        If the folder is not writable (the temporary file is removed).
    """
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
        os.chmod(handle.name, _file_mode(path))  # tempfile creates 0600; give the usual permissions
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """Permissions for a rewritten file: those of the file it replaces, else 0666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _listed_name(match: re.Match) -> str:
    """The file name of a parsed ``SHA256SUMS`` line, as the reader and the writer both compare it
    (``./`` and the binary-mode ``*`` already removed by the pattern)."""
    return match.group(2).strip().removeprefix("./")


def record_sha256(sums_file: str | os.PathLike, name: str, digest: str) -> None:
    """Set the line of ``name`` in a ``sha256sum``-style file to ``digest`` (atomic; other lines kept).

    Parameters
    ----------
    sums_file
        File to update (created with its folder if missing).
    name
        File name as written in the line.
    digest
        Hex sha256 to record.
    """
    sums_file = Path(sums_file)
    sums_file.parent.mkdir(parents=True, exist_ok=True)
    lines = sums_file.read_text(encoding="utf-8-sig").splitlines() if sums_file.is_file() else []
    name = name.removeprefix("./")
    kept = [ln for ln in lines if (m := _SUMS_LINE.match(ln.strip())) is None or _listed_name(m) != name]
    atomic_write_bytes(sums_file, ("\n".join([*kept, f"{digest}  {name}"]) + "\n").encode())


def read_csv(path: str | os.PathLike, expected: str, remedy: str, **options):
    """``pandas.read_csv`` that turns any failure to parse into :class:`FileFormatError`.

    The message names the file, what went wrong, what was ``expected`` (e.g. the columns) and the
    ``remedy``. A warning turned into an error (pytest's ``-W error``) is passed through: it is not
    damage.
    """
    try:
        return pd.read_csv(path, **options)
    except Warning:
        raise
    except Exception as exc:  # EmptyDataError, ParserError, UnicodeDecodeError, ...
        raise FileFormatError(
            f"{path}: cannot be read as a CSV file ({type(exc).__name__}: {exc}); expected {expected}. {remedy}"
        ) from exc
