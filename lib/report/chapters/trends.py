"""The words of the trends chapter (``chapters/trends.ipynb``): the KOF de jure indices of developed and
developing countries, the paper's Figure 1 and the two steps in it (EU accession in 2004, a data step in 2014).

One public function per section of the chapter returns a :class:`lib.report.book.Passage` (its phrases
and guards); the notebook hands it to ``ch.add(...)``. The chapter's tables and figures are drawn here
too, so that each hidden cell of the notebook is a one- or two-line call. Small private helpers do the
arithmetic the sentences need; the data (the KOF sample, the group averages, the one-year changes) come
from the notebook's visible cells.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...data import countries, macro, releases
from .. import book, claims, plotting

# Short names of the KOF de jure indices, for panel titles and table rows.
NAMES = {"KOFGIdj": "overall", "KOFEcGIdj": "economic", "KOFTrGIdj": "trade",
         "KOFFiGIdj": "financial", "KOFPoGIdj": "political"}  # fmt: skip

GROUPS = ("developed", "developing")
WITHOUT = "developing without the 2004 EU entrants"
ENTRANTS = "2004 EU entrants in the developing group"
# The chapter's default view, on which the guards of the paper's reading are known to hold.
DEFAULT_VIEW = ("2019", "paper", "2016", 2000, 2008, 2014)


# --------------------------------------------------------------------------- arithmetic


def _change(frame: pd.DataFrame, index: str, start: int, end: int) -> float:
    """Change of the average of ``index`` over the countries of ``frame`` from ``start`` to ``end`` (points)."""
    by_year = frame.groupby("year")[index].mean()
    return float(by_year.loc[end] - by_year.loc[start])


def _pace(frame: pd.DataFrame, index: str, first: int, crisis: int, end: int) -> tuple[float, float]:
    """Points per year before the crisis and after it (to ``end``)."""
    return (_change(frame, index, first, crisis) / (crisis - first),
            _change(frame, index, crisis, end) / (end - crisis))  # fmt: skip


def _step(frame: pd.DataFrame, index: str, year: int) -> pd.Series:
    """Each country's change of ``index`` from ``year - 1`` to ``year``."""
    wide = frame.pivot(index="year", columns="country", values=index)
    return wide.loc[year] - wide.loc[year - 1]


def _names(codes) -> list[str]:
    """Country names with their article ("the Czech Republic")."""
    return [countries.name(c, article=True) for c in codes]


# --------------------------------------------------------------------------- parameters


def validate(kof_release: str, split: str, indices, first_year: int, crisis_year: int, last_year: int) -> tuple:
    """The chapter's parameters checked against the KOF release: ``(KOF_RELEASE, SPLIT, INDICES, FIRST_YEAR,
    CRISIS_YEAR, LAST_YEAR)``. A value out of range raises the ValueError of :func:`lib.report.book.require`."""
    book.require(kof_release, ("2019", "2023"), "KOF_RELEASE")
    book.require(split, ("paper", "imf"), "SPLIT")
    for index in indices:
        book.require(index, macro.KOF_INDICES, "INDICES")
    kof_years = sorted(macro.load_kof(kof_release)["year"].unique())
    book.require(first_year, range(int(kof_years[0]), 2004), "FIRST_YEAR")
    book.require(crisis_year, range(first_year + 1, 2014), "CRISIS_YEAR")
    book.require(last_year, range(max(crisis_year + 2, 2014), int(kof_years[-1]) + 1), "LAST_YEAR")
    return kof_release, split, indices, first_year, crisis_year, last_year


def parameters(kof_release: str, first_year: int, crisis_year: int, last_year: int) -> book.Passage:
    """``kof_release`` and the years of the text: ``first``, ``crisis``, ``last`` and ``before_last``."""
    out = book.Passage().say("kof_release", kof_release)
    for name, year in (("first", first_year), ("crisis", crisis_year), ("last", last_year),
                       ("before_last", last_year - 1)):  # fmt: skip
        out.say(name, str(year))
    return out


# --------------------------------------------------------------------------- which countries, which are developed


def table_groups(sample_countries, developed, entrants, split: str, release: str) -> book.MystMarkdown:
    """The two groups with their members (entrants of 2004 marked †), ``tbl-trends-groups``."""

    def members(dev: bool) -> list[str]:
        return [c for c in sample_countries if (c in developed) == dev]

    def member_list(codes) -> str:
        return ", ".join(countries.name(c) + ("†" if c in entrants else "")
                         for c in sorted(codes, key=countries.name))  # fmt: skip

    shown = pd.DataFrame({
        "countries": [len(members(dev)) for dev in (True, False)],
        "members († joined the EU in 2004)": [member_list(members(dev)) for dev in (True, False)],
    }, index=list(GROUPS))  # fmt: skip
    return book.table(shown, f"The two groups under the split rule '{split}', {len(sample_countries)} countries of the "
                      f"WIOD {release} release that KOF covers.", "tbl-trends-groups")


