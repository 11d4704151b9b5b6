"""Pins of lib.econometrics.robustness: behaviour mutmut found unpinned (issue 21).

Exact messages (the estimator named first, the argument named), the thresholds of the
sample checks on both sides, and the warnings ``leave_one_out`` collects from its
subsample regressions: its own summaries come once, from the caller's line; any other
warning passes through unchanged (text, category, file, line) and as often as the
caller's filters would let it through. Small synthetic panels only.
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from lib.data.errors import TableError
from lib.econometrics import robustness
from lib.econometrics.estimation import ClusterVarianceWarning, CollinearityWarning, xtreg_fe
from lib.econometrics.robustness import driscoll_kraay, leave_one_out

from panel_helpers import raises_exactly, raises_starting, small_panel

DK = "Driscoll-Kraay regression of y"
LOO = "leave-one-out of y on x1"


def panel(G=8, T=6, seed=0):
    """Small balanced panel: y, two regressors, a 0/1 ``developed`` (time-invariant), a constant ``one``."""
    d, _ = small_panel(G, T, seed)
    d["one"] = 1.0
    return d


def from_caller(w, function=leave_one_out):
    """The warning points at the frame that called ``function`` (stacklevel=2), not at lib/ nor further up.

    Under mutmut the function is wrapped (``__wrapped__``): ``_trampoline_wrapper`` calls ``trampoline``, which
    calls the body, so the frame above the body is a line of ``trampoline``."""
    if not hasattr(function, "__wrapped__"):
        return w.filename == __file__
    cells = [c.cell_contents for c in function.__closure__ or ()]
    inner = [f for f in cells if getattr(f, "__name__", "") == "trampoline"]
    code = inner[0].__code__ if inner else function.__code__
    lines = {line for _, _, line in code.co_lines() if line} if inner else {w.lineno}
    return w.filename == code.co_filename and w.lineno in lines


# ------------------------------------------------------------------------------ Driscoll-Kraay


def test_driscoll_kraay_argument_errors_name_the_estimator_and_the_argument():
    d = panel()
    with raises_exactly(ValueError, "Driscoll-Kraay regression of 3: y=3; expected one column name (a string)."):
        driscoll_kraay(d, 3, ["x1"])
    with raises_exactly(ValueError, f"{DK}: x='x1' is a string; expected a list of column names, e.g. ['x1']."):
        driscoll_kraay(d, "y", "x1")
    with raises_exactly(ValueError, f"{DK}: x contains [1]; expected column names (strings)."):
        driscoll_kraay(d, "y", ["x1", 1])
    for bad in ("2", True, -0.5):
        with raises_exactly(ValueError, f"{DK}: bandwidth={bad!r}; expected None or a non-negative number of periods."):
            driscoll_kraay(d, "y", ["x1"], bandwidth=bad)
    with raises_exactly(ValueError, f"{DK}: reference='normal'; expected 't' (t(T - 1), as xtscc) or 'linearmodels'."):
        driscoll_kraay(d, "y", ["x1"], reference="normal")


def test_driscoll_kraay_sample_errors_and_warnings_name_the_estimator():
    d = panel()
    with raises_starting(TableError, f"{DK}: missing columns ['nope']; expected them in the sample"):
        driscoll_kraay(d, "y", ["x1", "nope"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = driscoll_kraay(d, "y", ["x1", "developed"])
    assert [str(w.message) for w in caught if w.category is CollinearityWarning] == [
        f"{DK}: developed does not vary within country (absorbed by the country fixed effects); "
        "omitted because of collinearity."
    ]
    assert list(out.index) == ["x1"] and out.attrs["omitted"] == ["developed"]
    # every regressor omitted: each reason listed, separated by '; '
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CollinearityWarning)
        with raises_exactly(
            TableError,
            f"{DK}: no regressor is identified (one is constant; developed does not vary within country "
            "(absorbed by the country fixed effects)).",
        ):
            driscoll_kraay(d, "y", ["one", "developed"])


def test_driscoll_kraay_needs_one_residual_degree_of_freedom():
    """The dummy-variable regression has G + x + (T - 1) columns: 3 countries x 2 years with one x leave
    6 - 3 - 1 - 1 = 1 residual degree of freedom (estimable), 2 countries x 2 years leave 0 (refused)."""
    d = panel(G=3, T=2)
    out = driscoll_kraay(d, "y", ["x1"], bandwidth=0)
    assert list(out.index) == ["x1"] and np.isfinite(out.to_numpy()).all()
    assert out.attrs["reference"] == "t(1)"
    small = panel(G=2, T=2)
    with raises_exactly(
        TableError,
        f"{DK}: N=4 observations, 2 clusters and 2 regressors (with year dummies) leave 0 residual degrees of "
        "freedom; expected at least 1. Use a larger sample or fewer regressors.",
    ):
        driscoll_kraay(small, "y", ["x1"], bandwidth=0)


def test_driscoll_kraay_reports_which_linearmodels_error():
    d = panel()
    with raises_exactly(
        TableError,
        f"{DK}: linearmodels' PanelOLS failed (ValueError: dependent: The index on the time dimension must be "
        "either numeric or date-like); expected a panel indexed by 'country' and a numeric or date 'year'. "
        "Check the sample.",
    ):
        driscoll_kraay(d.assign(year=d.year.astype(str)), "y", ["x1"])


def test_driscoll_kraay_refuses_non_finite_estimates():
    """y of order 1e152 and x of order 1e3: the coefficient is finite but the kernel covariance overflows."""
    d = panel()
    d = d.assign(y=d.y * 1e152, x1=d.x1 * 1e3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with raises_starting(TableError, f"{DK}: non-finite estimates {{'coef': {{'x1': ") as err:
            driscoll_kraay(d, "y", ["x1"])
    assert str(err.value).endswith("; expected finite values. Check the bandwidth and sample.")


def test_driscoll_kraay_regressor_names_are_free():
    """A regressor named like Stata's constant in capitals is an ordinary regressor: same estimates as under
    another name."""
    d = panel()
    ref = driscoll_kraay(d.assign(z2=d.x2), "y", ["x1", "z2"], bandwidth=2)
    out = driscoll_kraay(d.assign(CONST=d.x2), "y", ["x1", "CONST"], bandwidth=2)
    assert list(out.index) == ["x1", "CONST"]
    np.testing.assert_allclose(out.to_numpy(), ref.to_numpy(), rtol=1e-12)


def test_driscoll_kraay_regressor_named_const_is_an_ordinary_regressor():
    d = panel()
    ref = driscoll_kraay(d.assign(z2=d.x2), "y", ["x1", "z2"], bandwidth=2)
    out = driscoll_kraay(d.assign(const=d.x2), "y", ["x1", "const"], bandwidth=2)
    np.testing.assert_allclose(out.to_numpy(), ref.to_numpy(), rtol=1e-12)
    # nor a regressor named like one of the year dummies of the design (it once collided with them)
    out = driscoll_kraay(d.assign(year_2003=d.x2), "y", ["x1", "year_2003"], bandwidth=2)
    assert list(out.index) == ["x1", "year_2003"]
    np.testing.assert_allclose(out.to_numpy(), ref.to_numpy(), rtol=1e-12)


# ------------------------------------------------------------------------------ leave one out


def test_leave_one_out_argument_errors_name_the_estimator_and_the_argument():
    d = panel()
    with raises_exactly(ValueError, "leave-one-out of 3 on x1: y=3; expected one column name (a string)."):
        leave_one_out(d, 3, "x1")
    with raises_exactly(ValueError, "leave-one-out of y on ['x1']: x=['x1']; expected one column name (a string)."):
        leave_one_out(d, "y", ["x1"])
    with raises_exactly(ValueError, f"{LOO}: controls='x2' is a string; expected a list of column names, e.g. ['x2']."):
        leave_one_out(d, "y", "x1", "x2")


def test_leave_one_out_checks_the_full_sample_first():
    d = panel()
    with raises_starting(TableError, f"{LOO}: missing columns ['year']; expected them in the sample"):
        leave_one_out(d.drop(columns="year"), "y", "x1", ["x2"])
    with raises_starting(TableError, f"{LOO}: missing columns ['w']; expected them in the sample"):
        leave_one_out(d, "y", "x1", ["w"])
    dup = pd.concat([d, d[d.country == "C3"].head(1)], ignore_index=True)
    with raises_starting(TableError, f"{LOO}: duplicated country-year rows (1); expected one row per country and year."):
        leave_one_out(dup, "y", "x1", ["x2"])


def test_leave_one_out_needs_three_countries():
    """Three countries leave two clusters in each subsample (without year effects: with them, two countries'
    residuals mirror each other and the clustered variance is zero)."""
    d = panel(G=3)
    loo = leave_one_out(d, "y", "x1", ["x2"], time=None)
    assert list(loo["dropped"]) == ["C0", "C1", "C2"]
    direct = xtreg_fe(d[d.country != "C1"], "y", ["x1", "x2"], time=None)
    assert loo.set_index("dropped").loc["C1", "coef"] == pytest.approx(direct.params["x1"], rel=1e-12)
    with raises_exactly(
        TableError,
        f"{LOO}, column 'country': 2 values; expected at least 3, so that two clusters remain after dropping one.",
    ):
        leave_one_out(panel(G=2), "y", "x1", ["x2"])


def test_leave_one_out_uses_the_entity_given():
    d = panel(G=5).rename(columns={"country": "iso"})
    loo = leave_one_out(d, "y", "x1", ["x2"], entity="iso")
    direct = xtreg_fe(d[d.iso != "C2"], "y", ["x1", "x2"], entity="iso")
    row = loo.set_index("dropped").loc["C2"]
    ci = direct.conf_int().loc["x1"]
    assert row["coef"] == pytest.approx(direct.params["x1"], rel=1e-12)
    assert (row["low"], row["high"], row["p"]) == pytest.approx((ci["low"], ci["high"], direct.pvalues["x1"]), rel=1e-12)


def test_leave_one_out_subsample_error_names_the_country_dropped():
    """y varies (beyond the effects) in C2 only: without C2 it is all zeros and the regression is refused."""
    d = panel(G=5)
    d["y"] = np.where(d.country == "C2", d.y, 0.0)
    with raises_starting(
        TableError, f"{LOO}, dropping country 'C2': regression of y, column 'y': no variation left after removing the "
    ):
        leave_one_out(d, "y", "x1", ["x2"])


@pytest.mark.parametrize("error", [ValueError("singular design"), np.linalg.LinAlgError("singular design")])
def test_leave_one_out_failed_regression_names_the_country_dropped(monkeypatch, error):
    real = robustness.xtreg_fe

    def failing(sub, *args, **kwargs):
        if "C1" not in set(sub["country"]):
            raise error
        return real(sub, *args, **kwargs)

    monkeypatch.setattr(robustness, "xtreg_fe", failing)
    with raises_exactly(
        TableError,
        f"{LOO}, dropping country 'C1': the regression failed ({type(error).__name__}: singular design); "
        "expected an estimable subsample.",
    ):
        leave_one_out(panel(G=4), "y", "x1", ["x2"])


def test_leave_one_out_lists_every_control_omitted_in_a_subsample():
    """x2 and x3 vary in C3 only: without C3 both are constant (zero) and omitted, listed as 'x2, x3'."""
    d = panel(G=5)
    rng = np.random.default_rng(7)
    d["x2"] = np.where(d.country == "C3", d.x2, 0.0)
    d["x3"] = np.where(d.country == "C3", rng.normal(size=len(d)), 0.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loo = leave_one_out(d, "y", "x1", ["x2", "x3"])
    assert loo.set_index("dropped")["omitted"].to_dict() == {"C0": "", "C1": "", "C2": "", "C3": "x2, x3", "C4": ""}
    collinear = [w for w in caught if w.category is CollinearityWarning]
    assert [str(w.message) for w in collinear] == [
        f"{LOO}: controls omitted because of collinearity when dropping {{'C3': ['x2', 'x3']}}."
    ]
    assert len(collinear) == 1 and from_caller(collinear[0])


def test_leave_one_out_warns_once_about_controls_without_clustered_se():
    """Without year effects, ``two`` varies in C3 and C4 only, where x1 is zero: dropping either country leaves
    its variation within the other, whose cluster score cancels, so its clustered SE is unavailable in those
    two subsamples (x1's is not)."""
    d = panel(G=6)
    d["two"] = np.where(d.country.isin(["C3", "C4"]), d.x2, 0.0)
    d["x1"] = np.where(d.country.isin(["C3", "C4"]), 0.0, d.x1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loo = leave_one_out(d, "y", "x1", ["two"], time=None)
    assert list(loo["dropped"]) == [f"C{g}" for g in range(6)] and np.isfinite(loo[["coef", "low", "high", "p"]]).all().all()
    assert [(w.category, str(w.message)) for w in caught] == [
        (
            ClusterVarianceWarning,
            f"{LOO}: clustered SEs of controls unavailable (variation within one country) when dropping "
            "{'C3': ['two'], 'C4': ['two']}.",
        )
    ]
    assert from_caller(caught[0])


def _noisy(monkeypatch):
    """Make every subsample regression issue the same UserWarning (from the line returned) before fitting."""
    real = robustness.xtreg_fe

    def noisy(*args, **kwargs):
        warnings.warn("subsample note", UserWarning)  # line noisy.line
        return real(*args, **kwargs)

    noisy.line = noisy.__code__.co_firstlineno + 1
    monkeypatch.setattr(robustness, "xtreg_fe", noisy)
    return noisy.line


def test_leave_one_out_passes_other_warnings_through_unchanged(monkeypatch):
    line = _noisy(monkeypatch)
    d = panel(G=4)
    d["x3"] = np.where(d.country == "C3", d.x2, 0.0)  # omitted when C3 is dropped
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        leave_one_out(d, "y", "x1", ["x2", "x3"])
    notes = [w for w in caught if w.category is UserWarning]
    assert [(str(w.message), w.filename, w.lineno) for w in notes] == [("subsample note", __file__, line)] * 4
    # the per-subsample CollinearityWarning is collected into one summary, not passed through
    assert [str(w.message) for w in caught if w.category is CollinearityWarning] == [
        f"{LOO}: controls omitted because of collinearity when dropping {{'C3': ['x3']}}."
    ]
    assert len(caught) == 5


def test_leave_one_out_keeps_the_callers_filters_for_other_warnings(monkeypatch):
    """A caller's filter on the module that issues a warning still silences it inside leave_one_out (only the
    two warning classes leave_one_out summarises are recorded regardless of the filters)."""
    _noisy(monkeypatch)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=UserWarning, module=re.escape(__name__))
        leave_one_out(panel(G=4), "y", "x1", ["x2"])
    assert caught == []


# ------------------------------------------------------------------------------ bootstrap p-value, lags


def test_bootstrap_p_value_leaves_out_missing_draws_and_says_why_it_cannot():
    # |t*| >= 1.0 for 2.0 and -1.0 (a tie counts), not for 0.5; None is a missing draw, left out: 2 of 3
    assert robustness.bootstrap_p_value(1.0, [2.0, None, 0.5, -1.0]) == pytest.approx(2 / 3)
    assert robustness.bootstrap_p_value(-1.0, np.array([3, 0, 1])) == pytest.approx(2 / 3)
    with raises_exactly(ValueError, "bootstrap_p_value: t is NaN; expected a number."):
        robustness.bootstrap_p_value(np.nan, [1.0])
    with raises_exactly(ValueError, "bootstrap_p_value: no bootstrap t statistic is defined; expected at least one draw."):
        robustness.bootstrap_p_value(1.0, [np.nan, None])


def lag_panel():
    return pd.DataFrame(
        {"country": ["A", "A", "B", "B"], "year": [2001, 2002, 2001, 2002], "x": [1.0, 2.0, 10.0, 20.0]}
    )


def test_add_lag_needs_the_column_in_source_only():
    d = lag_panel()
    source = pd.concat([d, pd.DataFrame({"country": ["A", "B"], "year": [2000, 2000], "x": [0.5, 5.0]})])
    out = robustness.add_lag(d.drop(columns="x").assign(y=1.0), source, "x")
    assert list(out.columns) == ["country", "year", "y", "x_lag"]
    assert out["x_lag"].tolist() == [0.5, 1.0, 5.0, 10.0]  # 2000 comes from the pre-sample years of source
    with raises_exactly(TableError, "lag of x: source lacks columns ['x']; expected ['country', 'year', 'x']."):
        robustness.add_lag(d, d.drop(columns="x"), "x")
    with raises_exactly(TableError, "lag of x: data lacks columns ['year']; expected ['country', 'year']."):
        robustness.add_lag(d.drop(columns="year"), d, "x")
    with raises_exactly(TableError, "lag of x, column 'year' of data: dtype object; expected numeric periods."):
        robustness.add_lag(d.assign(year=d.year.astype(str).astype(object)), d, "x")
    with raises_exactly(TableError, "lag of x, column 'year' of source: dtype object; expected numeric periods."):
        robustness.add_lag(d, d.assign(year=d.year.astype(str).astype(object)), "x")


def test_add_lag_refuses_a_repeated_country_year_even_with_other_values():
    d = lag_panel()
    source = pd.concat([d, d.head(1).assign(x=99.0)])  # A-2001 twice, with different values
    with raises_exactly(
        TableError, "lag of x: source has duplicated country-year rows; expected one value per country and year."
    ):
        robustness.add_lag(d, source, "x")


# ------------------------------------------------------------------------------ wild cluster bootstrap

WCB = "wild cluster bootstrap of x1 in the regression of y"


def test_wild_cluster_bootstrap_defaults_are_9999_draws_with_seed_12345():
    d = panel(G=6, T=4)
    default = robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], return_draws=True)
    explicit = robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], reps=9999, seed=12345, weights="webb",
                                                 return_draws=True)  # fmt: skip
    assert default["reps"] == 9999 and default["weights"] == "webb" and not default["enumerated"]
    assert default["n_clusters"] == 6
    np.testing.assert_array_equal(default["t_draws"], explicit["t_draws"])
    assert default["p_bootstrap"] == explicit["p_bootstrap"]


