"""Rank-deficient and degenerate designs: an unidentified coefficient is omitted with a note, or refused.

Rule (lib.econometrics.estimation): a control or regressor that the fixed effects and the regressors before
it explain exactly is omitted (notes["omitted"], a CollinearityWarning, "(omitted)" in tables);
the coefficient an estimator is *about* (bootstrapped x, endogenous regressor, instrument,
interaction, leave-one-out x) must be identified or a TableError names it. Bad samples raise
TableError naming the column, bad arguments ValueError. No result is ever NaN.
"""

import re
import warnings

import numpy as np
from scipy import stats
import pandas as pd
import pytest

from lib.data.errors import TableError
from lib.report.book import regression_table
from lib.econometrics.estimation import ClusterVarianceWarning, CollinearityWarning, interaction_test, xtreg_fe
from lib.econometrics.robustness import driscoll_kraay, iv_fe, leave_one_out, wild_cluster_bootstrap


def panel(G=8, T=6, seed=0):
    rng = np.random.default_rng(seed)
    country = np.repeat([f"C{g}" for g in range(G)], T)
    year = np.tile(np.arange(2000, 2000 + T), G)
    alpha = np.repeat(rng.normal(0, 2, G), T)
    lam = np.tile(rng.normal(0, 1, T), G)
    x1, x2, z = rng.normal(size=(3, G * T))
    x = 0.8 * z + x1 + 0.5 * alpha + rng.normal(size=G * T)
    y = 1.0 * x1 - 0.5 * x2 + 0.7 * x + alpha + lam + rng.normal(size=G * T)
    d = pd.DataFrame({"country": country, "year": year, "y": y, "x1": x1, "x2": x2, "x": x, "z": z})
    d["one"] = 1.0
    d["developed"] = np.repeat(np.arange(G) % 2 == 0, T)  # half of the countries in each group
    d["global"] = d.year.map(dict(zip(range(2000, 2000 + T), rng.normal(size=T))))  # varies by year only
    d["combo"] = 2 * d.x1 - d.x2  # exact linear combination of earlier regressors
    return d


