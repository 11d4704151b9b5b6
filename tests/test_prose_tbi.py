"""The words of the TBI chapter and its rounding appendix (lib.report.chapters.tbi) on the chapter's two
parameter sets, and sentences that turn when their numbers do."""

import functools
import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from lib.data import countries, releases
from lib.data.macro import load_kof
from lib.mrio.tbi import bilateral_panel, country_flows, tbi_panel
from lib.mrio.toy import toy_table
from lib.report import book, claims, compare
from lib.report.chapters import tbi as words

matplotlib.use("Agg")
pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

# Helpers that compute afresh on every call: what the chapter functions return through them is part of the
# calling test's snapshot (tests/chapter_snapshots.py).
SNAPSHOT_HELPERS = {"_passages"}

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): the errors of every rounding method;
# the appendix quotes the chosen one.
UNREAD_KEYS = {
    "best_nearest", "best_nearest_err", "default_method", "disc_nearest", "n_common", "none_nearest",
    "rowsum_nearest",
}

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "tbi.ipynb"
DEFAULTS = {"RELEASE": "2013", "COUNTRIES": ("CHN", "USA", "GBR", "KOR", "DEU", "IND", "BRA", "JPN"), "YEAR": None,
            "BALANCE": "discrepancy", "FOCUS_COUNTRY": "CHN"}  # fmt: skip
SECOND = {**DEFAULTS, **json.loads(NOTEBOOK.read_text())["metadata"]["book"]["test_parameters"]}
PARAMETERS = pytest.mark.parametrize("params", [DEFAULTS, SECOND], ids=["defaults", "second"])
YEARS = releases.release("2013").years


# --------------------------------------------------------------------------- the chapter's inputs, as its cells build them


@functools.cache
def _panel(balance):
    return tbi_panel("2013", balance_method=balance, progress=False)


@functools.cache
def _rounding(balance):
    return words.rounding_inputs("2013", balance)


def _chapter(params):
    """The chapter's validated parameters and the results of its visible cells."""
    focus, year, chosen, in_table1 = words.validate(params["RELEASE"], params["COUNTRIES"], params["YEAR"],
                                                    params["BALANCE"], params["FOCUS_COUNTRY"], YEARS)  # fmt: skip
    panel = _panel(params["BALANCE"])
    ours, paper = compare.table1_frames(panel, in_table1)
    return {"focus": focus, "year": year, "chosen": chosen, "in_table1": in_table1, "panel": panel, "ours": ours,
            "paper": paper, "agree": compare.agreement(ours, paper), "pooled": compare.pooled_agreement(ours, paper),
            "in_year": panel[panel["year"] == year].set_index("country"), "balance": params["BALANCE"]}  # fmt: skip


def _passages(c):
    """Every passage of the chapter and the appendix, by section."""
    r = _rounding(c["balance"])
    return {
        "setting": words.setting(c["balance"], c["chosen"], c["in_table1"], c["year"]),
        "toy": words.toy(country_flows(toy_table())[0]),
        "panel": words.panel_facts(c["panel"], YEARS),
        "agreement": words.agreement(c["agree"], c["pooled"], c["ours"], c["paper"], "2013", c["balance"]),
        "identity": words.identity(c["panel"], c["balance"]),
        "customs": words.customs(c["panel"], c["balance"]),
        "sensitivity": words.sensitivity(r["by_method"], r["change"], c["chosen"], c["pooled"], "2013", "WIOD 2013"),
        "fingerprints": words.fingerprints(r["profiles"]),
        "experiment": words.experiment(r["accuracy"], r["profiles"], c["pooled"]),
        "brief": words.rounding_brief(r, c["chosen"], c["pooled"], "2013", "WIOD 2013"),
        "ranking": words.ranking(c["in_year"]),
        "profile": words.profile(c["panel"], bilateral_panel("2013", balance_method=c["balance"], progress=False),
                                 load_kof("2019"), c["focus"], YEARS),
    }  # fmt: skip


# --------------------------------------------------------------------------- both parameter sets


@PARAMETERS
def test_every_guard_holds_and_only_the_default_ones_are_skipped(params):
    c = _chapter(params)
    passages = _passages(c)
    for name, passage in passages.items():
        assert passage.failed == [], f"{name}: {passage.failed}"
    skipped = [note for p in passages.values() for note in p.skipped]
    if params is DEFAULTS:
        assert skipped == []
    else:  # BALANCE = "rowsum" and two economies outside Table 1
        assert len(skipped) == 2 and all(s.startswith("Not checked for these parameters") for s in skipped)
        assert "pooled within correlation is high" in skipped[0] and "no treatment moves the TBI" in skipped[1]


@PARAMETERS
def test_validated_parameters_and_setting(params):
    c = _chapter(params)
    assert c["year"] == (2011 if params["YEAR"] is None else params["YEAR"])
    assert set(c["in_table1"]) <= set(c["chosen"]) and len(c["in_table1"]) >= 2
    t = words.setting(c["balance"], c["chosen"], c["in_table1"], c["year"])
    assert t["year"] == str(c["year"]) and t["balance"] == params["BALANCE"]
    assert t["strong"] == "0.8" and t["moderate"] == "0.5"
    if params is DEFAULTS:
        assert t["not_in_table1"] == ""
    else:
        assert t["not_in_table1"] == "France and Mexico are not in the paper's Table 1 and appear in the figures only."


def test_parameters_the_release_does_not_have_are_refused():
    with pytest.raises(ValueError, match="FOCUS_COUNTRY = 'XXX'"):
        words.validate("2013", DEFAULTS["COUNTRIES"], None, "discrepancy", "XXX", YEARS)
    with pytest.raises(ValueError, match="YEAR = 1990"):
        words.validate("2013", DEFAULTS["COUNTRIES"], 1990, "discrepancy", "CHN", YEARS)
    with pytest.raises(ValueError, match="holds 1 of the paper's Table 1 economies"):
        words.validate("2013", ("CHN", "FRA", "CHN"), None, "discrepancy", "CHN", YEARS)
    with pytest.raises(ValueError, match="BALANCE = 'round'"):
        words.validate_rounding("2013", ("CHN", "USA"), "round")
    assert words.validate_rounding("2013", ("CHN", "USA", "CHN", "MEX"), "none") == (["CHN", "USA", "MEX"], ["CHN", "USA"])