def test_wild_cluster_bootstrap_accepts_one_draw_and_names_bad_arguments():
    d = panel(G=6, T=4)
    one = robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], reps=1, seed=1)
    assert one["reps"] == 1 and one["p_bootstrap"] in (0.0, 1.0)
    with raises_exactly(ValueError, f"{WCB}: reps=0; expected a positive integer such as 9999."):
        robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], reps=0)
    with raises_exactly(ValueError, "wild cluster bootstrap of x1 in the regression of 3: y=3; expected one column name (a string)."):
        robustness.wild_cluster_bootstrap(d, 3, "x1", ["x2"], reps=9)
    with raises_exactly(ValueError, "wild cluster bootstrap of ['x1'] in the regression of y: x=['x1']; expected one column name (a string)."):
        robustness.wild_cluster_bootstrap(d, "y", ["x1"], ["x2"], reps=9)
    with raises_exactly(ValueError, f"{WCB}: exog='x2' is a string; expected a list of column names, e.g. ['x2']."):
        robustness.wild_cluster_bootstrap(d, "y", "x1", "x2", reps=9)
    with raises_starting(TableError, f"{WCB}: missing columns ['w']; expected them in the sample"):
        robustness.wild_cluster_bootstrap(d, "y", "x1", ["w"], reps=9)
    with raises_starting(TableError, f"{WCB}: N=4 observations, 2 clusters and 2 regressors (with year dummies) leave 0 "):
        robustness.wild_cluster_bootstrap(panel(G=2, T=2), "y", "x1", [], reps=9)