def sample_split(sample_countries, developed, entrants, splits: dict, release: str) -> book.Passage:
    """The sample and its split: ``n_countries``, ``missing`` (WIOD countries KOF lacks), ``n_dev``/``n_devg``,
    the counts on the paper's 41 countries (without Romania) ``n_dev41``/``n_devg41``, ``n_imf41`` and
    ``n_imf_excess`` (IMF advanced economies beyond the paper's 22), and ``n_entrants_devg``."""
    out = book.Passage()
    missing = sorted(set(releases.release(release).countries) - {"ROW"} - set(sample_countries))
    n_dev = len(set(sample_countries) & developed)
    out.say("n_countries", len(sample_countries))
    out.say("missing", ", ".join(countries.name(c) for c in missing) if missing else "none")
    out.say("n_dev", n_dev).say("n_devg", len(sample_countries) - n_dev)
    paper41 = [c for c in sample_countries if c != "ROU"]
    n_dev41, n_imf41 = len(set(paper41) & splits["paper"]), len(set(paper41) & splits["imf"])
    out.say("n_dev41", n_dev41).say("n_devg41", len(paper41) - n_dev41)
    out.say("n_imf41", n_imf41).say("n_imf_excess", n_imf41 - 22)
    out.say("n_entrants_devg", claims.count(len(set(entrants) - developed), len(entrants)))
    out.check("ROU" in sample_countries and "TWN" not in sample_countries, "Romania kept, Taiwan absent from KOF")
    out.check_if(release == "2016", lambda: (len(paper41), n_dev41) == (41, 22),
                 "our default rule gives the paper's 22/19 on its 41 countries")
    out.check_if(release == "2016", lambda: n_imf41 - 22 > 0, "the IMF list has more developed countries than 22")
    return out


# --------------------------------------------------------------------------- the paper's Figure 1


def _finish_panels(fig, axes, indices, top: float):
    """Titles, axis labels and one legend above the panels of a figure with one panel per KOF index."""
    for ax, index in zip(axes[:, 0], indices):
        ax.set_title(f"{NAMES[index]} ({index})", loc="left")
        ax.set_ylabel("index (1–100)")
    axes[-1, 0].set_xlabel("year")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=2, bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0, 1, top))
    return fig


def figure_kof(means: pd.DataFrame, indices, crisis_year: int) -> plt.Figure:
    """The paper's Figure 1: one panel per index, the two groups' averages by year (``fig-trends-kof``)."""
    height = 2.4 + 1.5 * len(indices)
    fig, axes = plt.subplots(len(indices), 1, figsize=(plotting.WIDTH, height), sharex=True, sharey=True, squeeze=False)
    for ax, index in zip(axes[:, 0], indices):
        for group, style in (("developed", "-o"), ("developing", "-s")):
            ax.plot(means.index, means[(index, group)], style, markersize=3.5, label=group)
        ax.axvline(crisis_year, color="0.5", linestyle=":", linewidth=1)
    return _finish_panels(fig, axes, indices, top=0.95)


def statements(groups: dict, scale: dict, first_year: int, crisis_year: int, last_year: int) -> pd.DataFrame:
    """The paper's four sentences on its Figure 1, as six checkable statements: the changes of the group
    averages before the crisis, after it to the last year and to the year before, and whether our numbers
    agree with each statement to either end. ``groups`` maps "developed"/"developing" to the countries'
    rows in the window, ``scale`` each index to the cross-country SD of the first year."""

    def moved(frame, index, start, end) -> str:
        return claims.change(_change(frame, index, start, end), scale[index])

    def pre(f, i):
        return moved(f, i, first_year, crisis_year)

    # (statement, group, index, test of our numbers for a period ending in `end`)
    tests = [
        ("overall index of developed countries: no obvious change", "developed", "KOFGIdj",
         lambda f, i, end: pre(f, i) == "barely moved" and moved(f, i, crisis_year, end) == "barely moved"),
        ("overall index of developing countries: rose quickly before the crisis", "developing", "KOFGIdj",
         lambda f, i, end: pre(f, i) == "rose"),
        ("overall index of developing countries: grew more slowly after the crisis", "developing", "KOFGIdj",
         lambda f, i, end: _pace(f, i, first_year, crisis_year, end)[1] < _pace(f, i, first_year, crisis_year, end)[0]),
        ("economic index of developed countries: fell continuously from 2000", "developed", "KOFEcGIdj",
         lambda f, i, end: pre(f, i) == "fell" and moved(f, i, crisis_year, end) == "fell"),
        ("economic index of developing countries: rose until the crisis", "developing", "KOFEcGIdj",
         lambda f, i, end: pre(f, i) == "rose"),
        ("economic index of developing countries: fell after the crisis", "developing", "KOFEcGIdj",
         lambda f, i, end: moved(f, i, crisis_year, end) == "fell"),
    ]  # fmt: skip
    rows = []
    for statement, group, index, test in tests:
        f = groups[group]
        rows.append({
            "the paper says": statement,
            f"{first_year}→{crisis_year}": _change(f, index, first_year, crisis_year),
            f"{crisis_year}→{last_year}": _change(f, index, crisis_year, last_year),
            f"{crisis_year}→{last_year - 1}": _change(f, index, crisis_year, last_year - 1),
            f"agrees, to {last_year}": "yes" if test(f, index, last_year) else "no",
            f"agrees, to {last_year - 1}": "yes" if test(f, index, last_year - 1) else "no",
        })  # fmt: skip
    return pd.DataFrame(rows)


