"""Pins of lib.econometrics.estimation and lib.econometrics.significance: behaviour mutmut found unpinned (issue 21).

The reason given for an omitted regressor (``notes["omitted_reasons"]``, the CollinearityWarning) follows
the same rule as the omission itself -- "sum of squares at most COLLINEARITY_TOL times the sum of squares
around the mean" -- for every scale of the variable and on both sides of the threshold.
"""

import os
import re
import warnings

import numpy as np
import pandas as pd
import pytest

from lib.data.errors import TableError
from lib.econometrics import estimation, significance
from lib.econometrics.estimation import CollinearityWarning, xtreg_fe
from lib.econometrics.robustness import iv_fe

from panel_helpers import raises_exactly, raises_starting, small_panel


def panel(G=8, T=6, seed=0):
    """Small balanced panel: y, two regressors, a 0/1 ``developed`` (time-invariant) and a year-only ``global``."""
    d, rng = small_panel(G, T, seed)
    d["global"] = d.year.map(dict(zip(range(2000, 2000 + T), rng.normal(size=T))))
    return d


def omitted_reason(d, column, **kwargs):
    with pytest.warns(CollinearityWarning, match=re.escape(f"regression of y: {column} ")):
        r = xtreg_fe(d, "y", ["x1", column], **kwargs)
    assert r.notes["omitted"] == [column]
    return r.notes["omitted_reasons"][column]


# ---------------------------------------------------------------- reasons of omission, at every scale


@pytest.mark.parametrize("scale", [0.1, 1.0, 1e6])
def test_time_invariant_regressor_is_absorbed_not_constant_at_any_scale(scale):
    """A 0/1 dummy times 0.1 has a sum of squares 48 * 0.25 * 0.01 = 0.12 < 1: it still varies, so it is
    "absorbed by the country fixed effects", not "constant"."""
    d = panel()
    d["dev"] = scale * d.developed
    assert omitted_reason(d, "dev") == "dev does not vary within country (absorbed by the country fixed effects)"


def test_tiny_constant_is_constant():
    d = panel()
    d["tiny"] = 1e-3  # sum of squares 0: constant, whatever its level
    assert omitted_reason(d, "tiny") == "tiny is constant"


def test_nearly_time_invariant_large_regressor_is_absorbed_by_country_effects():
    """Within-country variation of 1e-14 of the total (noise of 1e-3 on a dummy of 1e6) is below the
    tolerance 1e-10 *relative* to the variable's sum of squares, so it counts as absorbed by the country effects."""
    d = panel()
    rng = np.random.default_rng(1)
    d["dev"] = 1e6 * d.developed + 1e-3 * rng.normal(size=len(d))
    assert omitted_reason(d, "dev") == "dev does not vary within country (absorbed by the country fixed effects)"


def test_nearly_year_only_regressor_is_collinear_with_the_effects():
    """A year-only variable plus noise of 1e-6 (relative 1e-12 of its sum of squares): collinear with the
    country and year effects, not with the other regressors."""
    d = panel()
    rng = np.random.default_rng(2)
    d["glob"] = 1e3 * d["global"] + 1e-6 * rng.normal(size=len(d))
    assert omitted_reason(d, "glob") == "glob is collinear with the country and year fixed effects"


# ---------------------------------------------------------------- the reason's threshold is "at most", as the omission's


def two_by_two(x):
    """Countries A, B; years 0, 1. y varies beyond the effects; ``x`` as given (rows A0, A1, B0, B1)."""
    return pd.DataFrame(
        {"country": ["A", "A", "B", "B"], "year": [0, 1, 0, 1], "y": [0.0, 1.0, 0.0, 0.0], "x": np.asarray(x, dtype=float)}
    )


