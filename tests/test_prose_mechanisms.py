"""The words of the chapter 'Mechanisms: trade, finance and politics' (lib.report.chapters.mechanisms), on the
chapter's default parameters and on its second parameter set, and sentences that flip with their inputs."""

import ast
import json
from types import SimpleNamespace

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lib.data import config, countries
from lib.data.paper import published_tables
from lib.econometrics import panel
from lib.econometrics.estimation import interaction_test, xtreg_fe
from lib.report import book, claims, scorecard
from lib.report.chapters import mechanisms as words
from prose_helpers import parameter_sets, regression_sample, validated

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): counts the tests read.
UNREAD_KEYS = {
    "n_cells", "years",
}

DEFAULTS, ALTERNATIVE = parameter_sets("mechanisms")
_validated = validated


def _chapter(values: dict) -> SimpleNamespace:
    """What the chapter's visible cells compute, for one parameter set."""
    params = _validated(values)
    data = regression_sample(params)
    table5, table6 = scorecard.estimate_table(data, "5"), scorecard.estimate_table(data, "6")
    card = scorecard.scorecard({"5": table5, "6": table6})
    tbi_card = card[card["term"] == "TBI"].reset_index(drop=True)
    rows = []
    for table, results in (("5", table5), ("6", table6)):
        for col, r in results.items():
            ci = r.conf_int().loc["tbi"]
            rows.append({"table": table, "column": col, "channel": words.CHANNELS[r.dependent],
                         "ours": r.params["tbi"], "low": ci["low"], "high": ci["high"]})  # fmt: skip
    channels = pd.DataFrame(rows).merge(tbi_card[["table", "column", "sample", "paper", "paper_se"]],
                                        on=["table", "column"])  # fmt: skip
    channels["sample"] = channels["sample"].replace({"all": "all countries"})
    tests = {y: interaction_test(data, y, "tbi", panel.CONTROLS, group="developed") for y in words.CHANNELS}
    within = {}
    for y in words.CHANNELS:
        deviation = data[y] - data.groupby("country")[y].transform("mean")
        within[y] = {words.SHARE: 100 * deviation.var() / data[y].var(), words.SD: deviation.std()}
    within = pd.DataFrame(within).T
    developed = data[data["developed"]]
    rows = []
    for c in sorted(developed["country"].unique()):
        r = xtreg_fe(developed[developed["country"] != c], "KOFPoGIdj", ["tbi", *panel.CONTROLS])
        rows.append({"left out": countries.name(c), "coef": r.params["tbi"], "p": r.pvalues["tbi"]})
    loo = pd.DataFrame(rows).set_index("left out")
    table3 = scorecard.estimate_table(data, "3")
    published = published_tables()
    paper_coef = published.query("variable == 'TBI' and stat == 'coef'").set_index(["table", "column"])["value"]
    ours_coef = {("3", "(4)"): table3["(4)"].params["tbi"], ("5", "(1)"): table5["(1)"].params["tbi"],
                 ("5", "(2)"): table5["(2)"].params["tbi"]}  # fmt: skip
    check = pd.DataFrame({name: [b[("3", "(4)")], (b[("5", "(1)")] + b[("5", "(2)")]) / 2]
                          for name, b in (("ours", ours_coef), ("paper", paper_coef))},
                         index=["economic (Table 3, col. 4)", "½ (trade + financial), Table 5"])  # fmt: skip
    return SimpleNamespace(params=params, data=data, table5=table5, table6=table6, card=card, tbi_card=tbi_card,
                           channels=channels, tests=tests, within=within, loo=loo, check=check)  # fmt: skip


@pytest.fixture(scope="module", params=["defaults", "alternative"])
def chapter(request):
    return _chapter(DEFAULTS if request.param == "defaults" else ALTERNATIVE)


def _cell(tbi_card: pd.DataFrame, table: str, column: str) -> pd.Series:
    return tbi_card.set_index(["table", "column"]).loc[(table, column)]