def table_statements(reading: pd.DataFrame, scale: dict, first_year: int) -> book.MystMarkdown:
    """:func:`statements` as ``tbl-trends-reading``, the thresholds of "barely moved" in the caption."""
    return book.table(
        reading, "The paper's reading of its Figure 1, checked against our group averages: changes in index points. "
        f"'Barely moved' means less than {claims.LITTLE:g} times the cross-country standard deviation in "
        f"{first_year}: {claims.LITTLE * scale['KOFGIdj']:.2f} points for KOFGIdj (standard deviation "
        f"{scale['KOFGIdj']:.1f}), {claims.LITTLE * scale['KOFEcGIdj']:.2f} for KOFEcGIdj "
        f"({scale['KOFEcGIdj']:.1f}); 'more slowly' compares points per year before and after the crisis.",
        "tbl-trends-reading", index=False, formats={c: "+.2f" for c in reading.columns[1:4]})


def paper_reading(reading: pd.DataFrame, groups: dict, scale: dict, kof_release: str, split: str, release: str,
                  first: int, crisis: int, last: int) -> book.Passage:  # fmt: skip
    """What the numbers say about the paper's reading (``reading`` from :func:`statements`).

    ``n_agree``/``n_agree_before`` (statements that agree to the last year / the year before), ``flipped`` and
    ``flipped_sentence`` (those whose verdict that one year decides), the developed countries' indices before
    the crisis (``dev_ec_*``, ``dev_gi_*``, ``dev_but``), the developing countries' pace of the overall index
    (``devg_gi_pace_pre``/``_post``) and the gap between the groups' overall indices (``gap_*``).
    """
    out = book.Passage()
    agree, agree_before = (int((reading[f"agrees, to {end}"] == "yes").sum()) for end in (last, last - 1))
    out.say("n_agree", claims.count(agree, len(reading)))
    out.say("n_agree_before", claims.count(agree_before, len(reading)))
    dev, devg = groups["developed"], groups["developing"]
    dev_ec = dev.groupby("year")["KOFEcGIdj"].mean()
    for name, year in (("dev_ec_first", first), ("dev_ec_crisis", crisis), ("dev_ec_last", last)):
        out.say(name, book.num(dev_ec.loc[year], ".1f"))
    words = {}
    for short, index in (("ec", "KOFEcGIdj"), ("gi", "KOFGIdj")):
        delta = _change(dev, index, first, crisis)
        words[short] = claims.change(delta, scale[index])
        out.say(f"dev_{short}_pre", book.num(delta, ".2f")).say(f"dev_{short}_pre_word", words[short])
    out.say("dev_but", "but" if words["gi"] != words["ec"] else "and")
    pre, post = _pace(devg, "KOFGIdj", first, crisis, last)
    out.say("devg_gi_pace_pre", book.num(pre, ".2f")).say("devg_gi_pace_post", book.num(post, ".2f"))
    flipped = reading[reading[f"agrees, to {last}"] != reading[f"agrees, to {last - 1}"]]
    out.say("flipped", "; ".join(f"“{s}”" for s in flipped["the paper says"]) if len(flipped) else "none")
    out.say("flipped_sentence", (
        f"It matters for the paper's reading of Figure 1: ending the period a year earlier changes the verdict on "
        f"{len(flipped)} of its {len(reading)} statements" if len(flipped) else
        "With these parameters, ending the period a year earlier changes none of the verdicts on the paper's reading "
        "of Figure 1"))  # fmt: skip
    gap = dev.groupby("year")["KOFGIdj"].mean() - devg.groupby("year")["KOFGIdj"].mean()
    for name, year in (("gap_first", first), ("gap_crisis", crisis), ("gap_last", last)):
        out.say(name, book.num(gap.loc[year], ".1f"))
    out.say("gap_word", claims.change(gap.loc[last] - gap.loc[first], scale["KOFGIdj"], up="widened",
                                      down="narrowed", flat="barely changed"))  # fmt: skip
    default_view = (kof_release, split, release, first, crisis, last) == DEFAULT_VIEW
    out.check_if(default_view, lambda: words["ec"] == "fell",
                 "the developed countries' economic index fell before 2008")
    out.check_if(default_view, lambda: agree_before > agree,
                 "ending a year earlier, more of the paper's statements hold")
    return out


