"""The words of the long-run chapter (lib.report.chapters.longrun) on the chapter's two parameter sets, and
sentences that turn when their numbers do."""

import functools
import json
import re
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

from lib import tbi_panel
from lib.data import countries, longrun
from lib.data.paper import published_tables
from lib.econometrics import longrun_join, panel
from lib.report import book, claims, scorecard
from lib.report.chapters import longrun as words

matplotlib.use("Agg")
pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): the sign words and levels of every
# episode and the peaks of every economy; the pages quote some.
UNREAD_KEYS = {
    "chn07_a", "chn07_sign_a", "chn07_sign_b", "chn_sign_a", "chn_sign_b", "cn_high", "cn_high_year",
    "jp80_sign_a", "jp85_sign_a", "jp85_sign_b", "jpus80_sign_a", "jpus80_sign_b", "jpus85_sign_a",
    "jpus85_sign_b", "kor_high_year", "kor_sign_a", "kor_sign_b", "lr_last", "mex_sign_a", "mex_sign_b",
    "us80_sign_a", "us85_sign_a", "us85_sign_b", "us95_sign_a", "us95_sign_b", "w13_label",
}

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
DEFAULTS = {"COUNTRIES": ("USA", "JPN", "DEU", "GBR", "KOR", "CHN", "IND", "BRA"), "TBI_SERIES": "adjusted",
            "KOF_RELEASE": "2019", "EXCHANGE_RATE": "real", "CAPITAL": "rnna", "TFP": "ctfp", "INFLATION": True,
            "FIRST_YEAR": 1970, "LAST_YEAR": 2010, "BOOT_REPS": 9999}  # fmt: skip
SECOND = {**DEFAULTS, **json.loads((CHAPTERS / "longrun.ipynb").read_text())["metadata"]["book"]["test_parameters"]}
ORDER = ("COUNTRIES", "TBI_SERIES", "KOF_RELEASE", "EXCHANGE_RATE", "CAPITAL", "TFP", "INFLATION", "FIRST_YEAR",
         "LAST_YEAR", "BOOT_REPS")  # fmt: skip
# The appendix on the join (chapters/longrun_join.ipynb) has two parameters of its own.
JOIN_DEFAULTS = {"COUNTRIES": DEFAULTS["COUNTRIES"], "N_LARGEST": 4}
JOIN_SECOND = json.loads((CHAPTERS / "longrun_join.ipynb").read_text())["metadata"]["book"]["test_parameters"]
EPISODES = [  # the chapter's visible list
    ("strong dollar", "USA", 1980, 1985), ("strong dollar", "JPN", 1980, 1985),
    ("US–Japan frictions", "JPN-USA", 1980, 1985), ("Plaza and Louvre", "USA", 1985, 1990),
    ("Plaza and Louvre", "JPN", 1985, 1990), ("Plaza and Louvre", "JPN-USA", 1985, 1990),
    ("NAFTA, peso crisis", "MEX", 1990, 1995), ("Asian crisis", "KOR", 1996, 1998),
    ("China in the WTO", "CHN", 2001, 2007), ("US deficits", "USA", 1995, 2006), ("trade collapse", "CHN", 2007, 2009),
]  # fmt: skip
REPS = 99  # bootstrap draws in the tests (the chapter uses BOOT_REPS)


def _validate(params):
    return words.validate(*(params[k] for k in ORDER))


# --------------------------------------------------------------------------- the chapter's inputs, as its visible cells build them


@functools.cache
def _sources():
    lr, w13 = tbi_panel("longrun", progress=False), tbi_panel("2013", progress=False)
    overlap = longrun_join.overlap_comparison()
    spliced = longrun_join.spliced_tbi_panel(overlap="both")
    return SimpleNamespace(lr=lr, w13=w13, overlap=overlap, shifts=longrun_join.join_shifts(overlap), spliced=spliced)


@functools.cache
def _episodes(tbi_series):
    return words.episode_changes(EPISODES, _sources().spliced, tbi_series)


def _paper():
    published = published_tables().query("table == '3' and variable == 'TBI'")
    return {y: published[published["column"] == c].set_index("stat")["value"] for y, c in zip(words.DEPENDENT, ("(3)", "(4)"))}


