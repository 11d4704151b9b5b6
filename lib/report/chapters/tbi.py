"""The words of the TBI chapter (``chapters/tbi.ipynb``) and of its appendix on rounding
(``chapters/tbi_rounding.ipynb``): the Trade Benefit Index, our TBI beside the paper's Table 1, the
identity of its numerator, the treatment of rounding, the ranking, a country profile and the exercises.

One public function per section of the chapter returns a :class:`lib.report.book.Passage` (its phrases
and guards); the notebook hands it to ``ch.add(...)``. The tables (``table_*``, what
:func:`lib.report.book.table` returns) and the figures (``figure_*``, a matplotlib Figure, shown once by the
cell that returns it) are built here too, so that each hidden cell of the notebook is a one-line call.
Small private helpers do the arithmetic the sentences need; the numbers themselves come from the
notebook's visible cells (the TBI panel, the Table-1 frames and :func:`lib.report.compare.agreement`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ...data import countries, longrun, releases
from ...data.iotable import BALANCE_METHODS
from ...data.paper import paper_table1
from ...mrio import rounding
from ...mrio.tbi import tbi_panel
from .. import book, claims, narrative, plotting

# Countries shown at each end of the ranking figure (all of them when there are at most twice as many).
N_SHOWN = 12

# The book's treatments of rounding (lib.data.iotable.balance), in the order the chapter compares them.
METHODS = ("discrepancy", "rowsum", "none")

# Two numbers "agree" in a comparison sentence when they differ by less than this.
ABOUT_SAME = 0.005

# The guard that ties the book's default treatment to the experiment (the appendix and the chapter's paragraph).
DEFAULT_IS_BEST = "the book's default treatment, 'discrepancy', is the most accurate one under the rounding the 2013 files show"

# Shares of the remaining disagreement within this many percentage points of the largest are "equal parts".
TIED_SHARE = 0.5


def _name(code: str) -> str:
    return countries.name(code)


def _the(code: str) -> str:
    return countries.name(code, article=True)


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- parameters


def _regions(release: str) -> list[str]:
    return [c for c in releases.release(release).countries if c != "ROW"]


def _chosen(release: str, chosen) -> list[str]:
    """The chosen economies, each checked against the release, duplicates removed (first kept)."""
    regions = _regions(release)
    return [book.require(c, regions, "COUNTRIES") for c in dict.fromkeys(chosen)]


def _in_table1(chosen: list[str]) -> list[str]:
    """The chosen economies of the paper's Table 1; at least two, so that agreement can be pooled."""
    table1 = paper_table1().columns
    found = [c for c in chosen if c in table1]
    if len(found) < 2:
        raise ValueError(f"Parameter COUNTRIES = {chosen} holds {len(found)} of the paper's Table 1 economies "
                         f"{list(table1)}; include at least two, so that agreement can be pooled.")
    return found


def validate(release: str, chosen, year, balance: str, focus: str, years) -> tuple[str, int, list[str], list[str]]:
    """The chapter's parameters checked against the release: ``(FOCUS_COUNTRY, YEAR, COUNTRIES, IN_TABLE1)``,
    with ``YEAR = None`` resolved to the release's last year and ``IN_TABLE1`` the chosen economies of the
    paper's Table 1. A value the release does not have raises the ValueError of
    :func:`lib.report.book.require`; fewer than two Table 1 economies raise a ValueError too."""
    book.require(release, ("2013", "2016"), "RELEASE")
    focus = book.require(focus, _regions(release), "FOCUS_COUNTRY")
    year = book.require(years[-1] if year is None else year, years, "YEAR")
    chosen = _chosen(release, chosen)
    book.require(balance, BALANCE_METHODS, "BALANCE")
    return focus, year, chosen, _in_table1(chosen)


def validate_rounding(release: str, chosen, balance: str) -> tuple[list[str], list[str]]:
    """The appendix's parameters, checked as :func:`validate` does: ``(COUNTRIES, IN_TABLE1)``."""
    book.require(release, ("2013", "2016"), "RELEASE")
    chosen = _chosen(release, chosen)
    book.require(balance, BALANCE_METHODS, "BALANCE")
    return chosen, _in_table1(chosen)


def setting(balance: str, chosen: list[str], in_table1: list[str], year: int) -> book.Passage:
    """The note at the top: ``year`` (of the ranking), ``balance``, ``not_in_table1`` (the chosen economies
    outside Table 1, or nothing), and the correlation thresholds ``strong`` and ``moderate``."""
    out = book.Passage().say("year", str(year)).say("balance", balance)
    out.say("strong", book.num(claims.STRONG, ".1f")).say("moderate", book.num(claims.MODERATE, ".1f"))
    outside = [c for c in chosen if c not in in_table1]
    verbs = ("is", "appears") if len(outside) == 1 else ("are", "appear")
    out.say("not_in_table1", "" if not outside else
            f"{claims.join(_name(c) for c in outside)} {verbs[0]} not in the paper's Table 1 and {verbs[1]} in the "
            "figures only.")
    return out


# --------------------------------------------------------------------------- definition and panel


def table_toy(toy_flows: pd.DataFrame) -> book.MystMarkdown:
    """The two countries of the toy table: value-added exports, imports and TBI."""
    return book.table(toy_flows.set_index("country")[["va_exports", "va_imports", "tbi"]].rename(columns={
                          "va_exports": "value-added exports (mn USD)", "va_imports": "value-added imports (mn USD)",
                          "tbi": "TBI"}),
                      "Value-added exports, imports and TBI of the two countries of the toy table.", "tbl-tbi-toy",
                      formats={"value-added exports (mn USD)": ".1f", "value-added imports (mn USD)": ".1f"})


