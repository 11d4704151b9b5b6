"""The words of the chapter 'Developed and developing countries' (lib.report.chapters.heterogeneity), on the
chapter's default parameters and on its second parameter set, and sentences that flip with their inputs."""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from lib.data import countries
from lib.econometrics import panel
from lib.econometrics.estimation import interaction_test, xtreg_fe
from lib.report import book, claims, scorecard
from lib.report.chapters import heterogeneity as words
from prose_helpers import parameter_sets, regression_sample, validated

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): the full coefficient phrases of every
# column and the sign words of the difference tests; the page quotes some.
UNREAD_KEYS = {
    "diff1", "diff2", "diff_sign_ec", "diff_sign_gi", "dist3", "paper_diff_sign_ec", "paper_diff_sign_gi",
    "paper_se1", "paper_se2", "paper_se3", "se1", "se2", "se3", "sig1", "sig2", "sig3", "z1", "z2", "z3",
}

DEFAULTS, ALTERNATIVE = parameter_sets("heterogeneity")
_validated = validated


def _chapter(values: dict) -> SimpleNamespace:
    """What the chapter's visible cells compute, for one parameter set."""
    params = _validated(values)
    data = regression_sample(params)
    results = scorecard.estimate_table(data, "4")
    card = scorecard.scorecard({"4": results})
    tbi_card = card[card["term"] == "TBI"].set_index("column")
    tests = {y: interaction_test(data, y, "tbi", panel.CONTROLS, group="developed") for y in ("KOFGIdj", "KOFEcGIdj")}
    other = "imf" if params.split == "paper" else "paper"
    country = data["country"]
    variants = {"this chapter's parameters": data,
                f"the other split ('{other}')": data.assign(developed=country.isin(words.SPLITS[other])),
                "without the 2004 EU entrants": data[~country.isin(words.EU_2004)],
                "without Cyprus and Malta": data[~country.isin(["CYP", "MLT"])],
                "without China": data[country != "CHN"]}  # fmt: skip
    rows = []
    for name, sample in variants.items():
        r = scorecard.estimate_table(sample, "4")["(4)"]
        rows.append({"variant": name, "coef": r.params["tbi"], "se": r.se["tbi"], "p": r.pvalues["tbi"],
                     "countries": r.n_clusters, "N": r.nobs})  # fmt: skip
    sensitivity = pd.DataFrame(rows).set_index("variant")
    paper = tbi_card.loc["(4)"]
    developing = data[~data["developed"]]
    rows = []
    for c in sorted(developing["country"].unique()):
        r = xtreg_fe(developing[developing["country"] != c], "KOFEcGIdj", ["tbi", *panel.CONTROLS])
        b, p = r.params["tbi"], r.pvalues["tbi"]
        rows.append({"left out": countries.name(c), "coef": b, "p": p,
                     "verdict": claims.verdict(paper["paper"], int(paper["paper_stars"]), b, p)})  # fmt: skip
    loo = pd.DataFrame(rows).set_index("left out")
    return SimpleNamespace(params=params, data=data, results=results, card=card, tbi_card=tbi_card, tests=tests,
                           sensitivity=sensitivity, loo=loo)  # fmt: skip


@pytest.fixture(scope="module", params=["defaults", "alternative"])
def chapter(request):
    return _chapter(DEFAULTS if request.param == "defaults" else ALTERNATIVE)


def test_validate_returns_the_parameters_and_names_a_wrong_one():
    assert _validated(DEFAULTS).paper_default and not _validated(ALTERNATIVE).paper_default
    assert not _validated({**DEFAULTS, "EXCLUDE": ()}).paper_default
    assert _validated(ALTERNATIVE).split == "imf" and _validated(DEFAULTS).exclude == ("ROU",)
    with pytest.raises(ValueError, match="SPLIT = 'IMF'.*Did you mean 'imf'"):
        _validated({**DEFAULTS, "SPLIT": "IMF"})
    with pytest.raises(ValueError, match="KOF_RELEASE"):
        _validated({**DEFAULTS, "KOF_RELEASE": "2020"})
    assert words.split_phrase(_validated(ALTERNATIVE))["split"] == panel.SPLIT_DESCRIPTIONS["imf"]