@functools.cache
def _regressions(second: bool):
    p = SECOND if second else DEFAULTS
    built = longrun_join.build_longrun_panel(
        years=range(p["FIRST_YEAR"], p["LAST_YEAR"] + 1, 5), tbi_series=p["TBI_SERIES"], kof_release=p["KOF_RELEASE"],
        inflation=p["INFLATION"], exchange_rate=p["EXCHANGE_RATE"], capital=p["CAPITAL"], tfp=p["TFP"])  # fmt: skip
    data = built.data
    controls = [c for c in panel.CONTROLS if c != "RQ" and (p["INFLATION"] or c != "INFR")]
    sample = data.assign(tbi_adjusted=data["tbi_raw"] + data["shift"])
    from_w13 = sample["source"] == words.W13
    effects = pd.get_dummies(sample["country"].where(from_w13), prefix="w13", dtype=float).iloc[:, 1:]
    sample = pd.concat([sample, effects], axis=1)
    base = panel.build_country_panel("2013", exchange_rate=p["EXCHANGE_RATE"], capital=p["CAPITAL"], tfp=p["TFP"],
                                     kof_release=p["KOF_RELEASE"]).data  # fmt: skip
    table3 = scorecard.estimate_table(base, "3")
    fits = {
        "WIOD 2013, with RQ": ("tbi", {"KOFGIdj": table3["(3)"], "KOFEcGIdj": table3["(4)"]}),
        "WIOD 2013, no RQ": ("tbi", words.fit(base, "tbi", controls)),
        "long run, adjusted": ("tbi_adjusted", words.fit(sample.dropna(subset=["tbi_adjusted"]), "tbi_adjusted", controls)),
        "long run, raw": ("tbi_raw", words.fit(sample, "tbi_raw", controls)),
    }  # fmt: skip
    if from_w13.any():
        fits["raw, country × source"] = ("tbi_raw", words.fit(sample, "tbi_raw", controls, effects.columns))
        fits["LR-WIOD only, to 2000"] = ("tbi_raw", words.fit(sample[~from_w13], "tbi_raw", controls))
    main = "long run, adjusted" if p["TBI_SERIES"] == "adjusted" else "long run, raw"
    return SimpleNamespace(params=p, built=built, data=data, controls=controls, sample=sample, base=base, fits=fits,
                           main=main, paper=_paper(), estimates=words.estimate_rows(fits), defaults=_validate(p)[1])  # fmt: skip


@pytest.fixture(params=[False, True], ids=["default", "second"])
def chapter(request):
    """The chapter's regressions for one parameter set (built once per set, in the shared test cache)."""
    return _regressions(request.param)


PARAMETERS = pytest.mark.parametrize("params", [DEFAULTS, SECOND], ids=["default", "second"])


def _count(phrase: str) -> int:
    """The k of a :func:`claims.count` phrase ("5 of 8 ...", "all 8 ...", "none of the 8 ...")."""
    return 0 if phrase.startswith("none") else int(re.match(r"(?:all )?(\d+)", phrase).group(1))


# --------------------------------------------------------------------------- parameters and the two sources


@PARAMETERS
def test_validate_returns_the_countries_and_whether_the_regressions_are_the_books(params):
    codes, defaults = _validate(params)
    assert codes == tuple(params["COUNTRIES"]) and defaults == (params is DEFAULTS)
    assert _validate({**DEFAULTS, "COUNTRIES": ["USA"]})[0] == ("USA",)
    assert _validate({**DEFAULTS, "INFLATION": False})[1] is False


def test_validate_names_the_parameter_that_is_wrong():
    with pytest.raises(ValueError, match="COUNTRIES = 'HKG' is not available"):  # Hong Kong is in LR-WIOD only
        _validate({**DEFAULTS, "COUNTRIES": ("HKG",)})
    with pytest.raises(AssertionError, match="COUNTRIES names at least one economy"):
        _validate({**DEFAULTS, "COUNTRIES": ()})
    with pytest.raises(ValueError, match="FIRST_YEAR = 1972"):
        _validate({**DEFAULTS, "FIRST_YEAR": 1972})
    with pytest.raises(ValueError, match=r"Parameter BOOT_REPS = 0: use a whole number of bootstrap draws, e\.g\. 999\."):
        _validate({**DEFAULTS, "BOOT_REPS": 0})
    with pytest.raises(ValueError, match="Parameter BOOT_REPS = True"):  # a bool is not a number of draws
        _validate({**DEFAULTS, "BOOT_REPS": True})
    assert _validate({**DEFAULTS, "BOOT_REPS": 1})[0]  # one draw is allowed
    assert words.validate_join(["MEX"], 0) == ("MEX",)
    with pytest.raises(ValueError, match="N_LARGEST = 11"):
        words.validate_join(["MEX"], 11)
    with pytest.raises(ValueError, match="COUNTRIES = 'MXE'.*Did you mean 'MEX'"):
        words.validate_join(["MXE"], 2)
    assert words.in_both() == sorted(set(longrun.LONGRUN_COUNTRIES) - {"HKG", "ROW"})


