"""The words that judge numbers: verdicts in the paper's star convention and the phrase helpers.

Each phrase is checked on both sides of its threshold, so a sentence of the book changes when its
numbers cross one.
"""

import math

import numpy as np
from scipy import stats

import pytest

from lib.report import claims


@pytest.mark.parametrize(
    "p, stars",
    [(0.0099, 3), (0.01, 2), (0.0499, 2), (0.05, 1), (0.0999, 1), (0.1, 0), (0.5, 0), (0.0, 3), (1.0, 0)],
)
def test_stars_at_the_papers_levels(p, stars):
    assert claims.n_stars(p) == stars
    assert claims.stars(p) == "*" * stars


def test_significance_wording():
    assert claims.significance(0.003) == "significant at 1 %"
    assert claims.significance(0.03) == "significant at 5 %"
    assert claims.significance(0.07) == "significant at 10 %"
    assert claims.significance(0.2) == "not significant at 10 %"
    assert [claims.significance_of_stars(k) for k in (3, 2, 1, 0)] == [
        "significant at 1 %", "significant at 5 %", "significant at 10 %", "not significant at 10 %"]  # fmt: skip
    with pytest.raises(ValueError, match="0 to 3 stars"):
        claims.significance_of_stars(4)
    with pytest.raises(ValueError, match="not a number"):
        claims.significance(math.nan)


def test_pair_significance():
    assert claims.pair_significance(0.3, 0.4) == "neither is significant at 10 %"
    assert claims.pair_significance(0.001, 0.04) == "both are significant at 5 %"
    assert claims.pair_significance(0.001, 0.002) == "both are significant at 1 %"
    assert claims.pair_significance(0.2, 0.001) == "the first is not significant at 10 %, the second is significant at 1 %"


@pytest.mark.parametrize(
    "paper, paper_stars, ours, ours_p, expected",
    [
        (13.5, 3, 9.4, 0.002, claims.REPRODUCED),  # same sign, same stars
        (13.5, 2, 9.4, 0.002, claims.REPRODUCED),  # more stars than the paper
        (1.8, 0, 3.9, 0.12, claims.BOTH_NULL),  # paper without stars: agreement on a null
        (1.8, 0, -3.9, 0.5, claims.BOTH_NULL),  # whatever the sign
        (1.8, 0, 3.9, 0.001, claims.NEW_SIG),  # significant where the paper is not
        (-6.1, 0, 6.2, 0.001, claims.NEW_SIG),
        (30.0, 3, 13.6, 0.097, claims.WEAKER),  # one star where the paper has three
        (30.0, 3, 13.6, 0.02, claims.WEAKER),
        (11.6, 3, 4.5, 0.28, claims.NOT_SIGNIFICANT),
        (-9.8, 1, -9.1, 0.18, claims.NOT_SIGNIFICANT),
        (17.7, 2, -4.5, 0.75, claims.NOT_SIGNIFICANT),  # an insignificant reversal is never "opposite"
        (17.7, 2, -4.5, 0.0999, claims.OPPOSITE),  # a significant one is
        (-2.7, 3, 0.3, 0.001, claims.OPPOSITE),
    ],
)
def test_verdicts_on_hand_made_cases(paper, paper_stars, ours, ours_p, expected):
    assert claims.verdict(paper, paper_stars, ours, ours_p) == expected


def test_verdict_changes_when_our_p_value_crosses_a_star_level():
    assert claims.verdict(10.0, 2, 5.0, 0.0499) == claims.REPRODUCED
    assert claims.verdict(10.0, 2, 5.0, 0.0501) == claims.WEAKER
    assert claims.verdict(10.0, 2, 5.0, 0.0999) == claims.WEAKER
    assert claims.verdict(10.0, 2, 5.0, 0.1001) == claims.NOT_SIGNIFICANT