def toy(toy_flows: pd.DataFrame) -> book.Passage:
    """Home's TBI computed by hand: ``toy_x``, ``toy_m``, ``toy_sum``, ``toy_diff``, ``toy_tbi``."""
    home = toy_flows.set_index("country").loc["H"]
    out = book.Passage()
    out.say("toy_x", book.num(home["va_exports"], ".1f")).say("toy_m", book.num(home["va_imports"], ".1f"))
    out.say("toy_sum", book.num(home["va_exports"] + home["va_imports"], ".1f"))
    out.say("toy_diff", book.num(home["va_exports"] - home["va_imports"], ".1f"))
    out.say("toy_tbi", book.num(home["tbi"], ".4f"))
    out.check(np.isclose(home["tbi"], -40 / 79), "the toy TBI of Home is −40/79 (lib.mrio.toy docstring)")
    return out


PANEL_COLUMNS = (
    ("country, year", "ISO3 code of the country; year of the table", ""),
    ("va_exports, va_imports", "value-added exports (VAX) and imports (VAM)", "mn USD"),
    ("tbi", "Trade Benefit Index, (VAX − VAM) / (VAX + VAM)", "−1 to 1"),
    ("gross_exports, gross_imports", "gross (customs) exports and imports", "mn USD"),
    ("tbi_gross", "the same index from gross flows (customs TBI)", "−1 to 1"),
    ("va_balance, gross_balance", "VAX − VAM; gross exports − gross imports", "mn USD"),
    ("value_added, final_demand", "the country's value added and final demand", "mn USD"),
    ("va_domestic", "value added of the country absorbed at home", "mn USD"),
)


def table_columns() -> book.MystMarkdown:
    """The columns of the TBI panel, with their meaning and unit."""
    columns = pd.DataFrame(list(PANEL_COLUMNS), columns=["column", "meaning", "unit"])
    return book.table(columns, "Columns of the TBI panel (one row per country and year; current US dollars).",
                      "tbl-tbi-columns", index=False)


def panel_facts(panel: pd.DataFrame, years) -> book.Passage:
    """``n_obs``, ``n_countries``, ``years`` of the TBI panel, with its shape and range guarded."""
    out = book.Passage()
    out.say("n_countries", panel["country"].nunique()).say("n_obs", len(panel)).say("years", book.years_of(panel))
    out.check(len(panel) == panel["country"].nunique() * len(years), "one row per country and year")
    out.check(panel["tbi"].between(-1, 1).all() and panel.notna().all().all(), "TBI within [−1, 1], no missing values")
    return out


# --------------------------------------------------------------------------- our TBI beside the paper's Table 1


def table_table1(ours: pd.DataFrame, paper: pd.DataFrame, label: str) -> book.MystMarkdown:
    """For each common year the paper's value, ours and the difference, per Table 1 economy (columns)."""
    rows = []
    for year in ours.index:
        for what, frame, fmt in (("paper", paper, book.num), ("ours", ours, book.num),
                                 ("diff.", ours - paper, book.signed)):
            rows.append({"year": str(year) if what == "paper" else "", "": what,
                         **{_name(c): str(fmt(frame.loc[year, c], ".4f")) for c in ours.columns}})  # fmt: skip
    return book.table(pd.DataFrame(rows), f"TBI of the paper's Table 1 economies, {ours.index[0]}–{ours.index[-1]}: "
                      f"for each year the published value (WIOD 2016), ours ({label}) and the difference, diff. = "
                      "ours − paper; 4 decimals as the paper prints.", "tbl-tbi-table1", index=False,
                      notes="The paper's values are transcribed from its Table 1 (lib.data.paper.paper_table1).")


def table1_long(ours: pd.DataFrame, paper: pd.DataFrame) -> pd.DataFrame:
    """Our TBI beside the paper's, one row per economy and year (the chapter's download)."""
    long = (pd.concat({"paper": paper, "ours": ours}, names=["source", "year"]).stack().rename("tbi")
            .reset_index().pivot(index=["country", "year"], columns="source", values="tbi").reset_index())
    long["difference"] = long["ours"] - long["paper"]
    return long


def table_agreement(agree: pd.DataFrame, pooled: pd.Series, n_common: int) -> book.MystMarkdown:
    """:func:`lib.report.compare.agreement` per economy over ``n_common`` years, with the pooled row below."""
    shown = agree.rename(index=_name)
    shown.loc[f"all {len(agree)}, pooled"] = pooled
    return book.table(shown.rename_axis("economy"), f"Agreement of our TBI with the paper's Table 1 over the "
                      f"{n_common} common years, per economy and "
                      "pooled. Within correlation: of the deviations from each country's mean; changes: of "
                      "year-on-year changes; same sign: share of years in which both indices have the same sign; "
                      "differences in TBI points.", "tbl-tbi-agreement",
                      formats={"within correlation": ".2f", "correlation of changes": ".2f",
                               "same sign (% of years)": ".0f"})  # differences: book.table's .4f


def _who(agree: pd.DataFrame, codes, column: str, spec: str = ".2f", unit: str = "") -> str:
    """'the United Kingdom (0.60) and Korea (0.72)' for the economies in ``codes``."""
    return claims.join(f"{_the(c)} ({book.num(agree.loc[c, column], spec)}{unit})" for c in codes)


def _correlation_sentence(agree: pd.DataFrame, column: str, what: str) -> str:
    """How strong a correlation of :func:`lib.report.compare.agreement` is, economy by economy."""
    words = agree[column].map(claims.correlation)
    strong = words[words == "strong"].index
    rest = agree.loc[words != "strong", column].sort_values().index
    if len(rest) == 0:
        low = agree[column].idxmin()
        return (f"The {what} is strong for {claims.count(len(strong), len(agree), 'economies')}; the lowest "
                f"is {book.num(agree.loc[low, column], '.2f')}, for {_the(low)}.")
    words_rest = agree.loc[rest, column].map(claims.correlation)
    parts = [f"{word} for {_who(agree, list(words_rest.index[words_rest == word]), column)}"
             for word in dict.fromkeys(words_rest)]
    if len(strong) == 0:
        return f"The {what} is " + ", ".join(parts) + "."
    return (f"The {what} is strong for {claims.count(len(strong), len(agree), 'economies')}, but only "
            + ", ".join(parts) + ".")