def test_sources_say_which_levels_are_shown():
    adjusted, raw = words.sources("adjusted", "WIOD 2013 release"), words.sources("raw", "WIOD 2013 release")
    assert adjusted["series_label"] == "shifted to WIOD 2013's level" and raw["series_label"] == "as published"
    assert adjusted["lr_coverage"].startswith("1965–2000") and (adjusted["lr_first"], adjusted["lr_last"]) == ("1965", "2000")


def _diagnostics(worst=-0.02):
    va_effect = pd.DataFrame({"country": ["CHN", "BEL", "USA"], "year": [1990, 1985, 1970],
                              "difference": [0.005, worst, -0.001]})  # fmt: skip
    fd_diag = pd.DataFrame({"year": [1990, 2000], "neg_inventory_cells": [52, 232], "neg_inventory": [-1000.0, -75400.0]})
    return va_effect, fd_diag


def test_two_sources_count_the_countries_and_read_the_diagnostics():
    s = _sources()
    passage = words.two_sources(s.lr, s.w13, _diagnostics())
    assert passage.failed == [] and len(passage.guards) == 2
    assert (passage["n_lr"], passage["n_w13"], passage["n_both"]) == ("25", "40", "24")
    assert passage["lr_only"] == "Hong Kong" and int(passage["n_w13_only"]) == len(passage["w13_only"].split(", ")) == 16
    assert int(passage["n_w13"]) == int(passage["n_both"]) + int(passage["n_w13_only"])
    # The value-added definition: mean and largest |difference|, the largest among the paper's Table 1 economies.
    assert passage["va_mean"] == "0.009" and passage["va_max"] == "0.020" and passage["va_max_who"] == "Belgium in 1985"
    assert passage["va_max_t1"] == "0.005"  # CHN and USA are Table 1 economies, Belgium is not
    assert (passage["inv_cells"], passage["inv_bn"], passage["inv_bn_year"]) == ("52 to 232", "75", "2000")
    assert words.two_sources(s.lr, s.w13, _diagnostics(worst=0.03))["va_max"] == "0.030"
    va_effect, fd_diag = _diagnostics()  # the largest negative inventory change, millions of US dollars in billions
    assert words.two_sources(s.lr, s.w13, (va_effect, fd_diag.assign(neg_inventory=[-1000.0, -2_400_000.0])))["inv_bn"] == "2400"


# --------------------------------------------------------------------------- joining the two sources


def test_overlap_gaps_follow_the_comparison():
    overlap = _sources().overlap
    passage = words.overlap_gaps(overlap)
    assert passage.failed == []
    assert passage["n_overlap_cy"] == str(len(overlap)) == "48"
    assert passage["gap_mean"] == book.num(overlap["tbi_gap"].abs().mean(), ".3f")
    flips = passage["flips_who"].split(", ")
    assert passage["n_flips"] == f"{len(flips)} of 48 country-years" and "United States 1995" in flips
    assert passage["us_lr_word"] == claims.sign_word(float(passage["us_lr"].replace(book.MINUS, "-")))
    assert passage["r_gross_word"] == "strong" and _count(passage["same_sign_gross"]) <= 48
    # No sign differs when WIOD 2013 equals LR-WIOD plus a small constant.
    same = overlap.assign(tbi_wiod2013=overlap["tbi_longrun"] * 1.01)
    assert words.overlap_gaps(same)["flips_who"] == "none" and words.overlap_gaps(same)["n_flips"] == "none of the 48 country-years"