def test_toy_and_panel_facts():
    t = words.toy(country_flows(toy_table())[0])
    assert t["toy_tbi"] == book.num(-40 / 79, ".4f") == "\u22120.5063"
    x, m = float(t["toy_x"]), float(t["toy_m"])
    assert t["toy_diff"] == book.num(x - m, ".1f") and t["toy_sum"] == book.num(x + m, ".1f")
    panel = _panel("discrepancy")
    p = words.panel_facts(panel, YEARS)
    assert p["n_obs"] == f"{40 * len(YEARS):,}" and p["n_countries"] == "40" and p["years"] == "1995–2011"
    assert p.failed == []
    assert words.panel_facts(panel.iloc[1:], YEARS).failed == ["one row per country and year"]


@PARAMETERS
def test_agreement_sentences_count_the_economies(params):
    c = _chapter(params)
    t = words.agreement(c["agree"], c["pooled"], c["ours"], c["paper"], "2013", c["balance"])
    n = len(c["in_table1"])
    assert t["n_compared"] == str(n) and t["common_years"] == "2000–2011" and t["n_common"] == "12"
    assert t["mad_all"] == book.num(c["pooled"]["mean |difference|"], ".4f")
    same = int((c["agree"]["same sign (% of years)"] == 100).sum())
    assert t["sign_sentence"].startswith(f"The signs agree in every common year for {claims.count(same, n, 'economies')}")
    strong = int((c["agree"]["within correlation"] >= claims.STRONG).sum())
    if strong:
        assert f"strong for {claims.count(strong, n, 'economies')}" in t["within_sentence"]
    for code in c["agree"].index:  # every economy is named in the within sentence but the strong ones
        named = countries.name(code, article=True) in t["within_sentence"]
        assert named == (c["agree"].loc[code, "within correlation"] < claims.STRONG) or strong == n
    assert t["release_reason"].startswith("We use the WIOD 2013 release")
    if params is DEFAULTS:  # what the text says about the defaults
        assert t["pooled_within_word"] == "strong" and t["worst_within_sentence"].startswith("Where they part")


def test_agreement_turns_when_the_series_move_together():
    c = _chapter(DEFAULTS)
    shifted = c["paper"] + 0.01  # a constant gap per economy: every within measure is perfect
    agree, pooled = compare.agreement(shifted, c["paper"]), compare.pooled_agreement(shifted, c["paper"])
    t = words.agreement(agree, pooled, shifted, c["paper"], "2016", "discrepancy")
    assert t["within_sentence"].startswith("The within correlation is strong for all 8 economies; the lowest is 1.00")
    assert t["worst_within_sentence"].startswith("Even for") and t["mad_all"] == "0.0100"
    assert t["release_reason"].startswith("We use the 2016 release")
    assert t.skipped and t.failed == []  # the default-only guard is skipped for another release
    far = words.agreement(agree + 0.2, pooled, shifted, c["paper"], "2016", "discrepancy")
    assert far.failed == ["our TBI is within 0.1 of the paper's on average for every economy"]


def test_identity_and_customs_follow_the_balance():
    panel = _panel("discrepancy")
    i = words.identity(panel, "discrepancy")
    assert i["identity_note"].startswith("The identity is exact") and i.failed == [] and i.skipped == []
    assert float(i["identity_max_gap"].replace(",", "")) < 12
    unbalanced = words.identity(_panel("none"), "none")
    assert unbalanced["identity_note"].startswith("With BALANCE = \"none\"") and len(unbalanced.skipped) == 1
    g = words.customs(panel, "discrepancy")
    assert g["same_sign_gross"] == f"all {len(panel):,} country-years" and float(g["ratio_min"]) >= 1
    assert g["within_gross_word"] == "strong" and "scale of the variable" in g["within_gross_so"]
    rng = np.random.default_rng(1)
    shuffled = panel.assign(tbi_gross=rng.permutation(panel["tbi_gross"].to_numpy()))  # movements unrelated to the TBI
    assert "changes its movements too" in words.customs(shuffled, "none")["within_gross_so"]


# --------------------------------------------------------------------------- the treatment of rounding


def test_rounding_words_follow_the_experiment():
    c = _chapter(DEFAULTS)
    r = _rounding("discrepancy")
    s = words.sensitivity(r["by_method"], r["change"], c["chosen"], c["pooled"], "2013", "WIOD 2013")
    moved = r["change"].loc[c["chosen"]].to_numpy().max()
    assert s["sens_chosen_max"] == book.num(moved, ".4f") and moved < 0.005
    assert s["sens_vs_paper"] == "well below" and s["mad_all"] == book.num(c["pooled"]["mean |difference|"], ".4f")
    assert s["stored"] == "The WIOD 2013 tables store whole millions of dollars"
    assert words.sensitivity(r["by_method"], r["change"], c["chosen"], c["pooled"], "2016", "WIOD 2016 release")[
        "stored"] == "The WIOD 2016 release tables are stored rounded"
    f = words.fingerprints(r["profiles"])
    assert f["convention"] == "rounded to the nearest million" and int(f["below_bound"]) > 0
    e = words.experiment(r["accuracy"], r["profiles"], c["pooled"])
    assert e["best_sentence"].startswith("the two balancing treatments are the most accurate on average")
    assert e["best_trunc"] == "expected" and e["worst_year"].startswith("; every treatment's largest error falls in 1965")
    b = words.rounding_brief(r, c["chosen"], c["pooled"], "2013", "WIOD 2013")
    assert b["sens_chosen_max"] == s["sens_chosen_max"] and b["stored"] == s["stored"]
    assert s["sens_chosen_max"] in b["rounding_sensitivity"] and s["mad_all"] in b["rounding_sensitivity"]
    assert "nearest million" in b["rounding_experiment"] and "equally well" in b["rounding_experiment"]