def _sign_sentence(agree: pd.DataFrame) -> str:
    same_all = agree.index[agree["same sign (% of years)"] == 100]
    differ = agree.loc[agree["same sign (% of years)"] < 100, "same sign (% of years)"].sort_values().index
    share = [book.num(agree.loc[c, "same sign (% of years)"], ".0f") for c in differ]
    fewer = [f"{_the(c)} has the paper's sign in only {share[0]} % of the years" if k == 0 else
             f"{_the(c)} in {share[k]} %" for k, c in enumerate(differ)]
    return (f"The signs agree in every common year for {claims.count(len(same_all), len(agree), 'economies')}"
            + ("; " + claims.join(fewer) if fewer else "") + ".")


def _release_reason(release: str) -> str:
    if release == "2013":
        return ("We use the WIOD 2013 release; the paper used the 2016 release. The two differ in national-accounts "
                "vintage (SNA 1993 against SNA 2008, which for instance capitalises R&D), sector detail (35 against 56 "
                "sectors), country coverage (Switzerland, Norway and Croatia are inside the rest of the world in 2013) "
                "and the way trade and the rest of the world are estimated. Levels of value added and trade move with "
                "all of these.")
    return "We use the 2016 release, as the paper does, but its files may have been revised since the paper used them."


def agreement(agree: pd.DataFrame, pooled: pd.Series, ours: pd.DataFrame, paper: pd.DataFrame, release: str,
              balance: str) -> book.Passage:  # fmt: skip
    """How far our TBI agrees with Table 1: within, change and sign sentences, the pooled numbers, the level
    gaps, the weakest economy, and the reasons. ``agree`` and ``pooled`` are :func:`lib.report.compare.agreement`
    and :func:`~lib.report.compare.pooled_agreement` of ``ours`` and ``paper``
    (:func:`~lib.report.compare.table1_frames`)."""
    out = book.Passage()
    out.say("n_compared", len(agree)).say("n_common", len(ours))
    out.say("common_years", f"{ours.index[0]}–{ours.index[-1]}")
    out.say("within_sentence", _correlation_sentence(agree, "within correlation", "within correlation"))
    out.say("change_sentence", _correlation_sentence(agree, "correlation of changes",
                                                     "correlation of year-on-year changes"))
    out.say("sign_sentence", _sign_sentence(agree))
    for key, column in (("within", "within correlation"), ("change", "correlation of changes")):
        out.say(f"pooled_{key}", book.num(pooled[column], ".2f"))
        out.say(f"pooled_{key}_word", claims.correlation(pooled[column]))
    out.say("mad_all", book.num(pooled["mean |difference|"], ".4f"))
    out.say("best_mad", _who(agree, [agree["mean |difference|"].idxmin()], "mean |difference|", ".4f"))
    out.say("worst_mad", _who(agree, [agree["mean |difference|"].idxmax()], "mean |difference|", ".4f"))
    levels = np.corrcoef(ours.to_numpy().ravel(), paper.to_numpy().ravel())[0, 1]
    out.say("corr_pooled", book.num(levels, ".2f"))
    out.say("corr_pooled_words", "looks flattering but says little here" if levels > pooled["within correlation"]
            else "says little here")
    worst = agree["within correlation"].idxmin()
    r_worst = agree.loc[worst, "within correlation"]
    word = claims.correlation(r_worst)
    out.say("worst_within_sentence",
            f"Even for {_the(worst)}, the economy with the weakest within correlation ({book.num(r_worst, '.2f')}), "
            "the two series move together." if word == "strong" else
            f"Where they part, as for {_the(worst)}, the economy with the weakest within correlation "
            f"({book.num(r_worst, '.2f')}, {word}), the two releases disagree about how the country's trade balance "
            "moved from year to year.")
    means = paper.mean()
    out.say("level_example", f"{_the(means.idxmax())}'s average of {book.num(means.max(), '.2f')} in the paper against "
            f"{book.num(means.min(), '.2f')} for {_the(means.idxmin())}")
    out.say("release_reason", _release_reason(release))
    out.check(agree["mean |difference|"].max() < 0.1,
              "our TBI is within 0.1 of the paper's on average for every economy")
    out.check_if(release == "2013" and len(agree) == 8 and balance == "discrepancy",
                 lambda: pooled["within correlation"] > 0.9 and (agree["within correlation"] < 0.8).any(),
                 "with the defaults, the pooled within correlation is high but some economies agree only moderately")
    return out


def figure_table1(panel: pd.DataFrame, chosen: list[str], label: str) -> plt.Figure:
    """Small multiples of the TBI of the chosen economies: ours (solid) and Table 1 (dashed with dots)."""
    published = paper_table1()
    n_rows = -(-len(chosen) // 2)
    height = 1.8 * n_rows + 0.9
    fig, axes = plt.subplots(n_rows, 2, figsize=(plotting.WIDTH, height), sharex=True, sharey=True, squeeze=False)
    full = panel.pivot(index="year", columns="country", values="tbi")
    for ax, code in zip(axes.ravel(), chosen):
        color = plotting.COUNTRY_COLORS.get(code, "tab:gray")
        ax.plot(full.index, full[code], color=color)
        if code in published.columns:
            ax.plot(published[code], color=color, linestyle="--", marker=".")
        plotting.zero_line(ax)
        ax.set_title(_name(code), fontsize=10)
    if len(chosen) % 2:
        axes[-1, 1].remove()
        if n_rows > 1:
            axes[-2, 1].xaxis.set_tick_params(labelbottom=True)
    for ax in axes[:, 0]:
        ax.set_ylabel("TBI")
    handles = [Line2D([], [], color="0.2", label=f"ours ({label})"),
               Line2D([], [], color="0.2", linestyle="--", marker=".", label="paper, Table 1 (WIOD 2016)")]
    fig.legend(handles=handles, loc="upper center", ncol=2)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / height))
    plt.close(fig)  # shown once, by the cell that returns it
    return fig


