"""The words of the trends chapter (lib.report.chapters.trends) on the chapter's two parameter sets, and
sentences that turn when their numbers do."""

import functools
import json
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from lib.data import macro, releases
from lib.econometrics import panel
from lib.report import book, claims
from lib.report.chapters import trends as words

matplotlib.use("Agg")
pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

# Helpers that compute afresh on every call: what the chapter functions return through them is part of the
# calling test's snapshot (tests/chapter_snapshots.py).
SNAPSHOT_HELPERS = {"_reading", "_step_2004"}

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): counts the tests read.
UNREAD_KEYS = {
    "n_devg_now", "n_entrants_words",
}

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "trends.ipynb"
DEFAULTS = book.chapter_defaults("trends")
SECOND = {**DEFAULTS, **json.loads(NOTEBOOK.read_text())["metadata"]["book"]["test_parameters"]}
PARAMETERS = pytest.mark.parametrize("name", ["defaults", "second"])
EU_2004 = ["CYP", "CZE", "EST", "HUN", "LTU", "LVA", "MLT", "POL", "SVK", "SVN"]
EU_2014 = set(EU_2004) | {"AUT", "BEL", "BGR", "DEU", "DNK", "ESP", "FIN", "FRA", "GBR", "GRC", "HRV", "IRL", "ITA",
                          "LUX", "NLD", "PRT", "ROU", "SWE"}  # fmt: skip


def _number(phrase: str) -> float:
    return float(str(phrase).replace(book.MINUS, "-"))


# --------------------------------------------------------------------------- the chapter's inputs, as its visible cells build them


@functools.cache
def _chapter(name: str) -> SimpleNamespace:
    p = {"defaults": DEFAULTS, "second": SECOND}[name]
    first_year, crisis, last, indices = p["FIRST_YEAR"], p["CRISIS_YEAR"], p["LAST_YEAR"], tuple(p["INDICES"])
    kof = macro.load_kof(p["KOF_RELEASE"])
    sample_countries = sorted((set(releases.release(p["RELEASE"]).countries) - {"ROW"}) & set(kof["country"]))
    developed = panel.SPLITS[p["SPLIT"]]
    sample = kof[kof["country"].isin(sample_countries)].copy()
    sample["group"] = np.where(sample["country"].isin(developed), "developed", "developing")
    window = sample[sample["year"].between(first_year, last)]
    first = sample[sample["year"] == first_year]
    scale = {i: float(first[i].std()) for i in ("KOFGIdj", "KOFEcGIdj")}
    groups = {g: window[window["group"] == g] for g in words.GROUPS}
    economic = ("KOFEcGIdj", "KOFTrGIdj", "KOFFiGIdj")
    developing_now = sorted(c for c in sample_countries if c not in developed)
    wide = {i: sample.pivot(index="year", columns="country", values=i) for i in economic}
    steps_2004 = pd.DataFrame({i: w.loc[2004] - w.loc[2003] for i, w in wide.items()})
    without = window[~window["country"].isin(EU_2004)]
    curves = {"developed": groups["developed"], "developing": groups["developing"],
              words.WITHOUT: without[without["group"] == "developing"],
              words.ENTRANTS: window[window["country"].isin([c for c in EU_2004 if c in developing_now])]}  # fmt: skip
    curve_means = {n: f.groupby("year")[list(indices)].mean() for n, f in curves.items()}
    periods = {f"{first_year}→{crisis}": (first_year, crisis), f"{crisis}→{last}": (crisis, last)}
    changes = pd.DataFrame({n: {(i, per): m.loc[e, i] - m.loc[s, i] for i in indices for per, (s, e) in periods.items()}
                            for n, m in curve_means.items()})  # fmt: skip
    kof_wide = {i: kof.pivot(index="year", columns="country", values=i) for i in economic}
    steps_2014 = pd.DataFrame({i: w.loc[2014] - w.loc[2013] for i, w in kof_wide.items()})
    steps_2015 = pd.DataFrame({i: w.loc[2015] - w.loc[2014] for i, w in kof_wide.items()})
    by_group = window.groupby(["year", "group"])
    both_kinds = by_group[["KOFGIdf", "KOFEcGIdf", *indices]].mean().unstack("group")
    after = both_kinds.loc[crisis + 1] - both_kinds.loc[crisis]
    gdp = macro.load_pwt()[["country", "year", "rgdpna"]]
    weighted = window.merge(gdp, on=["country", "year"], how="left").dropna(subset=["rgdpna", "KOFEcGIdj"])
    weighted["w_index"] = weighted["KOFEcGIdj"] * weighted["rgdpna"]
    sums = weighted.groupby(["group", "year"])[["w_index", "rgdpna"]].sum()
    w_mean = (sums["w_index"] / sums["rgdpna"]).unstack("group")
    u_mean = window.groupby(["year", "group"])["KOFEcGIdj"].mean().unstack("group")
    compare = pd.DataFrame({(g, per): {"unweighted": u_mean.loc[e, g] - u_mean.loc[s, g],
                                       "GDP-weighted": w_mean.loc[e, g] - w_mean.loc[s, g]}
                            for g in words.GROUPS for per, (s, e) in periods.items()}).T  # fmt: skip
    in_crisis = weighted[weighted["year"] == crisis].copy()
    in_crisis["share"] = in_crisis["rgdpna"] / in_crisis.groupby("group")["rgdpna"].transform("sum")
    top3 = in_crisis.sort_values(["group", "share"], ascending=[True, False]).groupby("group").head(3)
    return SimpleNamespace(**locals())