def test_rounding_sentences_turn_with_their_numbers():
    c = _chapter(DEFAULTS)
    r = _rounding("discrepancy")
    # Had the published table's row gaps grown like truncated ones, the text could not say "rounded".
    truncated_like = r["profiles"].iloc[[2, 1, 2]]
    f = words.fingerprints(truncated_like)
    assert f["convention"] == "truncated"
    assert "the 2013 row gaps are closer to rounding than to truncation (the text says so)" in f.failed
    # A treatment clearly better than the other balanced one is named, and the default must be it.
    accuracy = r["accuracy"].copy()
    rowsum = (accuracy["mode"] == "nearest") & (accuracy["method"] == "rowsum")
    accuracy.loc[rowsum, "mean_abs"] -= 0.001
    e = words.experiment(accuracy, r["profiles"], c["pooled"])
    assert e["best_sentence"].startswith("the most accurate treatment on average is “rowsum”")
    assert any("'discrepancy', is the most accurate" in m for m in e.failed)
    b = words.rounding_brief({**r, "accuracy": accuracy}, c["chosen"], c["pooled"], "2013", "WIOD 2013")
    assert "“rowsum”" in b["rounding_experiment"]
    # A gap to the paper smaller than the treatments' spread turns "well below" into "not below".
    tiny = c["pooled"].copy()
    tiny["mean |difference|"] = 1e-4
    assert words.sensitivity(r["by_method"], r["change"], c["chosen"], tiny, "2013", "WIOD 2013")["sens_vs_paper"] == "not below"


# --------------------------------------------------------------------------- ranking, profile and exercises


@PARAMETERS
def test_ranking_and_profile(params):
    c = _chapter(params)
    t = words.ranking(c["in_year"])
    surplus = int((c["in_year"]["tbi"] > 0).sum())
    assert t["n_surplus"] == claims.count(surplus, 40, "countries") and t["n_shown"] == "12"
    top = c["in_year"]["tbi"].idxmax()
    assert t["top_country"] == countries.name(top, article=True) and t["top_tbi"] == book.num(c["in_year"]["tbi"].max(), ".4f")
    assert words.ranking(c["in_year"].head(10))["n_shown"] == "10"  # a short list is shown whole
    p = _passages(c)["profile"]
    assert p["profile_path"].startswith(countries.name(c["focus"], article=True).capitalize()[:3])
    assert set(vars(p.text)) >= {"profile_path", "profile_balance", "profile_partners", "profile_kof"}
    assert words.profile(c["panel"][c["panel"]["year"] > 1995], bilateral_panel("2013", progress=False),
                         load_kof("2019"), c["focus"], YEARS).failed == ["the profile has a TBI for every year of the release"]


def test_exercises_follow_their_solutions():
    c = _chapter(DEFAULTS)
    de = c["in_year"].loc["DEU"]
    lhs = de["tbi"] / de["tbi_gross"]
    rhs = (de["gross_exports"] + de["gross_imports"]) / (de["va_exports"] + de["va_imports"])
    e2 = words.exercise2(lhs, rhs, "discrepancy")
    assert e2.failed == [] and e2["ex2_ratio"] == book.num(rhs, ".2f") and rhs > 1
    assert words.exercise2(lhs * 1.01, rhs, "discrepancy").failed == ["the two ratios agree for Germany"]
    assert words.exercise2(lhs * 1.01, rhs, "none").skipped  # not checked for an unbalanced table
    # Exercise 3: a made-up sign change of two countries.
    growth = pd.DataFrame({"TBI 1995": [0.1, -0.1], "TBI 2011": [-0.05, 0.02], "mainly": ["imports, fast", "exports, fast"]},
                          index=["AUT", "CZE"])  # fmt: skip
    e3 = words.exercise3(growth, c["panel"], 120.0, 110.4)
    assert e3["ex3_n"] == "2 of 40 countries" and e3["ex3_up"] == "the Czech Republic" and e3["ex3_down"] == "Austria"
    assert e3["ex3_typical_m"] == "110" and e3["ex3_x"] == "1 of 2"
    none = words.exercise3(growth.iloc[:0], c["panel"], 1.0, 1.0)
    assert none["ex3_up"] == "no country" and none["ex3_x"] == "none of the" and none["ex3_n"] == "none of the 40 countries"
    # Exercise 4: the comparison word and who is named follow the numbers.
    within = c["pooled"]["within correlation"]
    shares = pd.Series([40.0, 39.8, 20.2], index=["USA", "GBR", "CHN"])
    e4 = words.exercise4(within + 0.01, c["pooled"], shares)
    assert e4["ex4_vs"] == "higher than" and e4["ex4_top_sentence"] == (
        "The United States and the United Kingdom account for equal parts of the remaining disagreement, about 40 % each")
    assert words.exercise4(within - 0.01, c["pooled"], shares)["ex4_vs"] == "lower than"
    assert words.exercise4(within, c["pooled"], shares.iloc[[0, 2]])["ex4_vs"] == "about the same as"
    assert words.exercise4(within, c["pooled"], shares.iloc[[0, 2]])["ex4_top_sentence"].startswith(
        "The United States accounts for the largest part")


def _small_panel(codes):
    years = range(2000, 2015)
    return pd.DataFrame([{"country": c, "year": y, "tbi": 0.01 * k - 0.001 * (y - 2000)}
                         for k, c in enumerate(codes) for y in years])


def _x_labels_shown(ax):
    return ax.xaxis.get_major_ticks()[0].label1.get_visible()


@pytest.mark.parametrize("codes, n_axes, rows", [(["CHN"], 1, 1), (["CHN", "USA"], 2, 1), (["CHN", "USA", "KOR"], 3, 2),
                                                  (["CHN", "USA", "KOR", "DEU"], 4, 2)])  # fmt: skip