def test_the_samples_partition_the_panel(chapter):
    out = words.samples(chapter.results, chapter.data)
    assert out.failed == []
    dev, devg = chapter.results["(1)"], chapter.results["(3)"]
    assert out["n_dev"] == f"{dev.n_clusters:,}" and out["n_devg"] == f"{devg.n_clusters:,}"
    assert int(out["nobs_dev"].replace(",", "")) + int(out["nobs_devg"].replace(",", "")) == len(chapter.data)
    assert dev.n_clusters + devg.n_clusters == chapter.data["country"].nunique()
    half = {k: r for k, r in chapter.results.items() if k != "(3)"}
    assert words.samples({**half, "(3)": chapter.results["(1)"]}, chapter.data).failed == [
        "the two groups partition the panel"]


def test_scorecard_phrases_follow_the_card(chapter):
    out = words.scorecard_phrases(chapter.card, chapter.tbi_card, chapter.params)
    assert out.failed == []
    col4 = chapter.tbi_card.loc["(4)"]
    assert out["b4"] == book.num(col4["ours"], ".2f") and out["verdict4"] == col4["verdict"]
    assert out["h3_status"] == ("reproduced" if col4["verdict"] == claims.REPRODUCED else "not reproduced")
    assert out["n_terms"] == str(len(chapter.card))
    counts = scorecard.verdict_counts(chapter.card)
    assert sum(counts) == len(chapter.card)
    for verdict, k in counts.items():  # every verdict that occurs is counted in the sentence
        if 0 < k < len(chapter.card):
            assert f"{k} {'are' if k > 1 else 'is'} " in out["table_verdicts"]
    assert out["split_short"] == words.SPLIT_SHORT[chapter.params.split]
    if chapter.params.paper_default:  # the book's parameters: the column-4 guard is checked, and holds
        assert len(out.guards) == 2 and out.skipped == []
        assert out["h3_status"] == "not reproduced" and out["b4"].startswith("\u2212")
        assert "more than two of the paper's standard errors apart" in out["dist4"]
    else:
        assert len(out.guards) == 1 and out.skipped == [
            "Not checked for these parameters: column 4 is negative but not significant, more than two paper SEs away"]


def test_scorecard_sentences_flip_with_the_verdicts(chapter):
    card = chapter.tbi_card.copy()
    card.loc["(4)", "verdict"] = claims.REPRODUCED
    card.loc[["(1)", "(2)"], "verdict"] = claims.BOTH_NULL
    out = words.scorecard_phrases(chapter.card, card, chapter.params)
    assert out["h3_status"] == "reproduced"
    assert out["dev_verdicts"] == "both “neither significant”"
    assert out["dev_paper_note"] == " (the paper finds no significant effect there either)"
    card.loc["(2)", "verdict"] = claims.NEW_SIG
    out = words.scorecard_phrases(chapter.card, card, chapter.params)
    assert out["dev_verdicts"] == "“neither significant” and “significant, the paper's not”"
    assert out["dev_paper_note"] == ""
    # On the book's parameters, a positive column 4 breaks the guard.
    card.loc["(4)", ["verdict", "ours"]] = [claims.NOT_SIGNIFICANT, 0.5]
    out = words.scorecard_phrases(chapter.card, card, words.validate("2013", "real", "rnna", "ctfp", "2019",
                                                                     ("ROU",), chapter.params.split))  # fmt: skip
    if chapter.params.split == "paper":
        assert out.failed == ["column 4 is negative but not significant, more than two paper SEs away"]


def test_the_interaction_test_is_the_split_difference(chapter):
    out = words.difference_phrases(chapter.tests, chapter.results, chapter.tbi_card)
    assert out.failed == [] and len(out.guards) == 2
    for key, (dev, devg) in (("gi", ("(1)", "(3)")), ("ec", ("(2)", "(4)"))):
        split = chapter.results[dev].params["tbi"] - chapter.results[devg].params["tbi"]
        assert out[f"diff_{key}"] == book.num(split, ".2f")
        assert out[f"diff_sign_{key}"] == ("larger" if split > 0 else "smaller")
        paper = chapter.tbi_card.loc[dev, "paper"] - chapter.tbi_card.loc[devg, "paper"]
        assert out[f"paper_diff_{key}"] == book.num(paper, ".2f")
        assert out[f"paper_diff_sign_{key}"] == ("larger" if paper > 0 else "smaller")
        p = chapter.tests["KOFGIdj" if key == "gi" else "KOFEcGIdj"].pvalues["tbi:developed"]
        assert out[f"diffsig_{key}"] == claims.significance(p) and out[f"diffp_{key}"] == book.pvalue(p)
    # A pooled estimate that is not the split difference (here: the other sign) fails the guard and flips the word.
    t = chapter.tests["KOFEcGIdj"]
    flipped = SimpleNamespace(params=-t.params, pvalues=t.pvalues, se=t.se)
    out = words.difference_phrases({**chapter.tests, "KOFEcGIdj": flipped}, chapter.results, chapter.tbi_card)
    assert out.failed == ["the interaction coefficient equals the split-sample difference (KOFEcGIdj)"]
    assert {out["diff_sign_ec"], words.difference_phrases(chapter.tests, chapter.results, chapter.tbi_card)[
        "diff_sign_ec"]} == {"larger", "smaller"}