# --------------------------------------------------------------------------- the numerator is the gross balance


def table_identity(identity: pd.DataFrame, year: int) -> book.MystMarkdown:
    """Value-added exports, imports and balance beside the gross balance (bn USD), and their difference (mn USD)."""
    return book.table(identity.rename(index=_name, columns={
                          "va_exports": "VA exports (bn USD)", "va_imports": "VA imports (bn USD)",
                          "va_balance": "VA balance (bn USD)", "gross_balance": "gross balance (bn USD)"})
                      .rename_axis("economy"),
                      f"Value-added exports, imports and balance against the gross (customs) balance, {year}, billions "
                      "of current US dollars; the last column is their difference in millions.", "tbl-tbi-identity",
                      formats={"VA exports (bn USD)": ",.1f", "VA imports (bn USD)": ",.1f",
                               "VA balance (bn USD)": ",.1f", "gross balance (bn USD)": ",.1f",
                               "difference (mn USD)": lambda v: f"{0.0 if abs(v) < 0.05 else v:,.1f}"})  # fmt: skip


def identity(panel: pd.DataFrame, balance: str) -> book.Passage:
    """The identity checked on the whole panel: ``identity_max_gap`` (mn USD), ``gross_x_median`` (bn USD) and
    ``identity_note`` (why it is exact only up to zero-output sales, or only up to rounding gaps)."""
    gap = (panel["va_balance"] - panel["gross_balance"]).abs()
    out = book.Passage()
    out.say("identity_max_gap", book.num(gap.max(), ",.1f"))
    out.say("gross_x_median", book.num(panel["gross_exports"].median() / 1e3, ",.0f"))
    out.say("identity_note",
            "The identity is exact except for a handful of final sales of products whose recorded output is zero, a "
            "few million dollars in all; see lib.mrio.zero_output_final_demand." if balance != "none" else
            "With BALANCE = \"none\" the table is left unbalanced, so the identity holds only up to the rows' "
            "rounding gaps.")
    out.check_if(balance != "none", lambda: gap.max() < 12.0,
                 "in a balanced table the value-added balance equals the gross balance up to zero-output sales")
    return out


def figure_gross(panel: pd.DataFrame, chosen: list[str]) -> plt.Figure:
    """The value-added TBI against the customs TBI, every country-year; the chosen economies in colour."""
    fig, ax = plt.subplots(figsize=(6.0, 5.4))
    others = panel[~panel["country"].isin(chosen)]
    ax.scatter(others["tbi_gross"], others["tbi"], s=10, alpha=0.6, color="0.75", label="other countries")
    for code in chosen:
        sub = panel[panel["country"] == code]
        ax.scatter(sub["tbi_gross"], sub["tbi"], s=14, label=_name(code), color=plotting.COUNTRY_COLORS.get(code))
    lim = np.abs(panel[["tbi", "tbi_gross"]].to_numpy()).max() * 1.05
    ax.plot([-lim, lim], [-lim, lim], ls="--", color="0.3", lw=0.8)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_xlabel("customs (gross) TBI")
    ax.set_ylabel("value-added TBI")
    ax.legend(fontsize=9, ncol=2, loc="upper left")
    plt.close(fig)
    return fig


def customs(panel: pd.DataFrame, balance: str) -> book.Passage:
    """The value-added TBI against the customs TBI: ``same_sign_gross``, ``ratio_min``/``_max``/``_median``,
    ``corr_gross``, and the within-country correlation ``within_gross`` with its word and consequence."""
    ratio = panel["tbi"] / panel["tbi_gross"]
    out = book.Passage()
    out.say("ratio_median", book.num(ratio.median(), ".2f"))
    out.say("ratio_min", book.num(ratio.min(), ".2f")).say("ratio_max", book.num(ratio.max(), ".2f"))
    out.say("corr_gross", book.num(panel[["tbi", "tbi_gross"]].corr().iloc[0, 1], ".3f"))
    demeaned = panel[["tbi", "tbi_gross"]] - panel.groupby("country")[["tbi", "tbi_gross"]].transform("mean")
    within = demeaned.corr().iloc[0, 1]
    word = claims.correlation(within)
    out.say("within_gross", book.num(within, ".3f")).say("within_gross_word", word)
    out.say("within_gross_so", "so replacing the TBI by its customs version changes the scale of the variable more "
            "than its movements" if word == "strong" else
            "so replacing the TBI by its customs version changes its movements too, not only its scale")
    n_same = int((np.sign(panel["tbi"]) == np.sign(panel["tbi_gross"])).sum())
    out.say("same_sign_gross", claims.count(n_same, len(panel), "country-years"))
    out.check_if(balance != "none", lambda: n_same == len(panel) and ratio.min() >= 1.0,
                 "in a balanced table both indices have the same sign and the value-added one is the larger")
    return out


# --------------------------------------------------------------------------- the treatment of rounding


def stored(release: str, label: str) -> str:
    """How the release's tables are stored, the opening of the rounding section."""
    return "The WIOD 2013 tables store whole millions of dollars" if release == "2013" else \
        f"The {label} tables are stored rounded"


def storage(release: str, label: str) -> book.Passage:
    """``stored``: how the release's tables are stored (the appendix's opening sentence, before any computation)."""
    return book.Passage().say("stored", stored(release, label))