@pytest.mark.parametrize("time, effects", [("year", "country and year fixed effects"), (None, "country fixed effects")])
def test_wild_cluster_bootstrap_refuses_y_explained_by_the_controls(time, effects):
    d = panel(G=6, T=4)
    d["y"] = 2.0 * d.x2 + np.repeat(np.arange(6.0), 4)  # controls and country effects explain y exactly
    with raises_exactly(
        TableError,
        f"{WCB}: the t statistic is undefined (0/0): 'y' is explained exactly by the controls and the {effects}, "
        "so the restricted residuals are all zero; expected residual variation. Check the dependent variable.",
    ):
        robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], time=time, reps=9)


def test_wild_cluster_bootstrap_enumerates_rademacher_signs_from_2_to_the_G_draws():
    d = panel(G=6, T=4)  # 2**6 = 64 sign vectors
    below = robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], reps=63, weights="rademacher")
    at = robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], reps=64, weights="rademacher")
    assert (below["enumerated"], below["reps"]) == (False, 63)
    assert (at["enumerated"], at["reps"], at["p_mc_se"]) == (True, 64, 0.0)
    assert (at["p_bootstrap"] * 64) == pytest.approx(round(at["p_bootstrap"] * 64), abs=1e-9)


@pytest.mark.parametrize("noise, refused", [(1e-3, True), (1.0, False)])
def test_wild_cluster_bootstrap_zero_residual_threshold_is_relative_to_y(noise, refused):
    """Restricted residuals of sum of squares ~1e-13 of y's (noise 1e-3 on a y of scale 1e3) count as zero
    (threshold COLLINEARITY_TOL = 1e-10 of y's sum of squares around its mean); ~1e-7 (noise 1) do not, whatever
    the level of y (shifted by 1e6 here: the country effects absorb it)."""
    d = panel(G=6, T=4)
    rng = np.random.default_rng(3)
    d["y"] = 1e6 + 1e3 * (2.0 * d.x2 + np.repeat(np.arange(6.0), 4)) + noise * rng.normal(size=len(d))
    if refused:
        with raises_starting(TableError, f"{WCB}: the t statistic is undefined (0/0): 'y' is explained exactly"):
            robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], reps=9)
    else:
        assert np.isfinite(robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], reps=9)["t"])