# --------------------------------------------------------------------------- parameters and the two groups


def test_validate_returns_the_values_and_names_a_wrong_one():
    values = (DEFAULTS["KOF_RELEASE"], DEFAULTS["SPLIT"], DEFAULTS["INDICES"], 2000, 2008, 2014)
    assert words.validate(*values) == values
    with pytest.raises(ValueError, match="FIRST_YEAR = 2005"):
        words.validate("2019", "paper", ("KOFGIdj",), 2005, 2008, 2014)
    with pytest.raises(ValueError, match="LAST_YEAR = 2020"):  # the 2019 release ends in 2017
        words.validate("2019", "paper", ("KOFGIdj",), 2000, 2008, 2020)
    with pytest.raises(ValueError, match="INDICES"):
        words.validate("2019", "paper", ("KOFGIdf",), 2000, 2008, 2014)
    with pytest.raises(ValueError, match="KOF_RELEASE = '2021'"):
        words.validate("2021", "paper", ("KOFGIdj",), 2000, 2008, 2014)
    with pytest.raises(ValueError, match="SPLIT = 'oecd'"):
        words.validate("2019", "oecd", ("KOFGIdj",), 2000, 2008, 2014)
    years = words.parameters("2023", 2001, 2008, 2016)
    assert (years["kof_release"], years["first"], years["crisis"], years["last"], years["before_last"]) == (
        "2023", "2001", "2008", "2016", "2015")


@PARAMETERS
def test_the_split_counts_add_up(name):
    c = _chapter(name)
    p = words.sample_split(c.sample_countries, c.developed, EU_2004, panel.SPLITS, c.p["RELEASE"])
    assert p.failed == [] and p["missing"] == "Taiwan"
    assert int(p["n_dev"]) + int(p["n_devg"]) == int(p["n_countries"]) == 42
    assert (p["n_dev41"], p["n_devg41"]) == ("22", "19")  # our rule gives the paper's counts, whatever the split shown
    assert int(p["n_imf_excess"]) == int(p["n_imf41"]) - 22 == len(panel.IMF_ADVANCED_EXTRA)
    assert p["n_entrants_devg"] == ("all 10" if c.p["SPLIT"] == "paper" else "2 of 10")
    table = words.table_groups(c.sample_countries, c.developed, EU_2004, c.p["SPLIT"], c.p["RELEASE"]).text
    assert ":name: tbl-trends-groups" in table and f"split rule '{c.p['SPLIT']}', 42 countries" in table
    assert ("Poland†" in table) and ("Germany†" not in table)