# --------------------------------------------------------------------------- a step in 2004: the new EU members


def table_2004(steps_2004: pd.DataFrame, entrants, developing_now) -> book.MystMarkdown:
    """The eight largest changes of the economic index from 2003 to 2004, ``tbl-trends-2004``."""
    top = steps_2004.sort_values("KOFEcGIdj", ascending=False).head(8)
    shown = top.rename(columns={"KOFEcGIdj": "economic", "KOFTrGIdj": "trade", "KOFFiGIdj": "financial"})
    shown.index = [countries.name(c) + ("†" if c in entrants else "")
                   + ("" if c in developing_now else " (developed)") for c in top.index]  # fmt: skip
    return book.table(
        shown, "The eight largest changes of the economic de jure index from 2003 to 2004 (index points), with "
        "its trade and financial parts, and each developing country's share of the sum of the developing "
        "countries' changes. † joined the EU on 1 May 2004.", "tbl-trends-2004",
        formats={"economic": "+.1f", "trade": "+.1f", "financial": "+.1f", "share of the developing step (%)": ".0f"})


def step_2004(sample: pd.DataFrame, steps_2004: pd.DataFrame, developing_now, entrants, split: str,
              first_year: int, last_year: int) -> book.Passage:  # fmt: skip
    """Who makes the developing group's step of 2004: ``devg_step``, the entrants' part (``entrants_part``,
    ``entrant_share``, ``n_entrants_in_devg``), the others' (``others_step``), the entrants' largest changes
    (``top5``), the convergence of their trade indices (``tr_*``) and the verdict (``composition``,
    ``step_summary``)."""
    out = book.Passage()
    ec = steps_2004["KOFEcGIdj"]
    entrants_devg = [c for c in entrants if c in developing_now]
    others_devg = [c for c in developing_now if c not in entrants]
    share = 100 * ec.loc[entrants_devg].sum() / ec.loc[developing_now].sum()
    out.say("devg_step", book.num(ec.loc[developing_now].mean(), ".2f"))
    out.say("entrants_part", book.num(ec.loc[entrants_devg].sum() / len(developing_now), ".2f"))
    out.say("others_step", book.num(ec.loc[others_devg].mean(), ".2f"))
    out.say("entrant_share", book.num(share, ".0f"))
    out.say("n_entrants_in_devg", len(entrants_devg)).say("n_devg_now", len(developing_now))
    top5 = ec.loc[entrants].sort_values(ascending=False).head(5)
    out.say("top5", ", ".join(f"{countries.name(c)} {book.signed(v, '.1f')}" for c, v in top5.items()))
    trade = sample.pivot(index="year", columns="country", values="KOFTrGIdj")[entrants]
    for year in (2003, 2004):
        out.say(f"tr_sd_{year}", book.num(trade.loc[year].std(), ".1f"))
    out.say("tr_mean_2004", book.num(trade.loc[2004].mean(), ".1f"))
    out.say("tr_min_2003", book.num(trade.loc[2003].min(), ".1f"))
    out.say("tr_max_2003", book.num(trade.loc[2003].max(), ".1f"))
    steps_devg = sample[sample["country"].isin(developing_now)].groupby("year")["KOFEcGIdj"].mean().diff()
    largest = int(steps_devg.loc[first_year + 1:last_year].idxmax())
    out.check_if(split == "paper" and first_year <= 2003, lambda: largest in (2004, 2014),
                 "2004 (or 2014) is the developing group's largest one-year step of the economic index")
    out.check(trade.loc[2004].std() < trade.loc[2003].std(), "the entrants' trade indices converge in 2004")
    out.check_if(split == "paper", lambda: share > 50, "the entrants make most of the 2004 step")
    most = share > 50
    n_words = {1: "one country", 2: "two countries", 10: "ten countries"}.get(
        len(entrants_devg), f"{len(entrants_devg)} countries")
    out.say("n_entrants_words", n_words)
    out.say("composition", (
        "So the step in the developing countries' curve is a **composition effect**: the group contains "
        f"{n_words} that made one large, simultaneous policy change" if most else
        "So part of the step in the developing countries' curve is a **composition effect**, although under this "
        f"split the group contains only {n_words} that made one large, simultaneous policy change"))  # fmt: skip
    out.say("step_summary", (
        f"{out['entrant_share']} % of it from the new EU members in the group) reflects accession to the "
        "Union's trade and capital-market rules, a composition effect" if most else
        f"{out['entrant_share']} % of it from the new EU members in the group) reflects accession only "
        "in part under this split"))  # fmt: skip
    return out


