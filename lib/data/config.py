"""Paths and user settings shared by the whole book.

Every setting can be changed with an environment variable, so the same chapters
run on the shipped WIOD 2013 release or on the user's copy of WIOD 2016:

``TBI_VINTAGE``
    ``"2013"`` (default, shipped in ``data/``; read by :func:`lib.data.releases.default_vintage`), ``"2016"`` (opt-in) or ``"longrun"``
    (the long-run WIOD, 1965-2000 every fifth year, shipped in ``data/longrun/``).
``TBI_WIOD2016_DIR``
    Folder holding the official ``WIOT{year}_October16_ROW.RData`` files.
``TBI_CACHE_DIR``
    Where derived tables are cached (default: ``.cache/`` in the repository).
    Must be a writable folder (created if missing); an empty value is an error.
``TBI_WIOD2016_SUMS``
    File recording the sha256 of your WIOD 2016 files (default: ``SHA256SUMS``
    beside the files if that folder is writable, else
    ``~/.config/tbi-book/wiod2016-SHA256SUMS``); see :mod:`lib.data.wiod`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import SettingError

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"

VINTAGE_ENV = "TBI_VINTAGE"
WIOD2016_ENV = "TBI_WIOD2016_DIR"
CACHE_ENV = "TBI_CACHE_DIR"
WIOD2016_SUMS_ENV = "TBI_WIOD2016_SUMS"

def wiod2016_dir(path: str | os.PathLike | None = None) -> Path | None:
    """Folder of the user's WIOD 2016 files: ``path`` if given, else ``TBI_WIOD2016_DIR``."""
    if path is not None:
        return Path(path).expanduser()
    env = os.environ.get(WIOD2016_ENV)
    return Path(env).expanduser() if env and env.strip() else None  # an empty or blank setting is no setting


def cache_dir() -> Path:
    """Folder for derived tables: ``TBI_CACHE_DIR``, else ``.cache/`` (created on demand; never committed).

    Raises
    ------
    SettingError
        Naming ``TBI_CACHE_DIR`` and saying what to do, if the setting is empty,
        names a file, or the folder cannot be created or written to.
    """
    raw = os.environ.get(CACHE_ENV)
    default = ROOT / ".cache"
    remedy = (
        f"Set {CACHE_ENV} to a folder you can write to, or unset it to use the default {default}."
        if raw is not None
        else f"Make {default} writable, or set {CACHE_ENV} to a folder you can write to."
    )
    setting = f"{CACHE_ENV}={raw!r}" if raw is not None else f"the cache folder {default}"
    if raw is not None and not raw.strip():
        raise SettingError(f"{CACHE_ENV} is set but empty; expected the path of a folder. {remedy}")
    path = Path(raw).expanduser() if raw is not None else default
    if path.exists() and not path.is_dir():
        raise SettingError(f"{setting}: {path} is a file; expected a folder for cached tables. {remedy}")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):  # probe: root ignores permission bits, read-only mounts do not
            pass
    except OSError as exc:
        raise SettingError(
            f"{setting}: cannot create or write to {path} ({type(exc).__name__}: {exc.strerror or exc}); "
            f"expected a writable folder. {remedy}"
        ) from exc
    return path


def user_config_dir() -> Path:
    """Per-user folder for settings the book records (``$XDG_CONFIG_HOME/tbi-book``, else ``~/.config/tbi-book``)."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or "~/.config"
    return Path(base).expanduser() / "tbi-book"


def wiod2016_sums_setting() -> Path | None:
    """The file named by ``TBI_WIOD2016_SUMS``, or ``None`` when unset.

    Raises
    ------
    SettingError
        If the setting is empty or names a folder.
    """
    raw = os.environ.get(WIOD2016_SUMS_ENV)
    if raw is None:
        return None
    remedy = f"Set {WIOD2016_SUMS_ENV} to the path of a checksum file (it is created if missing), or unset it."
    if not raw.strip():
        raise SettingError(f"{WIOD2016_SUMS_ENV} is set but empty; expected the path of a file. {remedy}")
    path = Path(raw).expanduser()
    if path.is_dir():
        raise SettingError(f"{WIOD2016_SUMS_ENV}={raw!r}: {path} is a folder; expected a file. {remedy}")
    return path