def test_add_lag_refuses_to_overwrite_an_existing_lag_column():
    """A second add_lag used to give 'x1_lag_x' and 'x1_lag_y' silently; now it says what is in the way."""
    d = panel()
    once = robustness.add_lag(d, d, "x1")
    with raises_exactly(TableError, "lag of x1: data already has a column 'x1_lag'; drop or rename it first."):
        robustness.add_lag(once, d, "x1")


def x_in_one_country(G=5, T=4):
    """x1 varies within C0 only (0 elsewhere); without year effects or controls its identifying variation, and so
    its cluster scores, lie in one country."""
    d = panel(G=G, T=T)
    d.loc[d.country != "C0", "x1"] = 0.0
    return d


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_wild_cluster_bootstrap_refuses_a_zero_clustered_variance_and_names_the_entity(sign):
    """The cluster scores of x1 cancel in C0 while the heteroskedasticity-robust variance does not: refused, with the
    entity named. Both signs of y, so that no variance computed with a wrong power or sum can be positive in both."""
    d = x_in_one_country().rename(columns={"country": "iso"})
    d["y"] = sign * d.y
    with raises_exactly(
        TableError,
        f"{WCB}: the cluster-robust variance of x1 is zero: its identifying variation (after the fixed effects and "
        "the other regressors) lies within a single iso, where the cluster scores cancel; its SE, t and p are "
        "reported as NaN. Cluster at a coarser level or drop the regressor; expected a clustered SE for 'x1'.",
    ):
        robustness.wild_cluster_bootstrap(d, "y", "x1", [], entity="iso", time=None, reps=9)