def test_verdict_refuses_missing_numbers():
    with pytest.raises(ValueError, match="finite"):
        claims.verdict(math.nan, 2, 1.0, 0.1)
    with pytest.raises(ValueError, match="0 to 3 stars"):
        claims.verdict(1.0, 5, 1.0, 0.1)


def test_distance_in_paper_standard_errors():
    assert claims.distance(10.0, 10.5, 1.0).startswith("within one")
    assert claims.distance(10.0, 11.0, 1.0).startswith("between one and two")  # |z| = 1 exactly
    assert claims.distance(10.0, 11.99, 1.0).startswith("between one and two")
    assert claims.distance(10.0, 12.0, 1.0).startswith("more than two")
    assert claims.distance(12.0, 10.0, 1.0).startswith("more than two")  # above as well as below
    with pytest.raises(ValueError):
        claims.distance(1.0, 2.0, 0.0)


def test_correlation_words():
    assert claims.correlation(0.85) == "strong"
    assert claims.correlation(0.8) == "strong"
    assert claims.correlation(0.79) == "moderate"
    assert claims.correlation(0.5) == "moderate"
    assert claims.correlation(0.49) == "weak"
    assert claims.correlation(0.1) == "weak" and claims.correlation(-0.2) == "weak negative"
    assert claims.correlation(0.099) == "practically zero" and claims.correlation(-0.003) == "practically zero"
    assert claims.correlation(-0.9) == "strong negative"


def test_change_and_sign_words():
    assert claims.change(-6.65, scale=10.0) == "fell"
    assert claims.change(0.99, scale=10.0) == "barely moved"  # below a tenth of the scale
    assert claims.change(1.01, scale=10.0) == "rose"
    assert claims.change(-0.5, scale=10.0, flat="moved little") == "moved little"
    with pytest.raises(ValueError):
        claims.change(1.0, scale=0.0)
    assert claims.sign_word(5.0) == "surplus" and claims.sign_word(-1.0) == "deficit" and claims.sign_word(0.0) == "balance"


def test_counts_and_survival():
    assert claims.count(5, 9, "cells") == "5 of 9 cells"
    assert claims.count(9, 9, "cells") == "all 9 cells"
    assert claims.count(0, 9) == "none of the 9"
    assert claims.count(1, 1) == "1 of 1"
    assert claims.count(2, 2, "economies") == "both economies" and claims.count(0, 2) == "neither of the 2"
    assert claims.count(1, 2, "economies") == "1 of 2 economies"
    with pytest.raises(ValueError):
        claims.count(10, 9)
    assert claims.survives(8, 8) == "in every check"
    assert claims.survives(5, 8) == "in most checks"
    assert claims.survives(4, 8) == "in exactly half of the checks"
    assert claims.survives(2, 8) == "in fewer than half of the checks"
    assert claims.survives(0, 8) == "in none of the checks"


# ------------------------------------------------------------------ sign-and-significance classes


@pytest.mark.parametrize(
    "paper, stars, ours, p, expected",
    [
        (10.0, 3, 4.0, 0.09, claims.SIG_SAME),  # one star is enough at 10 %
        (10.0, 1, 4.0, 0.001, claims.SIG_SAME),
        (10.0, 2, -4.0, 0.05 - 1e-9, claims.OPPOSITE),  # only a significant reversal is opposite
        (10.0, 2, -4.0, 0.10, claims.NOT_SIGNIFICANT),  # p = 0.10 has no star: not opposite, whatever the sign
        (10.0, 2, 4.0, 0.34, claims.NOT_SIGNIFICANT),
        (10.0, 0, -4.0, 0.999, claims.BOTH_NULL),
        (10.0, 0, 4.0, 0.5, claims.BOTH_NULL),
        (10.0, 0, -4.0, 0.01, claims.NEW_SIG),
        (-10.0, 0, -4.0, 0.0999, claims.NEW_SIG),
    ],
)
def test_replication_class(paper, stars, ours, p, expected):
    assert claims.replication_class(paper, stars, ours, p) == expected
    if "opposite" in expected or "opposite" in claims.verdict(paper, stars, ours, p):
        assert p < 0.10