def figure_eu(curve_means: dict, indices, crisis_year: int) -> plt.Figure:
    """The developing average with and without the 2004 entrants, beside the developed one and the entrants'
    own (``fig-trends-eu``); ``curve_means`` maps each curve's name to its averages by year."""
    styles = {
        "developed": dict(color="tab:blue", marker="o"),
        "developing": dict(color="tab:orange", marker="s"),
        WITHOUT: dict(color="tab:green", marker="^"),
        ENTRANTS: dict(color="tab:red", linestyle="--", marker="v"),
    }
    height = 2.8 + 1.6 * len(indices)
    fig, axes = plt.subplots(len(indices), 1, figsize=(plotting.WIDTH, height), sharex=True, sharey=True, squeeze=False)
    for ax, index in zip(axes[:, 0], indices):
        for name, values in curve_means.items():
            ax.plot(values.index, values[index], markersize=3, label=name, **styles[name])
        for year in (2004, crisis_year):
            ax.axvline(year, color="0.5", linestyle=":", linewidth=1)
    return _finish_panels(fig, axes, indices, top=0.9 if len(indices) < 3 else 0.93)


def table_changes(changes: pd.DataFrame) -> book.MystMarkdown:
    """The curves' changes before and after the crisis, ``tbl-trends-changes``."""
    shown = changes.copy()
    shown.index = [f"{NAMES[i]}, {p}" for i, p in changes.index]
    shown.columns = [c.replace(WITHOUT, "developing without entrants").replace(ENTRANTS, "entrants (developing)")
                     for c in shown.columns]  # fmt: skip
    return book.table(
        shown, "Change of the group averages (index points) before and after the crisis: developed, "
        "developing, developing without the ten 2004 EU entrants, and the entrants classed as developing.",
        "tbl-trends-changes", formats={c: "+.2f" for c in shown.columns})


def group_means(curves: dict, indices, kof_release: str, split: str) -> pd.DataFrame:
    """The curves' averages and country counts by year and index, one row each (the chapter's download)."""
    long = pd.concat({name: frame.groupby("year")[list(indices)].agg(["mean", "count"]) for name, frame in curves.items()})
    long = long.stack(level=0, future_stack=True).rename_axis(["group", "year", "index"]).reset_index()
    long = long.rename(columns={"mean": "average", "count": "countries"})
    long.insert(0, "kof_release", kof_release)
    long.insert(1, "split", split)
    return long


def download_group_means(curves: dict, indices, kof_release: str, split: str) -> book.MystMarkdown:
    """:func:`group_means` written to ``chapters/downloads`` and linked (:func:`lib.report.book.download`)."""
    return book.download(group_means(curves, indices, kof_release, split), f"kof_group_means_{kof_release}_{split}.csv",
                         "the group averages of the KOF indices")


def without_entrants(changes: pd.DataFrame, curve_means: dict, developing_now, entrants, indices, split: str,
                     first_year: int, crisis_year: int) -> book.Passage:  # fmt: skip
    """The developing curve without the entrants: ``index_e`` (the economic index, else the first shown),
    ``step_without``/``step_all`` (2003→2004), ``ec_without_pre``/``ec_devg_pre`` (before the crisis) and
    ``n_without``."""
    out = book.Passage()
    index_e = "KOFEcGIdj" if "KOFEcGIdj" in indices else indices[0]
    pre_col = f"{first_year}→{crisis_year}"
    out.say("index_e", index_e)
    out.say("ec_devg_pre", book.signed(changes.loc[(index_e, pre_col), "developing"], ".2f"))
    out.say("ec_without_pre", book.signed(changes.loc[(index_e, pre_col), WITHOUT], ".2f"))
    devg_means, without_means = curve_means["developing"][index_e], curve_means[WITHOUT][index_e]
    for name, means in (("step_all", devg_means), ("step_without", without_means)):
        out.say(name, book.signed(means.loc[2004] - means.loc[2003], ".2f") if 2003 >= first_year else "n/a")
    out.say("n_without", len([c for c in developing_now if c not in entrants]))
    out.check_if(split == "paper" and index_e == "KOFEcGIdj",
                 lambda: abs(without_means.loc[2004] - without_means.loc[2003])
                 < abs(devg_means.loc[2004] - devg_means.loc[2003]),
                 "leaving out the entrants makes the 2004 step smaller")  # fmt: skip
    return out