def test_gap_stability_and_its_guards():
    s = _sources()
    passage = words.gap_stability(s.overlap, s.shifts)
    assert passage.failed == [] and passage["r_years_word"] == "strong"
    assert float(passage["change_mean"]) < float(passage["shift_mean"])
    assert passage["change_max_who"] == countries.name(
        s.shifts.loc[s.shifts["gap_change"].abs().idxmax(), "country"], article=True)
    # Gaps that swing more than their size break the level-shift argument; unrelated customs gaps break the other.
    swinging = s.shifts.assign(gap_change=10 * s.shifts["gap_change"] + 1)
    assert words.gap_stability(s.overlap, swinging).failed == [
        "the gaps change less between 1995 and 2000 than their typical size"]
    noise = np.random.default_rng(0).normal(size=len(s.overlap))
    assert words.gap_stability(s.overlap.assign(tbi_gross_gap=noise), s.shifts).failed == [
        "the TBI gaps and the customs TBI gaps are strongly correlated"]


def test_join_summary_repeats_the_appendix():
    s = _sources()
    summary = words.join_summary(s.overlap, s.shifts)
    gaps, stability = words.overlap_gaps(s.overlap), words.gap_stability(s.overlap, s.shifts)
    assert summary.failed == [] and len(summary.guards) == 2
    assert set(vars(summary.text)) == {"n_overlap_cy", "gap_mean", "n_flips", "r_years", "r_years_word", "shift_mean"}
    for name in vars(summary.text):
        assert summary[name] == (gaps[name] if name in gaps else stability[name])
    swinging = s.shifts.assign(gap_change=10 * s.shifts["gap_change"] + 1)
    assert words.join_summary(s.overlap, swinging).failed == [
        "the gaps change less between 1995 and 2000 than their typical size"]


@pytest.mark.parametrize("params", [JOIN_DEFAULTS, JOIN_SECOND], ids=["default", "second"])
def test_tables_and_figures_of_the_join(params):
    s = _sources()
    table = words.overlap_table(s.overlap, params["COUNTRIES"], params["N_LARGEST"]).text
    assert ":name: tbl-longrun-overlap" in table and f"the {params['N_LARGEST']} other countries" in table
    rows = [row for row in table.splitlines() if row.startswith("| ")][2:]  # below the header and the alignment
    shown = {row.split(" | ")[0].strip("| ") for row in rows}
    assert {countries.name(c) for c in params["COUNTRIES"]} <= shown
    assert len(rows) == 2 * len(shown) == 2 * (len(params["COUNTRIES"]) + params["N_LARGEST"])  # 1995 and 2000
    assert "other countries" not in words.overlap_table(s.overlap, params["COUNTRIES"], 0).text
    assert ":name: tbl-longrun-shifts" in words.shift_table(s.shifts).text
    fig = words.figure_gaps(s.shifts, params["COUNTRIES"])
    bold = {t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_fontweight() == "bold"}
    assert bold == {countries.name(c) for c in params["COUNTRIES"]}
    matplotlib.pyplot.close("all")


@PARAMETERS
def test_figures_of_the_five_decades(params):
    spliced = _sources().spliced
    panels = words.figure_series(spliced, params["COUNTRIES"]).axes
    assert [ax.get_title() for ax in panels if ax.get_visible()] == [countries.name(c) for c in params["COUNTRIES"]]
    heatmap = words.figure_heatmap(spliced, params["TBI_SERIES"]).axes
    assert len(heatmap[0].get_yticklabels()) == 24 and words.series_label(params["TBI_SERIES"]) in heatmap[1].get_ylabel()
    episodes = _episodes(params["TBI_SERIES"])
    table = words.episode_table(episodes, params["TBI_SERIES"]).text
    assert ":name: tbl-longrun-episodes" in table and words.series_label(params["TBI_SERIES"]) in table
    assert sum(line.startswith("| ") for line in table.splitlines()) == len(episodes) + 2  # header, alignment, a row each
    matplotlib.pyplot.close("all")


def test_figure_of_the_estimates(chapter):
    fig = words.figure_estimates(chapter.estimates, chapter.paper, chapter.fits)
    assert fig.axes and all(ax.has_data() for ax in fig.axes if ax.get_visible())
    matplotlib.pyplot.close("all")


# --------------------------------------------------------------------------- five decades and the history