def test_no_verdict_or_class_says_opposite_without_significance():
    for paper in (-3.0, 3.0):
        for stars in range(4):
            for ours in (-2.0, 2.0):
                for p in (0.1, 0.2, 0.5, 0.999):
                    assert "opposite" not in claims.verdict(paper, stars, ours, p)
                    assert "opposite" not in claims.replication_class(paper, stars, ours, p)


def test_verdict_sentence():
    c = claims
    assert c.verdict_sentence({c.REPRODUCED: 3, c.NOT_SIGNIFICANT: 1}) == (
        "3 are reproduced, 1 is not significant where the paper's estimate is and none is significant with the "
        "opposite sign")
    assert c.verdict_sentence({c.OPPOSITE: 2, c.WEAKER: 1, c.BOTH_NULL: 1, c.NEW_SIG: 1}, "TBI coefficients") == (
        "of the 5 TBI coefficients, 1 is significant with the paper's sign but fewer stars, 2 are significant with "
        "the opposite sign, 1 is not significant in either study and 1 is significant where the paper's estimate "
        "is not")
    assert c.verdict_sentence({c.REPRODUCED: 4}) == "all 4 are reproduced and none is significant with the opposite sign"
    assert c.verdict_sentence({c.OPPOSITE: 2}) == "all 2 are significant with the opposite sign"
    assert c.verdict_sentence({c.REPRODUCED: 1}) == "1 is reproduced and none is significant with the opposite sign"
    with pytest.raises(ValueError):
        c.verdict_sentence({})
    with pytest.raises(ValueError):
        c.verdict_sentence({"opposite sign": 1})


def test_replication_class_refuses_bad_input():
    with pytest.raises(ValueError):
        claims.replication_class(1.0, 4, 1.0, 0.5)
    with pytest.raises(ValueError):
        claims.replication_class(float("nan"), 1, 1.0, 0.5)


def test_difference_test_by_hand():
    # ours 9.43 (SE 3), paper 13.53 (SE 4): z = -4.1 / 5 = -0.82, p = 2 * (1 - Phi(0.82)) = 0.41222
    z, p = claims.difference_test(9.43, 3.0, 13.53, 4.0)
    assert z == pytest.approx(-0.82) and p == pytest.approx(0.41222, abs=2e-5)  # normal table: Phi(0.82) = 0.79389
    z, p = claims.difference_test(0.0, 3.0, 5.88, 4.0)  # |z| = 1.176, Phi(1.176) = 0.88021
    assert p == pytest.approx(0.23958, abs=2e-5)
    z, p = claims.difference_test(1.0, 0.6, 1.0 - 1.96 * 1.0, 0.8)  # exactly at 1.96: p = 0.05
    assert z == pytest.approx(1.96) and p == pytest.approx(0.05, abs=1e-4)
    with pytest.raises(ValueError):
        claims.difference_test(1.0, 0.0, 1.0, 1.0)


def test_intervals_by_hand():
    # CI of ours: 10 +- t(0.975, 9) * 2 = 10 +- 4.5245; PI of the paper's: 15 +- 1.96 * sqrt(4 + 9) = 15 +- 7.0667
    assert claims.in_intervals(10.0, 2.0, 14.5, 3.0, df=9) == (True, True)
    assert claims.in_intervals(10.0, 2.0, 14.6, 3.0, df=9) == (False, True)
    assert claims.in_intervals(10.0, 2.0, 13.9, 3.0) == (True, True)  # normal CI: 10 +- 3.92
    assert claims.in_intervals(10.0, 2.0, 13.95, 3.0) == (False, True)
    assert claims.in_intervals(10.0, 2.0, 17.07, 3.0, df=9) == (False, False)  # beyond 15 +- 7.0668 (ours below)
    assert claims.in_intervals(10.0, 2.0, 17.06, 3.0, df=9) == (False, True)
    assert claims.in_intervals(10.0, 2.0, 2.94, 3.0, df=9) == (False, True)  # and on the other side
    assert claims.in_intervals(10.0, 2.0, 2.93, 3.0, df=9) == (False, False)