def test_a_changed_sample_fails_its_guards():
    c = _chapter("defaults")
    p = words.sample_split([x for x in c.sample_countries if x != "ROU"], c.developed, EU_2004, panel.SPLITS, "2016")
    assert p.failed == ["Romania kept, Taiwan absent from KOF"] and p["missing"] == "Romania, Taiwan"
    p = words.sample_split([x for x in c.sample_countries if x != "DEU"], c.developed, EU_2004, panel.SPLITS, "2016")
    assert p.failed == ["our default rule gives the paper's 22/19 on its 41 countries"]
    assert (p["n_dev41"], p["n_devg41"], p["n_imf_excess"]) == ("21", "19", "7")
    p = words.sample_split([*c.sample_countries, "TWN"], c.developed, EU_2004, panel.SPLITS, "2016")
    assert p.failed[0] == "Romania kept, Taiwan absent from KOF"


# --------------------------------------------------------------------------- the paper's reading of its Figure 1


def _reading(c, scale=None):
    scale = scale or c.scale
    frame = words.statements(c.groups, scale, c.first_year, c.crisis, c.last)
    v = c.p
    passage = words.paper_reading(frame, c.groups, scale, v["KOF_RELEASE"], v["SPLIT"], v["RELEASE"],
                                  c.first_year, c.crisis, c.last)  # fmt: skip
    return frame, passage


@PARAMETERS
def test_the_reading_counts_follow_the_table(name):
    c = _chapter(name)
    frame, p = _reading(c)
    assert p.failed == [] and len(frame) == 6
    agree = (frame[f"agrees, to {c.last}"] == "yes").sum()
    agree_before = (frame[f"agrees, to {c.last - 1}"] == "yes").sum()
    assert p["n_agree"] == claims.count(agree, 6) and p["n_agree_before"] == claims.count(agree_before, 6)
    flipped = (frame[f"agrees, to {c.last}"] != frame[f"agrees, to {c.last - 1}"]).sum()
    assert p["flipped"].count("“") == flipped
    assert (f"changes the verdict on {flipped} of its 6 statements" in p["flipped_sentence"]) == (flipped > 0)
    pre = frame.loc[3, f"{c.first_year}→{c.crisis}"]  # the developed countries' economic index before the crisis
    assert p["dev_ec_pre"] == book.num(pre, ".2f") and p["dev_ec_pre_word"] == claims.change(pre, c.scale["KOFEcGIdj"])
    assert p["dev_but"] == ("and" if p["dev_gi_pre_word"] == p["dev_ec_pre_word"] else "but")
    assert _number(p["dev_ec_crisis"]) - _number(p["dev_ec_first"]) == pytest.approx(pre, abs=0.11)
    table = words.table_statements(frame, c.scale, c.first_year).text
    assert f"{claims.LITTLE * c.scale['KOFGIdj']:.2f} points for KOFGIdj" in table
    if name == "defaults":
        assert p["dev_ec_pre_word"] == "fell" and agree_before > agree and p.skipped == []
    else:
        assert len(p.skipped) == 2  # the guards of the paper's own view are not checked


def test_a_wider_yardstick_turns_every_change_into_barely_moved():
    c = _chapter("defaults")
    frame, p = _reading(c, scale={i: 1000 * s for i, s in c.scale.items()})
    assert p["dev_ec_pre_word"] == p["dev_gi_pre_word"] == "barely moved" and p["dev_but"] == "and"
    assert p["gap_word"] == "barely changed"
    assert "the developed countries' economic index fell before 2008" in p.failed
    assert frame.loc[0, "agrees, to 2014"] == "yes"  # "no obvious change" now holds


# --------------------------------------------------------------------------- the step of 2004


def _step_2004(c, steps=None):
    return words.step_2004(c.sample, c.steps_2004 if steps is None else steps, c.developing_now, EU_2004,
                           c.p["SPLIT"], c.first_year, c.last)  # fmt: skip


