"""The words of the chapter Baseline (lib.report.chapters.baseline), on the chapter's default parameters and on
its second parameter set (the notebook's ``book.test_parameters``), and sentences that flip with their inputs."""

import json
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lib.data import countries
from lib.econometrics import panel
from lib.mrio.tbi import tbi_panel
from lib.report import book, claims, scorecard
from lib.report.chapters import baseline as words

pytestmark = pytest.mark.shared_cache

# Phrases said but not read by the chapter's pages (tests/chapter_snapshots.py): the coefficient phrases of the two
# columns without controls, and sensitivity counts the page does not quote.
UNREAD_KEYS = {
    "paper_sig1", "paper_sig2", "se1", "se2", "sens_sig10_3", "sens_weakest4", "sens_weakest4_p", "sig1", "sig2",
}

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "baseline.ipynb"
# Three of the notebook's sensitivity variants (its visible cell): the two the text names and the chapter's own
# parameters (the other five cost a panel each and add nothing the words read).
VARIANTS = {"this chapter's parameters": {}, words.TFP_ALT: {"tfp": "rtfpna"}, words.RQ_DROP: {"rq_2001": "drop"}}


def _parameters(alternative: bool) -> dict:
    values = book.chapter_defaults("baseline")
    if alternative:
        values.update(json.loads(NOTEBOOK.read_text())["metadata"]["book"]["test_parameters"])
    return values


def _sensitivity(release: str, options: dict) -> pd.DataFrame:
    rows = []
    for name, change in VARIANTS.items():
        sample = panel.build_country_panel(release, **{**options, **change}).data
        for col, r in scorecard.estimate_table(sample, "3").items():
            if col in words.WITH_CONTROLS:
                rows.append({"variant": name, "column": col, "coef": r.params["tbi"], "se": r.se["tbi"],
                             "p": r.pvalues["tbi"], "N": r.nobs})  # fmt: skip
    return pd.DataFrame(rows)


_BUILT: dict = {}


@pytest.fixture(params=[False, True], ids=["default", "alt"])
def chapter(request):
    """What the notebook computes, for one parameter set (built once per set, in the shared test cache)."""
    alternative = request.param
    if alternative not in _BUILT:
        v = _parameters(alternative)
        params = words.Parameters(v["RELEASE"], v["EXCHANGE_RATE"], v["CAPITAL"], v["TFP"], v["KOF_RELEASE"],
                                  v["EXCLUDE"])  # fmt: skip
        options = dict(exchange_rate=params.exchange_rate, capital=params.capital, tfp=params.tfp,
                       kof_release=params.kof_release, exclude=params.exclude)  # fmt: skip
        built = panel.build_country_panel(params.release, **options)
        results = scorecard.estimate_table(built.data, "3")
        card = scorecard.scorecard({"3": results})
        _BUILT[alternative] = SimpleNamespace(
            params=params, built=built, data=built.data, results=results, card=card,
            tbi_card=card[card["term"] == "TBI"].set_index("column"),
            sensitivity=_sensitivity(params.release, options))  # fmt: skip
    return _BUILT[alternative]


def _count(phrase: str) -> int:
    """The k of a :func:`claims.count` phrase ("5 of 8 variants", "all 8 variants", "none of the 8 variants")."""
    if phrase.startswith("none"):
        return 0
    return int(re.match(r"(?:all )?(\d+)", phrase).group(1))


def test_parameters_know_the_papers_definitions():
    default, alt = words.Parameters(*_parameters(False).values()), _parameters(True)
    assert default.paper_controls and default.paper_definitions
    alt = words.Parameters(alt["RELEASE"], alt["EXCHANGE_RATE"], alt["CAPITAL"], alt["TFP"], alt["KOF_RELEASE"],
                           alt["EXCLUDE"])  # fmt: skip
    assert alt.exclude == () and not alt.paper_controls and not alt.paper_definitions
    assert words.Parameters("2013", "real", "rnna", "ctfp", "2023", ["ROU"]).paper_controls
    assert not words.Parameters("2013", "real", "rnna", "ctfp", "2023", ["ROU"]).paper_definitions


def test_sample_counts_every_country_year(chapter):
    passage = words.sample(chapter.built, chapter.params)
    assert passage.failed == [] and len(passage.guards) == 2
    data, dropped = chapter.data, chapter.built.dropped
    assert passage["n_obs"] == f"{len(data):,}" and passage["n_dropped"] == f"{len(dropped):,}"
    assert passage["n_countries"] == str(data["country"].nunique())
    assert passage["years"] == "2000–2011"
    tbi = tbi_panel(chapter.params.release, progress=False)
    kept = tbi[tbi["year"].between(2000, 2014) & ~tbi["country"].isin(chapter.params.exclude)]
    assert len(data) + len(dropped) == len(kept)
    names = [countries.name(c) for c in sorted(dropped["country"].unique())]
    assert passage["dropped_who"] == claims.join(names, empty="no country") and names[-1] in passage["dropped_who"]
    # A duplicated country-year breaks the first guard, a lost row the second.
    broken = SimpleNamespace(data=pd.concat([data, data.iloc[:1]]), dropped=dropped.iloc[1:])
    assert words.sample(broken, chapter.params).failed == ["one row per country-year"]
    lost = SimpleNamespace(data=data.iloc[1:], dropped=dropped)
    assert words.sample(lost, chapter.params).failed == ["every country-year of the TBI panel is kept or logged"]


