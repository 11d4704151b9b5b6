"""The country-year panel of the regressions: TBI, KOF indices and controls.

Entry point for readers::

    from lib import country_panel
    panel = country_panel()          # WIOD 2013 sample, 2000-2011, without Romania as the paper
    full = country_panel(exclude=()) # every country

Variables (the paper's names):

==========  ==============================================================  =====================
name        definition (default)                                            source
==========  ==============================================================  =====================
tbi         Trade Benefit Index (value added)                               WIOD, ``lib.mrio.tbi``
KOF...dj    de jure globalisation indices, 2019 release                     KOF
RQ          regulatory quality estimate (2001 interpolated)                 WGI
lnEXR       ln real exchange rate against the USD, ``ln(pl_USA / pl_i)``     PWT 10.01
TFP         TFP level at current PPPs, USA = 1 (``ctfp``)                   PWT 10.01
INFR        CPI inflation, % per year                                       WDI
lnCK        ln capital stock at constant 2017 national prices (``rnna``)    PWT 10.01
lnGDP       ln real GDP at constant national prices (``rgdpna``)            PWT 10.01
lnPOP       ln population (``pop``)                                         PWT 10.01
developed   see ``DEVELOPED``                                               this module
==========  ==============================================================  =====================

The defaults follow the paper's own words. Its variable list (section 3) defines EXR as the
*real* exchange rate against the US dollar (实际汇率, 以美元为基准) and CK as the capital
*stock* (资本存量), and it takes logs of both. PWT's ``xr`` is a nominal rate and ``ck`` a
capital-services index, so they are options, not defaults (``exchange_rate="nominal"``,
``capital="ck"``). The real exchange rate is built from PWT's price level of output-side GDP,
``pl_gdpo`` (the PPP over the exchange rate, i.e. the price level in US dollars relative to the
United States in 2017): with ``PPP_i = P_i / P_USA`` in national currency per dollar,
``RER_i = xr_i * P_USA / P_i = xr_i / PPP_i = pl_USA / pl_i`` in each year, so
``lnEXR = ln(pl_gdpo_USA) - ln(pl_gdpo_i)``. A higher value means a cheaper currency in real
terms (a real depreciation against the dollar); it is 0 for the United States every year, which
the country effect absorbs.

Every observation lost in the merge is logged with the reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import macro, releases
from ..data.releases import RELEASES, Release
from ..mrio.tbi import tbi_panel

CONTROLS = ("RQ", "lnEXR", "TFP", "INFR", "lnCK", "lnGDP", "lnPOP")
SAMPLE_YEARS = {name: rel.sample_years for name, rel in RELEASES.items() if rel.sample_years}  # from the registry

# The paper has 22 developed and 19 developing countries but gives no list. This
# rule reproduces those counts on its 41 countries (the 43 of WIOD 2016 without
# Taiwan, absent from KOF, and Romania, which a merge on KOF's code 'ROM' loses):
# developed = OECD members that joined before 1994 (before the accessions of
# Mexico and Central Europe), except Turkey, plus Korea (an IMF advanced economy
# since 1997). All other countries are developing.
DEVELOPED = frozenset(
    {"AUS", "AUT", "BEL", "CAN", "CHE", "DEU", "DNK", "ESP", "FIN", "FRA", "GBR",
     "GRC", "IRL", "ITA", "JPN", "KOR", "LUX", "NLD", "NOR", "PRT", "SWE", "USA"}
)  # fmt: skip

# IMF advanced economies among the WIOD countries that the rule above counts as developing. The
# alternative split "imf" counts them as developed (the chapters' parameter SPLIT).
IMF_ADVANCED_EXTRA = frozenset({"CYP", "MLT", "CZE", "SVK", "SVN", "EST", "LVA", "LTU"})
SPLITS = {"paper": DEVELOPED, "imf": DEVELOPED | IMF_ADVANCED_EXTRA}
SPLIT_DESCRIPTIONS = {
    "paper": "our reconstruction of the paper's split (OECD members before 1994 except Turkey, plus Korea)",
    "imf": "our rule plus the eight IMF advanced economies it calls developing",
}


# The book's reconstruction of the paper's sample leaves Romania out. The evidence is indirect: KOF codes
# Romania ROM while the other sources use ROU, so a merge on country codes drops it without a warning; and
# the paper's N = 615 is exactly 41 countries x 15 years, the 43 countries of WIOD 2016 without Taiwan
# (absent from KOF) and without Romania. The paper does not list its countries, so this is the most likely
# reading, not a fact; ``exclude=()`` gives the full sample, which the chapters show beside the default.
PAPER_EXCLUDE = ("ROU",)


OPTIONS = {
    "tfp": ("ctfp", "rtfpna"),
    "capital": ("rnna", "ck"),
    "gdp": ("rgdpna",),
    "exchange_rate": ("real", "nominal"),
    "rq_2001": ("interpolate", "drop"),
}
# The first value of each option is the default (the paper's definition; see the module docstring).
DEFAULTS = {name: values[0] for name, values in OPTIONS.items()}


@dataclass(frozen=True)
class PanelBuild:
    """A merged panel, every observation dropped on the way, and a one-paragraph summary."""

    data: pd.DataFrame
    dropped: pd.DataFrame
    summary: str


def _check_options(**options) -> None:
    for name, value in options.items():
        if value not in OPTIONS[name]:
            raise ValueError(f"{name}={value!r} is not available; choose one of {OPTIONS[name]}.")


def controls(
    tfp: str = DEFAULTS["tfp"], capital: str = DEFAULTS["capital"], gdp: str = DEFAULTS["gdp"],
    exchange_rate: str = DEFAULTS["exchange_rate"], rq_2001: str = DEFAULTS["rq_2001"], years=SAMPLE_YEARS["2016"],
) -> dict[str, pd.DataFrame]:  # fmt: skip
    """The control variables, one frame per source (``country, year`` plus the source's controls).

    ``exchange_rate="real"`` (default) uses ``ln(pl_gdpo_USA / pl_gdpo)``, the real exchange
    rate against the dollar (higher = cheaper currency; see the module docstring);
    ``"nominal"`` uses ``ln(xr)``, national currency per dollar. ``capital`` and ``tfp`` name
    the PWT series used for CK and TFP. With ``rq_2001="interpolate"`` the missing WGI year
    2001 is the mean of 2000 and 2002 (flag ``RQ_interpolated``); with ``"drop"`` 2001
    observations are lost.
    """
    _check_options(tfp=tfp, capital=capital, gdp=gdp, exchange_rate=exchange_rate, rq_2001=rq_2001)
    pwt = macro.load_pwt()
    if exchange_rate == "nominal":
        lnexr = macro.log_or_nan(pwt["xr"])
    else:
        us_price = pwt.loc[pwt["country"] == "USA"].set_index("year")["pl_gdpo"]
        lnexr = np.log(pwt["year"].map(us_price)) - macro.log_or_nan(pwt["pl_gdpo"])
    pwt_controls = pd.DataFrame(
        {
            "country": pwt["country"],
            "year": pwt["year"],
            "lnEXR": lnexr,
            "TFP": pwt[tfp],
            "lnCK": macro.log_or_nan(pwt[capital]),
            "lnGDP": macro.log_or_nan(pwt[gdp]),
            "lnPOP": macro.log_or_nan(pwt["pop"]),
        }
    )
    rq = macro.load_wgi_rq()
    rq = macro.interpolate_years(rq, "RQ", years) if rq_2001 == "interpolate" else rq.assign(RQ_interpolated=False)
    return {"PWT 10.01": pwt_controls, "WGI": rq, "WDI": macro.load_inflation()}


def missing_reason(column: str, source: str, year) -> str:
    """The drop-log reason of :func:`merge_panel` for a country-year whose ``column`` is missing in ``source``."""
    return f"no {column} in {source} for {year}"


def merge_panel(base: pd.DataFrame, sources: dict[str, pd.DataFrame], required: dict[str, tuple[str, ...]]):
    """Left-merge ``sources`` onto ``base`` (country-year rows) and drop incomplete rows, logging why.

    Parameters
    ----------
    base
        The sample: one row per country-year (e.g. the TBI panel).
    sources
        Frames with ``country``, ``year`` and variables, keyed by source name.
    required
        For each source name, the variables a row must have to be kept.

    Returns
    -------
    (panel, dropped)
        ``panel``: complete rows. ``dropped``: one row per lost observation with
        ``country``, ``year`` and ``reason`` (all reasons, joined by '; ').
    """
    macro.check_source(base, "sample", ())
    merged = base.copy()
    reasons = pd.Series([[] for _ in range(len(merged))], index=merged.index, dtype=object)
    for name, frame in sources.items():
        columns = list(required[name])
        extra = [c for c in frame.columns if c not in ("country", "year") and c not in merged.columns]
        macro.check_source(frame, name, columns)
        merged = merged.merge(frame[["country", "year", *extra]], on=["country", "year"], how="left")
        merged.index = reasons.index
        absent = ~merged["country"].isin(set(frame["country"]))
        for i in merged.index[absent]:
            reasons[i].append(f"{merged.at[i, 'country']} absent from {name}")
        for column in columns:
            for i in merged.index[~absent & merged[column].isna()]:
                reasons[i].append(missing_reason(column, name, merged.at[i, "year"]))
    lost = reasons.map(bool)
    dropped = merged.loc[lost, ["country", "year"]].assign(reason=reasons[lost].map("; ".join))
    return merged.loc[~lost].reset_index(drop=True), dropped.reset_index(drop=True)


def dropped_summary(dropped: pd.DataFrame) -> str:
    """``"Dropped in the merge: 12 country-years (reason: count; ...)"`` for a drop log of :func:`merge_panel`."""
    counts = "; ".join(f"{reason}: {n}" for reason, n in dropped.groupby("reason").size().items())
    return f"Dropped in the merge: {len(dropped)} country-years" + (f" ({counts})" if len(dropped) else "")


def build_country_panel(
    vintage: str | Release | None = None,
    path: str | os.PathLike | None = None,
    years=None,
    tfp: str = DEFAULTS["tfp"],
    capital: str = DEFAULTS["capital"],
    gdp: str = DEFAULTS["gdp"],
    exchange_rate: str = DEFAULTS["exchange_rate"],
    rq_2001: str = DEFAULTS["rq_2001"],
    exclude=PAPER_EXCLUDE,
    kof_release: str = "2019",
) -> PanelBuild:
    """Merge TBI, KOF and controls into the regression panel; see :func:`country_panel`."""
    rel = releases.release(vintage)
    vintage = rel.name
    if not rel.sample_years:
        raise ValueError(
            f"The regression panel of the paper is annual, 2000-2014, on WIOD 2013 or 2016; vintage={vintage!r} "
            "has no such years. For the five-yearly long-run panel use lib.econometrics.longrun_join.build_longrun_panel()."
        )
    years = releases.resolve_years(rel, years or rel.sample_years)
    base = tbi_panel(rel, path)
    base = base.loc[base["year"].isin(years), ["country", "year", "tbi", "tbi_gross"]]
    if isinstance(exclude, str):
        exclude = (exclude,)
    if tuple(exclude) == PAPER_EXCLUDE:  # the default: a release (or test table) without Romania has nothing to leave out
        exclude = tuple(c for c in exclude if c in set(base["country"]))
    unknown = sorted(set(exclude) - set(base["country"]))
    if unknown:
        raise ValueError(
            f"exclude={list(exclude)}: {unknown} not in the WIOD {vintage} sample, so excluding them would do "
            f"nothing. Use ISO3 codes of sample countries, e.g. {sorted(base['country'].unique())[:5]}."
        )
    excluded = base["country"].isin(set(exclude))
    base = base.loc[~excluded]
    kof_name = f"KOF {kof_release}"
    sources = {kof_name: macro.load_kof(kof_release)[["country", "year", *macro.KOF_ALL]]}
    sources.update(controls(tfp, capital, gdp, exchange_rate, rq_2001, years))
    required = {kof_name: macro.KOF_INDICES, "PWT 10.01": ("lnEXR", "TFP", "lnCK", "lnGDP", "lnPOP"),
                "WGI": ("RQ",), "WDI": ("INFR",)}  # fmt: skip
    data, dropped = merge_panel(base, sources, required)
    data["developed"] = data["country"].isin(DEVELOPED)
    data = data.sort_values(["country", "year"]).reset_index(drop=True)
    n_dev = data.loc[data["developed"], "country"].nunique()
    summary = (
        f"WIOD {vintage}, {years[0]}-{years[-1]}: N = {len(data)} country-years, "
        f"{data['country'].nunique()} countries ({n_dev} developed, {data['country'].nunique() - n_dev} developing). "
        + dropped_summary(dropped)
        + (f". Left out: {sorted(set(exclude))}" + (" (the paper's sample as the book reconstructs it)"
                                                      if tuple(sorted(set(exclude))) == PAPER_EXCLUDE else "")
           if len(exclude) else ". Every country kept")
        + "."
    )
    return PanelBuild(data=data, dropped=dropped, summary=summary)


def country_panel(vintage: str | Release | None = None, path: str | os.PathLike | None = None, verbose: bool = True, **options):
    """The merged country-year panel of the regressions, one row per country and year.

    Columns: ``country`` (ISO3), ``year``, ``tbi``, ``tbi_gross``, every KOF index
    under its KOF name (``KOFGIdj``, ``KOFEcGIdj``, ...), the controls
    ``RQ lnEXR TFP INFR lnCK lnGDP lnPOP``, ``RQ_interpolated`` and ``developed``.

    Parameters
    ----------
    vintage, path
        WIOD release and, for 2016, the folder of the official files (as in :func:`lib.mrio.tbi.tbi_panel`).
    verbose
        Print N, the number of countries and every observation dropped in the merge.
    **options
        ``years``, ``tfp`` (``"ctfp"``/``"rtfpna"``), ``capital`` (``"rnna"``/``"ck"``),
        ``exchange_rate`` (``"real"``/``"nominal"``), ``rq_2001`` (``"interpolate"``/``"drop"``),
        ``exclude`` (countries to leave out; default :data:`PAPER_EXCLUDE`, Romania, as the paper's sample most
        likely did; ``()`` for every country), ``kof_release`` (``"2019"``/``"2023"``).
    """
    built = build_country_panel(vintage, path, **options)
    if verbose:
        print(built.summary)
    return built.data

