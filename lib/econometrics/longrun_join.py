"""The long-run WIOD joined with WIOD 2013 (1965-2011), and the five-year regression panel 1970-2010.

The two sources overlap in 1995 and 2000 and disagree there: TBI gaps (WIOD 2013 minus
LR-WIOD) have mean absolute value 0.048 and reach -0.21 (Greece, Spain), -0.11 (Portugal,
Austria), -0.09 (Italy) and +0.07 (Germany, Australia); the sign differs in 9 of 48
country-years (the USA in 1995). Gross trade balances differ in the same direction
(correlation of TBI gaps and gross-TBI gaps 0.99), so the gaps come from the bilateral trade
data. The gaps are stable between 1995 and 2000 (change at most 0.043, Britain), which is
what a level shift needs. So the sources are never chained silently:
:func:`overlap_comparison` puts both side by side, :func:`join_shifts` turns the gaps into
one level shift per country, and :func:`spliced_tbi_panel` returns a 1965-2011 series with
a ``source`` column, the raw values and the shifted (adjusted) ones.
:func:`build_longrun_panel` merges a five-year regression panel 1970-2010.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..data import macro
from ..data.longrun import LONGRUN_COUNTRIES, LONGRUN_YEARS, SOURCE_LONGRUN
from ..data.releases import RELEASES
from ..data.wiod import WIOD2013_YEARS
from ..mrio.tbi import tbi_panel
from .panel import DEVELOPED, PanelBuild, controls, dropped_summary, merge_panel, missing_reason

SOURCE_WIOD2013 = RELEASES["2013"].label

OVERLAP_YEARS = (1995, 2000)
MEASURES = ("tbi", "tbi_gross", "gross_balance", "va_balance")  # compared by overlap_comparison
PANEL_YEARS = tuple(range(1970, 2011, 5))


def overlap_comparison(
    data_dir: str | os.PathLike | None = None, balance_method: str = "discrepancy", cache: bool = True
) -> pd.DataFrame:
    """Both sources side by side in the overlap years 1995 and 2000, per country.

    Countries in both sources (24: the LR-WIOD countries except Hong Kong, absent from
    WIOD 2013). Columns: ``country, year``, then for each measure ``m`` in ``tbi``,
    ``tbi_gross``, ``gross_balance``, ``va_balance`` (millions of USD) the pair
    ``m_longrun``, ``m_wiod2013`` and the gap ``m_gap = m_wiod2013 - m_longrun``.

    The gaps are large: mean absolute TBI gap 0.048, up to 0.21 (Greece 2000, Spain 2000;
    USA 1995: LR-WIOD +0.004, WIOD 2013 -0.053), and the gross balances differ in the same
    direction (USA 1995: +5 bn against -71 bn USD), so the gaps come from the bilateral
    trade data, not from the input-output algebra.
    """
    lr, w13 = _source_panels(OVERLAP_YEARS, data_dir, balance_method, cache)
    return _compare(lr, w13)


def _source_panels(w13_years, data_dir, balance_method, cache) -> tuple[pd.DataFrame, pd.DataFrame]:
    """TBI panels of both sources: LR-WIOD for all its years, WIOD 2013 for ``w13_years`` and the overlap.

    WIOD 2013 is asked for the overlap years plus ``w13_years`` in one call, so callers that
    need the same years share one cache entry (the key includes the years' checksums).
    """
    w13_years = tuple(sorted(set(OVERLAP_YEARS) | {int(y) for y in w13_years}))
    lr = tbi_panel("longrun", data_dir, None, balance_method, cache, progress=False)
    w13 = tbi_panel("2013", data_dir, w13_years, balance_method, cache, progress=False)
    return lr, w13


def _compare(lr: pd.DataFrame, w13: pd.DataFrame) -> pd.DataFrame:
    """The body of :func:`overlap_comparison`, from the two TBI panels."""
    measures = list(MEASURES)
    lr, w13 = (p.loc[p["year"].isin(OVERLAP_YEARS), ["country", "year", *measures]] for p in (lr, w13))
    both = lr.merge(w13, on=["country", "year"], suffixes=("_longrun", "_wiod2013"))
    for m in measures:
        both[f"{m}_gap"] = both[f"{m}_wiod2013"] - both[f"{m}_longrun"]
    order = ["country", "year", *[f"{m}_{s}" for m in measures for s in ("longrun", "wiod2013", "gap")]]
    return both[order].sort_values(["country", "year"]).reset_index(drop=True)


def join_shifts(comparison: pd.DataFrame | None = None, years=OVERLAP_YEARS, **kwargs) -> pd.DataFrame:
    """One level shift per country that puts LR-WIOD's TBI on WIOD 2013's level at the joint.

    ``shift_i = mean_{t in years} (TBI^{2013}_{it} - TBI^{LR}_{it})``; the adjusted long-run
    series is ``TBI^{LR}_{it} + shift_i``. With both overlap years (default) the adjusted
    series matches WIOD 2013 on average over 1995 and 2000; ``years=(1995,)`` or
    ``(2000,)`` makes it match exactly in that year.

    Parameters
    ----------
    comparison
        Output of :func:`overlap_comparison` (computed if omitted, with ``**kwargs``).
    years
        Overlap years the shift averages over.

    Returns
    -------
    DataFrame
        ``country``, ``shift``, ``gap_1995``, ``gap_2000`` (TBI gaps, WIOD 2013 minus
        LR-WIOD) and ``gap_change = gap_2000 - gap_1995`` (how far from a pure level
        difference the two sources are).
    """
    comparison = overlap_comparison(**kwargs) if comparison is None else comparison
    years = tuple(int(y) for y in years)
    unknown = sorted(set(years) - set(OVERLAP_YEARS))
    if unknown:
        raise ValueError(f"Years {unknown} are not in the overlap {OVERLAP_YEARS} of LR-WIOD and WIOD 2013.")
    if not years:
        raise ValueError(f"No overlap years to average the shift over; choose from {OVERLAP_YEARS}.")
    gaps = comparison.pivot(index="country", columns="year", values="tbi_gap")
    out = pd.DataFrame({"shift": gaps[list(years)].mean(axis=1)})
    for y in OVERLAP_YEARS:
        out[f"gap_{y}"] = gaps[y]
    out["gap_change"] = gaps[OVERLAP_YEARS[-1]] - gaps[OVERLAP_YEARS[0]]
    return out.reset_index()


def spliced_tbi_panel(
    overlap: str = "wiod2013",
    shift_years=OVERLAP_YEARS,
    years=None,
    data_dir: str | os.PathLike | None = None,
    balance_method: str = "discrepancy",
    cache: bool = True,
) -> pd.DataFrame:
    """A 1965-2011 TBI panel from both sources, with the source of every row. Never chained silently.

    Rows: LR-WIOD for 1965-1990 (every fifth year), WIOD 2013 for 1995-2011 (every year);
    in the overlap years 1995 and 2000 ``overlap`` decides: ``"wiod2013"`` (default; WIOD
    2013 only, so each country-year appears once), ``"longrun"`` (LR-WIOD only) or
    ``"both"`` (two rows, told apart by ``source``). Countries: the union of both sources
    (HKG only in LR-WIOD; the 16 countries of WIOD 2013 that LR-WIOD lacks only from 1995).
    ``years`` restricts the rows (default: every year of either source).

    Columns: ``country, year, source`` (``"LR-WIOD"`` or ``"WIOD 2013"``), ``tbi`` (as
    published by that source), ``tbi_gross``, ``shift`` (:func:`join_shifts` over
    ``shift_years``; 0 for WIOD 2013 rows, NaN for LR-WIOD rows of countries without WIOD
    2013 data) and ``tbi_adjusted = tbi + shift`` (LR-WIOD values moved to WIOD 2013's
    level at the joint; NaN where no shift exists).

    Which to use: ``tbi_adjusted`` for one series per country across the joint (its jump
    between 1990 and 1995 is then no longer the sources' level gap); ``tbi`` with
    ``source`` (e.g. a source dummy or country x source effects in a regression) to use
    each source as published.
    """
    if overlap not in ("wiod2013", "longrun", "both"):
        raise ValueError(f"overlap={overlap!r}: choose 'wiod2013', 'longrun' or 'both'.")
    available = sorted(set(LONGRUN_YEARS) | set(WIOD2013_YEARS))
    years = tuple(sorted(int(y) for y in (years or available)))
    outside = sorted(set(years) - set(available))
    if outside:
        raise ValueError(f"Years {outside} are in neither LR-WIOD ({LONGRUN_YEARS}) nor WIOD 2013 (1995-2011).")
    lr, w13 = _source_panels([y for y in years if y in WIOD2013_YEARS], data_dir, balance_method, cache)
    shifts = join_shifts(_compare(lr, w13), shift_years).set_index("country")["shift"]
    cols = ["country", "year", "tbi", "tbi_gross"]
    lr, w13 = lr.loc[lr["year"].isin(years), cols], w13.loc[w13["year"].isin(years), cols]
    if overlap == "wiod2013":
        lr = lr.loc[~lr["year"].isin(OVERLAP_YEARS)]
    elif overlap == "longrun":
        w13 = w13.loc[~w13["year"].isin(OVERLAP_YEARS)]
    lr = lr.assign(source=SOURCE_LONGRUN, shift=lr["country"].map(shifts))
    w13 = w13.assign(source=SOURCE_WIOD2013, shift=0.0)
    out = pd.concat([lr, w13], ignore_index=True)
    out["tbi_adjusted"] = out["tbi"] + out["shift"]
    out = out[["country", "year", "source", "tbi", "tbi_gross", "shift", "tbi_adjusted"]]
    return out.sort_values(["country", "year", "source"]).reset_index(drop=True)


# --------------------------------------------------------------------------- regression panel


def build_longrun_panel(
    years=PANEL_YEARS,
    tbi_series: str = "adjusted",
    kof_release: str = "2019",
    inflation: bool = True,
    data_dir: str | os.PathLike | None = None,
    balance_method: str = "discrepancy",
    cache: bool = True,
    **control_options,
):
    """Five-year regression panel 1970-2010: TBI, KOF de jure indices and long-span controls.

    Sample: the 25 LR-WIOD countries (rest of the world excluded) x ``years``.

    TBI rule: LR-WIOD up to 2000 (one source, one method, for 1970-2000), WIOD 2013 for
    2005 and 2010. In the overlap years 1995 and 2000 both exist; the panel uses LR-WIOD and
    keeps WIOD 2013's value in ``tbi_wiod2013``. Columns ``tbi_longrun`` and
    ``tbi_wiod2013`` hold each source's value where it exists, ``source`` names the source
    of ``tbi_raw``, ``shift`` is the country's join shift (:func:`join_shifts`, both overlap
    years), and ``tbi`` (the regressor) is

    * ``tbi_series="adjusted"`` (default): ``tbi_raw + shift`` for LR-WIOD years, i.e. the
      long-run series moved to WIOD 2013's level, so no artificial jump at 2000/2005.
      Countries without WIOD 2013 data (HKG) have no shift and are dropped (logged);
    * ``tbi_series="raw"``: ``tbi_raw``, each source as published (use ``source`` to allow
      a level change at the joint).

    Controls: :func:`lib.panel.controls` (its defaults unless ``control_options`` such as
    ``exchange_rate="real"``, ``capital="rnna"``, ``tfp="ctfp"`` are given): PWT ``lnEXR,
    TFP, lnCK, lnGDP, lnPOP`` (complete for the LR-WIOD countries 1970-2010) and WDI
    ``INFR`` (complete except Taiwan; ``inflation=False`` leaves it out). WGI regulatory
    quality starts in 1996 and is therefore **not** a control here (requiring it would
    drop every period before 1996); the long-run regressions omit RQ and say so.

    KOF: every de jure index (``lib.macro.KOF_INDICES`` required, the other KOF columns
    kept); the 2019 release starts in 1970 and lacks Taiwan.

    Every observation lost in the merge is logged with its reason
    (:func:`lib.panel.merge_panel`): with the defaults, Taiwan (absent from KOF and WDI)
    and Hong Kong (no WIOD 2013 data, hence no 2005/2010 TBI and no shift), leaving
    23 countries x 9 periods = 207 observations.

    Returns
    -------
    lib.panel.PanelBuild
        ``data`` (complete rows, sorted by country and year, with ``developed`` as in the
        baseline), ``dropped`` (``country, year, reason``) and a ``summary`` sentence.
    """

    if tbi_series not in ("adjusted", "raw"):
        raise ValueError(f"tbi_series={tbi_series!r}: choose 'adjusted' or 'raw'.")
    years = tuple(sorted(int(y) for y in years))
    lr_years = tuple(y for y in years if y in LONGRUN_YEARS)
    w13_years = tuple(y for y in years if y in WIOD2013_YEARS)
    outside = sorted(set(years) - set(lr_years) - set(w13_years))
    if outside:
        raise ValueError(f"Years {outside} are in neither LR-WIOD ({LONGRUN_YEARS}) nor WIOD 2013 (1995-2011).")
    lr, w13 = _source_panels(w13_years, data_dir, balance_method, cache)
    shifts = join_shifts(_compare(lr, w13)).set_index("country")["shift"]
    cols = ["country", "year", "tbi", "tbi_gross"]
    lr, w13 = lr.loc[lr["year"].isin(lr_years), cols], w13.loc[w13["year"].isin(w13_years), cols]

    base = pd.MultiIndex.from_product([LONGRUN_COUNTRIES[:-1], years], names=["country", "year"]).to_frame(index=False)
    base = base.merge(lr.rename(columns={"tbi": "tbi_longrun", "tbi_gross": "tbi_gross_longrun"}), how="left")
    base = base.merge(w13.rename(columns={"tbi": "tbi_wiod2013", "tbi_gross": "tbi_gross_wiod2013"}), how="left")
    use_lr = base["year"].isin(lr_years)
    base["source"] = np.where(use_lr, SOURCE_LONGRUN, SOURCE_WIOD2013)
    base["tbi_raw"] = np.where(use_lr, base["tbi_longrun"], base["tbi_wiod2013"])
    base["tbi_gross"] = np.where(use_lr, base["tbi_gross_longrun"], base["tbi_gross_wiod2013"])
    base["shift"] = np.where(use_lr, base["country"].map(shifts), 0.0)
    base["tbi"] = base["tbi_raw"] + base["shift"] if tbi_series == "adjusted" else base["tbi_raw"]
    tbi_source = base[["country", "year", "tbi", "tbi_raw", "tbi_gross", "source", "shift", "tbi_longrun", "tbi_wiod2013"]]
    sample = base[["country", "year"]]

    kof_name = f"KOF {kof_release}"
    sources = {"TBI": tbi_source, kof_name: macro.load_kof(kof_release)[["country", "year", *macro.KOF_ALL]]}
    required = {"TBI": ("tbi",), kof_name: macro.KOF_INDICES}
    found = controls(years=years, **control_options)
    sources["PWT 10.01"] = found["PWT 10.01"]
    required["PWT 10.01"] = ("lnEXR", "TFP", "lnCK", "lnGDP", "lnPOP")
    if inflation:
        sources["WDI"] = found["WDI"]
        required["WDI"] = ("INFR",)
    data, dropped = merge_panel(sample, sources, required)
    # Say why a TBI is missing: merge_panel only knows that it is.
    no_w13 = sorted(set(LONGRUN_COUNTRIES[:-1]) - set(w13["country"]))
    for country in no_w13:
        why = f"no tbi: {country} absent from WIOD 2013 (no {SOURCE_WIOD2013} value after 2000" + (
            ", no join shift)" if tbi_series == "adjusted" else ")"
        )
        for i in dropped.index[dropped["country"] == country]:
            generic = missing_reason("tbi", "TBI", dropped.at[i, "year"])
            dropped.at[i, "reason"] = dropped.at[i, "reason"].replace(generic, why)
    data["developed"] = data["country"].isin(DEVELOPED)
    data = data.sort_values(["country", "year"]).reset_index(drop=True)
    used = [*required["PWT 10.01"], *required.get("WDI", ())]
    summary = (
        f"Long-run panel, {', '.join(map(str, years))}, TBI {tbi_series}: N = {len(data)} country-years, "
        f"{data['country'].nunique()} countries. Controls: {', '.join(used)} (no RQ: WGI starts in 1996). "
        + dropped_summary(dropped)
        + "."
    )
    return PanelBuild(data=data, dropped=dropped, summary=summary)


def longrun_panel(verbose: bool = True, **options) -> pd.DataFrame:
    """The long-run regression panel (data only); see :func:`build_longrun_panel` for ``options``."""
    built = build_longrun_panel(**options)
    if verbose:
        print(built.summary)
    return built.data