def test_table1_figure_grid_for_any_number_of_economies(codes, n_axes, rows):
    """Two columns of small multiples; with an odd count the empty last panel is removed, and the panel above
    it shows its year labels (sharex hides them on every row but the last)."""
    fig = words.figure_table1(_small_panel(codes), codes, "WIOD 2013")
    assert len(fig.axes) == n_axes
    assert [ax.get_title() for ax in fig.axes] == [words._name(c) for c in codes]
    assert fig.get_size_inches()[1] == pytest.approx(1.8 * rows + 0.9)
    bottom = {ax.get_title(): _x_labels_shown(ax) for ax in fig.axes}
    for k, code in enumerate(codes):  # row k // 2: labels on the last row, and above an empty slot
        last_row = k // 2 == rows - 1
        below_empty = len(codes) % 2 == 1 and k == len(codes) - 2
        assert bottom[words._name(code)] == (last_row or below_empty), code
    assert [ax.get_ylabel() for ax in fig.axes] == ["TBI" if k % 2 == 0 else "" for k in range(n_axes)]


def test_tables_and_figures_are_built():
    c = _chapter(SECOND)
    r = _rounding("rowsum")
    table = words.table_table1(c["ours"], c["paper"], "WIOD 2013").text
    assert "tbl-tbi-table1" in table and "Germany" in table and "France" not in table
    assert "tbl-tbi-rounding" in words.table_sensitivity(r["change"], c["chosen"], "rowsum").text
    assert "all 3, pooled" in words.table_agreement(c["agree"], c["pooled"], len(c["ours"])).text
    long = words.table1_long(c["ours"], c["paper"])
    assert len(long) == c["ours"].size and np.allclose(long["difference"], long["ours"] - long["paper"])
    assert len(words.figure_table1(c["panel"], c["chosen"], "WIOD 2013").axes) == 5  # one panel removed of six
    assert len(words.figure_ranking(c["in_year"], c["year"]).axes[0].get_yticks()) == 24
    profile = words.figure_profile(c["panel"], load_kof("2019"), c["focus"])
    assert [len(ax.lines) > 0 for ax in profile.axes] == [True, True]
    growth = pd.DataFrame({"TBI 1995": [0.1, -0.1], "TBI 2011": [-0.05, 0.02], "VA exports, growth %": [80.0, 150.0],
                           "VA imports, growth %": [130.0, 90.0], "mainly": ["imports, fast", "exports, fast"]},
                          index=["AUT", "CZE"])  # fmt: skip
    ex3 = words.table_exercise3(growth, 1995, 2011).text
    assert ":name: tbl-tbi-ex3" in ex3 and "| Austria |" in ex3 and "| Czech Republic |" in ex3
    matplotlib.pyplot.close("all")


def test_storage_opens_the_appendix():
    assert words.storage("2013", "WIOD 2013 release")["stored"] == "The WIOD 2013 tables store whole millions of dollars"
    assert words.storage("2016", "WIOD 2016 release (2000–2014)")["stored"].startswith("The WIOD 2016 release")


# --------------------------------------------------------------------------- every table and figure the pages show


def _rows(markdown: book.MystMarkdown) -> tuple[str, str, list[str], list[list[str]]]:
    """(caption, label, header, body rows) of a MyST table, cells stripped."""
    lines = markdown.text.strip().splitlines()
    caption, label = lines[0].removeprefix(":::{table} "), lines[1].removeprefix(":name: ")
    cells = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines if line.startswith("|")]
    return caption, label, cells[0], cells[2:]


def test_toy_and_columns_tables_show_their_inputs():
    caption, label, header, rows = _rows(words.table_toy(country_flows(toy_table())[0]))
    assert (caption, label) == ("Value-added exports, imports and TBI of the two countries of the toy table.", "tbl-tbi-toy")
    assert header == ["country", "value-added exports (mn USD)", "value-added imports (mn USD)", "TBI"]
    assert rows == [["H", "19.5", "59.5", "\u22120.5063"], ["F", "59.5", "19.5", "0.5063"]]  # -40/79 by hand
    caption, label, header, rows = _rows(words.table_columns())
    assert label == "tbl-tbi-columns" and header == ["column", "meaning", "unit"]
    assert rows == [list(row) for row in words.PANEL_COLUMNS]


@PARAMETERS
def test_identity_and_ranking_tables_show_the_panel(params):
    c = _chapter(params)
    in_year, year, chosen = c["in_year"], c["year"], list(c["chosen"])
    flows = ["va_exports", "va_imports", "va_balance", "gross_balance"]
    identity = in_year.loc[chosen, flows] / 1e3
    identity["difference (mn USD)"] = in_year.loc[chosen, "va_balance"] - in_year.loc[chosen, "gross_balance"]
    caption, label, header, rows = _rows(words.table_identity(identity, year))
    assert label == "tbl-tbi-identity" and f", {year}, billions" in caption
    assert header == ["economy", "VA exports (bn USD)", "VA imports (bn USD)", "VA balance (bn USD)",
                      "gross balance (bn USD)", "difference (mn USD)"]  # fmt: skip
    assert [r[0] for r in rows] == [countries.name(code) for code in chosen]
    first = identity.iloc[0]
    assert rows[0][1:5] == [book.num(first[f], ",.1f") for f in flows]
    caption, label, header, rows = _rows(words.table_ranking(in_year, year))
    assert label == "tbl-tbi-ranking" and caption.startswith(f"Ranking of all {len(in_year)} countries by their value-added TBI, {year}")
    assert header == ["country", "rank", "TBI", "customs TBI", "VA exports (bn USD)", "VA imports (bn USD)"]
    ranked = in_year.sort_values("tbi", ascending=False)
    assert [r[0] for r in rows] == [countries.name(code) for code in ranked.index]
    assert [r[1] for r in rows] == [str(i) for i in range(1, len(in_year) + 1)]
    top = ranked.iloc[0]
    assert rows[0][2:] == [book.num(top["tbi"], ".4f"), book.num(top["tbi_gross"], ".4f"),
                           book.num(top["va_exports"] / 1e3, ",.1f"), book.num(top["va_imports"] / 1e3, ",.1f")]  # fmt: skip