@PARAMETERS
def test_the_2004_step_splits_into_entrants_and_others(name):
    c = _chapter(name)
    p = _step_2004(c)
    assert p.failed == []
    n_entrants, n_devg = int(p["n_entrants_in_devg"]), int(p["n_devg_now"])
    others = (n_devg - n_entrants) / n_devg * _number(p["others_step"])
    assert _number(p["entrants_part"]) + others == pytest.approx(_number(p["devg_step"]), abs=0.02)
    assert _number(p["entrant_share"]) == pytest.approx(100 * _number(p["entrants_part"]) / _number(p["devg_step"]),
                                                        abs=1)  # fmt: skip
    assert p["top5"].count(",") == 4 and _number(p["tr_sd_2004"]) < _number(p["tr_sd_2003"])
    most = _number(p["entrant_share"]) > 50
    assert p["composition"].startswith("So the step" if most else "So part of the step")
    assert p["n_entrants_words"] == ("ten countries" if name == "defaults" else "two countries")
    e = words.without_entrants(c.changes, c.curve_means, c.developing_now, EU_2004, c.indices, c.p["SPLIT"],
                               c.first_year, c.crisis)  # fmt: skip
    assert e.failed == [] and e["index_e"] == "KOFEcGIdj"
    assert int(e["n_without"]) == n_devg - n_entrants
    assert _number(e["step_all"]) == pytest.approx(_number(p["devg_step"]), abs=0.011)
    assert abs(_number(e["step_without"])) < abs(_number(e["step_all"]))
    assert ":name: tbl-trends-2004" in words.table_2004(c.steps_2004, EU_2004, c.developing_now).text


def test_without_the_economic_index_the_entrants_passage_reads_the_first_index_shown():
    """INDICES without KOFEcGIdj: the passage falls back on the first index shown (not the second), and the guard
    written for the economic index is skipped, not failed (a small made-up panel of two indices)."""
    shown = ["KOFGIdj", "KOFTrGIdj"]
    years = range(2000, 2009)
    curve_means = {g: pd.DataFrame({"KOFGIdj": [k * y for y in years], "KOFTrGIdj": [-k * y for y in years]},
                                   index=years) for g, k in (("developing", 1.0), (words.WITHOUT, 0.5))}  # fmt: skip
    changes = pd.DataFrame({g: {(i, "2000→2008"): m.loc[2008, i] - m.loc[2000, i] for i in shown}
                            for g, m in curve_means.items()})  # fmt: skip
    e = words.without_entrants(changes, curve_means, ["CHN", "POL"], ["POL"], shown, "paper", 2000, 2008)
    assert e["index_e"] == "KOFGIdj" and e.failed == [] and e.skipped == ["Not checked for these parameters: leaving out the entrants makes the 2004 step smaller"]
    assert (e["ec_devg_pre"], e["ec_without_pre"], e["step_all"], e["step_without"]) == ("+8.00", "+4.00", "+1.00", "+0.50")
    assert e["n_without"] == "1"


def test_entrants_without_a_step_leave_no_composition_effect():
    c = _chapter("defaults")
    steps = c.steps_2004.copy()
    steps.loc[EU_2004, "KOFEcGIdj"] = 0.0
    p = _step_2004(c, steps)
    assert p["entrant_share"] == "0" and p["entrants_part"] == "0.00"
    assert p["composition"].startswith("So part of the step") and "only ten countries" in p["composition"]
    assert p["step_summary"].endswith("reflects accession only in part under this split")
    assert p.failed == ["the entrants make most of the 2004 step"]


# --------------------------------------------------------------------------- the step of 2014


