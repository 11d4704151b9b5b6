"""The scorecard: the paper's 17 regressions are specified as published, and every coefficient is
compared with the transcribed one in the paper's own convention."""

import numpy as np
import pandas as pd
import pytest

from lib.report import claims, scorecard
from lib.econometrics.estimation import FEResult
from lib.data.paper import published_tables


def fake_result(dependent, coefs: dict, ses: dict, n_clusters=40) -> FEResult:
    params, se = pd.Series(coefs, dtype=float), pd.Series(ses, dtype=float)
    return FEResult(dependent=dependent, params=params, se=se, vcov=pd.DataFrame(np.diag(se**2), params.index, params.index),
                    nobs=480, n_clusters=n_clusters, r2_within=0.5, df_t=n_clusters - 1)  # fmt: skip


def test_specifications_follow_the_papers_tables():
    pub = published_tables()
    for (table, column), (dependent, sample, with_controls) in scorecard.PAPER_SPECS.items():
        rows = pub.query("table == @table and column == @column")
        assert rows["dependent"].iloc[0] == dependent, (table, column)
        assert set(rows["sample"]) == {sample}, (table, column)
        has_controls = "RQ" in set(rows["variable"])
        assert has_controls == with_controls, (table, column)
    assert len(scorecard.PAPER_SPECS) == 17


def test_samples():
    panel = pd.DataFrame({"country": ["A", "B", "C"], "developed": [True, False, True]})
    assert list(scorecard.sample(panel, "developed")["country"]) == ["A", "C"]
    assert list(scorecard.sample(panel, "developing")["country"]) == ["B"]
    assert len(scorecard.sample(panel, "all")) == 3
    with pytest.raises(ValueError, match="sample"):
        scorecard.sample(panel, "rich")


def test_scorecard_rows_against_hand_computed_verdicts():
    """Table 3 column 4 (paper: TBI 29.9941*** (10.2392), RQ 6.2047*** (2.2698)) against made-up estimates."""
    ours = fake_result("KOFEcGIdj", {"tbi": 13.6431, "RQ": -1.0, "const": 1.0}, {"tbi": 8.0282, "RQ": 0.5, "const": 1.0})
    card = scorecard.scorecard({"3": {"(4)": ours}}, terms=["TBI", "RQ"]).set_index("term")
    tbi = card.loc["TBI"]
    assert tbi["paper"] == pytest.approx(29.9941) and tbi["paper_stars"] == 3 and tbi["paper_se"] == pytest.approx(10.2392)
    assert tbi["z"] == pytest.approx((13.6431 - 29.9941) / 10.2392)  # in the paper's standard errors
    p = 2 * __import__("scipy").stats.t.sf(13.6431 / 8.0282, 39)
    assert tbi["ours_p"] == pytest.approx(p) and tbi["ours_stars"] == 1
    assert tbi["verdict"] == claims.WEAKER
    assert card.loc["RQ", "verdict"] == claims.OPPOSITE  # -1.0 with SE 0.5: p = 0.052, significant
    assert card.loc["RQ", "class"] == claims.OPPOSITE and tbi["class"] == claims.SIG_SAME
    d_z = (13.6431 - 29.9941) / (8.0282**2 + 10.2392**2) ** 0.5
    assert tbi["diff_z"] == pytest.approx(d_z) and tbi["diff_p"] == pytest.approx(2 * __import__("scipy").stats.norm.sf(abs(d_z)))
    assert not tbi["paper_in_our_ci"] and tbi["ours_in_paper_pi"]  # 29.99 > 13.64 + 2.02 * 8.03; |d_z| < 1.96
    assert card.loc["RQ", "sample"] == "all" and card.loc["RQ", "dependent"] == "KOFEcGIdj"


def test_scorecard_covers_every_published_coefficient_and_counts():
    ours = {col: fake_result(dep, {"tbi": 1.0, "RQ": 1.0, "lnEXR": 1.0, "TFP": 1.0, "INFR": 1.0, "lnCK": 1.0,
                                    "lnGDP": 1.0, "lnPOP": 1.0, "const": 1.0}, dict.fromkeys(
                                    ["tbi", "RQ", "lnEXR", "TFP", "INFR", "lnCK", "lnGDP", "lnPOP", "const"], 0.1))
            for col, (dep, _, _) in scorecard.specs("3").items()}  # fmt: skip
    card = scorecard.scorecard({"3": ours})
    published = published_tables().query("table == '3' and stat == 'coef'")
    assert len(card) == len(published)  # every coefficient the paper prints in Table 3
    counts = scorecard.verdict_counts(card)
    assert list(counts.index) == list(claims.VERDICTS) and counts.sum() == len(card)
    # our estimates are all +1.0 with p < 0.01: a positive starred coefficient is reproduced, a negative starred one
    # significantly reversed, and one without stars "significant, the paper's not"
    pos, starred = card["paper"] > 0, card["paper_stars"] > 0
    assert (card.loc[pos & starred, "verdict"] == claims.REPRODUCED).all()
    assert (card.loc[~pos & starred, "verdict"] == claims.OPPOSITE).all()
    assert (card.loc[~starred, "verdict"] == claims.NEW_SIG).all() and (~starred).any()