def test_rounding_tables_show_the_experiment():
    r = _rounding("discrepancy")
    caption, label, header, rows = _rows(words.table_fingerprints(r["profiles"]))
    assert label == "tbl-tbi-fingerprints" and caption.startswith("Fingerprints of the rounding convention")
    assert header == ["", "smallest gap", "median gap", "largest gap", "gap per non-zero cell",
                      "rows below the truncation bound"]  # fmt: skip
    p = r["profiles"]
    assert [row[0] for row in rows] == list(p.index)
    assert rows[0][1:] == [book.num(p["min"].iloc[0], ".1f"), book.num(p["median"].iloc[0], ".1f"), book.num(p["max"].iloc[0], ".1f"),
                           book.num(p["slope_per_cell"].iloc[0], ".3f"), book.num(p["rows_below_bound"].iloc[0], ".0f")]  # fmt: skip
    a = r["accuracy"]
    caption, label, header, rows = _rows(words.table_experiment(a))
    assert label == "tbl-tbi-rounding-experiment" and "(25 countries × 8 years)" in caption
    assert header == ["rounding", "treatment", "mean \\|error\\|", "largest \\|error\\|", "mean, largest third",
                      "mean, smallest third", "largest error in"]  # fmt: skip
    assert len(rows) == len(a)
    modes = {"nearest": "nearest million", "trunc": "truncated"}
    for row, (_, want) in zip(rows, a.iterrows()):
        assert row == [modes[want["mode"]], want["method"], *(book.num(want[k], ".4f") for k in
                       ("mean_abs", "max_abs", "mean_abs_large", "mean_abs_small")), want["worst"]]  # fmt: skip