def test_within_share_exactly_at_the_tolerance_counts_as_no_within_variation(monkeypatch):
    """x = (0, 2 | -2, 0): sum of squares 8 around the mean, 4 within countries. With the tolerance set to
    exactly 0.5 the within share sits *on* the threshold, where the rule ("at most tol times") omits x;
    the reason must use the same rule: absorbed by the country effects. Just above the threshold
    (tol = 0.5 - 2**-20) x is kept."""
    monkeypatch.setattr(estimation, "COLLINEARITY_TOL", 0.5)
    with pytest.warns(CollinearityWarning), pytest.raises(
        TableError, match=re.escape("no regressor is identified (x does not vary within country (absorbed by the country fixed effects))")
    ):
        xtreg_fe(two_by_two([0, 2, -2, 0]), "y", ["x"], time=None)
    monkeypatch.setattr(estimation, "COLLINEARITY_TOL", 0.5 - 2**-20)
    d = pd.concat([two_by_two([0, 2, -2, 0]), two_by_two([0, 2, -2, 0]).assign(country=["C", "C", "D", "D"])])
    d["y"] = [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    r = xtreg_fe(d, "y", ["x"], time=None)
    assert r.notes["omitted"] == [] and "x" in r.params.index


def test_residual_after_effects_exactly_at_the_tolerance_counts_as_collinear_with_effects(monkeypatch):
    """x = (-1, 1 | 2, 2): sum of squares 6, within 2, and 1 left after the country and year effects
    (computed exactly: with two countries the demeaned year dummy is +-1/2). With the tolerance 1/6,
    tol * 6 == 1 is exactly the residual: x is omitted, and the reason must say it is collinear with the
    effects (it varies within countries: 2 > 1)."""
    monkeypatch.setattr(estimation, "COLLINEARITY_TOL", 1 / 6)
    assert (1 / 6) * 6.0 == 1.0
    reason = "x is collinear with the country and year fixed effects"
    with pytest.warns(CollinearityWarning, match=re.escape(reason)), pytest.raises(TableError, match=re.escape(f"({reason})")):
        xtreg_fe(two_by_two([-1, 1, 2, 2]), "y", ["x"])


# ---------------------------------------------------------------- significance convention


def test_stars_legend_is_built_from_the_levels():
    assert significance.STAR_LEVELS == (0.1, 0.05, 0.01)
    assert significance.STARS_LEGEND == "* p < 0.1, ** p < 0.05, *** p < 0.01"


# ---------------------------------------------------------------- small-sample factor, degrees of freedom, zero variance


def test_stata_cluster_factor_value_and_limits():
    assert estimation.stata_cluster_factor(5, 2, 2) == pytest.approx(2 / 1 * 4 / 3)  # G = 2 is allowed
    assert estimation.stata_cluster_factor(3, 3, 2) == pytest.approx(3 / 2 * 2 / 1)  # N = K + 1 is allowed
    for N, G, K in [(100, 1, 2), (3, 5, 3), (2, 5, 3)]:
        with pytest.raises(ValueError) as info:
            estimation.stata_cluster_factor(N, G, K)
        assert str(info.value) == (
            f"stata_cluster_factor: G={G} clusters, N={N} observations, K={K} parameters; "
            "expected G >= 2 and N > K. Use a larger sample or fewer regressors."
        )


@pytest.mark.filterwarnings("ignore::lib.econometrics.estimation.ClusterVarianceWarning")
def test_residual_degrees_of_freedom_threshold_and_message():
    """N = 6, G = 2, one regressor and two year dummies: K - 1 = 3 columns plus 2 country effects leave exactly 1
    residual degree of freedom (allowed); one observation less leaves 0 (refused, with the count)."""
    d = pd.DataFrame({"country": list("AAABBB"), "year": [0, 1, 2] * 2, "y": [0.0, 1.0, 3.0, 0.5, 0.2, 2.0],
                      "x": [1.0, 0.0, 2.0, 3.0, 1.0, 1.5]})  # fmt: skip
    r = xtreg_fe(d, "y", ["x"])
    assert r.notes["K"] == 4 and r.nobs == 6 and r.n_clusters == 2
    estimation._check_dof(6, 2, 4, "w")  # 6 - 2 - 3 = 1: fine
    with pytest.raises(TableError) as info:
        estimation._check_dof(5, 2, 4, "w")
    assert str(info.value) == (
        "w: N=5 observations, 2 clusters and 3 regressors (with year dummies) leave 0 residual degrees of freedom; "
        "expected at least 1. Use a larger sample or fewer regressors."
    )
    with pytest.raises(TableError, match=r"N=5 observations, 2 clusters and 3 regressors .* leave 0 residual"):
        xtreg_fe(d.iloc[:5], "y", ["x"])


def test_zero_cluster_variance_threshold():
    tol = estimation.CLUSTER_VARIANCE_TOL
    assert estimation._zero_cluster_variance(0.0, 0.5) is True
    assert estimation._zero_cluster_variance(tol * 0.5, 0.5) is True  # exactly at the threshold
    assert estimation._zero_cluster_variance(tol * 0.5 * 1.01, 0.5) is False
    assert estimation._zero_cluster_variance(tol * 4.0, 4.0) is True
    assert estimation._zero_cluster_variance(tol * 4.0 * 1.01, 4.0) is False
    assert estimation._zero_cluster_variance(0.0, 0.0) is False  # no variation at all: not a clustering problem
    assert estimation._zero_cluster_variance(1.0, 0.0) is False


# ---------------------------------------------------------------- sample and argument checks: exact messages


def test_check_sample_messages():
    d = panel().head(12)
    with pytest.raises(ValueError) as info:
        estimation.check_sample(d.to_numpy(), ["y"], "country", "year", "w")
    assert str(info.value) == "w: data is a ndarray; expected a pandas DataFrame."
    with pytest.raises(TableError) as info:
        estimation.check_sample(d, ["y", "zz", "y", "qq"], "country", "year", "w")
    assert str(info.value) == (
        f"w: missing columns ['zz', 'qq']; expected them in the sample (it has {len(d.columns)} columns). "
        "Check the spelling or add the variables to the panel."
    )
    with pytest.raises(TableError) as info:
        estimation.check_sample(pd.concat([d, d.iloc[[0, 3]]]), ["y"], "country", "year", "w")
    assert str(info.value) == (
        "w: duplicated country-year rows (2); expected one row per country and year. Drop or aggregate the duplicates."
    )
    estimation.check_sample(pd.concat([d, d.iloc[[0, 3]]]), ["y"], "country", None, "w")  # no time: no duplicate check
    holes = d.assign(x1=d.x1.where(d.index != 2), x2=d.x2.where(~d.index.isin([2, 5])))
    with pytest.raises(TableError) as info:
        estimation.check_sample(holes, ["y", "x1", "x2"], "country", "year", "w")
    assert str(info.value) == (
        "w: 2 rows have missing values in ['x1', 'x2']; expected complete rows in ['y', 'x1', 'x2']. Build the sample "
        "explicitly (e.g. with lib.econometrics.panel.country_panel) so no row is lost silently."
    )
    text = d.assign(x1=["a", "b"] + [1.0] * 10)
    with pytest.raises(TableError) as info:
        estimation.check_sample(text, ["y", "x1"], "country", "year", "w")
    assert str(info.value).startswith("w, column 'x1': dtype object (e.g. 'a'); expected numbers or booleans.")
    assert str(info.value).endswith("Convert it first, e.g. pd.to_numeric(data['x1']).")
    inf = d.assign(x2=d.x2.where(~d.index.isin([1, 4, 7]), -np.inf))
    with pytest.raises(TableError) as info:
        estimation.check_sample(inf, ["y", "x2"], "country", "year", "w")
    assert str(info.value) == (
        "w, column 'x2': 3 infinite values; expected finite numbers. Check the transformation that built it (e.g. a log of zero)."
    )


def test_check_sample_numeric_columns():
    """By default every needed column except entity and time must be numeric (booleans count); an explicit
    ``numeric`` list checks only those."""
    d = panel().head(12).assign(flag=lambda f: f.x1 > 0, label=lambda f: f.country + "!")
    estimation.check_sample(d, ["country", "year", "y", "flag"], "country", "year", "w")
    estimation.check_sample(d, ["country", "year", "y", "label"], "country", "year", "w", numeric=["y"])
    with pytest.raises(TableError, match=r"column 'label': dtype"):
        estimation.check_sample(d, ["country", "year", "y", "label"], "country", "year", "w")
    with pytest.raises(TableError, match=r"column 'country': dtype"):
        estimation.check_sample(d, ["country", "year", "y"], "country", "year", "w", numeric=["y", "country"])
    with pytest.raises(TableError, match=r"column 'y': 1 infinite"):
        estimation.check_sample(d.assign(y=d.y.where(d.index != 0, np.inf)), ["country", "y"], "country", "year", "w", numeric=["y"])
    r = xtreg_fe(panel().assign(flag=lambda f: f.x2 > 0), "y", ["x1", "flag"])
    assert "flag" in r.params.index


def test_one_row_sample_is_one_cluster_not_empty():
    with pytest.raises(TableError, match=r"column 'country': 1 cluster \(\['C0'\]\)"):
        xtreg_fe(panel().head(1), "y", ["x1"])


def test_argument_messages():
    d = panel()
    with pytest.raises(ValueError) as info:
        xtreg_fe(d, "y", 3)
    assert str(info.value) == "regression of y: x=3; expected a list of column names."
    with pytest.raises(ValueError) as info:
        xtreg_fe(d, "y", ["x1", 2])
    assert str(info.value) == "regression of y: x contains [2]; expected column names (strings)."
    with pytest.raises(ValueError) as info:
        xtreg_fe(d, "y", ["x2", "x1", "x2", "x1", "x2"])
    assert str(info.value) == "regression of y: x lists ['x1', 'x2'] more than once; expected each column once."
    with pytest.raises(ValueError) as info:
        xtreg_fe(d, ["y"], ["x1"])
    assert str(info.value) == "regression of ['y']: y=['y']; expected one column name (a string)."
    with pytest.raises(ValueError) as info:
        xtreg_fe(d, "y", ["x1", "y"])
    assert str(info.value) == "regression of y: the dependent variable 'y' is also in x; expected it only as y."
    r = xtreg_fe(d, "y", ("x1", "x2"))
    assert list(r.params.index) == ["x1", "x2", "const"]


def test_xtreg_defaults_country_year_and_label():
    d = panel()
    r = xtreg_fe(d, "y", ["x1"])
    assert r.label == "y" and r.notes["entity"] == "country" and r.notes["time"] == "year"
    assert r.notes["K"] == 1 + 5 + 1  # x1, five year dummies, constant
    explicit = xtreg_fe(d.rename(columns={"country": "c", "year": "t"}), "y", ["x1"], entity="c", time="t", label="(1)")
    assert explicit.label == "(1)" and explicit.notes["entity"] == "c" and explicit.notes["time"] == "t"
    np.testing.assert_allclose(explicit.params, r.params, rtol=1e-12)
    np.testing.assert_allclose(explicit.se, r.se, rtol=1e-12)


def test_omission_warnings_point_at_the_caller_and_notes_list_time_effects():
    d = panel()
    d["dev"] = d.developed
    with pytest.warns(CollinearityWarning) as record:
        r = xtreg_fe(d, "y", ["x1", "dev"])
    assert [os.path.basename(w.filename) for w in record] != ["estimation.py"]  # the warning points at the caller
    assert str(record[0].message) == (
        "regression of y: dev does not vary within country (absorbed by the country fixed effects); omitted because of collinearity."
    )
    assert r.notes["omitted"] == ["dev"] and r.notes["omitted_time_effects"] == []
    # a country observed in one year that no other country has: its year dummy is absorbed by its country effect
    z = pd.concat([d, d.iloc[[0]].assign(country="Z", year=2010)], ignore_index=True)
    with pytest.warns(CollinearityWarning) as record:
        f = xtreg_fe(z, "y", ["x1"])
    assert [str(w.message) for w in record] == [
        "regression of y: ['year_2010'] omitted because of collinearity with the other effects."]
    assert [os.path.basename(w.filename) for w in record] != ["estimation.py"]  # the warning points at the caller
    assert f.notes["omitted_time_effects"] == ["year_2010"] and f.notes["omitted"] == [] and f.notes["omitted_reasons"] == {}
    assert f.notes["K"] == 1 + 5 + 1


def test_categorical_booleans_count_as_booleans():
    """A 0/1 flag stored as a categorical of booleans is accepted like a boolean column (pandas calls its dtype
    boolean), with the same estimates; a categorical of numbers is refused (test_estimator_degenerate)."""
    d = panel().assign(flag=lambda f: f.x2 > 0)
    cat = d.assign(flag=pd.Categorical(d.flag))
    assert pd.api.types.is_bool_dtype(cat.flag.dtype)
    estimation.check_sample(cat, ["y", "flag"], "country", "year", "w")
    np.testing.assert_allclose(xtreg_fe(cat, "y", ["x1", "flag"]).params, xtreg_fe(d, "y", ["x1", "flag"]).params, rtol=1e-12)


def test_more_sample_and_argument_messages():
    d = panel().head(12)
    with pytest.raises(TableError) as info:
        estimation.check_sample(d.iloc[:0], ["y"], "country", "year", "w")
    assert str(info.value) == "w: the sample is empty (0 rows); expected observations. Check the filter that built it."
    # duplicated country-years whose values differ are still duplicates (3 of them)
    dup = pd.concat([d, d.iloc[[0, 3, 3]].assign(y=[7.0, 8.0, 9.0])])
    with pytest.raises(TableError) as info:
        estimation.check_sample(dup, ["y"], "country", "year", "w")
    assert str(info.value).startswith("w: duplicated country-year rows (3); expected one row per country and year.")
    with pytest.raises(ValueError) as info:
        xtreg_fe(d, "y", "x1")
    assert str(info.value) == "regression of y: x='x1' is a string; expected a list of column names, e.g. ['x1']."


@pytest.mark.parametrize("p, k", [(0.0, 3), (0.0099, 3), (0.01, 2), (0.0499, 2), (0.05, 1), (0.0999, 1), (0.1, 0), (1.0, 0)])
def test_stars_on_both_sides_of_each_level(p, k):
    assert significance.n_stars(p) == k and significance.stars(p) == "*" * k
    assert estimation.stars(p) == "*" * k


@pytest.mark.parametrize("p", [None, float("nan"), float("inf")])
def test_stars_of_a_missing_p_value(p):
    with pytest.raises(ValueError) as info:
        significance.n_stars(p)
    assert str(info.value) == f"p-value {p!r} is not a number; cannot assign significance stars."
    assert estimation.stars(p) == ""  # tables: no stars, no error


def test_sample_errors_name_the_regression():
    with pytest.raises(TableError) as info:
        xtreg_fe(panel(), "y", ["x1", "zz"])
    assert str(info.value).startswith("regression of y: missing columns ['zz']; expected them in the sample")


# ---------------------------------------------------------------- interaction test (heterogeneity, mechanisms)

IT = "interaction test of y on x1 by developed"


def test_interaction_test_argument_and_sample_messages():
    d = panel()
    with raises_exactly(ValueError, "interaction test of y on 3 by developed: x=3; expected one column name (a string)."):
        estimation.interaction_test(d, "y", 3, ["x2"])
    with raises_exactly(ValueError, f"{IT}: controls='x2' is a string; expected a list of column names, e.g. ['x2']."):
        estimation.interaction_test(d, "y", "x1", "x2")
    dup = pd.concat([d, d.head(1)], ignore_index=True)
    with raises_starting(TableError, f"{IT}: duplicated country-year rows (1); expected one row"):
        estimation.interaction_test(dup, "y", "x1", ["x2"])
    coded = d.assign(developed=np.arange(len(d)) % 7 + 2.0)  # seven values, none of them 0/1: the first five shown
    with raises_exactly(TableError, f"{IT}, column 'developed': values [2.0, 3.0, 4.0, 5.0, 6.0]; expected 0/1 or "
                                    "booleans. Recode it as a 0/1 dummy."):  # fmt: skip
        estimation.interaction_test(coded, "y", "x1", ["x2"])
    with raises_exactly(TableError, f"{IT}, column 'developed': every row is 1; expected both groups (0 and 1) in the "
                                    "sample, otherwise the interaction is not identified."):  # fmt: skip
        estimation.interaction_test(d.assign(developed=1.0), "y", "x1", ["x2"])


def test_interaction_test_names_its_effects_and_reports_its_terms():
    """The effects named in messages include the year-by-group ones; the result carries its label, its entity and
    time, and the names of the year-by-group dummies it had to drop (a year without any country of the group)."""
    d = panel()
    d["y"] = np.repeat(np.arange(8.0), 6) + d.year  # country and year effects explain y exactly
    with pytest.raises(TableError, match=re.escape(
        f"{IT}, column 'y': no variation left after removing the country, year and year-by-developed fixed effects"
    )):
        estimation.interaction_test(d, "y", "x1", ["x2"])
    d = panel()
    r = estimation.interaction_test(d, "y", "x1", ["x2"])
    assert r.label == "y, interacted" and r.notes["entity"] == "country" and r.notes["time"] == "year"
    assert r.notes["omitted_time_effects"] == []
    gap = d[~((d.year == 2003) & (d.developed == 1))]  # no developed country in 2003
    with pytest.warns(CollinearityWarning, match="^" + re.escape(f"{IT}: ['yr_2003:developed'] omitted")):
        r = estimation.interaction_test(gap, "y", "x1", ["x2"])
    assert r.notes["omitted_time_effects"] == ["yr_2003:developed"]


def test_interaction_test_omission_warning_and_residual_degrees_of_freedom_name_it():
    d = panel()
    d["twice"] = 2.0 * d.x2
    with pytest.warns(CollinearityWarning, match="^" + re.escape(f"{IT}: twice")):
        estimation.interaction_test(d, "y", "x1", ["x2", "twice"])
    tiny = panel(G=4, T=3)
    with raises_starting(TableError, f"{IT}: N=12 observations, 4 clusters"):
        estimation.interaction_test(tiny, "y", "x1", ["x2"])


def test_interaction_test_refuses_an_interaction_whose_clustered_variance_is_zero():
    """Two countries in each group: with year-by-group effects the two residuals of a group mirror each other, so the
    cluster scores of x1 and of x1:developed cancel in each country."""
    d = panel(G=4)
    d["developed"] = d.country.isin(["C0", "C1"]).astype(float)
    with pytest.warns(estimation.ClusterVarianceWarning):
        with raises_exactly(
            TableError,
            f"{IT}: the cluster-robust variance of x1:developed is zero: its identifying variation (after the fixed "
            "effects and the other regressors) lies within a single country, where the cluster scores cancel; its "
            "SE, t and p are reported as NaN. Cluster at a coarser level or drop the regressor; expected a clustered "
            "SE for 'x1:developed'.",
        ):
            estimation.interaction_test(d, "y", "x1", ["x2"])


@pytest.mark.parametrize("level", [0, 0.0, 1, 1.0, 1.5, -0.5, True, "0.95", None])
def test_conf_int_refuses_levels_outside_zero_one(level):
    r = xtreg_fe(panel(), "y", ["x1", "x2"])
    with raises_exactly(ValueError, f"conf_int: level={level!r}; expected a number strictly between 0 and 1, e.g. 0.95."):
        r.conf_int(level)


def test_no_identified_regressor_lists_every_reason_and_names_the_regression():
    """Found by mutmut (issue 21): the reasons are joined by '; ', and the message starts with what was estimated."""
    d, _ = small_panel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the omissions also warn; the error is what is pinned here
        with raises_exactly(TableError, "regression of y: no regressor is identified (developed does not vary within "
                            "country (absorbed by the country fixed effects); one is constant); expected at least one. "
                            "Add a regressor that varies within country."):  # fmt: skip
            xtreg_fe(d.assign(one=1.0), "y", ["developed", "one"])


def test_constant_and_its_covariances_match_statas_transformed_regression():
    """Found by mutmut (issue 21): Stata's constant of xtreg, fe is the OLS constant of y_it - ybar_i + ybar on
    x_it - xbar_i + xbar with the clustered sandwich and the factor G/(G-1) (N-1)/(N-K). Recomputed here by brute
    force (explicit transformation, OLS with a constant, sum of cluster scores), for the whole 3 x 3 vcov."""
    d, _ = small_panel()
    r = xtreg_fe(d, "y", ["x1", "x2"], time=None)
    cols = ["y", "x1", "x2"]
    t = d[cols] - d.groupby("country")[cols].transform("mean") + d[cols].mean()
    X = np.column_stack([t.x1, t.x2, np.ones(len(d))])
    bread = np.linalg.inv(X.T @ X)
    b = bread @ X.T @ t.y.to_numpy()
    u = t.y.to_numpy() - X @ b
    members = [(d.country == c).to_numpy() for c in d.country.unique()]
    scores = np.vstack([(X[g] * u[g, None]).sum(axis=0) for g in members])
    N, G, K = len(d), d.country.nunique(), 3
    V = bread @ scores.T @ scores @ bread * (G / (G - 1) * (N - 1) / (N - K))
    np.testing.assert_allclose(r.params[["x1", "x2", "const"]], b, rtol=1e-10)
    np.testing.assert_allclose(r.vcov.loc[["x1", "x2", "const"], ["x1", "x2", "const"]], V, rtol=1e-8)
    assert r.se["const"] == pytest.approx(np.sqrt(V[2, 2]), rel=1e-8)


def _stacklevels(monkeypatch) -> list:
    """Record (category, stacklevel) of every warnings.warn call; the warning itself is still issued, from the same
    frame (the recorder adds one level). Under mutmut the frames differ, but the level passed does not."""
    levels, original = [], warnings.warn

    def warn(message, category=None, stacklevel=1, **kwargs):
        levels.append((category, stacklevel))
        return original(message, category, stacklevel + 1, **kwargs)

    monkeypatch.setattr(warnings, "warn", warn)
    return levels


def test_a_regressor_without_clustered_variance_blanks_only_its_own_row_of_the_vcov(monkeypatch):
    d, _ = small_panel()
    d["local"] = np.where(d.country == "C3", d.x2, 0.0)
    levels = _stacklevels(monkeypatch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = xtreg_fe(d, "y", ["local"], time=None)
    assert np.isnan(r.vcov.loc["local"]).all() and np.isnan(r.vcov["local"]).all()
    assert np.isfinite(r.vcov.loc["const", "const"]) and r.vcov.loc["const", "const"] == pytest.approx(r.se["const"] ** 2)
    (warning,) = [w for w in caught if issubclass(w.category, estimation.ClusterVarianceWarning)]
    assert levels == [(estimation.ClusterVarianceWarning, 3)]  # xtreg_fe -> _fit -> warn: the caller of xtreg_fe
    if "MUTANT_UNDER_TEST" not in os.environ:  # mutmut's trampolines add frames, so the file cannot match there
        assert warning.filename == __file__  # points at the caller's line, not inside lib/


def test_iv_fe_omission_warning_names_the_estimator_and_points_at_the_caller(monkeypatch):
    d, rng = small_panel()
    d["z"] = d.x1 + rng.normal(size=len(d))
    levels = _stacklevels(monkeypatch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        iv_fe(d, "y", "x1", "z", ["x2", "developed"])
    (warning,) = [w for w in caught if issubclass(w.category, CollinearityWarning)]
    assert str(warning.message).startswith("2SLS of y on x1 instrumented by z: developed does not vary within country")
    assert (CollinearityWarning, 4) in levels  # iv_fe -> _fwl -> _warn_omitted -> warn: the caller of iv_fe
    if "MUTANT_UNDER_TEST" not in os.environ:  # as above
        assert warning.filename == __file__