def test_wild_cluster_bootstrap_exact_fit_is_an_infinite_t_not_a_clustering_problem():
    """y = 2 x1 + 1 exactly in C0, where x1 varies (values chosen so that the within-demeaned ones are exact, none
    zero): full-model residuals and cluster scores are exactly zero, t is infinite and p_cluster 0, without a
    numpy warning, and the zero-variance refusal (for a clustered variance of zero beside a positive unclustered
    one) does not apply."""
    d = x_in_one_country()
    c0 = d.country == "C0"
    d.loc[c0, "x1"] = [1.0, 2.0, 3.0, 10.0]
    d.loc[c0, "y"] = 2.0 * d.loc[c0, "x1"] + 1.0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = robustness.wild_cluster_bootstrap(d, "y", "x1", [], time=None, reps=9)
    assert caught == []
    assert out["t"] == np.inf and out["p_cluster"] == 0.0


def test_wild_cluster_bootstrap_refuses_x_varying_only_where_y_does_not():
    """x1 varies in C0 only and y is constant there: estimate and cluster scores are all zero, t is 0/0. The
    restricted residuals are not zero (y varies elsewhere), so the first check passes; this one refuses."""
    d = x_in_one_country()
    d.loc[d.country == "C0", "y"] = 3.0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with raises_exactly(
            TableError,
            f"{WCB}: the t statistic is undefined (0/0): 'y' has no residual variation where 'x1' varies, so the "
            "estimate and its cluster scores are all zero; expected residual variation where 'x1' varies.",
        ):
            robustness.wild_cluster_bootstrap(d, "y", "x1", [], time=None, reps=9)
    assert caught == []  # the 0/0 is expected: numpy's warning is silenced