def table_sensitivity(change: pd.DataFrame, chosen: list[str], balance: str) -> book.MystMarkdown:
    """How much the TBI moves (absolute change) under each other treatment than ``balance``."""
    sensitivity = pd.DataFrame({
        "largest change, chosen economies": change.loc[chosen].max(),
        "largest change, all countries": change.max(),
        "country with the largest change": change.groupby("country").max().idxmax().map(_name),
        "mean change, all countries": change.mean(),
    })  # fmt: skip
    return book.table(sensitivity.rename_axis(f"compared with “{balance}”"),
                      f"How much the TBI moves (absolute change in TBI points, all years of the release) when the "
                      f"table is balanced another way instead of “{balance}”.", "tbl-tbi-rounding")  # .4f: the default


def _vs_paper(moved: float, gap_to_paper: float) -> str:
    return "well below" if moved < 0.5 * gap_to_paper else "below" if moved < gap_to_paper else "not below"


def sensitivity(by_method: dict, change: pd.DataFrame, chosen: list[str], pooled: pd.Series, release: str,
                label: str) -> book.Passage:  # fmt: skip
    """How far apart the treatments are: ``stored``, ``sens_chosen_max`` and ``sens_vs_paper`` (against the mean
    gap to the paper ``mad_all``, of ``pooled``, :func:`lib.report.compare.pooled_agreement`), the two balanced treatments
    (``sens_balanced_max``, ``_who``), the unbalanced table (``sens_none_*``) and its broken identity
    (``none_identity``). ``by_method`` maps each of :data:`METHODS` to its TBI panel indexed by country and year;
    ``change`` is the absolute change of the TBI under each other treatment (columns)."""
    out = book.Passage().say("stored", stored(release, label))
    moved = change.loc[chosen].to_numpy().max()
    out.say("sens_chosen_max", book.num(moved, ".4f")).say("mad_all", book.num(pooled["mean |difference|"], ".4f"))
    out.say("sens_vs_paper", _vs_paper(moved, pooled["mean |difference|"]))
    between = (by_method["discrepancy"]["tbi"] - by_method["rowsum"]["tbi"]).abs()
    out.say("sens_balanced_max", book.num(between.max(), ".3f"))
    out.say("sens_balanced_who", _name(between.groupby("country").max().idxmax()))
    none_vs = (by_method["none"]["tbi"] - by_method["discrepancy"]["tbi"]).abs()
    out.say("sens_none_max", book.num(none_vs.max(), ".3f"))
    out.say("sens_none_country", _name(none_vs.groupby("country").max().idxmax()))
    worst = by_method["none"].loc[none_vs.idxmax()]
    out.say("sens_none_turnover", book.num((worst["va_exports"] + worst["va_imports"]) / 1e3, ",.1f"))
    out.say("sens_none_year", str(none_vs.idxmax()[1]))
    turnover = by_method["discrepancy"].eval("va_exports + va_imports")
    out.check(turnover.loc[none_vs.idxmax()] < turnover.xs(none_vs.idxmax()[1], level="year").median(),
              "the country most moved by leaving the table unbalanced is a small trader (below the median)")
    out.say("none_identity", book.num((by_method["none"]["va_balance"] - by_method["none"]["gross_balance"]).abs().max(),
                                      ",.0f"))
    out.check_if(release == "2013" and set(chosen) <= set(plotting.TABLE1_COUNTRIES),
                 lambda: moved < 0.005, "for the large economies of Table 1 no treatment moves the TBI by 0.005 or more")
    out.check(between.max() < 0.02, "the two balanced treatments stay within 0.02 of each other")
    return out


def table_fingerprints(profiles: pd.DataFrame) -> book.MystMarkdown:
    """:func:`lib.mrio.rounding.row_gap_profile` of the published table and of the rounded and truncated truth."""
    columns = {"min": "smallest gap", "median": "median gap", "max": "largest gap",
               "slope_per_cell": "gap per non-zero cell", "rows_below_bound": "rows below the truncation bound"}
    return book.table(profiles.rename(columns=columns)[list(columns.values())],
                      "Fingerprints of the rounding convention in the row gaps x − Z1 − Y1 (millions of US dollars): "
                      "the published WIOD 2013 table of 2000 and the unrounded long-run table of 2000 rounded to the "
                      "nearest million or truncated. The truncation bound is −1 minus the number of negative cells of "
                      "the row.", "tbl-tbi-fingerprints",
                      formats={"smallest gap": ".1f", "median gap": ".1f", "largest gap": ".1f",
                               "gap per non-zero cell": ".3f", "rows below the truncation bound": ".0f"})  # fmt: skip


def _closer(profiles: pd.DataFrame) -> str:
    """``"nearest"`` or ``"trunc"``: the convention whose slope per cell (rows 2 and 3) is closer to the
    published table's (row 1)."""
    slope = profiles["slope_per_cell"]
    return "nearest" if abs(slope.iloc[0] - slope.iloc[1]) < abs(slope.iloc[0] - slope.iloc[2]) else "trunc"


CONVENTIONS = {"nearest": "rounded to the nearest million", "trunc": "truncated"}


def fingerprints(profiles: pd.DataFrame) -> book.Passage:
    """Which convention the published table's row gaps show: the three slopes, ``below_bound`` and ``convention``."""
    slope = profiles["slope_per_cell"]
    closer = _closer(profiles)
    out = book.Passage()
    out.say("slope_2013", book.num(slope.iloc[0], ".3f")).say("slope_nearest", book.num(slope.iloc[1], ".3f"))
    out.say("slope_trunc", book.num(slope.iloc[2], ".3f"))
    out.say("below_bound", int(profiles["rows_below_bound"].iloc[0])).say("convention", CONVENTIONS[closer])
    out.check(closer == "nearest" or profiles["rows_below_bound"].iloc[0] == 0,
              "a table with rows below the truncation bound cannot have been truncated")
    out.check(closer == "nearest", "the 2013 row gaps are closer to rounding than to truncation (the text says so)")
    return out