# --------------------------------------------------------------------------- a step in 2014: common to both groups


def table_2014(steps_2014: pd.DataFrame, steps_2015: pd.DataFrame, where: pd.Series, eu: pd.Series,
               kof_release: str) -> book.MystMarkdown:  # fmt: skip
    """The average steps of 2014 (trade, financial) and 2015 (financial) in and out of the sample and the EU,
    ``tbl-trends-2014``."""
    by = [where, eu]
    summary = pd.DataFrame({
        "countries": steps_2014["KOFTrGIdj"].groupby(by).count(),
        "trade, 2014": steps_2014["KOFTrGIdj"].groupby(by).mean(),
        "financial, 2014": steps_2014["KOFFiGIdj"].groupby(by).mean(),
        "financial rose in 2014 (%)": 100 * (steps_2014["KOFFiGIdj"] > 0).groupby(by).mean(),
        "financial, 2015": steps_2015["KOFFiGIdj"].groupby(by).mean(),
    }).sort_index(ascending=[False, True])  # fmt: skip
    summary.index = [f"{w}: {e}" for w, e in summary.index]
    return book.table(
        summary, "Average one-year change (index points) of the trade and financial de jure indices in 2014 "
        "(2013→2014) and of the financial index in 2015, for the sample countries and all other countries in "
        f"KOF's {kof_release} release, EU members (in 2014) and others. 'Countries' counts those with a trade "
        "index; the financial averages cover every country with a financial index, a few more.", "tbl-trends-2014",
        formats={"trade, 2014": "+.2f", "financial, 2014": "+.2f", "financial, 2015": "+.2f",
                 "financial rose in 2014 (%)": ".0f"})  # fmt: skip


def figure_2014(steps_2014: pd.DataFrame, sample_countries, eu: pd.Series) -> plt.Figure:
    """Each sample country's trade and financial steps of 2014, EU members and others (``fig-trends-2014``)."""
    in_sample = steps_2014.loc[sample_countries]
    fig, ax = plt.subplots(figsize=(plotting.WIDTH, 4.2))
    for label, marker, color in (("EU members", "o", "tab:blue"), ("not in the EU", "s", "tab:orange")):
        part = in_sample[eu.loc[in_sample.index] == label]
        ax.scatter(part["KOFTrGIdj"], part["KOFFiGIdj"], marker=marker, color=color, label=label, s=28)
    for code, row in in_sample[in_sample["KOFTrGIdj"] < 0].iterrows():
        ax.annotate(countries.name(code), (row["KOFTrGIdj"], row["KOFFiGIdj"]), textcoords="offset points",
                    xytext=(4, 3), fontsize=9)  # fmt: skip
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel("change of the trade index KOFTrGIdj, 2013→2014 (points)")
    ax.set_ylabel("change of the financial index\nKOFFiGIdj (points)")
    ax.legend(loc="lower right")
    return fig


def is_average_of_parts(kof: pd.DataFrame, tolerance: float = 0.01) -> pd.Series:
    """Per row: whether the economic index ``KOFEcGIdj`` is the average of its trade and financial parts, to
    strictly less than ``tolerance`` points either way (KOF publishes two decimals)."""
    return ((kof["KOFTrGIdj"] + kof["KOFFiGIdj"]) / 2 - kof["KOFEcGIdj"]).abs() < tolerance