def test_wild_cluster_bootstrap_leaves_out_undefined_draws_with_one_warning(monkeypatch):
    """Weights that can all be 0 (patched in: support {0, 1}) give draws whose t statistic is 0/0; they are left
    out of the p-value, counted in one BootstrapWarning that points at the caller, and numpy says nothing."""
    monkeypatch.setitem(robustness._WEIGHTS, "webb", (np.array([0.0, 1.0]), np.array([0.5, 0.5])))
    d = panel(G=3, T=4)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = robustness.wild_cluster_bootstrap(d, "y", "x1", ["x2"], reps=99, seed=1, return_draws=True)
    undefined = int(np.isnan(out["t_draws"]).sum())
    assert 0 < undefined < 99 and out["reps"] == 99
    assert [w.category for w in caught] == [robustness.BootstrapWarning]
    assert str(caught[0].message) == (
        f"{WCB}: {undefined} of 99 draws gave an undefined t statistic (0/0) and are left out of the p-value."
    )
    assert from_caller(caught[0], robustness.wild_cluster_bootstrap)
    assert out["p_bootstrap"] == robustness.bootstrap_p_value(out["t"], out["t_draws"])


# ------------------------------------------------------------------------------ 2SLS

IV = "2SLS of y on x1 instrumented by z"