def test_scorecard_verdicts_follow_the_card(chapter):
    passage = words.scorecard_verdicts(chapter.card, chapter.results, chapter.params)
    assert passage.failed == []
    b3 = chapter.results["(3)"].params["tbi"]
    assert passage["b3"] == book.num(b3, ".2f") and passage["paper3"] == "13.53"
    assert all(passage[f"verdict{k}"] in claims.VERDICTS for k in "1234")
    assert passage["n_terms"] == str(len(chapter.card))
    # The verdict counts in the sentence add up to every coefficient of the table.
    counted = re.findall(r"(?:^|, | and )(all \d+|\d+|none) (?:is|are)", passage["table_verdicts"])
    assert sum(_count(c) for c in counted) == len(chapter.card)
    controls = chapter.card[~chapter.card["term"].isin(["TBI", "const"])]
    assert f"{len(controls)} control coefficients" in passage["controls_sentence"]
    if chapter.params.paper_definitions:  # the default run checks column 3; the second set says it does not
        assert len(passage.guards) == 2 and passage.skipped == [] and b3 > 0
        assert passage["no_controls_paper"] == "both are significant at 5 %"
    else:
        assert len(passage.guards) == 1 and "column 3 is positive" in passage.skipped[0]


def test_a_negative_column_3_flips_the_verdict_and_fails_the_guard(chapter):
    card = chapter.card.copy()
    row = (card["term"] == "TBI") & (card["column"] == "(3)")
    card.loc[row, "ours"] = -abs(card.loc[row, "ours"])
    card.loc[row, "verdict"] = [claims.verdict(p, s, b, q) for p, s, b, q in card.loc[row, ["paper", "paper_stars",
                                                                                          "ours", "ours_p"]].values]
    negative = {**chapter.results, "(3)": SimpleNamespace(params={"tbi": -1.0}, pvalues={"tbi": 0.01})}
    passage = words.scorecard_verdicts(card, negative, chapter.params)
    if chapter.params.paper_definitions:
        assert passage.failed == ["with the paper's definitions, column 3 is positive and significant at 5 %"]
    if claims.n_stars(card.loc[row, "ours_p"].iloc[0]) > 0:
        assert passage["verdict3"] == claims.OPPOSITE
    assert passage["b3"].startswith("\u2212")


def test_effect_size_in_index_points(chapter):
    passage = words.effect_size(chapter.data, chapter.results)
    assert passage.failed == []
    b = chapter.results["(3)"].params["tbi"]
    within = chapter.data["tbi"] - chapter.data.groupby("country")["tbi"].transform("mean")
    assert passage["within_sd_tbi"] == book.num(within.std(), ".3f")
    assert passage["effect_01"] == book.num(abs(0.1 * b), ".2f") and passage["more_less"] == "more"
    assert float(passage["effect_sd"]) == pytest.approx(abs(within.std() * b), abs=0.006)
    flipped = {**chapter.results, "(3)": SimpleNamespace(params={"tbi": -b})}
    other = words.effect_size(chapter.data, flipped)
    assert other["more_less"] == "fewer" and other["effect_01"] == passage["effect_01"]
    # A TBI that moves a lot within countries breaks the guard.
    noisy = chapter.data.assign(tbi=chapter.data["tbi"] + [0.5 * (-1) ** i for i in range(len(chapter.data))])
    assert words.effect_size(noisy, chapter.results).failed != []


def test_figure_sentence_and_differences(chapter):
    sentence = words.figure_sentence(chapter.results, chapter.tbi_card)["coefs_sentence"]
    n_smaller = int((chapter.tbi_card["ours"] < chapter.tbi_card["paper"]).sum())
    assert sentence.startswith(f"Our estimate is the smaller one in {claims.count(n_smaller, 4, 'columns')}")
    passage = words.differences(chapter.data, chapter.params)
    assert passage["data_reason"].startswith("The WIOD release (2013 instead of 2016)")
    on_2016 = words.differences(chapter.data, replace(chapter.params, release="2016"))["data_reason"]
    assert on_2016.startswith("We use the paper's WIOD 2016 release, but its files may have been revised since")
    assert f"ends in {chapter.data['year'].max()}" in passage["data_reason"]
    assert passage["kof_vintage"] == f"KOF {chapter.params.kof_release}"
    if chapter.params.paper_definitions:
        assert passage["data_reason"].endswith("it leaves Romania out.")
        assert passage["controls_as"].startswith("with its controls as its text defines them")
    else:
        assert passage["data_reason"].endswith("which the paper most likely lost in a merge.")
        assert passage["controls_as"] == "with this chapter's choice of control series"


