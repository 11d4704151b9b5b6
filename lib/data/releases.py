"""The registry of data releases: one :class:`Release` per release, resolved once.

A public entry point (:func:`lib.tbi_panel`, :func:`lib.country_panel`, the decompositions,
a chapter's setup) turns the user's vintage (``"2013"``, ``2016``, ``"longrun"``, or a
:class:`Release`) into a :class:`Release` with :func:`release` once and passes the object
down: loaders, checksum functions and year checks take it. Every release fact lives here:
years, the regression sample years, labels, the coverage text of messages, and the list of
vintages (:data:`VINTAGES`, derived from :data:`RELEASES`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import longrun, wiod
from .checksums import require_file
from .config import VINTAGE_ENV
from .errors import SettingError, TableError
from .iotable import IOTable

@dataclass(frozen=True)
class Release:
    """Everything specific to one release, so that callers branch on nothing.

    Attributes
    ----------
    name
        ``"2013"``, ``"2016"`` or ``"longrun"`` (the keys of :data:`RELEASES`).
    label
        Name used in messages, e.g. ``"WIOD 2013"``.
    years
        Table years the release provides.
    countries
        Regions in table order (ISO3, ``ROW`` last).
    load
        ``load(year, path, balance_method) -> IOTable``: verified, checked, balanced table.
    checksums
        ``checksums(years, path) -> {year: sha256}``: verified digests of the input files
        (the cache key of everything computed from them).
    how_to_get
        The remedy error messages quote.
    sample_years
        Years of the regression panel built from the release (empty when the release has no
        annual panel: the long-run tables are five-yearly; see :mod:`lib.econometrics.longrun_join`).
    """

    name: str
    label: str
    years: tuple[int, ...]
    countries: tuple[str, ...]
    load: Callable[[int, str | os.PathLike | None, str], IOTable]
    checksums: Callable[[tuple[int, ...], str | os.PathLike | None], dict[int, str]]
    how_to_get: str
    sample_years: tuple[int, ...] = ()

    @property
    def coverage(self) -> str:
        """The years as text, e.g. ``"1995-2011"`` or ``"1965-2000, every 5 years"``."""
        span = f"{self.years[0]}-{self.years[-1]}"
        steps = set(np.diff(self.years).tolist())
        return span if steps <= {1} else f"{span}, every {min(steps)} years"


# The loaders are looked up when called (not bound here), so tests and later edits
# that replace a module-level function are honoured.
def _load_2013(year, path, balance_method):
    return wiod.load_wiod2013(year, path, balance_method)


def _checksums_2013(years, path):
    return {y: wiod.wiod2013_checksum(y, path) for y in years}


def _load_2016(year, path, balance_method):
    return wiod.load_wiod2016(year, path, balance_method)


def _checksums_2016(years, path):
    folder = wiod.wiod2016_folder(path)
    return {y: wiod.wiod2016_checksum(require_file(folder / wiod.wiod2016_filename(y), wiod.HOW_TO_GET_2016))
            for y in years}  # fmt: skip


def _load_longrun(year, path, balance_method):
    return longrun.load_longrun(year, path, balance_method)


def _checksums_longrun(years, path):
    return longrun.input_checksums(years, path)


RELEASES = {
    r.name: r
    for r in (
        Release("2013", "WIOD 2013", wiod.WIOD2013_YEARS, wiod.WIOD2013_COUNTRIES, _load_2013, _checksums_2013,
                wiod.HOW_TO_GET_2013, sample_years=tuple(range(2000, 2012))),
        Release("2016", "WIOD 2016", wiod.WIOD2016_YEARS, wiod.WIOD2016_COUNTRIES, _load_2016, _checksums_2016,
                wiod.HOW_TO_GET_2016, sample_years=tuple(range(2000, 2015))),
        Release(
            "longrun", "long-run WIOD (LR-WIOD)", longrun.LONGRUN_YEARS, longrun.LONGRUN_COUNTRIES,
            _load_longrun, _checksums_longrun, longrun.HOW_TO_GET_LONGRUN,
        ),
    )
}  # fmt: skip

VINTAGES = tuple(RELEASES)
"""Releases the book can read (``"2013"``, ``"2016"``, ``"longrun"``), in the order of :data:`RELEASES`."""


def release(vintage: str | int | Release | None = None) -> Release:
    """The :class:`Release` of a vintage name, validated once with :func:`check_vintage`'s error.

    ``None`` means the release chosen by ``TBI_VINTAGE`` (:func:`default_vintage`); a
    :class:`Release` is returned as it is, so functions that receive one resolve nothing again.
    """
    if isinstance(vintage, Release):
        return vintage
    return RELEASES[check_vintage(default_vintage() if vintage is None else vintage)]


def load_years(vintage: str | Release, years, path: str | os.PathLike | None = None, balance_method: str = "discrepancy"):
    """Yield ``(year, table)`` for each year, refusing tables whose regions differ from the first year's.

    Every panel of the book (TBI, bilateral flows, DVA) is built from this loop, so none can mix
    tables with different country lists: that would change the meaning of the rest of the world
    (and of every country's partners) between years.

    Raises
    ------
    TableError
        Naming both files and the regions missing or added.
    """
    facts = release(vintage)
    first = None
    for year in years:
        table = load_table(facts, year, path, balance_method)
        if first is None:
            first = table
        elif set(table.countries) != set(first.countries):
            missing = sorted(set(first.countries) - set(table.countries))
            extra = sorted(set(table.countries) - set(first.countries))
            changes = [f"lacks {missing}"] if missing else []
            changes += [f"adds {extra}"] if extra else []
            raise TableError(
                f"{table.source or year}: the {year} table {' and '.join(changes)} "
                f"compared with {first.source or first.year} ({first.year}: {len(first.countries)} regions, "
                f"{year}: {len(table.countries)}); expected the same regions in every year of a panel. The files "
                f"come from different releases or one is damaged: use one complete download of the release. "
                f"{facts.how_to_get}"
            )
        yield year, table


def load_table(
    vintage: str | Release, year: int, path: str | os.PathLike | None = None, balance_method: str = "discrepancy"
) -> IOTable:
    """Load one year of a release (``"2013"``, ``"2016"`` or ``"longrun"``); see :data:`RELEASES`.

    ``path`` is the release's folder argument: the data folder for the shipped releases
    (2013, longrun; default ``data/``), the folder of the official files for 2016.
    """
    return release(vintage).load(year, path, balance_method)


def vintage_years(vintage: str | Release) -> tuple[int, ...]:
    """Years covered by a release."""
    return release(vintage).years


def resolve_years(vintage: str | Release, years=None) -> tuple[int, ...]:
    """The sorted years to use (default: every year of the release); error for years outside it."""
    rel = release(vintage)
    chosen = tuple(sorted(int(y) for y in (years or rel.years)))
    outside = sorted(set(chosen) - set(rel.years))
    if outside:
        raise ValueError(f"Years {outside} are outside the {rel.label} release ({rel.coverage}).")
    return chosen


def input_checksums(vintage: str | Release, path: str | os.PathLike | None = None, years=None) -> dict[int, str]:
    """sha256 of every input file of a release (verified), keyed by year."""
    rel = release(vintage)
    return rel.checksums(resolve_years(rel, years), path)


def default_vintage() -> str:
    """Return the WIOD vintage chosen by ``TBI_VINTAGE`` (``"2013"`` if unset).

    Raises
    ------
    ValueError
        If the variable holds anything other than one of ``VINTAGES``
        (``"2013"``, ``"2016"``, ``"longrun"``).
    """
    vintage = os.environ.get(VINTAGE_ENV, "2013").strip()
    try:
        return check_vintage(vintage)
    except ValueError as exc:
        raise SettingError(
            f"The setting {VINTAGE_ENV}={vintage!r} is not a WIOD release; expected '2013', '2016' or 'longrun'. "
            f"Set it to one of them, or unset it to use the shipped 2013 release."
        ) from exc


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