@PARAMETERS
def test_five_decades_lists_add_up(params):
    passage = words.five_decades(_sources().spliced, params["TBI_SERIES"])
    assert passage["n_grid"] == "24" and passage["n_cols"] == "23"  # 6 LR-WIOD years before 1995, 17 of WIOD 2013
    plus = [] if passage["always_plus"] == "none" else passage["always_plus"].split(", ")
    assert passage["n_always_plus"] == claims.count(len(plus), 24, "economies") + (" is" if len(plus) == 1 else " are")
    minus = [] if passage["always_minus"] == "none" else passage["always_minus"].split(", ")
    assert passage["n_always_minus"] == str(len(minus)) and not set(plus) & set(minus)
    assert passage["grid_series"].startswith(f"LR-WIOD levels {words.series_label(params['TBI_SERIES'])};")
    assert len(passage["swing_who"].split(", ")) == 3


def test_the_shift_decides_who_is_always_in_surplus():
    spliced = _sources().spliced
    adjusted, raw = words.five_decades(spliced, "adjusted"), words.five_decades(spliced, "raw")
    assert adjusted["always_plus"] == "Japan, Sweden" and adjusted["always_minus"] == "Spain, Greece, Portugal"
    assert raw["always_plus"] != adjusted["always_plus"] or raw["always_minus"] != adjusted["always_minus"]
    assert "the lists differ" in adjusted["grid_series"] and "the lists differ" in raw["grid_series"]
    # With one series for both, the lists are the same; a deficit country in surplus in one LR-WIOD year of the
    # other series only changes the deficit list, and that alone makes the lists differ.
    same = spliced.assign(tbi_adjusted=spliced["tbi"])
    assert words.five_decades(same, "raw")["grid_series"].endswith("the lists are the same with the other series")
    greece = (same["country"] == "GRC") & (same["source"] == words.LR) & (same["year"] == 1990)
    one_off = same.assign(tbi_adjusted=same["tbi_adjusted"].mask(greece, 0.01))
    changed = words.five_decades(one_off, "raw")
    assert changed["always_minus"] == words.five_decades(same, "raw")["always_minus"]
    assert "Greece" in changed["always_minus"] and "the lists differ" in changed["grid_series"]
    deficits = same.assign(tbi=-same["tbi"].abs() - 0.01, tbi_adjusted=-same["tbi"].abs() - 0.01)
    nobody = words.five_decades(deficits, "raw")
    assert (nobody["always_plus"], nobody["n_always_plus"], nobody["n_always_minus"]) == ("none", "none of the 24 economies are", "24")


def test_episode_changes_loads_the_bilateral_flows_without_a_progress_bar(monkeypatch):
    calls = []

    def record(*args, **kwargs):
        calls.append((args, kwargs))
        raise LookupError("stopped after the call")

    monkeypatch.setattr(words, "bilateral_panel", record)
    with pytest.raises(LookupError):
        words.episode_changes(EPISODES, _sources().spliced, "adjusted")
    assert calls == [(("longrun",), {"progress": False})]


@PARAMETERS
def test_episode_changes_are_computed_within_one_source(params):
    episodes = _episodes(params["TBI_SERIES"])
    assert list(episodes["episode"]) == [e[0] for e in EPISODES]
    np.testing.assert_allclose(episodes["change"], episodes["tbi_second"] - episodes["tbi_first"])
    lr_years = episodes["first"].isin(longrun.LONGRUN_YEARS) & episodes["second"].isin(longrun.LONGRUN_YEARS)
    assert (episodes["source"] == np.where(lr_years | episodes["code"].str.contains("-"), words.LR, words.W13)).all()
    spliced = _sources().spliced
    kor = spliced.query("country == 'KOR' and source == @words.W13").set_index("year")["tbi"]
    row = episodes.set_index("code").loc["KOR"]
    assert (row["tbi_first"], row["tbi_second"]) == (kor[1996], kor[1998])
    usa = spliced.query("country == 'USA' and source == @words.LR and year == 1980").iloc[0]
    column = "tbi_adjusted" if params["TBI_SERIES"] == "adjusted" else "tbi"
    assert episodes.iloc[0]["tbi_first"] == usa[column]  # LR-WIOD levels follow TBI_SERIES
    bilateral = episodes[episodes["code"] == "JPN-USA"]
    assert (bilateral["tbi_second"].between(-1, 1)).all() and (bilateral["source"] == words.LR).all()