def test_validate_returns_the_parameters_and_names_a_wrong_one():
    assert _validated(DEFAULTS).split == "paper" and _validated(ALTERNATIVE).split == "imf"
    assert _validated(ALTERNATIVE).capital == "ck" and _validated(DEFAULTS).exclude == ("ROU",)
    with pytest.raises(ValueError, match="SPLIT = 'IMF'.*Did you mean 'imf'"):
        _validated({**DEFAULTS, "SPLIT": "IMF"})
    with pytest.raises(ValueError, match="KOF_RELEASE"):
        _validated({**DEFAULTS, "KOF_RELEASE": "2020"})
    for split in ("paper", "imf"):
        assert words.split_phrase(_validated({**DEFAULTS, "SPLIT": split}))["split"] == panel.SPLIT_DESCRIPTIONS[split]


def test_the_notebook_names_the_same_channels():
    """The visible import cell defines CHANNELS for the student; the module's words use the same mapping."""
    notebook = config.ROOT / "chapters" / "mechanisms.ipynb"
    cells = [c for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    found = [ast.literal_eval(node.value) for c in cells for node in ast.walk(ast.parse("".join(c["source"])))
             if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "CHANNELS" for t in node.targets)]
    assert found == [words.CHANNELS]


def test_samples_count_the_groups(chapter):
    out = words.samples(chapter.data, chapter.table6)
    assert out.failed == [] and out["years"] == book.years_of(chapter.data)
    n_dev, n_devg = int(out["n_dev"]), int(out["n_devg"])
    assert n_dev == chapter.data.loc[chapter.data["developed"], "country"].nunique()
    assert n_dev + n_devg == chapter.data["country"].nunique()
    assert n_dev == (20 if chapter.params.split == "paper" else 28)


def test_scorecard_phrases_follow_the_card(chapter):
    tbi = chapter.tbi_card
    out = words.scorecard_phrases(chapter.card, tbi)
    assert out.failed == [] and out["n_cells"] == "9" and out["n_terms"] == str(len(chapter.card))
    assert out["tbi_verdicts"] == "O" + claims.verdict_sentence(scorecard.verdict_counts(tbi), "TBI estimates")[1:]
    assert out["tbi_verdicts"].startswith("Of the 9 TBI estimates, ") and out["tbi_verdicts"].endswith(
        out["tbi_verdicts_short"])
    counts = scorecard.verdict_counts(tbi)
    assert sum(counts) == 9
    for verdict, k in counts.items():  # every verdict that occurs is counted in the sentence
        if 0 < k < 9:
            assert f"{k} {'are' if k > 1 else 'is'} " in out["tbi_verdicts_short"]
    same = int(sum((a > 0) == (b > 0) for a, b in zip(tbi["ours"], tbi["paper"])))
    assert out["n_same_sign"] == claims.count(same, 9)
    unstarred = tbi[tbi["paper_stars"] == 0]
    new = unstarred[unstarred["ours_stars"] > 0]
    assert out["extra"].startswith(f"Of the {len(unstarred)} cells without stars in the paper, ")
    assert out["extra"].count("; ours significant at") == len(new)
    for r in new.itertuples():
        assert f"Table {r.table}, column {r.column.strip('()')} ({words.CHANNELS[r.dependent]} channel" in out["extra"]
    assert len(chapter.card) == 81  # nine columns, nine terms each