def table_experiment(accuracy: pd.DataFrame) -> book.MystMarkdown:
    """:func:`lib.mrio.rounding.error_table` of the experiment, one row per rounding and treatment."""
    shown = accuracy.assign(mode=accuracy["mode"].map({"nearest": "nearest million", "trunc": "truncated"}))
    return book.table(shown[["mode", "method", "mean_abs", "max_abs", "mean_abs_large", "mean_abs_small", "worst"]]
                      .rename(columns={"mode": "rounding", "method": "treatment", "mean_abs": "mean |error|",
                                       "max_abs": "largest |error|", "mean_abs_large": "mean, largest third",
                                       "mean_abs_small": "mean, smallest third", "worst": "largest error in"}),
                      "Rounding experiment: absolute error of the TBI (TBI points) after rounding the unrounded "
                      "long-run WIOD tables (25 countries × 8 years) and balancing them with each treatment, against "
                      "the TBI of the unrounded tables; 'largest' and 'smallest third' rank countries by value added "
                      "in each year.", "tbl-tbi-rounding-experiment", index=False)  # errors: book.table's .4f


def _best_sentence(near: pd.Series, best_nearest: str) -> str:
    """Which treatment is most accurate under nearest rounding (``near``: mean |error| by treatment)."""
    disc, rowsum, none = (book.num(near[m], ".4f") for m in ("discrepancy", "rowsum", "none"))
    tied = round(near["rowsum"], 4) == round(near["discrepancy"], 4)
    if tied and set(near.nsmallest(2).index) == {"discrepancy", "rowsum"}:
        return (f"the two balancing treatments are the most accurate on average and practically tied "
                f"(“discrepancy” {disc}, “rowsum” {rowsum} TBI points), ahead of leaving the table unbalanced "
                f"({none}); the two agree to four decimals, so the book's default, “discrepancy”, is a convention "
                "rather than the more accurate choice")
    return (f"the most accurate treatment on average is “{best_nearest}” (mean error "
            f"{book.num(near[best_nearest], '.4f')} TBI points; leaving the table unbalanced gives {none}), which is "
            "why it is the book's default")


def experiment(accuracy: pd.DataFrame, profiles: pd.DataFrame, pooled: pd.Series) -> book.Passage:
    """Which treatment recovers the truth: ``best_sentence`` (under nearest rounding), ``best_trunc``, the
    errors of the default and of no balancing, ``small_vs_large``, ``worst_year``; guarded against the
    convention of :func:`fingerprints` and the mean gap to the paper (``pooled``)."""
    best = accuracy.loc[accuracy.groupby("mode")["mean_abs"].idxmin()].set_index("mode")
    by = accuracy.set_index(["mode", "method"])
    near = by.loc["nearest"]["mean_abs"]
    out = book.Passage()
    out.say("best_nearest", best.loc["nearest", "method"]).say("best_trunc", best.loc["trunc", "method"])
    out.say("best_nearest_err", book.num(best.loc["nearest", "mean_abs"], ".4f"))
    out.say("disc_nearest", book.num(near["discrepancy"], ".4f")).say("none_nearest", book.num(near["none"], ".4f"))
    out.say("small_vs_large", book.num(by.loc[("nearest", "discrepancy"), "mean_abs_small"]
                                       / by.loc[("nearest", "discrepancy"), "mean_abs_large"], ".0f"))
    out.say("default_method", "discrepancy").say("rowsum_nearest", book.num(near["rowsum"], ".4f"))
    out.say("best_sentence", _best_sentence(near, best.loc["nearest", "method"]))
    out.check((near[["spread", "expected"]] > near["discrepancy"]).all(),
              "under rounding to the nearest million, both corrections for truncation do worse than the default")
    out.check(near.max() - near.min() < pooled["mean |difference|"],
              "the treatments differ by less than the mean gap to the paper (the text says the differences are small)")
    worst_years = {w.split()[-1] for w in accuracy["worst"]}
    out.say("worst_year", f"; every treatment's largest error falls in {worst_years.pop()}, the earliest table"
            if len(worst_years) == 1 else "")
    # The experiment decides the book's default: if another treatment becomes more accurate under the
    # convention the 2013 files show, this check fails and the default (balance_method) must change.
    out.check(best.loc[_closer(profiles), "method"] == "discrepancy",
              DEFAULT_IS_BEST)
    return out


def rounding_inputs(release: str, balance: str) -> dict:
    """What the appendix's visible cells compute, for the chapter's short paragraph: ``by_method`` (the TBI
    panel of each of :data:`METHODS`, indexed by country and year), ``change`` (absolute change of the TBI under
    each other treatment than ``balance``), ``profiles`` (the row-gap fingerprints of the published 2013 table of
    2000 and of the long-run table of 2000 rounded and truncated), ``accuracy`` (the experiment's error table)
    and ``balance``."""
    by_method = {m: tbi_panel(release, balance_method=m, progress=False).set_index(["country", "year"]) for m in METHODS}
    base = by_method[balance]["tbi"]
    change = pd.DataFrame({m: (by_method[m]["tbi"] - base).abs() for m in METHODS if m != balance})
    truth = longrun.read_longrun(2000).table
    profiles = pd.DataFrame({
        "WIOD 2013 file, 2000": rounding.row_gap_profile(releases.load_table("2013", 2000, balance_method="none")),
        "LR-WIOD 2000, rounded": rounding.row_gap_profile(rounding.round_table(truth, "nearest")),
        "LR-WIOD 2000, truncated": rounding.row_gap_profile(rounding.round_table(truth, "trunc")),
    }).T  # fmt: skip
    accuracy = rounding.error_table(rounding.longrun_rounding_experiment())
    return {"by_method": by_method, "change": change, "profiles": profiles, "accuracy": accuracy, "balance": balance}


