"""A small on-disk cache for derived tables, keyed by what they were computed from.

A cached table is stored as CSV in ``config.cache_dir()`` under a name that
includes a hash of ``payload`` (input checksums, options, ``CACHE_VERSION``).
Changing any input file, option, or the code version therefore misses the cache
and recomputes; nothing stale is ever returned.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pandas as pd

from . import config

# Bump when a computation changes, so caches written by older code are not reused.
CACHE_VERSION = 2


def cache_key(payload: dict) -> str:
    """Short hash of a JSON-serialisable payload (plus the cache version)."""
    text = json.dumps({"version": CACHE_VERSION, **payload}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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
        Computes the frames when the cache misses.
    """
    key = cache_key(payload)
    files = [config.cache_dir() / f"{stem}-{key}-{name}.csv" for name in names]
    if all(f.is_file() for f in files):
        return tuple(pd.read_csv(f) for f in files)
    frames = build()
    for frame, file in zip(frames, files):
        tmp = file.with_suffix(".tmp")
        frame.to_csv(tmp, index=False, float_format="%.17g")
        tmp.replace(file)
    return tuple(frames)