@pytest.fixture()
def no_numpy_warnings():
    """Degenerate inputs must not leak numpy's RuntimeWarnings (division by zero, invalid value)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


@pytest.mark.parametrize(
    "column, reason",
    [
        ("one", "one is constant"),
        ("developed", "developed does not vary within country (absorbed by the country fixed effects)"),
        ("global", "global is collinear with the country and year fixed effects"),
        ("combo", "combo is collinear with the fixed effects and the regressors listed before it"),
    ],
)
def test_unidentified_regressor_is_omitted_with_a_note(column, reason, no_numpy_warnings):
    d = panel()
    with pytest.warns(CollinearityWarning, match=re.escape(f"regression of y: {reason}; omitted because of collinearity")):
        r = xtreg_fe(d, "y", ["x1", "x2", column])
    assert r.notes["omitted"] == [column] and r.notes["omitted_reasons"] == {column: reason}
    assert column not in r.params.index and column not in r.vcov.index
    reference = xtreg_fe(d, "y", ["x1", "x2"])
    np.testing.assert_allclose(r.params, reference.params, rtol=1e-9)
    np.testing.assert_allclose(r.se, reference.se, rtol=1e-9)
    assert r.notes["K"] == reference.notes["K"]  # omitted columns are not counted
    table = regression_table({"(1)": r}, terms=("x1", column))
    assert table.loc[table[""] == column, "(1)"].item() == "(omitted)"
    assert np.isfinite(r.params).all() and np.isfinite(r.se).all() and np.isfinite(r.r2_within)


def test_earlier_regressor_is_kept_later_one_omitted():
    d = panel()
    with pytest.warns(CollinearityWarning, match="x1 is collinear"):
        r = xtreg_fe(d, "y", ["combo", "x2", "x1"])
    assert r.notes["omitted"] == ["x1"] and {"combo", "x2"} <= set(r.params.index)


def test_regressor_varying_in_one_cluster_has_no_clustered_se(no_numpy_warnings):
    """After the fixed effects, `local` varies in country C3 only: its cluster scores cancel and the clustered
    variance is 0. SE, t and p are then NaN with a warning, never silently; the focused estimators refuse.
    (No year effects here: partialling them out would spread the variation to other countries.)"""
    d = panel()
    d["local"] = np.where(d.country == "C3", d.x2, 0.0)
    with pytest.warns(ClusterVarianceWarning, match="cluster-robust variance of local is zero.*within a single country"):
        r = xtreg_fe(d, "y", ["local"], time=None)
    assert list(r.notes["se_unavailable"]) == ["local"]
    assert np.isnan(r.se["local"]) and np.isnan(r.pvalues["local"]) and np.isfinite(r.params["local"])
    assert np.isfinite(r.se["const"])
    table = regression_table({"(1)": r}, terms=("local",))
    assert list(table["(1)"][:2]) == [f"{r.params['local']:.4f}", "(n/a)"]  # no stars without an SE
    with pytest.raises(TableError, match="cluster-robust variance of local is zero"):
        wild_cluster_bootstrap(d, "y", "local", [], time=None, reps=99)
    with pytest.raises(TableError, match="cluster-robust variance of local is zero"):
        iv_fe(d, "y", "x", "local", [], time=None)
    d["two"] = np.where(d.country.isin(["C3", "C4"]), d.x2, 0.0)
    with pytest.raises(TableError, match="dropping country 'C3': the cluster-robust variance of two is zero"):
        leave_one_out(d, "y", "two", [], time=None)


def test_every_regressor_omitted_is_an_error():
    d = panel()
    with pytest.warns(CollinearityWarning), pytest.raises(TableError, match=r"no regressor is identified \(developed does not vary"):
        xtreg_fe(d, "y", ["developed"])


@pytest.mark.parametrize(
    "mutate, match",
    [
        (lambda d: d[d.country == "C0"], r"column 'country': 1 cluster \(\['C0'\]\); expected at least two"),
        (lambda d: d.iloc[:0], r"the sample is empty \(0 rows\)"),
        (lambda d: d.assign(x2=d.x2.astype(str)), r"column 'x2': dtype (object|str) .*expected numbers or booleans.*pd.to_numeric"),
        (lambda d: d.assign(x2=pd.Categorical(d.x2.round(1))), r"column 'x2': dtype category"),
        (lambda d: d.assign(x2=d.x2.where(d.index != 3, np.inf)), r"column 'x2': 1 infinite values"),
        (lambda d: d.assign(y=d.groupby("country").y.transform("mean") + d.year), r"column 'y': no variation left after removing the country and year fixed effects"),
        (lambda d: d[d.country.isin(["C0", "C1"]) & (d.year <= 2002)], r"N=6 observations, 2 clusters and 4 regressors .* leave 0 residual degrees of freedom"),
    ],
)  # fmt: skip
def test_bad_samples_raise_table_errors_naming_the_column(mutate, match, no_numpy_warnings):
    with pytest.raises(TableError, match=match):
        xtreg_fe(mutate(panel()), "y", ["x1", "x2"])


def test_bad_arguments_raise_value_errors():
    d = panel()
    with pytest.raises(ValueError, match=r"x='x1' is a string; expected a list of column names, e.g. \['x1'\]"):
        xtreg_fe(d, "y", "x1")
    with pytest.raises(ValueError, match=r"x lists \['x1'\] more than once"):
        xtreg_fe(d, "y", ["x1", "x1"])
    with pytest.raises(ValueError, match="dependent variable 'y' is also in x"):
        xtreg_fe(d, "y", ["x1", "y"])
    with pytest.raises(ValueError, match="level=95"):
        xtreg_fe(d, "y", ["x1"]).conf_int(95)


def test_iv_degenerate_instruments_and_regressors(no_numpy_warnings):
    d = panel()
    with pytest.raises(TableError, match=r"column 'one': the instrument has no variation left"):
        iv_fe(d, "y", "x", "one", ["x1"])
    with pytest.raises(TableError, match=r"column 'developed': the instrument has no variation left"):
        iv_fe(d, "y", "x", "developed", ["x1"])
    with pytest.raises(TableError, match=r"column 'x1': the instrument has no variation left"):
        iv_fe(d, "y", "x", "x1", ["x1"])  # the instrument is one of the controls
    # irrelevant by construction: z orthogonal to x after the fixed effects and the control
    X = np.column_stack([d.x, d.x1, pd.get_dummies(d.year, dtype=float), pd.get_dummies(d.country, dtype=float)])
    d["z0"] = d.z - X @ np.linalg.lstsq(X, d.z, rcond=None)[0]
    with pytest.raises(TableError, match=r"column 'z0': uncorrelated with 'x'.*partial R²"):
        iv_fe(d, "y", "x", "z0", ["x1"])
    with pytest.raises(TableError, match=r"developed does not vary within country.*endogenous regressor 'developed'"):
        iv_fe(d, "y", "developed", "z", ["x1"])
    with pytest.raises(TableError, match=r"column 'z': dtype (object|str)"):
        iv_fe(d.assign(z=d.z.astype(str)), "y", "x", "z", ["x1"])
    with pytest.warns(CollinearityWarning, match="one is constant"):
        r = iv_fe(d, "y", "x", "z", ["x1", "one"], convention="xtivreg2")
    assert r.second.notes["omitted"] == ["one"] and r.dof["L"] == 1 + 1 + 5
    reference = iv_fe(d, "y", "x", "z", ["x1"], convention="xtivreg2")
    assert r.second.se["x"] == reference.second.se["x"] and r.cd_f == reference.cd_f


def test_bootstrap_omits_collinear_controls_consistently():
    d = panel()
    with pytest.warns(CollinearityWarning, match="combo is collinear"):
        b = wild_cluster_bootstrap(d, "y", "x1", ["x2", "combo"], reps=99)
    assert b["omitted"] == ["combo"]
    assert b["t"] == pytest.approx(xtreg_fe(d, "y", ["x1", "x2"]).tstat["x1"], rel=1e-10)


def test_interaction_test_needs_both_groups_and_an_identified_interaction():
    d = panel()
    with pytest.raises(TableError, match=r"column 'developed': every row is 1; expected both groups"):
        interaction_test(d.assign(developed=True), "y", "x1", ["x2"])
    with pytest.raises(TableError, match=r"column 'developed': values \[0.0, 1.0, 2.0\]; expected 0/1"):
        interaction_test(d.assign(developed=d.developed.astype(int) + (d.country == "C2")), "y", "x1", ["x2"])
    with pytest.raises(TableError, match=r"global is collinear.*expected 'global' to be identified"):
        interaction_test(d, "y", "global", ["x2"])
    with pytest.warns(CollinearityWarning) as record:
        r = interaction_test(d, "y", "x1", ["x2", "one"])
    assert [str(w.message).split(": ")[1].split(";")[0] for w in record] == [
        "one is constant", "one:developed does not vary within country (absorbed by the country fixed effects)"]
    assert r.notes["omitted"] == ["one", "one:developed"] and "x1:developed" in r.params.index


def test_leave_one_out_errors_name_the_dropped_country():
    d = panel()
    with pytest.raises(TableError, match=r"column 'country': 2 values; expected at least 3"):
        leave_one_out(d[d.country.isin(["C0", "C1"])], "y", "x1", ["x2"])
    only_c2 = d.assign(x1=np.where(d.country == "C2", d.x1, 0.0))
    with pytest.raises(TableError, match=r"dropping country 'C2': x1 is constant; expected 'x1' to be identified in every subsample"):
        leave_one_out(only_c2, "y", "x1", ["x2"])
    only_c5 = d.assign(x2=np.where(d.country == "C5", d.x2, 0.0))
    with pytest.warns(CollinearityWarning, match=r"controls omitted because of collinearity when dropping \{'C5': \['x2'\]\}"):
        loo = leave_one_out(only_c5, "y", "x1", ["x2"])
    assert loo.set_index("dropped").loc["C5", "omitted"] == "x2" and loo["omitted"].eq("").sum() == 7
    assert np.isfinite(loo[["coef", "low", "high", "p"]].to_numpy()).all()


def test_driscoll_kraay_errors_are_the_books():
    d = panel()
    with pytest.raises(TableError, match=r"missing columns \['nope'\]"):
        driscoll_kraay(d, "y", ["x1", "nope"])
    with pytest.raises(TableError, match=r"column 'x2': dtype (object|str)"):
        driscoll_kraay(d.assign(x2=d.x2.astype(str)), "y", ["x1", "x2"])
    with pytest.raises(TableError, match=r"linearmodels' PanelOLS failed"):
        driscoll_kraay(d.assign(year=d.year.astype(str)), "y", ["x1", "x2"])
    with pytest.raises(ValueError, match="bandwidth=-1"):
        driscoll_kraay(d, "y", ["x1"], bandwidth=-1)
    with pytest.warns(CollinearityWarning, match="developed does not vary"):
        dk = driscoll_kraay(d, "y", ["x1", "x2", "developed"])
    assert list(dk.index) == ["x1", "x2"] and dk.attrs["omitted"] == ["developed"]


def test_driscoll_kraay_equals_linearmodels_formula_interface():
    from linearmodels.panel import PanelOLS

    d = panel(G=12, T=8, seed=3)
    ours = driscoll_kraay(d, "y", ["x1", "x2"], bandwidth=2)
    frame = d.assign(_yr=d.year).set_index(["country", "year"])
    fit = PanelOLS.from_formula("y ~ 1 + x1 + x2 + C(_yr) + EntityEffects", frame).fit(cov_type="kernel", kernel="bartlett", bandwidth=2)
    np.testing.assert_allclose(ours["coef"], fit.params[["x1", "x2"]], rtol=1e-10)
    np.testing.assert_allclose(ours["se"], fit.std_errors[["x1", "x2"]], rtol=1e-10)
    # p-values from t(T - 1) as Stata's xtscc: T = 8 years, so t(7); linearmodels' own (normal) on request
    t = ours["coef"] / ours["se"]
    np.testing.assert_allclose(ours["p"], 2 * stats.t.sf(t.abs(), 7), rtol=1e-12)
    assert ours.attrs["reference"] == "t(7)" and (ours["p"] > fit.pvalues[["x1", "x2"]]).all()  # fewer df
    own = driscoll_kraay(d, "y", ["x1", "x2"], bandwidth=2, reference="linearmodels")
    np.testing.assert_allclose(own["p"], fit.pvalues[["x1", "x2"]], rtol=1e-10)
    np.testing.assert_allclose(own["p"], 2 * stats.t.sf(t.abs(), fit.df_resid), rtol=1e-10)  # t(N - K), not normal
    assert own.attrs["reference"] == f"t({int(fit.df_resid)})"
    # by hand: at |t| = 2.3646 (the 97.5 % quantile of t(7) in any table) the t(7) p-value is 0.05
    assert 2 * stats.t.sf(2.3646, 7) == pytest.approx(0.05, abs=1e-4)
    with pytest.raises(ValueError, match="reference='chi2'"):
        driscoll_kraay(d, "y", ["x1", "x2"], reference="chi2")


def test_driscoll_kraay_bandwidth_is_used():
    """Each bandwidth gives linearmodels' standard errors for that bandwidth, and they differ (issue 21: an
    option silently ignored would pass a test at one bandwidth that happens to equal the default rule)."""
    from linearmodels.panel import PanelOLS

    d = panel(G=12, T=8, seed=5)
    frame = d.assign(_yr=d.year).set_index(["country", "year"])
    ses = {}
    for bw in (0, 4):
        fit = PanelOLS.from_formula("y ~ 1 + x1 + x2 + C(_yr) + EntityEffects", frame).fit(
            cov_type="kernel", kernel="bartlett", bandwidth=bw)
        ses[bw] = driscoll_kraay(d, "y", ["x1", "x2"], bandwidth=bw)["se"]
        np.testing.assert_allclose(ses[bw], fit.std_errors[["x1", "x2"]], rtol=1e-10)
    assert not np.allclose(ses[0], ses[4])


def test_a_regressor_named_like_a_term_of_the_results_is_refused():
    """A regressor 'const' (or 'year_2001') gave results with two terms of that name; now it is refused."""
    from lib.econometrics.estimation import xtreg_fe

    rng = np.random.default_rng(0)
    d = pd.DataFrame({"country": np.repeat(list("ABCD"), 5), "year": np.tile(range(2000, 2005), 4)})
    d["y"], d["x"] = rng.normal(size=(2, 20))
    for name in ("const", "year_2001"):
        with pytest.raises(ValueError, match=rf"regression of y: regressors \['{name}'\] have the names of the results' own terms"):
            xtreg_fe(d.assign(**{name: rng.normal(size=20)}), "y", ["x", name])
    assert list(xtreg_fe(d.assign(year_trend=d["year"] * 0.1 + rng.normal(size=20)), "y", ["x", "year_trend"]).params.index) == ["x", "year_trend", "const"]