def test_tables_and_figure(chapter):
    assert "tbl-baseline-dropped" in words.table_dropped(chapter.built).text
    assert "tbl-table3" in words.table_3(chapter.results, "2000–2011").text
    assert "tbl-baseline-score" in words.table_score(chapter.card).text
    assert "tbl-baseline-score-all" in words.table_score_all(chapter.card).text
    shown = words.table_sensitivity(chapter.sensitivity, VARIANTS).text
    assert all(name in shown for name in VARIANTS)
    fits = {"value-added TBI": (chapter.results, "tbi"), "customs TBI": (chapter.results, "tbi")}
    assert "tbl-baseline-ex2" in words.table_exercise_2(fits).text
    fig = words.figure_coefficients(chapter.results, chapter.tbi_card)
    assert len(fig.axes[0].get_xticks()) == 4 and len(fig.axes[0].containers) == 2
    plt.close(fig)


def test_sensitivity_counts_add_up(chapter):
    passage = words.sensitivity_summary(chapter.sensitivity, VARIANTS)
    assert passage.failed == [] and passage["n_variants"] == "3"
    col4 = chapter.sensitivity[chapter.sensitivity["column"] == "(4)"].set_index("variant")
    assert _count(passage["sens_pos4"]) == int((col4["coef"] > 0).sum())
    assert _count(passage["sens_sig10_4"]) >= _count(passage["sens_sig5_4"])
    assert passage["sens_verdict4"].endswith(f"({_count(passage['sens_sig5_4'])} of 3)")
    assert passage["sens_weakest4"] == col4["p"].idxmax()
    lost = col4.index[col4["p"] >= 0.1]
    assert all(f"“{v}”" in passage["sens_lost10"] for v in lost)
    assert (passage["sens_weakest_clause"] == "") == (len(lost) > 0)
    assert passage["sens_tfp"].startswith("With rtfpna for TFP the two columns are ")


def test_sensitivity_sentences_flip_with_the_p_values(chapter):
    strong = chapter.sensitivity.assign(p=0.001)
    passage = words.sensitivity_summary(strong, VARIANTS)
    assert passage["sens_lost10"] == "in none of them" and passage["sens_weakest_clause"].startswith(", and is weakest")
    assert passage["sens_verdict3"] == "significant at 5 % in every check (3 of 3)"
    assert passage["sens_rq"].startswith("Dropping 2001 instead of interpolating regulatory quality leaves column 4")
    weak = strong.copy()
    weak.loc[(weak["variant"] == words.RQ_DROP) & (weak["column"] == "(4)"), "p"] = 0.5
    passage = words.sensitivity_summary(weak, VARIANTS)
    assert passage["sens_lost10"] == f"in “{words.RQ_DROP}” (p = 0.500, its weakest)"
    assert passage["sens_weakest_clause"] == "" and passage["sens_sig10_4"] == "2 of 3 variants"
    assert passage["sens_rq"].startswith("Column 4 depends on interpolating regulatory quality")
    assert passage["sens_rq"].endswith("(p = 0.500, not significant at 10 %)")


def test_exercise_solutions(chapter):
    data = chapter.data
    germany = data[data["country"] == "DEU"].set_index("year")["tbi"]
    change_tbi = germany.loc[2009] - germany.loc[2007]
    predicted = change_tbi * chapter.results["(3)"].params["tbi"]
    within_kof = data["KOFGIdj"] - data.groupby("country")["KOFGIdj"].transform("mean")
    ex1 = words.exercise_1(change_tbi, predicted, within_kof)
    assert ex1["ex1_tbi"] == book.signed(change_tbi, ".3f") and ex1["ex1_pred"] == book.signed(predicted, ".2f")
    share = 100 * abs(predicted) / within_kof.std()
    assert ex1["ex1_words"].startswith("a small part" if share < 25 else "a sizeable part")
    big = words.exercise_1(change_tbi, within_kof.std() * 0.3, within_kof)
    assert big["ex1_share"] == "30" and big["ex1_words"].startswith("a sizeable part")
    gross = scorecard.estimate_table(data, "3", regressor="tbi_gross")
    indices = ["tbi", "tbi_gross"]
    demeaned = data[indices] - data.groupby("country")[indices].transform("mean")
    r_within = demeaned.corr().iloc[0, 1]
    ex2 = words.exercise_2(r_within, demeaned, chapter.results, gross)
    assert ex2["ex2_r"] == book.num(r_within, ".3f")
    assert ex2["ex2_lockstep"] == "move almost in lockstep within countries"
    loose = words.exercise_2(0.3, demeaned, chapter.results, gross)
    assert loose["ex2_lockstep"] == "are less tightly linked within countries (weak correlation)"
    assert ex2["ex2_fit"].startswith("so the two regressions fit about equally well")
    # Customs coefficients smaller than the value-added ones, and a worse fit, change the last two sentences.
    smaller = {c: SimpleNamespace(params={"tbi_gross": 0.5 * r.params["tbi"]}, r2_within=r.r2_within - 0.05)
               for c, r in chapter.results.items()}
    other = words.exercise_2(r_within, demeaned, chapter.results, smaller)
    assert other["ex2_scale"] == "The two sets of coefficients differ in scale as the two indices do."
    assert other["ex2_fit"] == "yet the two regressions fit differently"