def test_distance_with_both_standard_errors():
    assert claims.distance(9.43, 13.53, 4.0) == "between one and two of the paper's standard errors apart"  # 1.025
    assert claims.distance(9.43, 13.53, 4.0, 3.0) == ("between one and two of the paper's standard errors apart; "
                                                      "with both standard errors, z = \u22120.82, p = 0.412")
    assert claims.distance(-4.53, 17.65, 8.0, 9.0).startswith("more than two of the paper's standard errors apart")
    assert claims.distance(20.0, 0.0, 1.0, 1.0).endswith("z = 14.14, p = 2.1e-45")


def test_mc_stars_on_both_sides_of_a_threshold():
    # Table 3 column 4's bootstrap: p = 0.0997 from 9,999 draws, MC SE 0.0030: the 99 % interval straddles 0.10.
    se = (0.0997 * (1 - 0.0997) / 9999) ** 0.5
    assert claims.mc_stars(0.0997, se) == (0, "p \u2248 0.10, no star")
    assert claims.mc_stars(0.0997, 0.0) == (1, "")  # enumerated: no Monte Carlo error, the star stands
    # 2.576 * 0.003 = 0.0077: a p of 0.0922 keeps its star, 0.0924 does not
    assert claims.mc_stars(0.0922, 0.003) == (1, "")
    assert claims.mc_stars(0.0924, 0.003) == (0, "p \u2248 0.10, no star")
    assert claims.mc_stars(0.1078, 0.003) == (0, "")  # wholly above: no star, nothing in doubt
    assert claims.mc_stars(0.1076, 0.003) == (0, "p \u2248 0.10, no star")
    assert claims.mc_stars(0.0018, 0.0004) == (3, "")
    assert claims.mc_stars(0.049, 0.001) == (1, "p \u2248 0.05, not two stars")
    assert claims.mc_stars(0.0095, 0.001) == (2, "p \u2248 0.01, not three stars")
    with pytest.raises(ValueError):
        claims.mc_stars(1.2, 0.01)
    with pytest.raises(ValueError):
        claims.mc_stars(0.5, -0.01)


def test_join_lists_in_a_sentence():
    assert claims.join([]) == "none" and claims.join([], empty="no country") == "no country"
    assert claims.join(["A"]) == "A" and claims.join(["A", "B"]) == "A and B"
    assert claims.join(["A", "B", "C"]) == "A, B and C" and claims.join([1, 2]) == "1 and 2"


# --------------------------------------------------------------------------- edges that mutmut found unpinned (issue 21)


def test_errors_name_what_is_wrong():
    with pytest.raises(ValueError, match=r"change\(nan, scale=1\): need a finite change and a positive scale"):
        claims.change(float("nan"), 1)
    with pytest.raises(ValueError, match="Correlation nan is not a number"):
        claims.correlation(float("nan"))
    with pytest.raises(ValueError, match=r"count\(3, 2\): need 0 <= k <= n"):
        claims.count(3, 2)
    with pytest.raises(ValueError, match="standard errors must be positive, not 1.0 and 0.0"):
        claims.difference_test(1.0, 1.0, 0.5, 0.0)
    with pytest.raises(ValueError, match="The paper's standard error must be positive, not 0"):
        claims.distance(1.0, 2.0, 0)
    with pytest.raises(ValueError, match=r"mc_stars\(1.5, 0.0\): need a probability"):
        claims.mc_stars(1.5, 0.0)
    with pytest.raises(ValueError, match="inf is not a number"):
        claims.sign_word(float("inf"))
    with pytest.raises(ValueError, match=r"survives\(0, 0\): need 0 <= k <= n and n > 0"):
        claims.survives(0, 0)
    with pytest.raises(ValueError, match="^The paper's coefficient is nan; a verdict needs two finite estimates"):
        claims.verdict(float("nan"), 1, 1.0, 0.01)
    with pytest.raises(ValueError, match="^Our coefficient is nan; a verdict needs two finite estimates"):
        claims.verdict(1.0, 1, float("nan"), 0.01)
    with pytest.raises(ValueError, match=r"counts must be non-negative and per verdict \(\['made up'\] unknown\)"):
        claims.verdict_sentence({"made up": 1})
    with pytest.raises(ValueError, match=r"counts must be non-negative"):
        claims.verdict_sentence({claims.REPRODUCED: -1, claims.WEAKER: 2})
    with pytest.raises(ValueError, match="^verdict_sentence: no verdicts to count.$"):
        claims.verdict_sentence({claims.REPRODUCED: 0})