@PARAMETERS
def test_history_words_follow_the_episodes(params):
    episodes = _episodes(params["TBI_SERIES"])
    passage = words.history(episodes, _sources().spliced, params["TBI_SERIES"])
    assert passage.failed == [] and len(passage.guards) == 8
    scale = float(passage["scale"])
    assert passage["flat_below"] == book.num(claims.LITTLE * scale, ".3f")
    for name, code, first, second, perfect in words.EPISODE_PHRASES:
        row = episodes[(episodes["code"] == code) & (episodes["first"] == first)].iloc[0]
        assert passage[f"{name}_a"] == book.num(row["tbi_first"], ".3f")
        assert passage[f"{name}_word"] in ((perfect or ("rose", "fell", "barely moved")))
        assert passage[f"{name}_sign_b"] == claims.sign_word(row["tbi_second"])
    assert passage["us85_word"] == "risen" and passage["jp85_word"] == "fallen"  # the Plaza sentences
    assert passage["ind_sign"] == "deficit" and passage["deu85_raw_sign"] == "deficit"
    assert passage["us_low_year"] == "2005" and passage["cn_peak"] == "the highest value of its WIOD 2013 series"
    assert ("(as published a" in passage["sign_caveat"]) == passage["sign_caveat"].startswith("Some signs")
    assert words.series_label(params["TBI_SERIES"]) in passage["sign_caveat"]


def test_history_guards_turn_when_the_episodes_do():
    spliced = _sources().spliced
    episodes = _episodes("adjusted").copy()
    surplus = (episodes["code"] == "USA") & (episodes["first"] == 1980)
    episodes.loc[surplus, "tbi_second"] = 0.05  # a US surplus in 1985
    assert words.history(episodes, spliced, "adjusted").failed == ["US deficit and Japanese surplus in 1985"]
    balanced = _episodes("adjusted").copy()
    balanced.loc[(balanced["code"] == "JPN") & (balanced["first"] == 1980), "tbi_second"] = 0.0  # Japan balanced
    assert words.history(balanced, spliced, "adjusted").failed == ["US deficit and Japanese surplus in 1985"]
    flat = _episodes("adjusted").assign(change=lambda f: f["change"].where(f["code"] != "MEX", 1e-6))
    assert words.history(flat, spliced, "adjusted")["mex_word"] == "barely moved"
    down = _episodes("adjusted").assign(change=lambda f: f["change"].where(f["code"] != "MEX", -0.1))
    assert words.history(down, spliced, "adjusted")["mex_word"] == "fell"


@PARAMETERS
def test_policy_openness_reads_the_kof_release(params):
    passage = words.policy_openness(params["KOF_RELEASE"], _sources().lr["country"])
    rise = float(passage["kof_00"]) - float(passage["kof_90"])
    assert passage["kof_word"] == ("rose" if rise > 0 else "fell") and 20 <= int(passage["kof_n"]) <= 25
    assert float(passage["kof_fastest_rise"]) >= round(rise, 1) - 0.1
    assert re.fullmatch(r"(19[78]0|1990|2000)–(19[89]0|2000|2010)", passage["kof_fastest"])


# --------------------------------------------------------------------------- the long-run regressions