def rounding_brief(inputs: dict, chosen: list[str], pooled: pd.Series, release: str, label: str) -> book.Passage:
    """The chapter's short paragraph on rounding (the appendix has the detail): ``stored``, ``sens_chosen_max``,
    ``sens_vs_paper``, ``rounding_sensitivity`` (how far the other treatments move the chosen economies' TBI,
    against the mean gap to the paper) and ``rounding_experiment`` (which treatment recovers the truth under
    the convention the 2013 files show). ``inputs`` is :func:`rounding_inputs`."""
    moved = inputs["change"].loc[chosen].to_numpy().max()
    gap = pooled["mean |difference|"]
    out = book.Passage().say("stored", stored(release, label)).say("sens_chosen_max", book.num(moved, ".4f"))
    out.say("sens_vs_paper", _vs_paper(moved, gap))
    out.say("rounding_sensitivity", f"Compared with the treatment this chapter runs on (“{inputs['balance']}”), the "
            f"other two move the index of the chosen economies by at most {book.num(moved, '.4f')}, "
            f"{_vs_paper(moved, gap)} the mean gap to the paper ({book.num(gap, '.4f')}).")
    closer = _closer(inputs["profiles"])
    errors = inputs["accuracy"].set_index(["mode", "method"]).loc[closer]["mean_abs"]
    none = book.num(errors["none"], ".4f")
    tied = round(errors["rowsum"], 4) == round(errors["discrepancy"], 4)
    found = (f"the two balancing treatments recover the true index equally well (mean error "
             f"{book.num(errors['discrepancy'], '.4f')} TBI points) and better than leaving the table unbalanced ({none})"
             if tied and set(errors.nsmallest(2).index) == {"discrepancy", "rowsum"} else
             f"“{errors.idxmin()}” recovers the true index best (mean error {book.num(errors.min(), '.4f')} TBI points; "
             f"leaving the table unbalanced gives {none})")
    out.say("rounding_experiment", "An experiment on the long-run WIOD, which is stored unrounded, finds that when its "
            f"tables are {CONVENTIONS[closer]}, as the 2013 files appear to be, {found}.")
    out.check(errors.idxmin() == "discrepancy" or tied,
              DEFAULT_IS_BEST)
    return out


# --------------------------------------------------------------------------- ranking in one year