def test_the_split_difference_guard_tolerance_is_relative_with_a_floor_of_one(chapter):
    """The guard allows 1e-6 of the difference, or 1e-6 when the difference is below 1: checked on both sides."""
    def inputs(split, gap):
        results = {col: SimpleNamespace(params=pd.Series({"tbi": b}))
                   for col, b in (("(1)", split), ("(3)", 0.0), ("(2)", split), ("(4)", 0.0))}  # fmt: skip
        tests = {y: SimpleNamespace(params=pd.Series({"tbi:developed": split + gap}),
                                    pvalues=pd.Series({"tbi:developed": 0.3})) for y in words.PAIRS}  # fmt: skip
        return tests, results, chapter.tbi_card
    for split, inside, outside in ((0.2, 0.5e-6, 1.5e-6), (-0.2, -0.5e-6, -1.5e-6), (10.0, 5e-6, 1.5e-5),
                                   (-10.0, 5e-6, -1.5e-5)):  # fmt: skip
        assert words.difference_phrases(*inputs(split, inside)).failed == []
        assert len(words.difference_phrases(*inputs(split, outside)).failed) == 2


def test_sensitivity_phrases_count_the_samples(chapter):
    s = chapter.sensitivity
    out = words.sensitivity_phrases(s, chapter.tbi_card)
    assert out.failed == [] and out["n_variants"] == "5" and len(s) == 5
    assert s.loc["this chapter's parameters", "coef"] == pytest.approx(chapter.results["(4)"].params["tbi"])
    assert out["sens_min"] == book.num(s["coef"].min(), ".2f") and out["sens_max"] == book.num(s["coef"].max(), ".2f")
    assert out["sens_pos"] == claims.count(int((s["coef"] > 0).sum()), 5, "samples")
    n_sig = int((s["p"] < 0.1).sum())
    assert out["sens_sig"] == {0: "none", 5: "all"}.get(n_sig, str(n_sig))
    verdicts = [claims.verdict(chapter.tbi_card.loc["(4)", "paper"], int(chapter.tbi_card.loc["(4)", "paper_stars"]),
                               b, p) for b, p in zip(s["coef"], s["p"])]  # fmt: skip
    n_rep = verdicts.count(claims.REPRODUCED)
    assert out["sens_reproduced_long"] == claims.count(n_rep, 5, "samples")
    table = words.sensitivity_table(s, chapter.tbi_card).text
    assert "tbl-heterogeneity-sensitivity" in table and all(v in table for v in set(verdicts))
    # Every sample significant with the paper's sign and stars: "all" reproduce.
    paper = chapter.tbi_card.loc["(4)"]
    strong = s.assign(coef=np.sign(paper["paper"]) * 10.0, p=1e-6)
    out = words.sensitivity_phrases(strong, chapter.tbi_card)
    assert out["sens_reproduced"] == "all" and out["sens_reproduced_long"] == "all 5 samples" and out["sens_sig"] == "all"
    out = words.sensitivity_phrases(s.assign(p=0.9), chapter.tbi_card)
    assert out["sens_reproduced"] == "none" and out["sens_sig"] == "none"