def test_panel_and_design(chapter):
    passage = words.long_panel(chapter.data, chapter.controls)
    assert passage.failed == [] and passage["rq_first"] == "1996"
    p = chapter.params
    assert passage["lr_years"] == f"{p['FIRST_YEAR']}–{p['LAST_YEAR']}"
    assert passage["lr_controls"] == ", ".join(chapter.controls) and ("INFR" in passage["lr_controls"]) == p["INFLATION"]
    assert int(passage["lr_n"]) == len(chapter.data) and passage["lr_periods"] == str((p["LAST_YEAR"] - p["FIRST_YEAR"]) // 5 + 1)
    assert words.long_panel(pd.concat([chapter.data, chapter.data.iloc[:1]]), chapter.controls).failed == [
        "one row per country and period"]
    assert words.design(chapter.sample, chapter.controls).failed == []
    lost = words.dropped_table(chapter.built).text
    assert ":name: tbl-longrun-dropped" in lost and "country-years" in lost


def test_estimates_follow_the_regressions(chapter):
    passage = words.estimates_text(chapter.estimates, chapter.paper, chapter.main, chapter.defaults)
    assert passage.failed == []
    assert passage.skipped == ([] if chapter.defaults else [
        "Not checked for these parameters: with the default parameters no long-run estimate is significant at 10 %"])
    main = chapter.fits[chapter.main][1]["KOFGIdj"]
    regressor = chapter.fits[chapter.main][0]
    assert passage["b_gi"] == book.num(main.params[regressor], ".2f") and passage["p_gi"] == book.pvalue(main.pvalues[regressor])
    assert passage["main"] == chapter.main and passage["main_n"] == f"{main.nobs:,}"
    assert passage["paper_gi"] == "13.53" and passage["paper_ec"] == "29.99"
    n_long = 2 * (len(chapter.fits) - 2)
    assert passage["n_long"] == str(n_long)
    paper = chapter.paper["KOFGIdj"]
    assert passage["verdict_gi"] == claims.verdict(paper["coef"], int(paper["stars"]), main.params[regressor],
                                                   main.pvalues[regressor])  # fmt: skip
    assert passage["main_verdicts"] in (f"“{passage['verdict_gi']}” for both",
                                        f"“{passage['verdict_gi']}” and “{passage['verdict_ec']}”")
    table = words.estimate_table(chapter.estimates, chapter.paper, chapter.main, chapter.data).text
    assert f"{chapter.main} (main)" in table and "paper, Table 3" in table
    verdicts = words.verdict_table(chapter.estimates, chapter.paper).text
    assert len([row for row in verdicts.splitlines() if row.startswith("| ")]) == 2 + n_long  # header, alignment


def _significant(estimates, sign=1.0):
    """Every long-run estimate moved to the paper's sign with p = 0.001."""
    long_run = ~estimates["specification"].str.startswith("WIOD 2013")
    out = estimates.copy()
    out.loc[long_run, "coef"] = sign * out.loc[long_run, "coef"].abs().clip(lower=1.0)
    out.loc[long_run, "p"] = 0.001
    return out


def test_verdicts_turn_when_the_long_run_estimates_do(chapter):
    agree = words.estimates_text(_significant(chapter.estimates), chapter.paper, chapter.main, False)
    assert agree["verdict_gi"] == agree["verdict_ec"] == claims.REPRODUCED
    assert agree["main_verdicts"] == "“reproduced” for both" and agree["long_pos"] == "all are positive"
    assert agree["support"] == "The long-run data agree with the paper's relationship in sign and significance."
    assert agree["long_sig"] == "all are significant at 10 %" and agree["whichever"] == "whichever way the join is handled"
    assert agree["join_matters"] == "How the join is handled does not change the verdict against the paper."
    mixed = _significant(chapter.estimates)
    first_long = mixed.index[~mixed["specification"].str.startswith("WIOD 2013")][0]
    mixed.loc[first_long, "p"] = 0.5  # one long-run version no longer significant: its verdict differs
    assert words.estimates_text(mixed, chapter.paper, chapter.main, False)["join_matters"] == (
        "The verdict against the paper depends on the version (see the scorecard below).")
    opposite = words.estimates_text(_significant(chapter.estimates, -1.0), chapter.paper, chapter.main, True)
    assert opposite["verdict_gi"] == claims.OPPOSITE and opposite["long_pos"] == "all are negative"
    assert opposite["support"].startswith("The long-run data do not support")
    assert opposite.failed == ["with the default parameters no long-run estimate is significant at 10 %"]


def test_power_paragraph(chapter):
    boot = words.bootstrap(chapter.sample, chapter.fits[chapter.main][0], chapter.controls, REPS)
    passage = words.power(chapter.estimates, chapter.paper, chapter.main, boot, chapter.sample, chapter.base)
    assert passage.failed == [] and passage["reps"] == str(REPS)
    m = chapter.estimates.set_index(["specification", "dependent"]).loc[(chapter.main, "KOFGIdj")]
    low, high = (float(x.replace(book.MINUS, "-")) for x in passage["ci_gi"].strip("[]").split(", "))
    assert low < m["coef"] < high
    assert passage["ci_paper_gi"] == ("contains" if low <= 13.5286 <= high else "excludes")
    assert float(passage["mde_gi"]) == pytest.approx((high - low) / 2 * 1.41, rel=0.2)  # (t.975 + t.8) / t.975 ≈ 1.4
    assert passage["pcl_gi"] == book.pvalue(m["p"]) and passage["g"] == str(int(m["G"]))
    assert passage["base_n"] == str(len(chapter.base)) and passage["within_cmp"] in ("more", "less")
    assert passage["reading"].startswith("Over these decades the regressions do not detect")
    # Significant positive main estimates turn the reading.
    strong = chapter.estimates.copy()
    main = strong["specification"] == chapter.main
    strong.loc[main, ["coef", "p"]] = [20.0, 0.001]
    turned = words.power(strong, chapter.paper, chapter.main, boot, chapter.sample, chapter.base)
    assert turned["reading"].startswith("Over these decades too") and "in line with" in turned["reading_end"]
    mixed = strong.copy()
    mixed.loc[main & (mixed["dependent"] == "KOFEcGIdj"), "p"] = 0.5
    assert "mixed" in words.power(mixed, chapter.paper, chapter.main, boot, chapter.sample, chapter.base)["reading"]


def test_spain_solution():
    spliced = _sources().spliced
    spain = spliced.query("country == 'ESP' and source == @words.LR").set_index("year")
    spain = spain.loc[[1985, 1990], ["shift", "tbi", "tbi_adjusted"]]
    change = spain.loc[1990] - spain.loc[1985]
    passage = words.spain(spain, change)
    assert passage.failed == []
    assert (passage["esp_raw_sign"], passage["esp_adj_sign"]) == ("surplus", "deficit")
    assert passage["esp_change"] == book.num(change["tbi_adjusted"], ".3f")  # the shift cancels in a change
    same_sign = spain.assign(tbi_adjusted=spain["tbi"])
    assert words.spain(same_sign, change).failed == [
        "Spain's 1985 TBI changes sign with the shift (the solution says so)"]


def test_the_reading_of_the_main_estimates_follows_significance_and_power():
    def main(p_gi, p_ec, coef=1.0):
        return {"KOFGIdj": {"p": p_gi, "coef": coef}, "KOFEcGIdj": {"p": p_ec, "coef": coef}}

    opening, end = words._reading(main(0.5, 0.5), [0.5, 0.9])  # nothing detected, low power somewhere
    assert opening.startswith("Over these decades the regressions do not detect the paper's relationship")
    assert end.startswith("Not detecting the relationship is no evidence that it is absent before 2000")
    assert words._reading(main(0.5, 0.5), [0.85, 0.9])[1].startswith("With power above 80 % against coefficients of "
                                                                      "the paper's size, these data speak against")
    assert words._reading(main(0.5, 0.5), [0.8, 0.9])[1].startswith("Not detecting")  # 80 % itself is not above
    both = words._reading(main(0.01, 0.09), [0.5])
    assert both[1] == "The long-run data are in line with the paper's relationship, over a different period."
    assert words._reading(main(0.01, 0.1), [0.5])[0].startswith("Over these decades the evidence is mixed")  # 10 %: no
    partial = words._reading(main(0.001, 0.5), [0.5])
    assert partial == ("Over these decades the evidence is mixed: the TBI coefficient is significant at 1 % for the "
                       "overall index and not significant at 10 % for the economic index.",
                       "The long-run data give the paper's relationship only partial support.")  # fmt: skip
    # Significant negative coefficients contradict the paper; they are never read as support.
    against = words._reading(main(0.001, 0.5, coef=-1.0), [0.5])
    assert against[0] == ("Over these decades the regressions run against the paper's relationship: the TBI coefficient "
                          "is significant at 1 % with the opposite sign to the paper's for the overall index and not "
                          "significant at 10 % for the economic index.")  # fmt: skip
    assert against[1].startswith("For these earlier decades the data contradict the relationship the paper finds")
    both_ways = words._reading({"KOFGIdj": {"p": 0.001, "coef": 1.0}, "KOFEcGIdj": {"p": 0.04, "coef": -1.0}}, [0.5])
    assert both_ways[0].startswith("Over these decades the evidence points both ways: the TBI coefficient is "
                                   "significant at 1 % for the overall index and significant at 5 % with the opposite")
    assert "significant coefficients of opposite signs" in both_ways[1]