@PARAMETERS
def test_the_2014_step_in_and_out_of_the_eu(name):
    c = _chapter(name)
    p = words.step_2014(c.steps_2014, c.steps_2015, c.sample, c.sample_countries, EU_2014)
    assert p.failed == []
    assert _number(p["world_fi_undone"]) == pytest.approx(
        -100 * _number(p["world_fi_2015"]) / _number(p["world_fi_2014"]), abs=1)
    assert _number(p["tr_eu"]) > _number(p["tr_non_eu"]) and int(p["half_share"]) > 90
    assert int(p["n_kof"].replace(",", "")) == c.steps_2014["KOFFiGIdj"].notna().sum()
    fell = c.steps_2014.loc[c.sample_countries].query("KOFTrGIdj < 0")
    assert p["tr_fell"].count(" and ") == (len(fell) > 1)
    n_fell_eu = fell.index.isin(EU_2014).sum()
    assert p["tr_fell_eu"].startswith({0: "none", 1: "one"}.get(n_fell_eu, str(n_fell_eu)))
    assert p["n_tr_up_eu"].endswith("EU members") and p["n_fi_up"].endswith("sample countries")
    where = pd.Series(np.where(c.steps_2014.index.isin(c.sample_countries), "sample", "other KOF countries"),
                      index=c.steps_2014.index)  # fmt: skip
    eu = pd.Series(np.where(c.steps_2014.index.isin(EU_2014), "EU members", "not in the EU"), index=c.steps_2014.index)
    table = words.table_2014(c.steps_2014, c.steps_2015, where, eu, c.p["KOF_RELEASE"]).text
    assert "| sample: EU members |" in table and f"KOF's {c.p['KOF_RELEASE']} release" in table


def test_a_2014_without_a_reversal_fails_its_guard():
    c = _chapter("defaults")
    p = words.step_2014(c.steps_2014, c.steps_2014, c.sample, c.sample_countries, EU_2014)
    assert p.failed == ["the world-wide financial step of 2014 is partly reversed in 2015"]
    assert p["world_fi_undone"] == book.num(-100, ".0f")


# --------------------------------------------------------------------------- exercises, tables, figures, download


@PARAMETERS
def test_the_exercise_solutions(name):
    c = _chapter(name)
    e1 = words.exercise_1(c.after, c.window, c.crisis)
    assert e1["ex1_year"] == str(c.crisis + 1)
    facto = np.mean([abs(_number(e1[f"ex1_facto_{g}"])) for g in words.GROUPS])
    jure = np.mean([abs(_number(e1[f"ex1_jure_{g}"])) for g in words.GROUPS])
    assert e1["ex1_more"] == ("more" if facto > jure else "less")
    assert _number(e1["ex1_ratio"]) == pytest.approx(facto / jure, rel=0.1, abs=1)
    e2 = words.exercise_2(c.sample, panel.SPLITS, EU_2004)
    assert e2["ex2_left"] == "Hungary and Poland" and abs(_number(e2["ex2_imf"])) < abs(_number(e2["ex2_paper"]))
    e3 = words.exercise_3(c.top3, c.in_crisis, c.compare, c.scale, c.u_mean, c.w_mean, c.p["SPLIT"], c.first_year)
    assert e3.failed == [] and e3["ex3_top_developed"].startswith("the United States (")
    assert e3["ex3_top_developing"].startswith("China (") and e3["ex3_top_developing"].count(" and ") == 1
    assert 0 < _number(e3["ex3_malta"]) < 1
    assert ("none of the 4 changes" in e3["ex3_differs"]) == (e3["ex3_differs"].count(" weighted)") == 0)
    assert ":name: tbl-trends-ex1" in words.table_ex1(c.after, c.crisis).text
    assert "| developing | China |" in words.table_ex3_top(c.top3, c.crisis).text
    assert words.table_ex3(c.compare).text.startswith(":::{table} Change of the economic de jure index (points): "
                                                      "unweighted and GDP-weighted group averages.\n:name: tbl-trends-ex3")


def test_weighting_that_changes_a_direction_is_named():
    c = _chapter("defaults")
    compare = c.compare.copy()
    compare.loc[("developed", "2000→2008"), "GDP-weighted"] = 50.0  # unweighted: the index fell
    e3 = words.exercise_3(c.top3, c.in_crisis, compare, c.scale, c.u_mean, c.w_mean, "paper", 2000)
    assert e3["ex3_differs"] == ("weighting changes the direction of 1 of 4 changes: developed, 2000→2008 "
                                 "(fell unweighted, rose weighted)")