def test_exercise_phrases(chapter):
    r4, col4 = chapter.results["(4)"], chapter.tbi_card.loc["(4)"]
    out = words.exercise_intervals(chapter.results, chapter.tbi_card)
    ci = r4.conf_int().loc["tbi"]
    assert out["ex1_ours_has"] == ("contains" if ci["low"] <= col4["paper"] <= ci["high"] else "does not contain")
    inside = abs(col4["ours"] - col4["paper"]) <= 1.96 * col4["paper_se"]
    assert out["ex1_paper_has"] == ("contains" if inside else "does not contain")
    assert (out["ex1_why"] == "The two answers agree.") == (out["ex1_ours_has"] == out["ex1_paper_has"])
    assert out["ex1_width"].startswith("Our wider" if r4.se["tbi"] > col4["paper_se"] else "Our interval is the narrower")
    z, p = claims.difference_test(col4["ours"], r4.se["tbi"], col4["paper"], col4["paper_se"])
    assert f"= {book.num(z, '.2f')} (p = {book.pvalue(p)}), " in out["ex1_diff"]
    assert ("does not reject" in out["ex1_diff"]) == (p >= 0.05)
    se_hand = np.hypot(chapter.results["(2)"].se["tbi"], r4.se["tbi"])
    rel = 100 * abs(chapter.tests["KOFEcGIdj"].se["tbi:developed"] / se_hand - 1)
    assert words.exercise_by_hand(chapter.results, chapter.tests)["ex2_rel"] == book.num(rel, ".1f")
    loo = chapter.loo
    out = words.exercise_leave_one_out(loo, chapter.results)
    assert out.failed == [] and out["ex3_mover"] in loo.index
    assert out["ex3_mover_coef"] == book.num(loo.loc[out["ex3_mover"], "coef"], ".2f")
    assert abs(loo.loc[out["ex3_mover"], "coef"] - r4.params["tbi"]) == pytest.approx(
        (loo["coef"] - r4.params["tbi"]).abs().max())
    assert out["ex3_full"] == book.num(r4.params["tbi"], ".2f")
    assert out["ex3_pos"] == claims.count(int((loo["coef"] > 0).sum()), len(loo), "samples")
    assert len(loo) == chapter.results["(4)"].n_clusters


def test_exercise_sentences_flip(chapter):
    # A paper's estimate equal to ours with a tiny SE: both intervals contain the other, the answers agree.
    card = chapter.tbi_card.copy()
    card.loc["(4)", "paper"] = card.loc["(4)", "ours"]
    card.loc["(4)", "paper_se"] = 1e-3
    out = words.exercise_intervals(chapter.results, card)
    assert (out["ex1_ours_has"], out["ex1_paper_has"], out["ex1_why"]) == ("contains", "contains", "The two answers agree.")
    assert out["ex1_width"].startswith("Our wider") and "does not reject" in out["ex1_diff"]
    # Far away with a large SE: ours does not contain it, the paper's does; our interval is the narrower one.
    card.loc["(4)", "paper"] = card.loc["(4)", "ours"] + 50
    card.loc["(4)", "paper_se"] = 100.0
    out = words.exercise_intervals(chapter.results, card)
    assert (out["ex1_ours_has"], out["ex1_paper_has"]) == ("does not contain", "contains")
    assert out["ex1_why"].startswith("The two answers differ") and out["ex1_width"].startswith("Our interval is the narrower")
    # Leave-one-out: one reproduced sample changes the reading.
    loo = chapter.loo.assign(verdict=claims.NOT_SIGNIFICANT)
    assert words.exercise_leave_one_out(loo, chapter.results)["ex3_reading"].startswith("No single omission")
    loo.iloc[0, loo.columns.get_loc("verdict")] = claims.REPRODUCED
    out = words.exercise_leave_one_out(loo, chapter.results)
    assert out["ex3_reading"].startswith("Some omissions") and out["ex3_reproduced"] == f"1 of {len(loo)} samples"
    # A coefficient of exactly zero is not positive.
    signs = loo.assign(coef=[0.0, 1.0] + [-1.0] * (len(loo) - 2))
    assert words.exercise_leave_one_out(signs, chapter.results)["ex3_pos"] == f"1 of {len(loo)} samples"


def test_tables_and_figure(chapter):
    years = book.years_of(chapter.data)
    table4 = words.table4(chapter.results, chapter.data).text
    assert "tbl-table4" in table4 and years in table4 and "(4) KOFEcGIdj developing" in table4
    assert "tbl-heterogeneity-score" in words.score_table(chapter.card).text
    full = words.full_score_table(chapter.card).text
    assert "tbl-heterogeneity-score-all" in full and full.count("\n|") >= len(chapter.card)
    diff = words.difference_table(chapter.tests, chapter.tbi_card).text
    assert "tbl-heterogeneity-diff" in diff and "KOFGIdj" in diff and "KOFEcGIdj" in diff
    fig = words.coefficient_figure(chapter.results, chapter.tbi_card)
    ax = fig.axes[0]
    assert [t.get_text().split()[0] for t in ax.get_xticklabels()] == ["(1)", "(2)", "(3)", "(4)"]
    assert len(ax.get_legend().get_texts()) == 2
    plt.close(fig)
