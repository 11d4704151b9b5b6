"""Paths and user settings shared by the whole book.

Every setting can be changed with an environment variable, so the same chapters
run on the shipped WIOD 2013 release or on the user's copy of WIOD 2016:

``TBI_VINTAGE``
    ``"2013"`` (default, shipped in ``data/``), ``"2016"`` (opt-in) or ``"longrun"``
    (the long-run WIOD, 1965-2000 every fifth year, shipped in ``data/longrun/``).
``TBI_WIOD2016_DIR``
    Folder holding the official ``WIOT{year}_October16_ROW.RData`` files.
``TBI_CACHE_DIR``
    Where derived tables are cached (default: ``.cache/`` in the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"

VINTAGE_ENV = "TBI_VINTAGE"
WIOD2016_ENV = "TBI_WIOD2016_DIR"
CACHE_ENV = "TBI_CACHE_DIR"

VINTAGES = ("2013", "2016", "longrun")
"""Releases the book can read; :data:`lib.wiod.RELEASES` holds what is specific to each."""


def default_vintage() -> str:
    """Return the WIOD vintage chosen by ``TBI_VINTAGE`` (``"2013"`` if unset).

    Raises
    ------
    ValueError
        If the variable holds anything other than one of ``VINTAGES``
        (``"2013"``, ``"2016"``, ``"longrun"``).
    """
    vintage = os.environ.get(VINTAGE_ENV, "2013").strip()
    return check_vintage(vintage)


def check_vintage(vintage: str | int) -> str:
    """Normalise a vintage to one of ``VINTAGES`` (``"2013"``, ``"2016"``, ``"longrun"``) or raise a clear error.

    Integers are accepted (``2013`` -> ``"2013"``); ``"longrun"`` is case-insensitive.
    """
    vintage = str(vintage).strip()
    if vintage.lower() == "longrun":
        vintage = "longrun"
    if vintage not in VINTAGES:
        raise ValueError(
            f"Unknown WIOD vintage {vintage!r}: use '2013' (shipped with the book), "
            f"'2016' (your own download; see README, 'Using WIOD 2016') or 'longrun' "
            f"(the long-run WIOD 1965-2000, shipped with the book)."
        )
    return vintage


def wiod2016_dir(path: str | os.PathLike | None = None) -> Path | None:
    """Folder of the user's WIOD 2016 files: ``path`` if given, else ``TBI_WIOD2016_DIR``."""
    if path is not None:
        return Path(path).expanduser()
    env = os.environ.get(WIOD2016_ENV)
    return Path(env).expanduser() if env else None


def cache_dir() -> Path:
    """Folder for derived tables (created on demand; never committed)."""
    path = Path(os.environ.get(CACHE_ENV, ROOT / ".cache")).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path