def test_the_cells_without_stars_flip_the_sentence(chapter):
    tbi = chapter.tbi_card.copy()
    starred = tbi.assign(paper_stars=1)
    assert words.scorecard_phrases(chapter.card, starred)["extra"] == (
        "The paper gives every one of these cells at least one star.")
    quiet = tbi.assign(paper_stars=[0, 0] + [1] * 7, ours_stars=0, ours_p=0.5)
    assert words.scorecard_phrases(chapter.card, quiet)["extra"] == (
        "Of the 2 cells without stars in the paper, none has a significant estimate in our data either.")
    loud = quiet.assign(ours_stars=[2, 3] + [0] * 7, ours_p=[0.03, 0.001] + [0.5] * 7)
    extra = words.scorecard_phrases(chapter.card, loud)["extra"]
    assert extra.startswith("Of the 2 cells without stars in the paper, all have a significant estimate in our data: ")
    assert "ours significant at 5 %); " in extra and extra.endswith("ours significant at 1 %).")
    one = loud.assign(ours_stars=[2] + [0] * 8)
    extra = words.scorecard_phrases(chapter.card, one)["extra"]
    assert "2 cells without stars in the paper, 1 has a significant" in extra
    # A card without its nine cells, or with an unknown verdict, fails the guard.
    assert words.scorecard_phrases(chapter.card, tbi.iloc[:8]).failed == ["nine TBI cells, each with a verdict"]
    odd = tbi.assign(verdict=[claims.REPRODUCED] * 8 + ["lucky"])
    assert words.scorecard_phrases(chapter.card, odd).failed == ["nine TBI cells, each with a verdict"]


def test_hypotheses_describe_each_cell(chapter):
    tbi = chapter.tbi_card
    out = words.hypotheses(tbi)
    assert out.failed == []
    for name, table, column in (("t5_trade", "5", "(1)"), ("t5_fin", "5", "(2)"), ("t5_pol", "5", "(3)"),
                                ("t6_fin_dev", "6", "(2)"), ("t6_pol_dev", "6", "(3)"),
                                ("t6_trade_devg", "6", "(4)"), ("t6_fin_devg", "6", "(5)")):  # fmt: skip
        r = _cell(tbi, table, column)
        assert out[name].startswith(f"{book.num(r['ours'], '.2f')} (p = {book.pvalue(r['ours_p'])}) against the paper's "
                                    f"{book.num(r['paper'], '.2f')}{'*' * int(r['paper_stars'])}, “{r['verdict']}”")
        assert out[name].endswith(f"z = {book.num(r['diff_z'], '.2f')}, p = {book.pvalue(r['diff_p'])}")
    n_h2 = sum(_cell(tbi, *k)["verdict"] == claims.REPRODUCED for k in words.H2_CELLS)
    assert out["h2_reproduced"] == ["neither is reproduced", "one of the two is reproduced", "both are reproduced"][n_h2]
    if chapter.params.split == "paper":  # the book's run: only the developed countries' political channel holds
        assert (out["h2_reproduced"], out["h3_reproduced"], out["h3_opposite"]) == (
            "neither is reproduced", "1 is", "none has a significant estimate of")
        assert out["t6_pol_dev"].startswith("7.80 (p = 0.023) against the paper's 5.71**, “reproduced”")


def test_hypothesis_sentences_flip_with_the_verdicts(chapter):
    tbi = chapter.tbi_card.copy()
    out = words.hypotheses(tbi.assign(verdict=claims.REPRODUCED))
    assert (out["h2_reproduced"], out["h3_reproduced"], out["h3_opposite"]) == (
        "both are reproduced", "all 3 are", "none has a significant estimate of")
    assert "“reproduced”" in out["t5_trade"] and "“reproduced”" in out["t6_fin_devg"]
    out = words.hypotheses(tbi.assign(verdict=claims.OPPOSITE))
    assert (out["h2_reproduced"], out["h3_reproduced"], out["h3_opposite"]) == (
        "neither is reproduced", "none is", "3 have a significant estimate of")
    mixed = tbi.assign(verdict=claims.NOT_SIGNIFICANT)
    mixed.loc[(mixed["table"] == "5") & (mixed["column"] == "(2)"), "verdict"] = claims.REPRODUCED
    mixed.loc[(mixed["table"] == "6") & (mixed["column"] == "(4)"), "verdict"] = claims.OPPOSITE
    mixed.loc[(mixed["table"] == "6") & (mixed["column"] == "(5)"), "verdict"] = claims.REPRODUCED
    out = words.hypotheses(mixed)
    assert (out["h2_reproduced"], out["h3_reproduced"], out["h3_opposite"]) == (
        "one of the two is reproduced", "1 is", "1 has a significant estimate of")
    # A negative estimate is written with a true minus sign.
    neg = tbi.assign(ours=-abs(tbi["ours"]) - 0.01)
    assert words.hypotheses(neg)["t5_trade"].startswith("\u2212")