def _ranked(in_year: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(all countries of the year from the lowest TBI up, those the figure shows: N_SHOWN at each end)."""
    ranked = in_year.sort_values("tbi")
    shown = pd.concat([ranked.head(N_SHOWN), ranked.tail(N_SHOWN)]) if len(ranked) > 2 * N_SHOWN else ranked
    return ranked, shown


def figure_ranking(in_year: pd.DataFrame, year: int) -> plt.Figure:
    """Bars of the value-added TBI of the countries at both ends of the ranking, dots for the customs TBI."""
    ranked, shown = _ranked(in_year)
    positions = np.arange(len(shown), dtype=float)
    if len(shown) < len(ranked):
        positions[N_SHOWN:] += 1  # a gap between the two groups
    fig, ax = plt.subplots(figsize=(plotting.WIDTH, 0.24 * len(positions) + 1.4))
    ax.barh(positions, shown["tbi"], color=np.where(shown["tbi"] < 0, "tab:red", "tab:blue"), alpha=0.85)
    ax.scatter(shown["tbi_gross"], positions, color="black", s=14, zorder=3)
    ax.set_yticks(positions, [_name(c) for c in shown.index])
    if len(shown) < len(ranked):
        ax.text(0, N_SHOWN, f"… {len(ranked) - 2 * N_SHOWN} countries not shown …", ha="center", va="center",
                fontsize=9, color="0.3", bbox={"facecolor": "white", "edgecolor": "none"})
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(f"TBI, {year}")
    ax.grid(axis="y", visible=False)
    legend = [Patch(color="tab:blue", alpha=0.85, label="value-added TBI, surplus"),
              Patch(color="tab:red", alpha=0.85, label="value-added TBI, deficit"),
              Line2D([], [], color="black", marker="o", linestyle="", markersize=4, label="customs (gross) TBI")]
    ax.legend(handles=legend, loc="lower right")
    plt.close(fig)
    return fig


def table_ranking(in_year: pd.DataFrame, year: int) -> book.MystMarkdown:
    """Every country of the year by its value-added TBI, with the customs TBI and the flows (bn USD)."""
    ranking = in_year.sort_values("tbi", ascending=False)[["tbi", "tbi_gross", "va_exports", "va_imports"]].copy()
    ranking[["va_exports", "va_imports"]] /= 1e3
    ranking.insert(0, "rank", range(1, len(ranking) + 1))
    ranking.index = ranking.index.map(_name)
    return book.table(ranking.rename_axis("country").rename(columns={
                          "tbi": "TBI", "tbi_gross": "customs TBI", "va_exports": "VA exports (bn USD)",
                          "va_imports": "VA imports (bn USD)"}),
                      f"Ranking of all {len(ranking)} countries by their value-added TBI, {year}, with the customs TBI "
                      "and value-added exports and imports (billions of current US dollars).", "tbl-tbi-ranking",
                      formats={"VA exports (bn USD)": ",.1f", "VA imports (bn USD)": ",.1f"})  # TBIs .4f, rank ,d


def ranking(in_year: pd.DataFrame) -> book.Passage:
    """The two ends of the ranking (``top_*``, ``bottom_*``), ``n_surplus`` and ``n_shown`` (per end)."""
    ranked, _ = _ranked(in_year)
    out = book.Passage()
    out.say("top_country", _the(ranked.index[-1])).say("top_tbi", book.num(ranked["tbi"].iloc[-1], ".4f"))
    out.say("bottom_country", _the(ranked.index[0])).say("bottom_tbi", book.num(ranked["tbi"].iloc[0], ".4f"))
    out.say("n_surplus", claims.count(int((in_year["tbi"] > 0).sum()), len(in_year), "countries"))
    out.say("n_shown", N_SHOWN if len(ranked) > 2 * N_SHOWN else len(ranked))
    return out


# --------------------------------------------------------------------------- a country profile


def figure_profile(panel: pd.DataFrame, kof: pd.DataFrame, focus: str) -> plt.Figure:
    """The economy's value-added and customs TBI by year (left) and its KOF overall de jure index (right)."""
    rows = panel[panel["country"] == focus].set_index("year")
    fig, (left, right) = plt.subplots(1, 2, figsize=(plotting.WIDTH, 3.2))
    left.plot(rows["tbi"], marker="o", label="TBI (value added)")
    left.plot(rows["tbi_gross"], marker="s", label="customs TBI")
    plotting.zero_line(left)
    left.set_title(_name(focus), fontsize=10)
    left.legend(fontsize=8)
    kof_focus = kof[kof["country"] == focus].set_index("year")["KOFGIdj"]
    right.plot(kof_focus.loc[rows.index.min():rows.index.max()], color="0.3")
    right.set_title("KOF overall de jure index", fontsize=10)
    plt.close(fig)
    return fig


def profile(panel: pd.DataFrame, flows: pd.DataFrame, kof: pd.DataFrame, focus: str, years) -> book.Passage:
    """:func:`lib.report.narrative.country_profile` of ``focus`` in its last year, as ``profile_<key>``."""
    rows = panel[panel["country"] == focus].set_index("year")
    out = book.Passage()
    for key, phrase in narrative.country_profile(panel, flows, kof, focus, int(rows.index.max())).items():
        out.say(f"profile_{key}", phrase)
    out.check(len(rows) == len(years), "the profile has a TBI for every year of the release")
    return out


# --------------------------------------------------------------------------- exercises


def exercise2(lhs: float, rhs: float, balance: str) -> book.Passage:
    """Germany's gross over value-added turnover (``ex2_ratio``) and the share of gross trade it does not
    match (``ex2_share``); ``lhs`` is its TBI over its customs TBI, equal to ``rhs`` in a balanced table."""
    out = book.Passage().say("ex2_ratio", book.num(rhs, ".2f")).say("ex2_share", book.num(100 * (1 - 1 / rhs), ".0f"))
    out.check_if(balance != "none", lambda: np.isclose(lhs, rhs, rtol=1e-6), "the two ratios agree for Germany")
    return out


def table_exercise3(growth: pd.DataFrame, first: int, last: int) -> book.MystMarkdown:
    """The countries whose TBI changed sign between ``first`` and ``last``, with the growth of their flows."""
    return book.table(growth.rename(index=_name).rename_axis("country"),
                      f"Countries whose TBI changed sign between {first} and {last}, with the growth of their "
                      "value-added exports and imports over the period and the flow whose growth departs more from "
                      "the median country's growth of the same flow in the direction of the move (“fast” or “slow” "
                      "against it; “neither flow” when both departures point the other way).", "tbl-tbi-ex3",
                      formats={"VA exports, growth %": ".0f", "VA imports, growth %": ".0f"})  # TBIs: .4f


def exercise3(growth: pd.DataFrame, panel: pd.DataFrame, typical_x: float, typical_m: float) -> book.Passage:
    """Who changed sign (``ex3_n``, ``ex3_up``, ``ex3_down``), the median growth of the flows and how many moves
    came mainly from exports (``ex3_x``). ``growth`` is the solution's table of the countries that changed sign."""
    last = panel["year"].max()
    out = book.Passage().say("ex3_n", claims.count(len(growth), panel["country"].nunique(), "countries"))
    out.say("ex3_up", claims.join((_the(c) for c in growth.index[growth[f"TBI {last}"] > 0]), empty="no country"))
    out.say("ex3_down", claims.join((_the(c) for c in growth.index[growth[f"TBI {last}"] < 0]), empty="no country"))
    out.say("ex3_typical_x", book.num(typical_x, ".0f")).say("ex3_typical_m", book.num(typical_m, ".0f"))
    n_x = int(growth["mainly"].str.startswith("exports").sum())
    out.say("ex3_x", claims.count(n_x, len(growth)) if len(growth) else "none of the")
    return out


def _top_sentence(disagreement: pd.Series) -> str:
    """Who accounts for the largest share of the remaining disagreement (shares in %, largest first)."""
    tied = disagreement[disagreement >= disagreement.iloc[0] - TIED_SHARE]
    if len(tied) == 1:
        text = (f"{_the(tied.index[0])} accounts for the largest part of the remaining disagreement, "
                f"{book.num(tied.iloc[0], '.0f')} %")
    else:
        text = (claims.join(_the(c) for c in tied.index) + " account for equal parts of the remaining disagreement, "
                f"about {book.num(tied.iloc[0], '.0f')} % each")
    return _capital(text)


def exercise4(two_way_corr: float, pooled: pd.Series, disagreement: pd.Series) -> book.Passage:
    """The two-way within correlation (``ex4_corr``, ``ex4_word``) against the country-only one (``ex4_vs``,
    ``ex4_within``) and the economy with the largest share of the remaining disagreement (``ex4_top_sentence``)."""
    within = pooled["within correlation"]
    out = book.Passage().say("ex4_corr", book.num(two_way_corr, ".3f")).say("ex4_word", claims.correlation(two_way_corr))
    out.say("ex4_vs", "higher than" if two_way_corr > within + ABOUT_SAME else
            "lower than" if two_way_corr < within - ABOUT_SAME else "about the same as")
    out.say("ex4_within", book.num(within, ".3f"))
    out.say("ex4_top_sentence", _top_sentence(disagreement))
    return out