def test_boundaries_of_the_judging_words():
    assert claims.correlation(0.0) == "practically zero"  # zero is not "negative"
    assert claims.survives(1, 1) == "in every check" and claims.survives(2, 5) == "in fewer than half of the checks"
    with pytest.raises(ValueError):
        claims.survives(3, 2)
    assert claims.mc_stars(0.0, 0.0) == (3, "") and claims.mc_stars(1.0, 0.0) == (0, "")  # both ends are probabilities
    # a difference exactly at the 95 % half-width is inside the interval (<=), for both intervals
    half = stats.norm.ppf(0.975) * 1.0
    assert claims.in_intervals(0.0, 1.0, half, 1e-12) == (True, True)
    prediction = stats.norm.ppf(0.975) * math.hypot(1.0, 1.0)
    assert claims.in_intervals(0.0, 1.0, prediction, 1.0)[1] is True


def test_pair_significance_reads_each_star_count():
    one = 0.07  # one star
    assert claims.pair_significance(one, one) == "both are significant at 10 %"
    assert claims.pair_significance(0.03, 0.005) == "both are significant at 5 %"  # the weaker of the two
    assert claims.pair_significance(one, 0.5) == "the first is significant at 10 %, the second is not significant at 10 %"
    assert claims.pair_significance_of_stars(2, 3) == "both are significant at 5 %"  # the paper's stars directly
    assert claims.pair_significance_of_stars(0, 0) == "neither is significant at 10 %"


def test_rejection_at_five_percent_both_sides_of_the_level():
    assert claims.REJECT == 0.05
    assert claims.rejects(0.0499) and not claims.rejects(0.05) and not claims.rejects(0.0501)
    assert claims.rejects(0.09, level=0.1) and not claims.rejects(0.1, level=0.1)
    assert list(claims.rejects(np.array([0.01, 0.05, 0.2]))) == [True, False, False]
    assert claims.rejection_words(0.049, "equality") == "rejects equality at 5 %"
    assert claims.rejection_words(0.05, "equality") == "does not reject equality at 5 %"
    assert claims.rejection_words(0.05, "equality", caveat="its silence is no evidence") == (
        "does not reject equality at 5 %; its silence is no evidence")
    assert claims.rejection_words(0.01, "equality", caveat="its silence is no evidence") == "rejects equality at 5 %"
    assert claims.rejection_words(0.2, "underidentification", level=0.1) == "does not reject underidentification at 10 %"
    assert claims.rejection_words(0.07, "underidentification", level=0.1) == "rejects underidentification at 10 %"
    assert claims.rejection_words(0.0, "equality") == "rejects equality at 5 %"
    assert claims.rejection_words(1.0, "equality") == "does not reject equality at 5 %"
    for bad in (-0.01, 1.01, float("nan")):
        with pytest.raises(ValueError, match="is not a probability"):
            claims.rejection_words(bad, "equality")