def test_the_interaction_test_is_the_split_difference(chapter):
    out = words.difference_phrases(chapter.tests, chapter.table6, chapter.tbi_card)
    assert out.failed == [] and len(out.guards) == 3
    p = [chapter.tests[y].pvalues["tbi:developed"] for y in words.CHANNELS]
    assert out["n_diff_sig"] == claims.count(sum(x < 0.1 for x in p), 3, "channels")
    table = words.difference_table(chapter.tests, chapter.tbi_card).text
    assert "tbl-mechanisms-diff" in table and all(c in table for c in ("trade", "financial", "political"))
    if chapter.params.split == "paper":
        assert (out["n_diff_sig"], out["n_paper_diff_sig"]) == ("none of the 3 channels", "2 of 3 channels")
    # A pooled estimate that is not the split difference (the other sign) fails the guard of its channel.
    t = chapter.tests["KOFPoGIdj"]
    flipped = SimpleNamespace(params=-t.params, pvalues=t.pvalues.clip(upper=0.05), se=t.se)
    out = words.difference_phrases({**chapter.tests, "KOFPoGIdj": flipped}, chapter.table6, chapter.tbi_card)
    assert out.failed == ["interaction coefficient equals the split difference (KOFPoGIdj)"]
    k = sum(x < 0.1 for x in p[:2]) + 1
    assert out["n_diff_sig"] == claims.count(k, 3, "channels")
    # The paper's difference: equal estimates in the two groups are never significant.
    same = chapter.tbi_card.assign(paper=1.0)
    assert words.difference_phrases(chapter.tests, chapter.table6, same)["n_paper_diff_sig"] == "none of the 3 channels"


@pytest.mark.parametrize("split, off, holds", [(50.0, 1e-5, True), (50.0, 1e-4, False), (0.5, 9e-7, True),
                                               (0.5, 1.5e-6, False)], ids=["large-in", "large-out", "small-in", "small-out"])
def test_the_split_difference_guard_allows_a_millionth_of_the_difference(chapter, split, off, holds):
    """The interaction coefficient may differ from the split difference by 1e-6 × max(1, |difference|): relative for
    a large difference (50: 1e-5 passes, 1e-4 fails), absolute below 1 (0.5: 9e-7 passes, 1.5e-6 fails)."""
    y = "KOFPoGIdj"
    dev, devg = words.PAIRS[y]
    table6 = {**chapter.table6, dev: SimpleNamespace(params=pd.Series({"tbi": chapter.table6[devg].params["tbi"] + split}))}
    t = chapter.tests[y]
    pooled = SimpleNamespace(params=t.params.copy(), pvalues=t.pvalues, se=t.se)
    pooled.params["tbi:developed"] = split + off
    out = words.difference_phrases({y: pooled}, table6, chapter.tbi_card)
    assert out.failed == ([] if holds else [f"interaction coefficient equals the split difference ({y})"])


def test_exercise_phrases(chapter):
    w = chapter.within
    out = words.exercise_within(w)
    least, most = w[words.SHARE].idxmin(), w[words.SHARE].idxmax()
    assert out["ex1_least"] == f"{words.CHANNELS[least]} ({least})" and out["ex1_most"].endswith(f"({most})")
    assert float(out["ex1_least_share"]) <= float(out["ex1_most_share"]) <= 100
    assert out["ex1_least_sd"] == book.num(w.loc[least, words.SD], ".2f")
    loo, full = chapter.loo, chapter.table6["(3)"].params["tbi"]
    out = words.exercise_leave_one_out(loo, chapter.table6)
    assert out.failed == [] and out["ex2_full"] == book.num(full, ".2f") and out["ex2_mover"] in loo.index
    assert abs(loo.loc[out["ex2_mover"], "coef"] - full) == pytest.approx((loo["coef"] - full).abs().max())
    assert out["ex2_min"] == book.num(loo["coef"].min(), ".2f") and out["ex2_max"] == book.num(loo["coef"].max(), ".2f")
    assert len(loo) == chapter.table6["(3)"].n_clusters
    assert out["ex2_sig"] == claims.count(int((loo["p"] < 0.05).sum()), len(loo), "samples")
    out = words.exercise_adds_up(chapter.check)
    assert out.failed == [] and len(out.guards) == 1
    gap = abs(chapter.check["ours"].iloc[0] - chapter.check["ours"].iloc[1])
    assert out["ex3_gap_ours"] == book.num(gap, ".3f")
    assert out["ex3_ours_rel"] == book.num(100 * gap / abs(chapter.check["ours"].iloc[0]), ".1f")
    assert float(out["ex3_paper_rel"]) < 1