def test_claim_card_reads_the_claim_as_the_baseline_sign_and_stars():
    card = scorecard.claim_card({"(3)": (10.6, 0.045), "(4)": (-2.0, 0.5)}, "2SLS").set_index("column")
    assert card.loc["(3)", "verdict"] == claims.WEAKER  # paper's column 3 has ***
    assert card.loc["(4)", "verdict"] == claims.NOT_SIGNIFICANT  # a reversal without a star is not "opposite"
    card = scorecard.claim_card({"(4)": (-2.0, 0.01)}, "2SLS").set_index("column")
    assert card.loc["(4)", "verdict"] == claims.OPPOSITE
    assert set(card["check"]) == {"2SLS"}


def test_display_card_layout():
    ours = fake_result("KOFGIdj", {"tbi": 9.429, "const": 1.0}, {"tbi": 2.9037, "const": 1.0})
    shown = scorecard.display_card(scorecard.scorecard({"3": {"(3)": ours}}, terms=["TBI"]))
    row = shown.iloc[0]
    assert row["paper"] == "13.5286***" and row["paper SE"] == "(4.4743)"
    assert row["ours"].startswith("9.4290") and row["ours SE"] == "(2.9037)"
    assert row["verdict"] == claims.REPRODUCED


def test_claim_card_with_a_simulated_p_value_gives_no_star_in_doubt():
    se = (0.0997 * (1 - 0.0997) / 9999) ** 0.5
    card = scorecard.claim_card({"(4)": (13.64, 0.0997, se), "(3)": (9.43, 0.0018, 0.0004)}, "bootstrap").set_index("column")
    assert card.loc["(4)", "ours_stars"] == 0 and card.loc["(4)", "star_note"] == "p \u2248 0.10, no star"
    assert card.loc["(4)", "verdict"] == claims.NOT_SIGNIFICANT  # the paper's *** is not matched by a star in doubt
    assert card.loc["(4)", "p_mc_se"] == pytest.approx(se) and card.loc["(4)", "ours_p"] == 0.0997
    assert card.loc["(3)", "ours_stars"] == 3 and card.loc["(3)", "verdict"] == claims.REPRODUCED
    one = scorecard.claim_card({"(4)": (13.64, 0.049, 0.001)}, "bootstrap").iloc[0]
    assert one["ours_stars"] == 1 and one["verdict"] == claims.WEAKER  # one star kept, the second in doubt
    plain = scorecard.claim_card({"(4)": (13.64, 0.0997)}, "plain").iloc[0]
    assert plain["ours_stars"] == 1 and plain["p_mc_se"] == 0 and plain["star_note"] == ""


# ---------------------------------------------------------------- found by the complete mutmut run (issue 21)


def test_our_interval_uses_t_with_the_clusters_degrees_of_freedom():
    """Paper 29.9941, ours 13.6431 (SE 8.0282): 2.04 of our SEs apart. With 5 clusters (t(4) = 2.776) the paper's
    value is inside our 95 % interval; with the normal's 1.96 it would be outside."""
    few = fake_result("KOFEcGIdj", {"tbi": 13.6431, "const": 1.0}, {"tbi": 8.0282, "const": 1.0}, n_clusters=5)
    assert scorecard.scorecard({"3": {"(4)": few}}, terms=["TBI"]).iloc[0]["paper_in_our_ci"]
    many = fake_result("KOFEcGIdj", {"tbi": 13.6431, "const": 1.0}, {"tbi": 8.0282, "const": 1.0}, n_clusters=400)
    assert not scorecard.scorecard({"3": {"(4)": many}}, terms=["TBI"]).iloc[0]["paper_in_our_ci"]


def test_a_missing_coefficient_is_named():
    ours = fake_result("KOFEcGIdj", {"tbi_gross": 1.0, "const": 1.0}, {"tbi_gross": 0.1, "const": 1.0})
    with pytest.raises(KeyError, match=r"Table 3 \(4\): our regression has no coefficient 'tbi' for the paper's 'TBI'\."):
        scorecard.scorecard({"3": {"(4)": ours}}, terms=["TBI"])


def test_an_unknown_table_lists_the_papers_tables():
    with pytest.raises(ValueError, match=r"^The paper's regression tables are \('3', '4', '5', '6'\), not '7'\.$"):
        scorecard.specs("7")


def test_estimate_table_labels_each_column_and_estimate_all_passes_its_options(monkeypatch):
    calls = []

    def fake_fe(data, dependent, x, label=None):
        calls.append((dependent, tuple(x), label))
        return label

    monkeypatch.setattr(scorecard, "xtreg_fe", fake_fe)
    panel = pd.DataFrame({"country": ["A"], "developed": [True]})
    out = scorecard.estimate_all(panel, regressor="tbi_dva", controls=("RQ",))
    assert out["3"]["(1)"] == "Table 3 (1)" and out["6"] == {col: f"Table 6 {col}" for col in scorecard.specs("6")}
    assert {x for _, x, _ in calls} == {("tbi_dva",), ("tbi_dva", "RQ")}
    assert len(calls) == len(scorecard.PAPER_SPECS) == 17