def iv_panel():
    d = panel(G=8, T=6)
    d["z"] = d.x1 + np.random.default_rng(5).normal(size=len(d))
    return d


def test_iv_fe_argument_errors_name_the_estimator_and_the_argument():
    d = iv_panel()
    with raises_exactly(ValueError, "2SLS of 3 on x1 instrumented by z: y=3; expected one column name (a string)."):
        robustness.iv_fe(d, 3, "x1", "z", ["x2"])
    with raises_exactly(ValueError, "2SLS of y on ['x1'] instrumented by z: endog=['x1']; expected one column name (a string)."):
        robustness.iv_fe(d, "y", ["x1"], "z", ["x2"])
    with raises_exactly(ValueError, "2SLS of y on x1 instrumented by None: instrument=None; expected one column name (a string)."):
        robustness.iv_fe(d, "y", "x1", None, ["x2"])
    with raises_exactly(ValueError, f"{IV}: exog='x2' is a string; expected a list of column names, e.g. ['x2']."):
        robustness.iv_fe(d, "y", "x1", "z", "x2")


def test_iv_fe_book_convention_is_small_sample():
    """The book's convention always applies the small-sample factor and t(G - 1): ``small`` is True in the result
    and its notes; xtivreg2's default is False."""
    d = iv_panel()
    book = robustness.iv_fe(d, "y", "x1", "z", ["x2"])
    assert book.small is True and book.second.notes["small"] is True and book.second.df_t == 7
    stata = robustness.iv_fe(d, "y", "x1", "z", ["x2"], convention="xtivreg2")
    assert stata.small is False and stata.second.notes["small"] is False and stata.second.df_t == np.inf


def test_iv_fe_sample_errors_name_it_and_check_repeated_country_years():
    d = iv_panel()
    dup = pd.concat([d, d.head(1)], ignore_index=True)
    with raises_starting(TableError, f"{IV}: duplicated country-year rows (1); expected one row per country and year."):
        robustness.iv_fe(dup, "y", "x1", "z", ["x2"])
    labelled = d.assign(year=d.year.astype(str))  # years as labels: the time column need not be numeric
    assert robustness.iv_fe(labelled, "y", "x1", "z", ["x2"]).second.params["x1"] == pytest.approx(
        robustness.iv_fe(d, "y", "x1", "z", ["x2"]).second.params["x1"], rel=1e-12)


def test_iv_fe_instrument_without_variation_message():
    d = iv_panel()
    with raises_exactly(
        TableError,
        "2SLS of y on x1 instrumented by one, column 'one': the instrument has no variation left after the country "
        "and year fixed effects and the controls (it is constant, time-invariant or collinear with them); expected "
        "an excluded instrument that varies. Choose another instrument.",
    ):
        robustness.iv_fe(d, "y", "x1", "one", ["x2"])