def test_gross_figure_plots_every_country_year_on_a_square_frame():
    c = _chapter(DEFAULTS)
    panel, chosen = c["panel"], list(c["chosen"])
    fig = words.figure_gross(panel, chosen)
    (ax,) = fig.axes
    points = [len(col.get_offsets()) for col in ax.collections]
    assert points == [int((~panel["country"].isin(chosen)).sum()), *(int((panel["country"] == k).sum()) for k in chosen)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["other countries", *map(countries.name, chosen)]
    lim = np.abs(panel[["tbi", "tbi_gross"]].to_numpy()).max() * 1.05
    assert ax.get_xlim() == pytest.approx((-lim, lim)) and ax.get_ylim() == pytest.approx((-lim, lim))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("customs (gross) TBI", "value-added TBI")


# --------------------------------------------------------------------------- thresholds, on both sides (issue 21)


def test_rounding_parameters_are_checked_against_the_release_named():
    """Norway is in the 2016 release only: the countries are checked against the release given, not the default."""
    assert words.validate_rounding("2016", ("CHN", "USA", "NOR"), "none") == (["CHN", "USA", "NOR"], ["CHN", "USA"])
    with pytest.raises(ValueError, match="COUNTRIES = 'NOR'"):
        words.validate_rounding("2013", ("CHN", "USA", "NOR"), "none")
    with pytest.raises(ValueError, match=r"^Parameter RELEASE = '1999' is not available; choose one of '2013', '2016'\.$"):
        words.validate_rounding("1999", ("CHN", "USA"), "none")


def test_identity_difference_below_half_a_tenth_shows_as_zero():
    """The last column rounds a difference under 0.05 million to 0.0 (never −0.0); 0.05 itself is shown as 0.1."""
    identity = pd.DataFrame({"va_exports": 1.0, "va_imports": 1.0, "va_balance": 0.0, "gross_balance": 0.0,
                             "difference (mn USD)": [0.04, -0.04, 0.05, 1.0]}, index=["CHN", "USA", "DEU", "JPN"])  # fmt: skip
    _, _, header, rows = _rows(words.table_identity(identity, 2011))
    assert header[-1] == "difference (mn USD)"
    assert [r[-1] for r in rows] == ["0.0", "0.0", "0.1", "1.0"]


def test_exercise2_share_and_tolerance():
    e2 = words.exercise2(1.5, 1.5, "discrepancy")
    assert (e2["ex2_ratio"], e2["ex2_share"], e2.failed) == ("1.50", "33", [])  # 100 (1 - 1/1.5) = 33.3
    assert words.exercise2(1.5 * (1 + 5e-7), 1.5, "discrepancy").failed == []  # relative tolerance 1e-6
    assert words.exercise2(1.5 * (1 + 5e-6), 1.5, "discrepancy").failed == ["the two ratios agree for Germany"]


def test_exercise3_a_tbi_of_exactly_zero_is_neither_up_nor_down():
    panel = pd.DataFrame({"country": ["CHN", "USA", "DEU"], "year": 2011})
    growth = pd.DataFrame({"TBI 2011": [0.0, 0.1], "mainly": ["exports", "imports"]}, index=["CHN", "USA"])
    e3 = words.exercise3(growth, panel, 10.0, 20.0)
    assert (e3["ex3_up"], e3["ex3_down"]) == ("the United States", "no country")
    e3 = words.exercise3(growth.assign(**{"TBI 2011": [0.0, -0.1]}), panel, 10.0, 20.0)
    assert (e3["ex3_up"], e3["ex3_down"]) == ("no country", "the United States")


def test_exercise4_thresholds_and_ties():
    """Within ABOUT_SAME (inclusive) of the country-only correlation is "about the same"; a share within TIED_SHARE
    points (inclusive) of the largest is an equal part, and the largest share is the one quoted."""
    pooled = pd.Series({"within correlation": 0.5})
    shares = pd.Series([41.5, 41.0, 10.0], index=["CHN", "USA", "DEU"])
    words_at = {corr: words.exercise4(corr, pooled, shares)["ex4_vs"] for corr in
                (0.5 + words.ABOUT_SAME, 0.5 - words.ABOUT_SAME, 0.52, 0.48)}  # fmt: skip
    assert list(words_at.values()) == ["about the same as", "about the same as", "higher than", "lower than"]
    e4 = words.exercise4(0.5, pooled, shares)
    assert e4["ex4_top_sentence"] == ("China and the United States account for equal parts of the remaining "
                                      "disagreement, about 42 % each")  # fmt: skip
    e4 = words.exercise4(0.5, pooled, pd.Series([41.5, 40.9, 10.0], index=["CHN", "USA", "DEU"]))
    assert e4["ex4_top_sentence"] == "China accounts for the largest part of the remaining disagreement, 42 %"


def test_rounding_inputs_read_the_release_named_and_label_the_profiles(monkeypatch):
    """With another default release chosen (TBI_VINTAGE; its files are not here), the appendix still reads the 2013
    panels and the 2013 file of 2000 it names, and its fingerprints carry their labels."""
    monkeypatch.setenv("TBI_VINTAGE", "2016")
    r = words.rounding_inputs("2013", "discrepancy")
    assert list(r["profiles"].index) == ["WIOD 2013 file, 2000", "LR-WIOD 2000, rounded", "LR-WIOD 2000, truncated"]
    assert sorted(r["by_method"]) == sorted(words.METHODS) and list(r["change"].columns) == ["rowsum", "none"]


def test_the_closer_convention_is_the_one_whose_slope_is_nearer_the_published_one():
    """Rows: published table, rounded to the nearest million, truncated; a tie goes to truncation (strict <)."""
    def closer(published, nearest, trunc):
        return words._closer(pd.DataFrame({"slope_per_cell": [published, nearest, trunc]}))

    assert closer(1.0, 1.1, 2.0) == "nearest" and closer(1.0, 2.0, 1.1) == "trunc"
    assert closer(0.0, 2.0, 3.0) == "nearest"  # 2 < 3, though nearest and trunc are only 1 apart
    assert closer(1.0, 1.5, 0.5) == "trunc"  # both 0.5 away


def test_the_sensitivity_is_compared_with_the_gap_to_the_paper_at_half_and_at_the_whole():
    said = [words._vs_paper(moved, 1.0) for moved in (0.49, 0.5, 0.99, 1.0, 1.5)]
    assert said == ["well below", "below", "below", "not below", "not below"]


def test_correlation_sentence_without_and_with_strong_economies():
    agree = pd.DataFrame({"within correlation": [0.6, 0.3]}, index=["USA", "CHN"])
    assert words._correlation_sentence(agree, "within correlation", "within correlation") == (
        "The within correlation is weak for China (0.30), moderate for the United States (0.60).")
    agree = pd.DataFrame({"within correlation": [0.9, 0.6, 0.3]}, index=["DEU", "USA", "CHN"])
    assert words._correlation_sentence(agree, "within correlation", "within correlation") == (
        f"The within correlation is strong for {claims.count(1, 3, 'economies')}, but only weak for China (0.30), "
        "moderate for the United States (0.60).")


def _in_year(n: int) -> pd.DataFrame:
    """n economies of the 2013 release with distinct TBIs from −0.5 to 0.5 (the middle one 0 when n is odd)."""
    codes = words._regions("2013")[:n]
    tbi = np.linspace(-0.5, 0.5, n)
    return pd.DataFrame({"tbi": tbi, "tbi_gross": tbi / 2, "va_exports": 1e3, "va_imports": 1e3}, index=codes)


@pytest.mark.parametrize("n, shown, gap", [(5, 5, False), (2 * words.N_SHOWN, 2 * words.N_SHOWN, False),
                                           (2 * words.N_SHOWN + 6, words.N_SHOWN, True)])  # fmt: skip
def test_the_ranking_shows_everyone_up_to_twice_n_shown_and_both_ends_beyond(n, shown, gap):
    in_year = _in_year(n)
    ranked, on_figure = words._ranked(in_year)
    assert list(ranked.index) == list(in_year.sort_values("tbi").index)
    expected = list(ranked.index) if not gap else [*ranked.index[:words.N_SHOWN], *ranked.index[-words.N_SHOWN:]]
    assert list(on_figure.index) == expected  # no economy twice
    assert words.ranking(in_year)["n_shown"] == str(shown)
    (ax,) = words.figure_ranking(in_year, 2011).axes
    positions = list(range(len(expected)))
    if gap:
        positions = positions[:words.N_SHOWN] + [p + 1 for p in positions[words.N_SHOWN:]]
    assert list(ax.get_yticks()) == positions
    assert [t.get_text() for t in ax.texts] == ([f"… {n - 2 * words.N_SHOWN} countries not shown …"] if gap else [])


def test_a_tbi_of_exactly_zero_is_no_surplus_and_is_drawn_as_one():
    in_year = _in_year(5)  # TBIs −0.5, −0.25, 0, 0.25, 0.5
    assert words.ranking(in_year)["n_surplus"] == claims.count(2, 5, "countries")
    (ax,) = words.figure_ranking(in_year, 2011).axes
    faces = [matplotlib.colors.to_hex(bar.get_facecolor()[:3]) for bar in ax.patches]
    red, blue = matplotlib.colors.to_hex("tab:red"), matplotlib.colors.to_hex("tab:blue")
    assert faces == [red, red, blue, blue, blue]  # zero is not a deficit


def test_parameters_are_checked_against_the_release_named_and_the_rest_of_the_world_is_no_focus():
    years = [2000, 2014]
    assert words.validate("2016", ("CHN", "USA", "NOR"), None, "none", "NOR", years) == (
        "NOR", 2014, ["CHN", "USA", "NOR"], ["CHN", "USA"])  # Norway: in the 2016 release only
    with pytest.raises(ValueError, match="FOCUS_COUNTRY = 'ROW'"):
        words.validate("2013", ("CHN", "USA"), None, "none", "ROW", years)
    with pytest.raises(ValueError, match=r"^Parameter RELEASE = '1999' is not available; choose one of '2013', '2016'\.$"):
        words.validate("1999", ("CHN", "USA"), None, "none", "CHN", years)


def test_one_economy_outside_table1_is_named_in_the_singular():
    said = words.setting("none", ["CHN", "USA", "NOR"], ["CHN", "USA"], 2014)["not_in_table1"]
    assert said == "Norway is not in the paper's Table 1 and appears in the figures only."
    said = words.setting("none", ["CHN", "USA", "NOR", "FRA"], ["CHN", "USA"], 2014)["not_in_table1"]
    assert said == "Norway and France are not in the paper's Table 1 and appear in the figures only."


def test_panel_facts_guard_the_tbi_range_on_both_sides_and_missing_values():
    panel = pd.DataFrame({"country": ["CHN", "CHN", "USA", "USA"], "year": [2010, 2011] * 2,
                          "tbi": [-1.0, 1.0, 0.2, -0.2], "va_exports": 1.0})  # fmt: skip
    range_guard = "TBI within [−1, 1], no missing values"
    assert words.panel_facts(panel, [2010, 2011]).failed == []  # −1 and 1 themselves are inside
    for column, value in (("tbi", -1.5), ("tbi", 1.5), ("va_exports", np.nan)):
        broken = panel.copy()
        broken.loc[2, column] = value
        assert words.panel_facts(broken, [2010, 2011]).failed == [range_guard], (column, value)


def test_identity_reports_the_median_gross_exports_in_billions():
    panel = pd.DataFrame({"va_balance": [1.0, 2.0, 3.0], "gross_balance": [1.0, 2.0, 3.0],
                          "gross_exports": [1.0e6, 2.0e6, 9.0e6]})  # fmt: skip
    said = words.identity(panel, "discrepancy")
    assert said["gross_x_median"] == "2,000" and said["identity_max_gap"] == "0.0" and said.failed == []


def test_identity_gap_guard_is_strict_at_12_million():
    guard = "in a balanced table the value-added balance equals the gross balance up to zero-output sales"
    for gap, failed in ((11.99, []), (12.0, [guard]), (-12.0, [guard])):
        panel = pd.DataFrame({"va_balance": [5.0 + gap, 1.0], "gross_balance": [5.0, 1.0], "gross_exports": 1.0})
        assert words.identity(panel, "discrepancy").failed == failed, gap
        assert words.identity(panel, "none").failed == []  # unbalanced: skipped


def test_customs_guard_needs_the_same_signs_and_a_ratio_of_at_least_one():
    guard = "in a balanced table both indices have the same sign and the value-added one is the larger"
    panel = pd.DataFrame({"country": ["CHN", "CHN", "USA", "USA"], "tbi": [0.2, 0.4, -0.2, -0.3]})
    for gross, failed in (([0.2, 0.4, -0.2, -0.3], []),  # ratio exactly 1 everywhere
                          ([0.4, 0.8, -0.4, -0.6], [guard]),  # same signs, ratio 0.5
                          ([0.1, 0.2, 0.1, -0.1], [guard])):  # a sign differs  # fmt: skip
        assert words.customs(panel.assign(tbi_gross=gross), "discrepancy").failed == failed, gross


def test_agreement_guards_on_both_sides_of_their_thresholds():
    """0.1 mean |difference| (strict); with the defaults, pooled within > 0.9 and some economy < 0.8 (both strict)."""
    c = _chapter(DEFAULTS)
    agree, pooled = c["agree"], c["pooled"]
    close = "our TBI is within 0.1 of the paper's on average for every economy"
    mixed = "with the defaults, the pooled within correlation is high but some economies agree only moderately"

    def failed(agree, pooled):
        return words.agreement(agree, pooled, c["ours"], c["paper"], "2013", "discrepancy").failed

    assert failed(agree.assign(**{"mean |difference|": 0.0999}), pooled) == []
    assert failed(agree.assign(**{"mean |difference|": 0.1}), pooled) == [close]
    within = agree["within correlation"]
    assert within.min() < 0.8 < 0.9 < pooled["within correlation"]  # the defaults pass for the right reason
    assert failed(agree, pooled.where(pooled.index != "within correlation", 0.9)) == [mixed]
    assert failed(agree, pooled.where(pooled.index != "within correlation", 0.85)) == [mixed]
    at_bound = agree.assign(**{"within correlation": within.clip(lower=0.8)})
    assert (at_bound["within correlation"] == 0.8).any() and failed(at_bound, pooled) == [mixed]
    assert failed(agree.assign(**{"within correlation": within.clip(lower=0.79)}), pooled) == []


def _accuracy(nearest: dict, worst=("CHN 1995",) * 10) -> pd.DataFrame:
    """An error table of lib.mrio.rounding.error_table's layout: ``nearest`` gives the mean |error| of each treatment
    under nearest rounding; under truncation every treatment errs by 0.02 except 'expected' (0.01)."""
    methods = ["none", "discrepancy", "rowsum", "spread", "expected"]
    rows = [{"mode": mode, "method": m, "mean_abs": value, "max_abs": 2 * value, "mean_abs_large": value / 2,
             "mean_abs_small": 2 * value} for mode, values in
            (("trunc", {m: 0.01 if m == "expected" else 0.02 for m in methods}), ("nearest", nearest))
            for m, value in values.items()]  # fmt: skip
    return pd.DataFrame(rows).assign(worst=list(worst))


NEAREST_PROFILES = pd.DataFrame({"slope_per_cell": [1.0, 1.0, 2.0], "rows_below_bound": [3, 0, 9]})
EXACT = {"none": 0.5, "discrepancy": 0.25, "rowsum": 0.375, "spread": 0.3125, "expected": 0.4375}  # binary fractions


def test_experiment_guards_on_both_sides_and_the_worst_year():
    worse = "under rounding to the nearest million, both corrections for truncation do worse than the default"
    small = "the treatments differ by less than the mean gap to the paper (the text says the differences are small)"
    gap = pd.Series({"mean |difference|": 0.26})  # treatments 0.25 apart
    said = words.experiment(_accuracy(EXACT), NEAREST_PROFILES, gap)
    assert said.failed == [] and said["worst_year"] == "; every treatment's largest error falls in 1995, the earliest table"
    assert said["best_nearest"] == "discrepancy" and said["small_vs_large"] == "4"
    assert words.experiment(_accuracy(EXACT), NEAREST_PROFILES, pd.Series({"mean |difference|": 0.25})).failed == [small]
    tie = {**EXACT, "spread": EXACT["discrepancy"]}  # a correction as good as the default is not worse
    assert words.experiment(_accuracy(tie), NEAREST_PROFILES, gap).failed == [worse]
    two_years = ("CHN 1995",) * 9 + ("USA 2000",)
    assert words.experiment(_accuracy(EXACT, two_years), NEAREST_PROFILES, gap)["worst_year"] == ""


def test_a_tie_to_four_decimals_is_a_tie_in_both_rounding_sentences():
    """0.00288 and 0.00292 agree to four decimals (0.0029): the sentences call them tied; 0.00288 and 0.00302 do not."""
    gap = pd.Series({"mean |difference|": 0.01})
    inputs = {"change": pd.DataFrame({"rowsum": [0.001, 0.002], "none": [0.003, 0.001]}, index=["CHN", "USA"]),
              "profiles": NEAREST_PROFILES, "balance": "discrepancy"}  # fmt: skip
    for rowsum, tied in ((0.00292, True), (0.00302, False)):
        nearest = {"none": 0.0031, "discrepancy": 0.00288, "rowsum": rowsum, "spread": 0.0035, "expected": 0.0036}
        accuracy = _accuracy(nearest)
        best = words.experiment(accuracy, NEAREST_PROFILES, gap)["best_sentence"]
        assert best.startswith("the two balancing treatments are the most accurate" if tied else
                               "the most accurate treatment on average is “discrepancy”"), best  # fmt: skip
        brief = words.rounding_brief({**inputs, "accuracy": accuracy}, ["CHN", "USA"], gap, "2016", "WIOD 2016 release")
        assert ("equally well" in brief["rounding_experiment"]) == tied and brief.failed == []
        assert brief["stored"] == "The WIOD 2016 release tables are stored rounded"


def test_the_default_must_be_the_best_treatment_unless_tied():
    gap = pd.Series({"mean |difference|": 0.01})
    inputs = {"change": pd.DataFrame({"rowsum": [0.001]}, index=["CHN"]), "profiles": NEAREST_PROFILES,
              "balance": "discrepancy"}  # fmt: skip
    best = {"none": 0.0031, "discrepancy": 0.0020, "rowsum": 0.0030, "spread": 0.0035, "expected": 0.0036}
    assert words.rounding_brief({**inputs, "accuracy": _accuracy(best)}, ["CHN"], gap, "2013", "x").failed == []
    beaten = {**best, "rowsum": 0.0010}
    assert words.rounding_brief({**inputs, "accuracy": _accuracy(beaten)}, ["CHN"], gap, "2013", "x").failed == [
        words.DEFAULT_IS_BEST]


def _by_method(rowsum_gap=0.01, turnover=(2e6, 4e6, 6e6)):
    """Three economies in 2011: 'none' moves China most (by 0.1), 'rowsum' moves the United States by ``rowsum_gap``;
    ``turnover`` is VA exports + imports (mn USD, half each)."""
    index = pd.MultiIndex.from_product([["CHN", "USA", "DEU"], [2011]], names=["country", "year"])
    flows = {"va_exports": np.array(turnover) / 2, "va_imports": np.array(turnover) / 2, "va_balance": 0.0,
             "gross_balance": [0.0, 0.0, 5.0]}  # fmt: skip
    base = pd.DataFrame({"tbi": [0.1, 0.0, 0.3], **flows}, index=index)  # the United States at 0: its gap is exact
    return {"discrepancy": base, "rowsum": base.assign(tbi=base["tbi"] + [0.0, rowsum_gap, 0.0]),
            "none": base.assign(tbi=base["tbi"] + [0.1, 0.0, 0.0])}


def test_sensitivity_guards_on_both_sides_and_the_turnover_in_billions():
    chosen, gap = ["CHN", "USA", "DEU"], pd.Series({"mean |difference|": 0.01})
    large = "for the large economies of Table 1 no treatment moves the TBI by 0.005 or more"
    close = "the two balanced treatments stay within 0.02 of each other"
    small = "the country most moved by leaving the table unbalanced is a small trader (below the median)"

    def said(change=0.0049, **kwargs):
        moved = pd.DataFrame({"rowsum": change, "none": 0.0}, index=chosen)
        return words.sensitivity(_by_method(**kwargs), moved, chosen, gap, "2013", "WIOD 2013")

    ok = said()
    assert ok.failed == [] and ok["sens_none_turnover"] == "2,000.0" and ok["sens_none_country"] == "China"
    assert (ok["sens_none_year"], ok["none_identity"], ok["sens_balanced_who"]) == ("2011", "5", "United States")
    assert said(change=0.005).failed == [large] and said(change=0.5).failed == [large]
    assert said(rowsum_gap=0.0199).failed == []
    assert said(rowsum_gap=0.02).failed == [close] and said(rowsum_gap=0.5).failed == [close]
    assert said(turnover=(4e6, 4e6, 6e6)).failed == [small]  # China's turnover is the median itself


def test_rounding_inputs_ask_for_the_release_named_without_a_progress_bar(monkeypatch):
    """The appendix's panels are built for the release given and silently (a progress bar would print into the page
    the first time the book is built)."""
    calls = []

    class Enough(Exception):
        pass

    def recording(*args, **kwargs):
        calls.append((args, kwargs))
        raise Enough

    monkeypatch.setattr(words, "tbi_panel", recording)
    with pytest.raises(Enough):
        words.rounding_inputs("2016", "rowsum")
    assert calls == [(("2016",), {"balance_method": words.METHODS[0], "progress": False})]