def step_2014(steps_2014: pd.DataFrame, steps_2015: pd.DataFrame, sample: pd.DataFrame, sample_countries,
              eu_members) -> book.Passage:  # fmt: skip
    """Where the step of 2014 comes from: each group's economic step (``ec14_dev``/``ec14_devg``), the
    economic index as the average of its parts (``half_share``), the financial step in the sample and in all
    of KOF and its reversal in 2015 (``n_fi_up``, ``n_kof``, ``world_fi_*``), and the trade step in and out of
    the EU (``n_tr_up_eu``, ``tr_eu``, ``tr_non_eu``, ``tr_fell``, ``tr_fell_eu``, ``world_tr_*``).
    ``steps_2014``/``steps_2015`` hold every KOF country's one-year changes, ``eu_members`` the EU of 2014."""
    out = book.Passage()
    s14 = steps_2014.loc[sample_countries]
    is_eu = s14.index.isin(eu_members)
    out.say("n_fi_up", claims.count(int((s14["KOFFiGIdj"] > 0).sum()), len(s14), "sample countries"))
    out.say("n_tr_up_eu", claims.count(int((s14.loc[is_eu, "KOFTrGIdj"] > 0).sum()), int(is_eu.sum()), "EU members"))
    tr_eu, tr_non_eu = s14.loc[is_eu, "KOFTrGIdj"].mean(), s14.loc[~is_eu, "KOFTrGIdj"].mean()
    out.say("tr_eu", book.num(tr_eu, ".2f")).say("tr_non_eu", book.num(tr_non_eu, ".2f"))
    fell = s14[s14["KOFTrGIdj"] < 0].sort_values("KOFTrGIdj")
    out.say("tr_fell", claims.join(_names(fell.index), empty="no country"))
    n_fell_eu = int(fell.index.isin(eu_members).sum())
    out.say("tr_fell_eu", "none of them an EU member" if n_fell_eu == 0 else
            "one of them an EU member" if n_fell_eu == 1 else f"{n_fell_eu} of them EU members")  # fmt: skip
    world_fi, world_fi_2015 = steps_2014["KOFFiGIdj"].mean(), steps_2015["KOFFiGIdj"].mean()
    out.say("world_fi_2014", book.num(world_fi, ".2f")).say("world_fi_2015", book.num(world_fi_2015, ".2f"))
    out.say("world_fi_undone", book.num(-100 * world_fi_2015 / world_fi, ".0f"))
    in_eu = steps_2014.index.isin(eu_members)
    out.say("world_tr_eu", book.num(steps_2014.loc[in_eu, "KOFTrGIdj"].mean(), ".2f"))
    out.say("world_tr_non_eu", book.num(steps_2014.loc[~in_eu, "KOFTrGIdj"].mean(), ".2f"))
    out.say("n_kof", steps_2014["KOFFiGIdj"].notna().sum())
    by_group = {g: _step(sample[sample["group"] == g], "KOFEcGIdj", 2014).mean() for g in GROUPS}
    out.say("ec14_dev", book.num(by_group["developed"], ".2f"))
    out.say("ec14_devg", book.num(by_group["developing"], ".2f"))
    both = sample[sample["country"].isin(sample_countries)].dropna(subset=["KOFTrGIdj", "KOFFiGIdj", "KOFEcGIdj"])
    half = is_average_of_parts(both)
    out.say("half_share", book.num(100 * half.mean(), ".0f"))
    out.check(half.mean() > 0.9, "the economic index is (nearly always) the average of its trade and financial parts")
    out.check(world_fi_2015 < 0 < world_fi, "the world-wide financial step of 2014 is partly reversed in 2015")
    out.check(tr_eu > tr_non_eu, "the trade step of 2014 is larger in EU members")
    out.check(min(by_group.values()) > 1, "both groups' economic index jumped (by more than a point) in 2014")
    return out


# --------------------------------------------------------------------------- exercises


def _kind(code: str) -> str:
    """'economic, de facto (KOFEcGIdf)' for a KOF variable name."""
    facto_or_jure = "de facto" if code.endswith("df") else "de jure"
    return f"{NAMES[code[:-2] + 'dj']}, {facto_or_jure} ({code})"


def table_ex1(after: pd.Series, crisis_year: int) -> book.MystMarkdown:
    """Exercise 1: the one-year changes after the crisis, de facto and de jure, ``tbl-trends-ex1``."""
    shown = after.unstack("group").rename(index=_kind).rename_axis("index")
    return book.table(shown, f"Change of the group averages from {crisis_year} to {crisis_year + 1} (index points), "
                      "de facto and de jure indices.", "tbl-trends-ex1",
                      formats={"developed": "+.2f", "developing": "+.2f"})


def exercise_1(after: pd.Series, window: pd.DataFrame, crisis_year: int) -> book.Passage:
    """Solution of exercise 1: the economic index's change in the year after the crisis, de facto
    (``ex1_facto_<group>``, from ``after``) and de jure (``ex1_jure_<group>``), and how many times as much the
    flows moved (``ex1_ratio``, ``ex1_more``)."""
    out = book.Passage().say("ex1_year", str(crisis_year + 1))
    ec_jure = window.groupby(["year", "group"])["KOFEcGIdj"].mean().unstack("group")
    d_jure = ec_jure.loc[crisis_year + 1] - ec_jure.loc[crisis_year]
    for group in GROUPS:
        out.say(f"ex1_facto_{group}", book.signed(after[("KOFEcGIdf", group)], ".2f"))
        out.say(f"ex1_jure_{group}", book.signed(d_jure[group], ".2f"))
    ratio = np.mean([abs(after[("KOFEcGIdf", g)]) for g in GROUPS]) / max(
        np.mean([abs(d_jure[g]) for g in GROUPS]), 1e-9)
    out.say("ex1_ratio", book.num(ratio, ".0f")).say("ex1_more", "more" if ratio > 1 else "less")
    return out


