"""The words of the chapter 'Five decades of trade imbalances' (``chapters/longrun.ipynb``).

Each public function takes what the chapter computed (the TBI panels, the overlap of the two sources, the
spliced series, the regression results) and its parameters, and returns a :class:`lib.report.book.Passage`
with the phrases that the text shows as ``{eval}`txt.name``` and the guards the text relies on; the notebook
hands it to ``ch.add``. The figures and tables of the chapter are drawn here too (``figure_*``, ``*_table``),
so that each hidden cell of the notebook is a one-line call. Small private helpers do the arithmetic.

The joining of the two sources (the overlap, the gaps and the level shifts) is worked out in the appendix
``chapters/longrun_join.ipynb``; its words are here as well (:func:`overlap_gaps`, :func:`gap_stability`,
:func:`join_summary`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import TwoSlopeNorm
from matplotlib.patches import Patch
from scipy import stats

from ...data import countries, longrun, macro, releases
from ...data.paper import published_tables
from ...econometrics import longrun_join, panel
from ...econometrics.estimation import xtreg_fe
from ...econometrics.robustness import wild_cluster_bootstrap
from ...econometrics.significance import STARS_LEGEND
from ...mrio import longrun_va
from ...mrio.tbi import bilateral_panel
from .. import book, claims, plotting

LR, W13 = longrun.SOURCE_LONGRUN, longrun_join.SOURCE_WIOD2013
DEPENDENT = ("KOFGIdj", "KOFEcGIdj")  # the overall and the economic de jure index
SHORT = dict(zip(DEPENDENT, ("gi", "ec")))  # their suffix in the phrases (b_gi, b_ec, ...)
BASELINE_NO_RQ, BASELINE_RQ = "WIOD 2013, no RQ", "WIOD 2013, with RQ"
PERFECT = ("risen", "fallen", "barely moved")  # direction words after "had"

# The episodes of the history section that the text reads: (phrase prefix, code, first, second, words).
EPISODE_PHRASES = (
    ("us80", "USA", 1980, 1985, None), ("jp80", "JPN", 1980, 1985, None), ("jpus80", "JPN-USA", 1980, 1985, None),
    ("us85", "USA", 1985, 1990, PERFECT), ("jp85", "JPN", 1985, 1990, PERFECT),
    ("jpus85", "JPN-USA", 1985, 1990, PERFECT), ("mex", "MEX", 1990, 1995, None), ("kor", "KOR", 1996, 1998, None),
    ("chn", "CHN", 2001, 2007, None), ("us95", "USA", 1995, 2006, None), ("chn07", "CHN", 2007, 2009, None),
)  # fmt: skip


def _fail(condition, message: str) -> None:
    """A parameter check as ``Chapter.check`` raises it."""
    if not bool(condition):
        raise AssertionError(f"Check failed: {message}")


def _names(codes) -> str:
    """'Japan, Sweden' (the chapter's lists of countries: commas only)."""
    return ", ".join(countries.name(c) for c in codes)


def series_label(tbi_series: str) -> str:
    """How the LR-WIOD levels are shown, by the parameter ``TBI_SERIES``."""
    return "shifted to WIOD 2013's level" if tbi_series == "adjusted" else "as published"


def in_both() -> list[str]:
    """The countries of both sources (LR-WIOD and WIOD 2013), sorted codes."""
    return sorted(set(longrun.LONGRUN_COUNTRIES) & set(releases.release("2013").countries) - {"ROW"})


def w13_first() -> int:
    """The first year of WIOD 2013."""
    return min(releases.vintage_years("2013"))


# --------------------------------------------------------------------------- parameters and the two sources


def _countries(codes) -> tuple[str, ...]:
    """``COUNTRIES`` as a tuple of codes of countries in both sources (else an error that names the parameter)."""
    both = in_both()
    codes = tuple(codes)
    _fail(len(codes) > 0, "COUNTRIES names at least one economy")
    for code in codes:
        book.require(code, both, "COUNTRIES")
    return codes


def validate(codes, tbi_series, kof_release, exchange_rate, capital, tfp, inflation, first_year, last_year,
             boot_reps) -> tuple[tuple[str, ...], bool]:  # fmt: skip
    """Check the chapter's parameters; return ``(COUNTRIES as a tuple, DEFAULTS)``, where ``DEFAULTS`` says
    whether the regression parameters are the book's (the guards that hold only then are skipped otherwise)."""
    codes = _countries(codes)
    book.require(tbi_series, ("adjusted", "raw"), "TBI_SERIES")
    book.require(kof_release, ("2019", "2023"), "KOF_RELEASE")
    book.require(exchange_rate, panel.OPTIONS["exchange_rate"], "EXCHANGE_RATE")
    book.require(capital, panel.OPTIONS["capital"], "CAPITAL")
    book.require(tfp, panel.OPTIONS["tfp"], "TFP")
    book.require(inflation, (True, False), "INFLATION")
    book.require(first_year, range(1970, 1991, 5), "FIRST_YEAR")
    book.require(last_year, (2000, 2005, 2010), "LAST_YEAR")
    if not (isinstance(boot_reps, int) and not isinstance(boot_reps, bool) and boot_reps > 0):
        raise ValueError(f"Parameter BOOT_REPS = {boot_reps!r}: use a whole number of bootstrap draws, e.g. 999.")
    book_controls = tuple(panel.DEFAULTS[k] for k in ("exchange_rate", "capital", "tfp"))
    defaults = (tbi_series == "adjusted" and kof_release == "2019" and inflation
                and (first_year, last_year) == (1970, 2010) and (exchange_rate, capital, tfp) == book_controls)
    return codes, bool(defaults)


def validate_join(codes, n_largest) -> tuple[str, ...]:
    """Check the parameters of the appendix on the join; return ``COUNTRIES`` as a tuple."""
    codes = _countries(codes)
    book.require(n_largest, range(11), "N_LARGEST")
    return codes


def sources(tbi_series: str, release_label: str) -> book.Passage:
    """The note on the two sources: LR-WIOD's coverage and how its levels are shown."""
    out = book.Passage()
    lr_release = releases.release("longrun")
    out.say("lr_coverage", lr_release.coverage.replace("-", "–"))
    out.say("lr_first", str(lr_release.years[0])).say("lr_last", str(lr_release.years[-1]))
    out.say("w13_label", release_label).say("series_label", series_label(tbi_series))
    return out


def two_sources(lr: pd.DataFrame, w13: pd.DataFrame, diagnostics=None) -> book.Passage:
    """What each source covers, and the note on the value-added definition and negative inventories.

    ``lr`` and ``w13`` are the TBI panels of LR-WIOD and WIOD 2013; ``diagnostics`` is
    :func:`lib.mrio.longrun_va.diagnostics` (computed, from its cache, when omitted).
    """
    out = book.Passage()
    lr_countries, w13_countries = set(lr["country"]), set(w13["country"])
    out.say("n_lr", len(lr_countries)).say("n_w13", len(w13_countries)).say("n_both", len(lr_countries & w13_countries))
    out.say("n_industries", len(longrun.LONGRUN_SECTORS))
    out.say("lr_only", _names(sorted(lr_countries - w13_countries)))
    out.say("n_w13_only", len(w13_countries - lr_countries))
    out.say("w13_only", _names(sorted(w13_countries - lr_countries)))
    out.check(sorted(lr_countries & w13_countries) == in_both(), "the countries in both TBI panels are IN_BOTH")
    out.check(w13_first() == longrun_join.OVERLAP_YEARS[0], "WIOD 2013 starts in the first overlap year")
    va_effect, fd_diag = longrun_va.diagnostics() if diagnostics is None else diagnostics
    diff = va_effect["difference"].abs()
    t1 = va_effect["country"].isin(plotting.TABLE1_COUNTRIES)
    worst = va_effect.loc[diff.idxmax()]
    out.say("va_mean", book.num(diff.mean(), ".3f")).say("va_max_t1", book.num(diff[t1].max(), ".3f"))
    out.say("va_max", book.num(diff.max(), ".3f"))
    out.say("va_max_who", f"{countries.name(worst['country'])} in {int(worst['year'])}")
    out.say("inv_cells", f"{int(fd_diag['neg_inventory_cells'].min())} to {int(fd_diag['neg_inventory_cells'].max())}")
    out.say("inv_bn", book.num(-fd_diag["neg_inventory"].min() / 1000, ".0f"))
    out.say("inv_bn_year", str(int(fd_diag.loc[fd_diag["neg_inventory"].idxmin(), "year"])))
    return out


# --------------------------------------------------------------------------- joining the two sources


def _largest_gaps(overlap: pd.DataFrame, chosen, n_largest: int) -> list[str]:
    """The ``n_largest`` countries outside ``chosen`` with the largest absolute TBI gap."""
    gap_size = overlap.groupby("country")["tbi_gap"].apply(lambda g: g.abs().max())
    return [c for c in gap_size.sort_values(ascending=False).index if c not in chosen][:n_largest]


def overlap_table(overlap: pd.DataFrame, chosen, n_largest: int) -> book.MystMarkdown:
    """Table ``tbl-longrun-overlap``: both sources in 1995 and 2000 for the chosen economies and the
    ``n_largest`` other countries with the largest gaps."""
    largest = _largest_gaps(overlap, chosen, n_largest)
    order = [*chosen, *largest]
    shown = overlap[overlap["country"].isin(order)].copy()
    shown["order"] = shown["country"].map({c: k for k, c in enumerate(order)})
    shown = shown.sort_values(["order", "year"])
    join_table = pd.DataFrame({
        "economy": shown["country"].map(countries.name),
        "year": shown["year"],
        "LR-WIOD TBI": shown["tbi_longrun"],
        "WIOD 2013 TBI": shown["tbi_wiod2013"],
        "gap": shown["tbi_gap"],
        "LR-WIOD balance": shown["gross_balance_longrun"] / 1000,
        "WIOD 2013 balance": shown["gross_balance_wiod2013"] / 1000,
    })  # fmt: skip
    return book.table(join_table, "The two sources in the years they share: value-added TBI and gross trade balance in "
                      "LR-WIOD and WIOD 2013, for the chapter's economies"
                      + (f" and the {len(largest)} other countries with the largest gaps" if largest else "")
                      + ". Gap = WIOD 2013 minus LR-WIOD TBI; balances are gross trade balances in bn USD.",
                      "tbl-longrun-overlap", index=False,
                      formats={"year": "d", "LR-WIOD balance": ".1f", "WIOD 2013 balance": ".1f"})  # fmt: skip


def _gap_numbers(overlap: pd.DataFrame) -> dict:
    """The overlap in numbers: sign flips, the correlation of the TBI gaps with the customs-TBI gaps."""
    flips = overlap[np.sign(overlap["tbi_longrun"]) != np.sign(overlap["tbi_wiod2013"])]
    same_sign = int((np.sign(overlap["tbi_gap"]) == np.sign(overlap["gross_balance_gap"])).sum())
    return {"flips": flips, "r_gross": overlap["tbi_gap"].corr(overlap["tbi_gross_gap"]), "same_sign_gross": same_sign}


def overlap_gaps(overlap: pd.DataFrame) -> book.Passage:
    """How far the two sources disagree where they overlap, and where the gaps come from."""
    out = book.Passage()
    n_cy = len(overlap)
    numbers = _gap_numbers(overlap)
    out.say("n_overlap_cy", n_cy).say("gap_mean", book.num(overlap["tbi_gap"].abs().mean(), ".3f"))
    big = overlap.loc[overlap["tbi_gap"].abs().idxmax()]
    out.say("gap_max", book.num(big["tbi_gap"], ".3f"))
    out.say("gap_max_who", f"{countries.name(big['country'])}, {int(big['year'])}")
    flips = numbers["flips"]
    out.say("n_flips", claims.count(len(flips), n_cy, "country-years"))
    flips_who = ", ".join(f"{countries.name(c)} {y}" for c, y in zip(flips["country"], flips["year"]))
    out.say("flips_who", flips_who or "none")
    us = overlap.set_index(["country", "year"]).loc[("USA", 1995)]
    out.say("us_lr", book.num(us["tbi_longrun"], ".3f")).say("us_w13", book.num(us["tbi_wiod2013"], ".3f"))
    out.say("us_lr_word", claims.sign_word(us["tbi_longrun"])).say("us_w13_word", claims.sign_word(us["tbi_wiod2013"]))
    out.say("us_lr_gross", book.num(us["gross_balance_longrun"] / 1000, ".0f"))
    out.say("us_w13_gross", book.num(us["gross_balance_wiod2013"] / 1000, ".0f"))
    out.say("r_gross", book.num(numbers["r_gross"], ".2f")).say("r_gross_word", claims.correlation(numbers["r_gross"]))
    out.say("same_sign_gross", claims.count(numbers["same_sign_gross"], n_cy, "country-years"))
    return out


def gap_stability(overlap: pd.DataFrame, shifts: pd.DataFrame) -> book.Passage:
    """Whether the gaps are stable between 1995 and 2000 (what a level shift per country needs)."""
    out = book.Passage()
    out.check(abs(_gap_numbers(overlap)["r_gross"]) >= claims.STRONG,
              "the TBI gaps and the customs TBI gaps are strongly correlated")
    r_years = shifts["gap_1995"].corr(shifts["gap_2000"])
    out.say("r_years", book.num(r_years, ".2f")).say("r_years_word", claims.correlation(r_years))
    moved = shifts.loc[shifts["gap_change"].abs().idxmax()]
    out.say("change_max", book.num(abs(moved["gap_change"]), ".3f"))
    out.say("change_max_who", countries.name(moved["country"], article=True))
    out.say("change_mean", book.num(shifts["gap_change"].abs().mean(), ".3f"))
    out.say("shift_mean", book.num(shifts["shift"].abs().mean(), ".3f"))
    out.check(shifts["gap_change"].abs().mean() < shifts["shift"].abs().mean(),
              "the gaps change less between 1995 and 2000 than their typical size")
    return out


def figure_gaps(shifts: pd.DataFrame, chosen) -> plt.Figure:
    """Figure ``fig-longrun-gaps``: each country's gap in 1995 and 2000, sorted by the shift."""
    order = shifts.sort_values("shift").reset_index(drop=True)
    rows_y = np.arange(len(order))
    fig, ax = plt.subplots(figsize=(plotting.WIDTH, 6.2))
    ax.hlines(rows_y, order["gap_1995"], order["gap_2000"], color="0.6", linewidth=2, zorder=1)
    ax.scatter(order["gap_1995"], rows_y, color="tab:orange", zorder=3, label="1995")
    ax.scatter(order["gap_2000"], rows_y, color="tab:blue", marker="s", zorder=3, label="2000")
    ax.set_yticks(rows_y, [countries.name(c) for c in order["country"]], fontsize=9)
    for label, code in zip(ax.get_yticklabels(), order["country"]):
        if code in chosen:
            label.set_fontweight("bold")
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("TBI gap (WIOD 2013 minus LR-WIOD)")
    ax.legend(title="overlap year", loc="lower right")
    return fig


def shift_table(shifts: pd.DataFrame) -> book.MystMarkdown:
    """Table ``tbl-longrun-shifts``: the gaps and the level shift of every country, sorted by the shift."""
    table = shifts.sort_values("shift").assign(economy=lambda f: f["country"].map(countries.name))
    names = {"gap_1995": "gap 1995", "gap_2000": "gap 2000", "gap_change": "change 1995–2000", "shift": "shift"}
    table = table[["economy", *names]].rename(columns=names)
    return book.table(table, "The level shift of every country in both sources: TBI gaps (WIOD 2013 minus LR-WIOD) in "
                      "the overlap years, their change, and the shift added to the LR-WIOD TBI (the mean of the two "
                      "gaps), sorted by the shift.", "tbl-longrun-shifts", index=False)  # fmt: skip


def join_summary(overlap: pd.DataFrame, shifts: pd.DataFrame) -> book.Passage:
    """The chapter's short paragraph on the join (the appendix has the rest): how far the sources disagree where
    they overlap and how stable the gaps are, with the guards that the level shift relies on."""
    out = book.Passage()
    for passage in (overlap_gaps(overlap), gap_stability(overlap, shifts)):
        out.guards += passage.guards
        for name in ("n_overlap_cy", "gap_mean", "n_flips", "r_years", "r_years_word", "shift_mean"):
            if name in passage:
                out.say(name, passage[name])
    return out


# --------------------------------------------------------------------------- five decades of TBIs


def _long_series(spliced: pd.DataFrame, value: str) -> pd.DataFrame:
    """One TBI per country of both sources and year: LR-WIOD's ``value`` before 1995, WIOD 2013 after."""
    first = w13_first()
    series = pd.concat([
        spliced[(spliced["source"] == LR) & (spliced["year"] < first)].assign(shown=lambda f: f[value]),
        spliced[spliced["source"] == W13].assign(shown=lambda f: f["tbi"]),
    ])  # fmt: skip
    return series[series["country"].isin(in_both())]


def _grid(spliced: pd.DataFrame, value: str) -> pd.DataFrame:
    """Country x year frame of :func:`_long_series`."""
    return _long_series(spliced, value).pivot(index="country", columns="year", values="shown")


def _column(tbi_series: str) -> str:
    return "tbi_adjusted" if tbi_series == "adjusted" else "tbi"


def figure_series(spliced: pd.DataFrame, chosen) -> plt.Figure:
    """Figure ``fig-longrun-series``: the chosen economies' TBI from both sources, as published and shifted."""
    ncols = min(4, len(chosen))
    nrows = -(-len(chosen) // ncols)
    height = 0.9 + 2.1 * nrows
    fig, axes = plt.subplots(nrows, ncols, figsize=(plotting.WIDTH, height), sharex=True, sharey=True, squeeze=False)
    for ax, code in zip(axes.flat, chosen):
        one = spliced[spliced["country"] == code]
        old, new = one[one["source"] == LR], one[one["source"] == W13]
        ax.axvspan(1995, 2000, color="0.88", zorder=0)
        ax.plot(old["year"], old["tbi"], "o-", color="tab:orange", markersize=3.5, linewidth=1.2)
        ax.plot(old["year"], old["tbi_adjusted"], "o--", color="tab:orange", markerfacecolor="white", markersize=3.5,
                linewidth=1.0)  # fmt: skip
        ax.plot(new["year"], new["tbi"], "-", color="tab:blue", linewidth=1.6)
        plotting.zero_line(ax)
        ax.set_title(countries.name(code), fontsize=10)
        ax.set_xticks([1970, 1990, 2010])
    for ax in axes.flat[len(chosen):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("TBI")
    handles = [
        plt.Line2D([], [], color="tab:orange", marker="o", markersize=4, label="LR-WIOD, as published"),
        plt.Line2D([], [], color="tab:orange", marker="o", linestyle="--", markerfacecolor="white", markersize=4,
                   label="LR-WIOD, shifted"),
        plt.Line2D([], [], color="tab:blue", linewidth=1.6, label="WIOD 2013"),
        Patch(color="0.88", label="both sources (1995–2000)"),
    ]  # fmt: skip
    fig.legend(handles=handles, loc="upper center", ncol=2, bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.55 / height))
    return fig


def five_decades(spliced: pd.DataFrame, tbi_series: str) -> book.Passage:
    """Who was in surplus or deficit in every year of the spliced series, and the largest swings."""
    out = book.Passage()
    value = _column(tbi_series)
    grid = _grid(spliced, value)
    always_plus = sorted(grid.index[(grid > 0).all(axis=1)])
    always_minus = sorted(grid.index[(grid < 0).all(axis=1)])
    out.say("n_grid", len(grid)).say("n_cols", grid.shape[1])
    out.say("always_plus", _names(always_plus) or "none").say("always_minus", _names(always_minus) or "none")
    k_plus = len(always_plus)
    out.say("n_always_plus", claims.count(k_plus, len(grid), "economies") + (" is" if k_plus == 1 else " are"))
    out.say("n_always_minus", len(always_minus))
    swing = (grid.max(axis=1) - grid.min(axis=1)).sort_values(ascending=False)
    out.say("swing_who", _names(swing.index[:3]))
    grid_other = _grid(spliced, "tbi" if value == "tbi_adjusted" else "tbi_adjusted")
    same_lists = (sorted(grid_other.index[(grid_other > 0).all(axis=1)]) == always_plus
                  and sorted(grid_other.index[(grid_other < 0).all(axis=1)]) == always_minus)  # fmt: skip
    label = series_label(tbi_series)
    out.say("grid_series", f"LR-WIOD levels {label}; the lists are the same with the other series" if same_lists
            else f"LR-WIOD levels {label}; with the other series the lists differ, so these "
            "statements hold for this series only")  # fmt: skip
    return out


def figure_heatmap(spliced: pd.DataFrame, tbi_series: str) -> plt.Figure:
    """Figure ``fig-longrun-heatmap``: the TBI of every country of both sources, 1965-2011."""
    grid = _grid(spliced, _column(tbi_series))
    first = w13_first()
    lr_cols = [y for y in grid.columns if y < first]
    w13_cols = [y for y in grid.columns if y >= first]
    order = grid[w13_cols].mean(axis=1).sort_values(ascending=False).index
    # an empty column between the sources; LR-WIOD cells are five years wide
    gap_column = np.full(len(order), np.nan)
    values = np.column_stack([grid.loc[order, lr_cols], gap_column, grid.loc[order, w13_cols]])
    edges = np.array([*(y - 2.5 for y in lr_cols), lr_cols[-1] + 2.5, *(y - 0.5 for y in w13_cols), w13_cols[-1] + 0.5])
    limit = float(np.ceil(np.nanquantile(np.abs(values), 0.98) * 20) / 20)
    fig, ax = plt.subplots(figsize=(plotting.WIDTH, 6.6))
    norm = TwoSlopeNorm(vcenter=0, vmin=-limit, vmax=limit)
    mesh = ax.pcolormesh(edges, np.arange(len(order) + 1), values, cmap="RdBu", norm=norm, edgecolors="white",
                         linewidth=0.3)  # fmt: skip
    ax.set_yticks(np.arange(len(order)) + 0.5, [countries.name(c) for c in order], fontsize=9)
    ax.invert_yaxis()
    ax.set_xticks([1965, 1970, 1975, 1980, 1985, 1990, 1995, 2000, 2005, 2010])
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(False)
    ax.set_xlabel("year (LR-WIOD up to 1990, WIOD 2013 from 1995)")
    fig.colorbar(mesh, ax=ax, extend="both", fraction=0.04, pad=0.02, label=f"TBI (LR-WIOD {series_label(tbi_series)})")
    return fig


# --------------------------------------------------------------------------- history


def _tbi_at(spliced: pd.DataFrame, flows: pd.DataFrame, code: str, year: int, source: str, value: str) -> float:
    """The TBI of ``code`` in ``year`` from one source (LR-WIOD's column ``value``); for ``"JPN-USA"`` the
    bilateral value-added TBI of the first with the second (LR-WIOD as published)."""
    if "-" in code:
        origin, partner = code.split("-")
        va = flows[flows["year"] == year].set_index(["origin", "destination"])["va"]
        exports, imports = va[(origin, partner)], va[(partner, origin)]
        return (exports - imports) / (exports + imports)
    row = spliced[(spliced["country"] == code) & (spliced["year"] == year) & (spliced["source"] == source)]
    return float(row[value if source == LR else "tbi"].iloc[0])


def episode_changes(episodes, spliced: pd.DataFrame, tbi_series: str, flows=None) -> pd.DataFrame:
    """The TBI at the start and the end of each episode and its change, each from one source.

    ``episodes`` lists ``(episode, economy, first year, second year)``; an economy ``"JPN-USA"`` is Japan's
    bilateral TBI with the United States (LR-WIOD as published, from ``flows``, the LR-WIOD
    :func:`lib.mrio.tbi.bilateral_panel`, loaded when omitted). The source is LR-WIOD when both years are
    LR-WIOD table years (or the TBI is bilateral), else WIOD 2013; LR-WIOD levels follow ``tbi_series``.
    Columns: ``episode, code, source, first, second, tbi_first, tbi_second, change``.
    """
    flows = bilateral_panel("longrun", progress=False) if flows is None else flows
    value = _column(tbi_series)
    rows = []
    for name, code, first, second in episodes:
        both_lr = first in longrun.LONGRUN_YEARS and second in longrun.LONGRUN_YEARS
        source = LR if "-" in code or both_lr else W13
        a, b = (_tbi_at(spliced, flows, code, y, source, value) for y in (first, second))
        rows.append({"episode": name, "code": code, "source": source, "first": first, "second": second,
                     "tbi_first": a, "tbi_second": b, "change": b - a})  # fmt: skip
    return pd.DataFrame(rows)


def _economy_name(code: str) -> str:
    """'Japan' for JPN; 'Japan–US (bilateral)' for a bilateral pair."""
    if "-" in code:
        return "–".join(countries.name(c) if c != "USA" else "US" for c in code.split("-")) + " (bilateral)"
    return countries.name(code)


def episode_table(episodes: pd.DataFrame, tbi_series: str) -> book.MystMarkdown:
    """Table ``tbl-longrun-episodes`` from :func:`episode_changes`."""
    table = pd.DataFrame({
        "episode": episodes["episode"],
        "economy": episodes["code"].map(_economy_name),
        "years": [f"{a} → {b}" for a, b in zip(episodes["first"], episodes["second"])],
        "TBI, from": episodes["tbi_first"],
        "TBI, to": episodes["tbi_second"],
        "change": episodes["change"],
        "source": episodes["source"],
    })  # fmt: skip
    caption = ("The TBI around the episodes of this section. Each change is computed within one source; LR-WIOD "
               f"levels of multilateral TBIs are {series_label(tbi_series)}; bilateral TBIs are LR-WIOD as published.")
    return book.table(table, caption, "tbl-longrun-episodes", index=False, formats={"change": "+.4f"})


def _years_text(years, n_all: int) -> str:
    return ("every LR-WIOD year from 1965 to 1990" if len(years) == n_all else
            "no LR-WIOD year up to 1990" if not years else ", ".join(map(str, years)))  # fmt: skip


def _peak(series: pd.Series, year: int, other: str) -> str:
    return "the highest value of its WIOD 2013 series" if series.idxmax() == year else other


def history(episodes: pd.DataFrame, spliced: pd.DataFrame, tbi_series: str) -> book.Passage:
    """The 'In the TBI' paragraphs of the history section: each episode's levels, direction and signs
    (``<name>_a``, ``_b``, ``_word``, ``_sign_a``, ``_sign_b``), India and Brazil under Super 301, Germany in
    the 1980s, which signs depend on the series, and the peaks of the US, China and Korea in WIOD 2013."""
    out = book.Passage()
    value, label = _column(tbi_series), series_label(tbi_series)
    long_series = _long_series(spliced, value)
    # Scale for the direction words: the typical within-country movement of the TBI over the whole span.
    within = long_series["shown"] - long_series.groupby("country")["shown"].transform("mean")
    scale = float(within.std())
    out.say("scale", book.num(scale, ".3f")).say("flat_below", book.num(claims.LITTLE * scale, ".3f"))
    for name, code, first, second, words in EPISODE_PHRASES:
        which = (episodes["code"] == code) & (episodes["first"] == first) & (episodes["second"] == second)
        row = episodes[which].iloc[0]
        out.say(f"{name}_a", book.num(row["tbi_first"], ".3f")).say(f"{name}_b", book.num(row["tbi_second"], ".3f"))
        out.say(f"{name}_word", claims.change(row["change"], scale, *(words or ())))
        out.say(f"{name}_sign_a", claims.sign_word(row["tbi_first"]))
        out.say(f"{name}_sign_b", claims.sign_word(row["tbi_second"]))
    # What the summary and the section say about these episodes must hold for either TBI_SERIES.
    ep = episodes.set_index(["code", "first", "second"])
    out.check(ep.loc[("USA", 1980, 1985), "tbi_second"] < 0 < ep.loc[("JPN", 1980, 1985), "tbi_second"],
              "US deficit and Japanese surplus in 1985")
    out.check(ep.loc[("USA", 1985, 1990), "change"] > 0 > ep.loc[("JPN", 1985, 1990), "change"],
              "both imbalances narrowed between 1985 and 1990")
    out.check(ep.loc[("JPN-USA", 1980, 1985), "tbi_second"] > ep.loc[("JPN-USA", 1985, 1990), "tbi_second"] > 0,
              "Japan's bilateral surplus with the US was larger in 1985 than in 1990")
    out.check(ep.loc[("KOR", 1996, 1998), "change"] > 0 and ep.loc[("CHN", 2001, 2007), "tbi_second"] > 0,
              "Korea's TBI rose after the Asian crisis; China in surplus in 2007")
    # India and Brazil, named with Japan under Super 301 in 1989: their overall balance in 1985 and 1990.
    for code in ("IND", "BRA"):
        levels = [_tbi_at(spliced, None, code, y, LR, value) for y in (1985, 1990)]
        out.say(f"{code.lower()}_85", book.num(levels[0], ".3f")).say(f"{code.lower()}_90", book.num(levels[1], ".3f"))
        out.say(f"{code.lower()}_sign", claims.sign_word(levels[0]))
        out.check(claims.sign_word(levels[0]) == claims.sign_word(levels[1]), f"{code}: same sign in 1985 and 1990")
    out.check(out["ind_sign"] == "deficit", "India in value-added deficit in 1985 and 1990 (the Super 301 sentence)")
    _germany(out, spliced)
    out.say("sign_caveat", _sign_caveat(episodes, spliced, label))
    _peaks(out, spliced)
    return out


def _germany(out: book.Passage, spliced: pd.DataFrame) -> None:
    """Germany in 1985, as published and shifted (the Plaza section compares both with the history)."""
    deu85 = spliced[(spliced["country"] == "DEU") & (spliced["year"] == 1985)].iloc[0]
    out.say("deu85_raw", book.num(deu85["tbi"], ".3f")).say("deu85_adj", book.num(deu85["tbi_adjusted"], ".3f"))
    out.say("deu85_raw_sign", claims.sign_word(deu85["tbi"]))
    out.say("deu85_adj_sign", claims.sign_word(deu85["tbi_adjusted"]))
    out.check(deu85["tbi"] < 0, "Germany's LR-WIOD TBI in 1985, as published, is a deficit (the Plaza section)")
    deu_lr = spliced[(spliced["country"] == "DEU") & (spliced["source"] == LR) & (spliced["year"] <= 1990)]
    deu_lr = deu_lr.set_index("year")
    out.say("deu_minus", _years_text([int(y) for y in deu_lr.index[deu_lr["tbi"] < 0]], len(deu_lr)))
    out.say("deu_minus_adj", _years_text([int(y) for y in deu_lr.index[deu_lr["tbi_adjusted"] < 0]], len(deu_lr)))


def _sign_caveat(episodes: pd.DataFrame, spliced: pd.DataFrame, label: str) -> str:
    """Which sign statements about LR-WIOD levels in the episodes hold in one series only."""
    flips = []
    for r in episodes[(episodes["source"] == LR) & ~episodes["code"].str.contains("-")].itertuples():
        for year in (r.first, r.second):
            which = (spliced["country"] == r.code) & (spliced["year"] == year) & (spliced["source"] == LR)
            row = spliced[which].iloc[0]
            if claims.sign_word(row["tbi"]) != claims.sign_word(row["tbi_adjusted"]):
                flips.append(f"{countries.name(r.code)} in {year} (as published a {claims.sign_word(row['tbi'])}, "
                             f"shifted a {claims.sign_word(row['tbi_adjusted'])})")  # fmt: skip
    flips = list(dict.fromkeys(flips))
    if not flips:
        return "Every surplus or deficit of the episodes below has the same sign in LR-WIOD as published and shifted."
    return ("Some signs below depend on the series: " + "; ".join(flips) + ". The text states the series "
            f"it reads ({label}), and changes within one source are the safer reading.")  # fmt: skip


def _peaks(out: book.Passage, spliced: pd.DataFrame) -> None:
    """The US peak deficit year in WIOD 2013, China's and Korea's peak surplus years."""
    w13 = {c: spliced[(spliced["country"] == c) & (spliced["source"] == W13)].set_index("year")["tbi"]
           for c in ("USA", "CHN", "KOR")}  # fmt: skip
    us13, cn13, kr13 = w13["USA"], w13["CHN"], w13["KOR"]
    out.say("us_low_year", str(us13.idxmin())).say("us_low", book.num(us13.min(), ".3f"))
    out.say("cn_high_year", str(cn13.idxmax())).say("cn_high", book.num(cn13.max(), ".3f"))
    out.say("cn_peak", _peak(cn13, 2007, f"its highest value in WIOD 2013 coming in {cn13.idxmax()} "
                                         f"({book.num(cn13.max(), '.3f')})"))  # fmt: skip
    out.say("kor_high_year", str(kr13.idxmax()))
    out.say("kor_peak", _peak(kr13, 1998, f"and its highest value in WIOD 2013 came in {kr13.idxmax()}"))


def policy_openness(kof_release: str, lr_countries) -> book.Passage:
    """The mean KOF de jure index of the LR-WIOD countries in KOF (release ``kof_release``): 1990, 2000 and its
    fastest decade. ``lr_countries``: the countries of LR-WIOD (e.g. the ``country`` column of its TBI panel)."""
    out = book.Passage()
    kof = macro.load_kof(kof_release)
    ours = kof[kof["country"].isin(set(lr_countries))]
    kof_mean = ours.groupby("year")["KOFGIdj"].mean()
    decades = {f"{y}–{y + 10}": kof_mean[y + 10] - kof_mean[y] for y in (1970, 1980, 1990, 2000)}
    fastest = max(decades, key=decades.get)
    out.say("kof_fastest", fastest).say("kof_fastest_rise", book.num(decades[fastest], ".1f"))
    out.say("kof_90", book.num(kof_mean[1990], ".1f")).say("kof_00", book.num(kof_mean[2000], ".1f"))
    in_1990 = ours[ours["year"] == 1990]
    out.say("kof_n", in_1990["country"].nunique())
    out.say("kof_word", claims.change(kof_mean[2000] - kof_mean[1990], in_1990["KOFGIdj"].std()))
    return out


# --------------------------------------------------------------------------- the long-run panel and its regressions


def dropped_table(built) -> book.MystMarkdown:
    """Table ``tbl-longrun-dropped``: what the merge of the long-run panel lost (``built``: a ``PanelBuild``)."""
    lost = built.dropped.groupby("reason").size().rename("country-years").to_frame()
    return book.table(lost, "Observations lost in the merge of the long-run panel, by reason.", "tbl-longrun-dropped")


def long_panel(data: pd.DataFrame, controls) -> book.Passage:
    """The long-run panel in numbers, and why RQ is not a control (WGI starts later)."""
    out = book.Passage()
    out.say("lr_n", len(data)).say("lr_countries", data["country"].nunique()).say("lr_periods", data["year"].nunique())
    out.say("lr_years", book.years_of(data)).say("lr_controls", ", ".join(controls))
    rq = macro.load_wgi_rq()
    out.say("rq_first", str(int(rq["year"].min())))
    out.check(data["year"].min() < rq["year"].min(), "the panel starts before WGI does")
    out.check(not data.duplicated(["country", "year"]).any(), "one row per country and period")
    return out


def fit(frame: pd.DataFrame, regressor: str, controls, extra=()) -> dict:
    """Both KOF indices on ``regressor``, ``extra`` and ``controls``: ``{dependent: FEResult}``."""
    return {y: xtreg_fe(frame, y, [regressor, *extra, *controls]) for y in DEPENDENT}


def design(sample: pd.DataFrame, controls) -> book.Passage:
    """The text's two claims about the design: the source changes in the same period for every country, and up
    to 2000 the shift is absorbed by the country effects (raw and adjusted give the same estimate)."""
    out = book.Passage()
    out.check(sample.groupby("year")["source"].nunique().max() == 1, "one source per period")
    same = sample[sample["source"] != W13].dropna(subset=["tbi_adjusted"])
    out.check(np.isclose(fit(same, "tbi_raw", controls)["KOFGIdj"].params["tbi_raw"],
                         fit(same, "tbi_adjusted", controls)["KOFGIdj"].params["tbi_adjusted"]),
              "shift absorbed up to 2000")  # fmt: skip
    return out


def estimate_rows(fits: dict) -> pd.DataFrame:
    """One row per specification and index: the TBI coefficient, SE, p, N, G and degrees of freedom.

    ``fits`` maps a specification to ``(regressor, {dependent: FEResult})``.
    """
    rows = [{"specification": name, "dependent": y, "coef": r.params[regressor], "se": r.se[regressor],
             "p": r.pvalues[regressor], "N": r.nobs, "G": r.n_clusters, "df": r.df_t}
            for name, (regressor, results) in fits.items() for y, r in results.items()]  # fmt: skip
    return pd.DataFrame(rows)


def _paper_cell(p) -> str:
    return f"{p['coef']:.4f}{'*' * int(p['stars'])}"


def estimate_table(estimates: pd.DataFrame, paper: dict, main: str, data: pd.DataFrame) -> book.MystMarkdown:
    """Table ``tbl-longrun-estimates``: the paper's Table 3 (3)-(4), our baseline and every long-run version."""
    wide = {}
    for name, part in estimates.groupby("specification", sort=False):
        row = {"specification": name + (" (main)" if name == main else "")}
        for y, short in zip(DEPENDENT, ("GI", "Ec")):
            one = part[part["dependent"] == y].iloc[0]
            row[y] = f"{book.coef(one['coef'], one['p'])} {book.se(one['se'])}"
            row[f"p ({short})"] = book.pvalue(one["p"])
        row["N"], row["countries"] = int(part["N"].iloc[0]), int(part["G"].iloc[0])
        wide[name] = row
    paper_row = {"specification": "paper, Table 3"}
    for y, short in zip(DEPENDENT, ("GI", "Ec")):
        paper_row[y] = f"{_paper_cell(paper[y])} ({paper[y]['se']:.4f})"
        paper_row[f"p ({short})"] = ""
    published = published_tables()
    paper_nobs = published.query("table == '3' and column == '(3)' and stat == 'nobs'")["value"].iloc[0]
    paper_row["N"], paper_row["countries"] = int(paper_nobs), ""
    table = pd.DataFrame([paper_row, *wide.values()])
    caption = ("The TBI coefficient for the overall and the economic KOF de jure index. Paper: Table 3, columns 3 "
               "and 4 (WIOD 2016, 2000–2014). WIOD 2013: our baseline, 2000–2011, with the paper's controls (with RQ) "
               "or the long-run controls (no RQ). Long run: the five-year panel "
               f"{book.years_of(data)} with the adjusted or the raw TBI, the raw TBI with country × source effects, "
               "and LR-WIOD alone up to 2000; (main) marks this chapter's main version. Coefficient with clustered "
               "standard error in parentheses; " + STARS_LEGEND + "; p: p-value of the coefficient to "
               "its left, from t with G − 1 degrees of freedom (G = countries).")
    return book.table(table, caption, "tbl-longrun-estimates", index=False)


def _long_rows(estimates: pd.DataFrame) -> pd.DataFrame:
    """The long-run versions (every row but the WIOD 2013 baselines)."""
    return estimates[~estimates["specification"].str.startswith("WIOD 2013")]


def _verdict(paper: dict, dependent: str, coef: float, p: float) -> str:
    return claims.verdict(paper[dependent]["coef"], int(paper[dependent]["stars"]), coef, p)


def estimates_text(estimates: pd.DataFrame, paper: dict, main: str, defaults: bool) -> book.Passage:
    """The main long-run estimates, the range of every long-run version, the baselines beside them and the
    verdicts against the paper's Table 3 (``b_gi``, ``verdict_ec``, ``support``, ...)."""
    out = book.Passage()
    est = estimates.set_index(["specification", "dependent"])
    for y, k in SHORT.items():
        m, p = est.loc[(main, y)], paper[y]
        out.say(f"b_{k}", book.num(m["coef"], ".2f")).say(f"se_{k}", book.num(m["se"], ".2f"))
        out.say(f"p_{k}", book.pvalue(m["p"])).say(f"sig_{k}", claims.significance(m["p"]))
        out.say(f"paper_{k}", book.num(p["coef"], ".2f"))
        out.say(f"paper_sig_{k}", claims.significance_of_stars(int(p["stars"])))
        out.say(f"verdict_{k}", _verdict(paper, y, m["coef"], m["p"]))
        out.say(f"dist_{k}", claims.distance(m["coef"], p["coef"], p["se"], m["se"]))
        norq, withrq = est.loc[(BASELINE_NO_RQ, y)], est.loc[(BASELINE_RQ, y)]
        out.say(f"base_{k}", book.num(withrq["coef"], ".2f")).say(f"base_sig_{k}", claims.significance(withrq["p"]))
        out.say(f"norq_{k}", book.num(norq["coef"], ".2f")).say(f"norq_sig_{k}", claims.significance(norq["p"]))
    out.say("main", main).say("main_n", int(est.loc[(main, DEPENDENT[0]), "N"]))
    out.say("main_g", int(est.loc[(main, DEPENDENT[0]), "G"]))
    long_rows = _long_rows(estimates)
    n_rows = len(long_rows)
    out.say("n_long", n_rows)
    out.say("long_min", book.num(long_rows["coef"].min(), ".2f"))
    out.say("long_max", book.num(long_rows["coef"].max(), ".2f"))
    k_pos, k_sig = int((long_rows["coef"] > 0).sum()), int((long_rows["p"] < 0.1).sum())
    out.say("long_pos", "all are positive" if k_pos == n_rows else "all are negative" if k_pos == 0 else
            f"{k_pos} {'is' if k_pos == 1 else 'are'} positive")  # fmt: skip
    out.say("long_sig", "none is significant at 10 %" if k_sig == 0 else
            "all are significant at 10 %" if k_sig == n_rows else
            f"{k_sig} {'is' if k_sig == 1 else 'are'} significant at 10 %")  # fmt: skip
    long_verdicts = [_verdict(paper, y, b, p)
                     for y, b, p in zip(long_rows["dependent"], long_rows["coef"], long_rows["p"])]  # fmt: skip
    n_agree = sum(v in (claims.REPRODUCED, claims.WEAKER) for v in long_verdicts)
    one_verdict = len(set(long_verdicts)) == 1
    out.say("join_matters", "How the join is handled does not change the verdict against the paper." if one_verdict
            else "The verdict against the paper depends on the version (see the scorecard below).")  # fmt: skip
    out.say("whichever", "whichever way the join is handled" if one_verdict else
            "in the main version; other versions differ")  # fmt: skip
    gi, ec = out["verdict_gi"], out["verdict_ec"]
    out.say("main_verdicts", f"“{gi}” for both" if gi == ec else f"“{gi}” and “{ec}”")
    if n_agree == 0:
        out.say("support", "The long-run data do not support the paper's relationship, which remains a finding about "
                "the 2000s.")  # fmt: skip
    elif n_agree == len(long_verdicts):
        out.say("support", "The long-run data agree with the paper's relationship in sign and significance.")
    else:
        out.say("support", f"The long-run data agree with the paper in sign and significance in "
                f"{claims.count(n_agree, len(long_verdicts), 'estimates')} only.")  # fmt: skip
    out.check_if(defaults, lambda: (long_rows["p"] >= 0.1).all(),
                 "with the default parameters no long-run estimate is significant at 10 %")
    return out


def figure_estimates(estimates: pd.DataFrame, paper: dict, names) -> plt.Figure:
    """Figure ``fig-longrun-estimates``: the TBI coefficient with its 95 % interval in every specification."""
    names = list(names)
    fig, axes = plt.subplots(2, 1, figsize=(plotting.WIDTH, 6.4))
    for ax, y in zip(axes, DEPENDENT):
        part = estimates[estimates["dependent"] == y].set_index("specification").loc[names]
        half = stats.t.ppf(0.975, part["df"]) * part["se"]
        positions = np.arange(len(names))[::-1]
        colours = ["tab:blue" if n.startswith("WIOD") else "tab:orange" for n in names]
        for pos, coef, h, colour in zip(positions, part["coef"], half, colours):
            ax.errorbar(coef, pos, xerr=h, fmt="o", color=colour, capsize=3)
        p = paper[y]
        ax.errorbar(p["coef"], len(names), xerr=1.96 * p["se"], fmt="s", color="0.45", capsize=3)
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set_yticks([*positions, len(names)], [*names, "paper, Table 3"], fontsize=9)
        which = "overall" if y == "KOFGIdj" else "economic"
        ax.set_title(f"{which} de jure index ({y})", fontsize=10)
        ax.grid(axis="y", visible=False)
    axes[-1].set_xlabel("coefficient on TBI (index points per unit of TBI)")
    fig.tight_layout()
    return fig


def verdict_table(estimates: pd.DataFrame, paper: dict) -> book.MystMarkdown:
    """Table ``tbl-longrun-verdicts``: the scorecard of every long-run version against the paper's Table 3."""
    verdicts = []
    for _, row in _long_rows(estimates).iterrows():
        p = paper[row["dependent"]]
        verdicts.append({"specification": row["specification"], "index": row["dependent"], "paper": _paper_cell(p),
                         "long run": book.coef(row["coef"], row["p"]),
                         "distance (paper SEs)": f"{(row['coef'] - p['coef']) / p['se']:+.2f}",
                         "verdict": _verdict(paper, row["dependent"], row["coef"], row["p"])})  # fmt: skip
    caption = ("Scorecard of the long-run estimates against the paper's Table 3, column 3 (KOFGIdj) or 4 "
               "(KOFEcGIdj): sign and stars compared in the paper's convention, distance in the paper's standard "
               "errors. Different period and sample: agreement would be in sign and significance only.")
    return book.table(pd.DataFrame(verdicts), caption, "tbl-longrun-verdicts", index=False)


# --------------------------------------------------------------------------- power


def bootstrap(sample: pd.DataFrame, regressor: str, controls, reps: int) -> dict:
    """The wild cluster bootstrap (Webb weights, seed 2021) of the main regression, for both indices."""
    frame = sample.dropna(subset=[regressor])
    return {y: wild_cluster_bootstrap(frame, y, regressor, controls, entity="country", time="year", reps=reps,
                                      seed=2021, weights="webb") for y in DEPENDENT}  # fmt: skip


def _power(coef_true: float, se: float, df: float) -> float:
    """Power of the two-sided 5 % t-test with ``df`` degrees of freedom if the true coefficient were ``coef_true``."""
    t_crit, ncp = stats.t.ppf(0.975, df), coef_true / se
    return stats.nct.sf(t_crit, df, ncp) + stats.nct.cdf(-t_crit, df, ncp)


def _reading(main: dict, powers: list[float]) -> tuple[str, str]:
    """How to read the main estimates: (opening sentence, closing sentence). Judged by sign and significance at
    10 %: an insignificant coefficient is not read as evidence either way, a significant negative one is."""
    significant = {y: main[y]["p"] < 0.1 for y in DEPENDENT}
    positive = [y for y in DEPENDENT if significant[y] and main[y]["coef"] > 0]
    negative = [y for y in DEPENDENT if significant[y] and main[y]["coef"] < 0]
    if not positive and not negative:
        end = ("With power above 80 % against coefficients of the paper's size, these data speak against effects that "
               "large before 2000, though not against smaller ones (the minimum detectable effects above)."
               if min(powers) > 0.8 else
               "Not detecting the relationship is no evidence that it is absent before 2000: the power figures above "
               "say how large an effect these data could have found.")  # fmt: skip
        return ("Over these decades the regressions do not detect the paper's relationship: neither TBI coefficient is "
                "significant at 10 %."), end  # fmt: skip
    if len(positive) == len(DEPENDENT):
        return ("Over these decades too, a country whose value-added trade balance worsened tended to lower its "
                "de jure openness relative to other countries in the same period.",
                "The long-run data are in line with the paper's relationship, over a different period.")  # fmt: skip
    sig = {y: claims.significance(main[y]["p"]) + (" with the opposite sign to the paper's" if y in negative else "")
           for y in DEPENDENT}  # fmt: skip
    opening = (f"the TBI coefficient is {sig['KOFGIdj']} for the overall index and {sig['KOFEcGIdj']} for the "
               "economic index.")
    if negative and not positive:
        return ("Over these decades the regressions run against the paper's relationship: " + opening,
                "For these earlier decades the data contradict the relationship the paper finds for 2000–2014: "
                "every significant coefficient has the opposite sign.")  # fmt: skip
    if negative:
        return ("Over these decades the evidence points both ways: " + opening,
                "The long-run data neither support nor contradict the paper's relationship as a whole: the two "
                "indices give significant coefficients of opposite signs.")  # fmt: skip
    return ("Over these decades the evidence is mixed: " + opening,
            "The long-run data give the paper's relationship only partial support.")  # fmt: skip


def power(estimates: pd.DataFrame, paper: dict, main: str, boot: dict, sample: pd.DataFrame,
          base: pd.DataFrame) -> book.Passage:  # fmt: skip
    """The power paragraph and how to read the estimates: bootstrap p-values, intervals, minimum detectable
    effects, difference tests, the within-country variation of the TBI and the power against the paper's values.

    ``boot`` is :func:`bootstrap`'s result; ``sample`` the long-run regression sample, ``base`` the 2000-2011 panel.
    """
    out = book.Passage()
    est = estimates.set_index(["specification", "dependent"])
    main_rows = {y: est.loc[(main, y)] for y in DEPENDENT}
    powers = []
    for y, k in SHORT.items():
        m, p = main_rows[y], paper[y]
        t_crit, t_power = stats.t.ppf(0.975, m["df"]), stats.t.ppf(0.8, m["df"])
        low, high = m["coef"] - t_crit * m["se"], m["coef"] + t_crit * m["se"]
        out.say(f"boot_{k}", book.pvalue(boot[y]["p_bootstrap"]))
        out.say(f"boot_sig_{k}", claims.significance(boot[y]["p_bootstrap"]))
        out.say(f"ci_{k}", f"[{book.num(low, '.2f')}, {book.num(high, '.2f')}]")
        out.say(f"mde_{k}", book.num((t_crit + t_power) * m["se"], ".1f"))
        out.say(f"ci_paper_{k}", "contains" if low <= p["coef"] <= high else "excludes")
        base_b, base_se = est.loc[(BASELINE_NO_RQ, y), "coef"], est.loc[(BASELINE_NO_RQ, y), "se"]
        out.say(f"ci_base_{k}", "contains" if low <= base_b <= high else "excludes")
        z_p, p_p = claims.difference_test(m["coef"], m["se"], p["coef"], p["se"])
        z_b, p_b = claims.difference_test(m["coef"], m["se"], base_b, base_se)
        out.say(f"diff_{k}", f"z = {book.num(z_p, '.2f')} (p = {book.pvalue(p_p)}) against the paper's and "
                f"z = {book.num(z_b, '.2f')} (p = {book.pvalue(p_b)}) against our baseline")  # fmt: skip
        powers.append(_power(p["coef"], m["se"], m["df"]))
        out.say(f"power_{k}", "more than 99" if powers[-1] > 0.995 else f"about {book.num(100 * powers[-1], '.0f')}")
    out.say("g", int(main_rows[DEPENDENT[0]]["G"])).say("df", int(main_rows[DEPENDENT[0]]["df"]))
    out.say("reps", f"{boot[DEPENDENT[0]]['reps']:,}")
    within_lr = (sample["tbi"] - sample.groupby("country")["tbi"].transform("mean")).std()
    within_base = (base["tbi"] - base.groupby("country")["tbi"].transform("mean")).std()
    out.say("within_lr", book.num(within_lr, ".3f")).say("within_base", book.num(within_base, ".3f"))
    out.say("base_n", len(base)).say("base_g", base["country"].nunique())
    out.say("within_cmp", "more" if within_lr > within_base else "less")
    for y, k in SHORT.items():
        out.say(f"pcl_{k}", book.pvalue(boot[y]["p_cluster"]))
    same_stars = all(claims.n_stars(boot[y]["p_bootstrap"]) == claims.n_stars(boot[y]["p_cluster"]) for y in DEPENDENT)
    out.say("boot_agree", "the two tests give the same stars for both indices" if same_stars else
            "the two tests differ in their stars for at least one index")  # fmt: skip
    reading, reading_end = _reading(main_rows, powers)
    out.say("reading", reading).say("reading_end", reading_end)
    return out


# --------------------------------------------------------------------------- exercises


def spain(spain_tbi: pd.DataFrame, change: pd.Series) -> book.Passage:
    """The solution of exercise 1: Spain's TBI in 1985, as published and shifted, and its change to 1990.

    ``spain_tbi`` has the years 1985 and 1990 as index and the columns ``tbi``, ``tbi_adjusted``; ``change`` is
    the 1990 row minus the 1985 row (the solution's variables)."""
    out = book.Passage()
    raw, adjusted = spain_tbi.loc[1985, "tbi"], spain_tbi.loc[1985, "tbi_adjusted"]
    out.check(np.sign(raw) != np.sign(adjusted), "Spain's 1985 TBI changes sign with the shift (the solution says so)")
    out.check(change["tbi"] < 0, "Spain's TBI fell between 1985 and 1990 (the solution says so)")
    out.say("esp_raw", book.num(raw, ".3f")).say("esp_adj", book.num(adjusted, ".3f"))
    out.say("esp_raw_sign", claims.sign_word(raw)).say("esp_adj_sign", claims.sign_word(adjusted))
    out.say("esp_change", book.num(change["tbi"], ".3f"))
    return out