@PARAMETERS
def test_figures_and_the_download_frame(name):
    c = _chapter(name)
    for fig in (words.figure_kof(c.window.groupby(["year", "group"])[list(c.indices)].mean().unstack("group"),
                                 c.indices, c.crisis),
                words.figure_eu(c.curve_means, c.indices, c.crisis)):  # fmt: skip
        assert len(fig.axes) == len(c.indices)
        assert [ax.get_title(loc="left") for ax in fig.axes][0] == "overall (KOFGIdj)"
        plt.close(fig)
    where = c.steps_2014.index.isin(EU_2014)
    eu = pd.Series(np.where(where, "EU members", "not in the EU"), index=c.steps_2014.index)
    fig = words.figure_2014(c.steps_2014, c.sample_countries, eu)
    assert len(fig.axes[0].collections) == 2
    plt.close(fig)
    long = words.group_means(c.curves, c.indices, c.p["KOF_RELEASE"], c.p["SPLIT"])
    assert len(long) == len(c.curves) * (c.last - c.first_year + 1) * len(c.indices)
    assert set(long["split"]) == {c.p["SPLIT"]} and long["countries"].max() <= len(c.sample_countries)
    table = words.table_changes(c.changes).text
    assert "developing without entrants" in table and "economic, " in table


def test_the_2014_figure_names_the_countries_whose_trade_index_fell_and_no_one_else():
    steps = pd.DataFrame({"KOFTrGIdj": [-1.0, 0.0, 1.0], "KOFFiGIdj": [0.5, 0.5, 0.5]}, index=["POL", "DEU", "FRA"])
    eu = pd.Series("EU members", index=steps.index)
    fig = words.figure_2014(steps, ["POL", "DEU", "FRA"], eu)
    assert [t.get_text() for t in fig.axes[0].texts] == ["Poland"]  # a step of exactly 0 did not fall
    plt.close(fig)


def test_a_2014_where_no_trade_index_fell_says_no_country():
    c = _chapter("defaults")
    up = c.steps_2014.assign(KOFTrGIdj=c.steps_2014["KOFTrGIdj"].abs() + 0.01)
    p = words.step_2014(up, c.steps_2015, c.sample, c.sample_countries, EU_2014)
    assert p["tr_fell"] == "no country" and p["tr_fell_eu"] == "none of them an EU member"


def test_the_group_means_download_is_the_frame_behind_the_figure(monkeypatch, tmp_path):
    c = _chapter("defaults")
    monkeypatch.setattr(book, "DOWNLOADS", tmp_path)
    link = words.download_group_means(c.curves, c.indices, c.p["KOF_RELEASE"], c.p["SPLIT"])
    name = f"kof_group_means_{c.p['KOF_RELEASE']}_{c.p['SPLIT']}.csv"
    frame = words.group_means(c.curves, c.indices, c.p["KOF_RELEASE"], c.p["SPLIT"])
    assert link.text == (f"{{download}}`Download the group averages of the KOF indices (CSV, {len(frame):,} rows "
                         f"× {frame.shape[1]} columns) <downloads/{name}>`")  # fmt: skip
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / name, dtype={"kof_release": str}), frame.reset_index(drop=True),
                                  check_dtype=False)  # fmt: skip


def test_the_economic_index_is_the_average_of_its_parts_to_strictly_less_than_a_hundredth():
    # Economic index 0, trade and financial parts at the same value: the gap is exactly that value (halving a double
    # is exact), so 0.01 itself is out and anything below it in; a gap of either sign counts the same.
    kof = pd.DataFrame({"KOFTrGIdj": [0.01, 0.0099, 0.0, 0.0, 40.0],
                        "KOFFiGIdj": [0.01, 0.0099, 0.0, 0.0, 60.0],
                        "KOFEcGIdj": [0.0, 0.0, 0.01, 0.0099, 50.0]})  # fmt: skip
    assert words.is_average_of_parts(kof).tolist() == [False, True, False, True, True]
    assert words.is_average_of_parts(kof, tolerance=0.02).all()