def exercise_2(sample: pd.DataFrame, splits: dict, entrants) -> book.Passage:
    """Solution of exercise 2: the developing group's step of 2004 under each split (``ex2_paper``,
    ``ex2_imf``) and the entrants the IMF split leaves developing (``ex2_left``)."""
    out = book.Passage()
    for rule, members in splits.items():
        devg = sample[~sample["country"].isin(members)].groupby("year")["KOFEcGIdj"].mean()
        out.say(f"ex2_{rule}", book.signed(devg.loc[2004] - devg.loc[2003], ".2f"))
    out.say("ex2_left", claims.join(countries.name(c) for c in sorted(set(entrants) - splits["imf"])))
    return out


def table_ex3(compare: pd.DataFrame) -> book.MystMarkdown:
    """Exercise 3: unweighted and GDP-weighted changes of the economic index, ``tbl-trends-ex3``."""
    return book.table(compare.rename_axis(["group", "period"]), "Change of the economic de jure index (points): "
                      "unweighted and GDP-weighted group averages.", "tbl-trends-ex3",
                      formats={"unweighted": "+.2f", "GDP-weighted": "+.2f"})  # fmt: skip


def table_ex3_top(top3: pd.DataFrame, crisis_year: int) -> book.MystMarkdown:
    """Exercise 3: the three largest economies of each group, ``tbl-trends-ex3-top``."""
    column = "share of the group's real GDP (%)"
    shown = top3.assign(country=top3["country"].map(countries.name), share=100 * top3["share"])
    return book.table(shown[["group", "country", "share"]].rename(columns={"share": column}),
                      f"The three largest economies of each group in {crisis_year}.", "tbl-trends-ex3-top", index=False,
                      formats={column: ".0f"})  # fmt: skip


def exercise_3(top3: pd.DataFrame, in_crisis: pd.DataFrame, compare: pd.DataFrame, scale: dict, u_mean: pd.DataFrame,
               w_mean: pd.DataFrame, split: str, first_year: int) -> book.Passage:  # fmt: skip
    """Solution of exercise 3: the largest weights (``ex3_top_<group>``, ``ex3_malta``), the developing step of
    2004 unweighted and weighted (``ex3_u_step``, ``ex3_w_step``) and the changes whose direction weighting
    changes (``ex3_differs``, in the words of the reading table)."""
    out = book.Passage()
    for group in GROUPS:
        part = top3[top3["group"] == group]
        out.say(f"ex3_top_{group}", claims.join(f"{countries.name(c, article=True)} ({100 * w:.0f} %)"
                                                for c, w in zip(part["country"], part["share"])))  # fmt: skip
    malta = in_crisis.loc[in_crisis["country"] == "MLT", "share"]
    out.say("ex3_malta", book.num(100 * malta.iloc[0], ".2f") if len(malta) else "no")
    words = {kind: [claims.change(v, scale["KOFEcGIdj"]) for v in compare[kind]]
             for kind in ("unweighted", "GDP-weighted")}  # fmt: skip
    differs = [f"{g}, {p} ({u} unweighted, {w} weighted)" for (g, p), u, w in
               zip(compare.index, words["unweighted"], words["GDP-weighted"]) if u != w]  # fmt: skip
    out.say("ex3_differs", (
        f"weighting changes the direction of {claims.count(len(differs), len(compare), 'changes')}: "
        + "; ".join(differs) if differs else
        f"weighting changes the direction of none of the {len(compare)} changes"))  # fmt: skip
    # validate() keeps FIRST_YEAR at 2003 or earlier, so both averages have 2003 and 2004.
    u_step = u_mean.loc[2004, "developing"] - u_mean.loc[2003, "developing"]
    w_step = w_mean.loc[2004, "developing"] - w_mean.loc[2003, "developing"]
    out.say("ex3_u_step", book.signed(u_step, ".2f")).say("ex3_w_step", book.signed(w_step, ".2f"))
    out.check_if(split == "paper" and first_year <= 2003, lambda: abs(w_step) < abs(u_step),
                 "the GDP-weighted developing step of 2004 is smaller than the unweighted one")
    return out