def test_exercise_sentences_flip(chapter):
    loo = chapter.loo
    n = len(loo)
    assert words.exercise_leave_one_out(loo.assign(p=0.01), chapter.table6)["ex2_survives"] == (
        "so the result holds at 5 % whichever country is left out")
    assert words.exercise_leave_one_out(loo.assign(p=0.01), chapter.table6)["ex2_sig"] == f"all {n} samples"
    most = loo.assign(p=[0.2] + [0.01] * (n - 1))
    out = words.exercise_leave_one_out(most, chapter.table6)
    assert out["ex2_survives"] == "so the result holds at 5 % in most, but not all, of these samples"
    half = loo.assign(p=[0.2] * (n - n // 2) + [0.01] * (n // 2))
    out = words.exercise_leave_one_out(half, chapter.table6)
    assert out["ex2_survives"] == "so the result does not hold at 5 % in at least half of these samples"
    # The within exercise: the least-moving sub-index is the one with the smallest share.
    w = chapter.within.copy()
    w.loc["KOFTrGIdj", words.SHARE] = 0.5
    assert words.exercise_within(w)["ex1_least"] == "trade (KOFTrGIdj)"
    # A paper whose Tables 3 and 5 do not add up fails the guard.
    broken = chapter.check.copy()
    broken.loc[broken.index[0], "paper"] *= 1.05
    out = words.exercise_adds_up(broken)
    assert out.failed == ["the paper's Tables 3 and 5 add up to within 1 %"] and float(out["ex3_paper_rel"]) > 1
    # The guard is strict: a gap of exactly 1 % (1 of 100; 1/100 is the double 0.01) fails, 0.99 % holds.
    for second, holds in ((99.0, False), (99.01, True)):
        edge = pd.DataFrame({"ours": [1.0, 1.0], "paper": [100.0, second]}, index=chapter.check.index)
        assert (words.exercise_adds_up(edge).failed == []) is holds


def test_tables_and_figure(chapter):
    years = book.years_of(chapter.data)
    t5 = words.table5(chapter.table5, chapter.data).text
    assert "tbl-table5" in t5 and years in t5 and "KOFPoGIdj" in t5
    halves = {g: {c: chapter.table6[c] for c in cols} for g, cols in
              (("developed", ("(1)", "(2)", "(3)")), ("developing", ("(4)", "(5)", "(6)")))}  # fmt: skip
    dev = words.table6_half(halves["developed"], chapter.data, "developed").text
    devg = words.table6_half(halves["developing"], chapter.data, "developing").text
    assert "tbl-table6-developed" in dev and "developed countries (columns 1–3)" in dev and years in dev
    assert "tbl-table6-developing" in devg and "(columns 4–6)" in devg
    score = words.score_table(chapter.tbi_card).text
    assert "tbl-mechanisms-score" in score and "T5\u00a0(1)" in score and "T6\u00a0(6)" in score
    full = words.full_score_table(chapter.card).text
    assert "tbl-mechanisms-score-all" in full and full.count("\n|") >= len(chapter.card)
    fig = words.channel_figure(chapter.channels)
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        "trade (KOFTrGIdj)", "financial (KOFFiGIdj)", "political (KOFPoGIdj)"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == words.SAMPLE_ORDER
    assert len(fig.legends) == 1 and len(fig.legends[0].get_texts()) == 2
    plt.close(fig)
