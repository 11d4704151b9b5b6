"""Fixed-effects 2SLS: every statistic recomputed by hand from dummy-variable regressions, in both conventions.

The panel is small (G = 7 countries, T = 5 years, N = 35) so that every finite-sample factor
-- (N-1)/(N-K), G/(G-1), (N-L)/(N-1), (G-1)/G, the degrees of freedom of the F statistics --
moves the numbers by several per cent: changing any of them fails a test.
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from lib.data.errors import TableError
from lib.econometrics.robustness import iv_fe

G, T = 7, 5
N = G * T
L = 1 + 1 + (T - 1)  # instrument z, control w, year dummies; no constant (xtivreg2 counts it out)
K = L  # endogenous x, control w, year dummies
K_BOOK = L + 1  # Stata xtreg's K, which counts the constant


def iv_panel(seed=0, strength=0.6):
    rng = np.random.default_rng(seed)
    country = np.repeat([f"C{g}" for g in range(G)], T)
    year = np.tile(np.arange(2000, 2000 + T), G)
    alpha = np.repeat(rng.normal(0, 1, G), T)
    lam = np.tile(rng.normal(0, 1, T), G)
    z = rng.normal(size=N) + 0.3 * alpha
    e = rng.normal(size=N) * np.repeat(rng.uniform(0.5, 2.0, G), T)  # heteroskedastic across clusters
    w = rng.normal(size=N) + lam
    x = strength * z + 0.3 * w + 0.7 * e + alpha + rng.normal(size=N)
    y = 1.5 * x - 0.4 * w + alpha + lam + e
    return pd.DataFrame({"country": country, "year": year, "y": y, "x": x, "z": z, "w": w})


def _dummy_columns(d):
    """Year dummies (the first year left out) and one dummy per country, as float columns."""
    years = sorted(d.year.unique())[1:]
    return [(d.year == t).to_numpy(float) for t in years] + [(d.country == c).to_numpy(float) for c in sorted(d.country.unique())]


def by_hand(d):
    """2SLS and first stage as dummy-variable regressions, with explicit sandwiches; no scaling factors."""
    W = np.column_stack([d.w.to_numpy(), *_dummy_columns(d)])  # included exogenous: control, year and country dummies
    Z = np.column_stack([d.z.to_numpy(), W])
    X = np.column_stack([d.x.to_numpy(), W])
    y, x = d.y.to_numpy(), d.x.to_numpy()
    groups = [(d.country == c).to_numpy() for c in sorted(d.country.unique())]
    Pz = Z @ np.linalg.solve(Z.T @ Z, Z.T)
    bread = np.linalg.inv(X.T @ Pz @ X)
    beta = bread @ X.T @ Pz @ y
    u = y - X @ beta
    Xhat = Pz @ X
    V0_beta = (bread @ sum(np.outer(Xhat[g].T @ u[g], Xhat[g].T @ u[g]) for g in groups) @ bread)[0, 0]
    ZZi = np.linalg.inv(Z.T @ Z)
    pi = ZZi @ Z.T @ x
    v = x - Z @ pi
    V0_pi = (ZZi @ sum(np.outer(Z[g].T @ v[g], Z[g].T @ v[g]) for g in groups) @ ZZi)[0, 0]
    r = x - W @ np.linalg.lstsq(W, x, rcond=None)[0]  # first-stage residuals under H0: pi = 0
    V_null = (ZZi @ sum(np.outer(Z[g].T @ r[g], Z[g].T @ r[g]) for g in groups) @ ZZi)[0, 0]
    rss_r, rss_u = r @ r, v @ v
    return {
        "beta": beta[0], "V0_beta": V0_beta, "pi": pi[0], "V0_pi": V0_pi,
        "kp_lm": pi[0] ** 2 / V_null,  # score (LM) test of pi = 0 with the variance under the null
        "wald": pi[0] ** 2 / V0_pi,  # cluster-robust Wald test of pi = 0, no factor
        "F_classical": (rss_r - rss_u) / (rss_u / (N - Z.shape[1])),  # homoskedastic F, N - L - G df
        "cd": (rss_r - rss_u) / rss_u,  # Cragg-Donald eigenvalue rho^2 / (1 - rho^2)
        "n_dummy_columns": Z.shape[1],
        "u": u, "v": v,  # second-stage (2SLS) and first-stage residuals
    }  # fmt: skip


@pytest.fixture(scope="module")
def case():
    d = iv_panel()
    return d, by_hand(d)


def test_hand_computation_is_set_up_as_intended(case):
    _, h = case
    assert h["n_dummy_columns"] == L + G  # instrument, control, T-1 years, G countries


def test_book_convention(case):
    d, h = case
    r = iv_fe(d, "y", "x", "z", ["w"])
    c = G / (G - 1) * (N - 1) / (N - K_BOOK)
    assert r.convention == "book" and r.dof == {"N": N, "G": G, "N_g": G, "L": L, "L1": 1, "K": K_BOOK}
    assert r.second.params["x"] == pytest.approx(h["beta"], rel=1e-10)
    assert r.second.se["x"] == pytest.approx(np.sqrt(c * h["V0_beta"]), rel=1e-10)
    assert r.first.params["z"] == pytest.approx(h["pi"], rel=1e-10)
    assert r.first.se["z"] == pytest.approx(np.sqrt(c * h["V0_pi"]), rel=1e-10)
    assert r.kp_lm == pytest.approx(h["kp_lm"], rel=1e-10)
    assert r.kp_lm_p == pytest.approx(stats.chi2.sf(h["kp_lm"], 1), rel=1e-10)
    assert r.kp_wald == pytest.approx(h["wald"], rel=1e-10)
    assert r.kp_f == pytest.approx(h["wald"] / c, rel=1e-10)
    assert r.kp_f == pytest.approx((r.first.params["z"] / r.first.se["z"]) ** 2, rel=1e-10)
    assert r.cd_f == pytest.approx(h["cd"] * (N - G - K_BOOK), rel=1e-10)
    assert r.cd_f == pytest.approx(h["F_classical"] * (N - G - K_BOOK) / (N - L - G), rel=1e-10)
    t = r.second.params["x"] / r.second.se["x"]
    assert r.second.df_t == G - 1
    assert r.second.pvalues["x"] == pytest.approx(2 * stats.t.sf(abs(t), G - 1), rel=1e-10)


@pytest.mark.parametrize("small", [False, True])
def test_xtivreg2_convention(case, small):
    d, h = case
    r = iv_fe(d, "y", "x", "z", ["w"], convention="xtivreg2", small=small)
    c = (N - 1) / (N - K) * G / (G - 1) if small else 1.0
    assert r.convention == "xtivreg2" and r.small is small and r.dof["L"] == L == r.dof["K"]
    assert r.second.params["x"] == pytest.approx(h["beta"], rel=1e-10)
    assert r.second.se["x"] == pytest.approx(np.sqrt(c * h["V0_beta"]), rel=1e-10)
    assert r.first.se["z"] == pytest.approx(np.sqrt(c * h["V0_pi"]), rel=1e-10)
    assert r.kp_lm == pytest.approx(h["kp_lm"], rel=1e-10)  # no dofminus adjustment with clusters
    assert r.kp_wald == pytest.approx(h["wald"], rel=1e-10)
    assert r.kp_f == pytest.approx(h["wald"] * (N - L) / (N - 1) * (G - 1) / G, rel=1e-10)
    assert r.cd_f == pytest.approx(h["cd"] * (N - L - G), rel=1e-10)  # dofminus = N_g = G panels
    assert r.cd_f == pytest.approx(h["F_classical"], rel=1e-10)  # = the dummy-variable first-stage F
    # the KP F equals the squared first-stage t with the small-sample factor, whatever `small` says
    assert r.kp_f == pytest.approx(h["pi"] ** 2 / ((N - 1) / (N - K) * G / (G - 1) * h["V0_pi"]), rel=1e-10)
    t = r.second.params["x"] / r.second.se["x"]
    if small:
        assert r.second.df_t == G - 1
        assert r.second.pvalues["x"] == pytest.approx(2 * stats.t.sf(abs(t), G - 1), rel=1e-10)
    else:  # large-sample z statistics
        assert r.second.df_t == np.inf
        assert r.second.pvalues["x"] == pytest.approx(2 * stats.norm.sf(abs(t)), rel=1e-10)
        ci = r.second.conf_int().loc["x"]
        assert ci["high"] - r.second.params["x"] == pytest.approx(stats.norm.ppf(0.975) * r.second.se["x"], rel=1e-10)


def test_conventions_differ_by_their_factors(case):
    d, _ = case
    book = iv_fe(d, "y", "x", "z", ["w"])
    xt = iv_fe(d, "y", "x", "z", ["w"], convention="xtivreg2")
    assert book.second.params["x"] == xt.second.params["x"] and book.kp_lm == xt.kp_lm
    assert book.kp_f / xt.kp_f == pytest.approx((N - L - 1) / (N - L), rel=1e-12)
    assert book.cd_f / xt.cd_f == pytest.approx((N - G - L - 1) / (N - G - L), rel=1e-12)


def test_against_linearmodels_on_the_dummy_variable_design(case):
    """linearmodels' IV2SLS with clustered covariance and debiased=False has no finite-sample factor (= xtivreg2 without small)."""
    from linearmodels.iv import IV2SLS

    d, _ = case
    years = pd.get_dummies(d.year, prefix="yr", drop_first=True, dtype=float)
    countries = pd.get_dummies(d.country, prefix="c", dtype=float)
    exog = pd.concat([d[["w"]], years, countries], axis=1)
    fit = IV2SLS(d.y, exog, d.x, d.z).fit(cov_type="clustered", clusters=pd.factorize(d.country)[0], debiased=False)
    xt = iv_fe(d, "y", "x", "z", ["w"], convention="xtivreg2")
    book = iv_fe(d, "y", "x", "z", ["w"])
    assert xt.second.params["x"] == pytest.approx(fit.params["x"], rel=1e-10)
    assert xt.second.se["x"] == pytest.approx(fit.std_errors["x"], rel=1e-8)
    assert book.second.se["x"] == pytest.approx(fit.std_errors["x"] * np.sqrt(G / (G - 1) * (N - 1) / (N - K_BOOK)), rel=1e-8)
    diag = fit.first_stage.diagnostics.loc["x"]
    assert xt.kp_wald == pytest.approx(diag["f.stat"], rel=1e-8)  # robust first-stage Wald (one instrument)
    partial_r2 = diag["partial.rsquared"]
    assert xt.cd_f == pytest.approx(partial_r2 / (1 - partial_r2) * (N - L - G), rel=1e-8)


def test_bad_convention_arguments(case):
    d, _ = case
    with pytest.raises(ValueError, match="convention='stata'"):
        iv_fe(d, "y", "x", "z", ["w"], convention="stata")
    with pytest.raises(ValueError, match="small=True applies only to convention='xtivreg2'"):
        iv_fe(d, "y", "x", "z", ["w"], small=True)
    with pytest.raises(ValueError, match="small='yes'"):
        iv_fe(d, "y", "x", "z", ["w"], convention="xtivreg2", small="yes")


# ---------------------------------------------------------------- found by the complete mutmut run (issue 21)


def test_result_fields_and_within_r2_against_dummy_regressions(case):
    """Both stages: names, labels, N, G, the 1 x 1 vcov, the notes, and the within R² recomputed from dummy-variable
    regressions (first stage: 1 - SSR(x on z, w, dummies) / within SS of x; second: 1 - SSR(2SLS) / within SS of y)."""
    d, h = case
    r = iv_fe(d, "y", "x", "z", ["w"])
    x, y, u, v = d.x.to_numpy(), d.y.to_numpy(), h["u"], h["v"]

    def within_ss(values):
        s = pd.Series(values)
        return float(((s - s.groupby(d.country.to_numpy()).transform("mean")) ** 2).sum())

    expected = {"second": ("y", "2SLS y", "x", 1 - u @ u / within_ss(y)), "first": ("x", "first stage x", "z", 1 - v @ v / within_ss(x))}
    for stage, (dependent, label, name, r2) in expected.items():
        res = getattr(r, stage)
        assert (res.dependent, res.label, res.nobs, res.n_clusters, res.df_t) == (dependent, label, N, G, G - 1), stage
        assert res.r2_within == pytest.approx(r2, rel=1e-10), stage
        assert list(res.vcov.index) == [name] and list(res.vcov.columns) == [name]
        assert res.vcov.iloc[0, 0] == pytest.approx(res.se[name] ** 2, rel=1e-12) and res.vcov.iloc[0, 0] > 0
        assert res.notes == {"K": K_BOOK, "entity": "country", "time": "year", "convention": "book", "small": True,
                             "omitted": [], "omitted_reasons": {}, "omitted_time_effects": []}, stage  # fmt: skip
    assert 0 < r.first.r2_within < r.second.r2_within < 1


@pytest.mark.parametrize("z_scale, z_shift, x_scale", [(1e-6, 0.0, 1.0), (1.0, 1e6, 1.0), (1.0, 0.0, 1e-6), (1e-6, 0.0, 1e-6)])
def test_units_of_instrument_and_regressor_change_nothing_but_the_coefficient(case, z_scale, z_shift, x_scale):
    """2SLS is invariant to the units of z and to a constant added to it (the fixed effects absorb it), and scales
    with the units of x. The no-variation and relevance checks are relative, so tiny or shifted units pass them."""
    d, _ = case
    base = iv_fe(d, "y", "x", "z", ["w"])
    r = iv_fe(d.assign(z=d.z * z_scale + z_shift, x=d.x * x_scale), "y", "x", "z", ["w"])
    assert r.second.params["x"] == pytest.approx(base.second.params["x"] / x_scale, rel=1e-6)
    assert r.second.se["x"] == pytest.approx(base.second.se["x"] / x_scale, rel=1e-6)
    assert (r.kp_f, r.cd_f, r.kp_lm) == pytest.approx((base.kp_f, base.cd_f, base.kp_lm), rel=1e-6)


def test_an_irrelevant_instrument_is_refused_with_a_message(case):
    """z made orthogonal to x, w and every dummy: the first-stage partial R² is zero up to rounding."""
    d, _ = case
    X = np.column_stack([d.x.to_numpy(), d.w.to_numpy(), *_dummy_columns(d)])
    z = d.z.to_numpy()
    orthogonal = z - X @ np.linalg.lstsq(X, z, rcond=None)[0]
    with pytest.raises(TableError) as err:
        iv_fe(d.assign(z=orthogonal), "y", "x", "z", ["w"])
    assert re.fullmatch(r"2SLS of y on x instrumented by z, column 'z': uncorrelated with 'x' after the fixed effects and "
                        r"controls \(first-stage partial R² = \S+\); expected a relevant instrument, otherwise 2SLS is "
                        r"undefined\. Choose another instrument\.", str(err.value))  # fmt: skip


def test_messages_name_the_estimator(case):
    d, _ = case
    calls = {
        "2SLS of y on x instrumented by z: 1 rows have missing values in ['year']; expected complete rows in "
        "['country', 'year', 'y', 'x', 'z', 'w'].": lambda: iv_fe(d.assign(year=d.year.where(d.index != 3)), "y", "x", "z", ["w"]),
        "2SLS of y on c instrumented by z: c does not vary within country (absorbed by the country fixed effects); "
        "expected the endogenous regressor 'c' to be identified. Its coefficient cannot be estimated in this sample.":
            lambda: iv_fe(d.assign(c=np.repeat(np.arange(G, dtype=float), T)),
                                                                                   "y", "c", "z", ["w"]),
        "2SLS of y on x instrumented by one, column 'one': the instrument has no variation left after the country fixed "
        "effects and the controls": lambda: iv_fe(d.assign(one=1.0), "y", "x", "one", ["w"], time=None),
    }  # fmt: skip
    for start, call in calls.items():
        with pytest.raises(TableError) as err:
            call()
        assert str(err.value).startswith(start), str(err.value)
    with pytest.raises(TableError) as err:
        iv_fe(d.head(8), "y", "x", "z", ["w"])
    assert str(err.value).startswith("2SLS of y on x instrumented by z: N=8 observations, 2 clusters and 6 regressors "
                                     "(with year dummies) leave 0 residual degrees of freedom; expected at least 1.")


def test_cancelling_cluster_scores_of_the_regressor_are_refused():
    """y's shock is orthogonal to z within every country: each cluster's score of beta is 0, so the clustered variance
    of x's coefficient is 0 while the unclustered one is not. No SE can be given; the error says why."""
    d, ratio = _cancelling("second", 0.0)
    assert ratio < 1e-20  # the construction cancels exactly, up to rounding
    with pytest.raises(TableError) as err:
        iv_fe(d, "y", "x", "z", [], time=None)
    assert str(err.value).startswith("2SLS of y on x instrumented by z: the cluster-robust variance of x is zero: its "
                                     "identifying variation (after the fixed effects and the other regressors) lies "
                                     "within a single country, where the cluster scores cancel")


def test_an_instrument_varying_in_one_country_names_the_entity():
    d = iv_panel(seed=2).assign(region=lambda f: f.country)
    d["local"] = np.where(d.country == "C3", d.z, 0.0)
    with pytest.raises(TableError) as err:
        iv_fe(d, "y", "x", "local", [], entity="region", time=None)
    assert "the cluster-robust variance of local is zero" in str(err.value)
    assert "lies within a single region, where the cluster scores cancel" in str(err.value)


def test_a_perfect_first_stage_gives_infinite_statistics_without_a_warning(case):
    d, _ = case
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = iv_fe(d, "y", "x", "x", ["w"])
    assert np.isinf(r.kp_f) and np.isinf(r.cd_f)


def _cancelling(stage, eps, seed=5, g=6, t=6):
    """A panel where the cluster scores of ``stage`` ("first": z'v, "second": xhat'u) cancel within each country,
    up to ``eps`` times a generic shock, and that stage's clustered / unclustered variance ratio (recomputed here
    from the within-transformed variables, no controls, no year effects)."""
    rng = np.random.default_rng(seed)
    country = np.repeat([f"C{k}" for k in range(g)], t)
    z = rng.normal(size=g * t)

    def orthogonal(noise):  # noise with its projection on [1, z] removed within every country
        out = noise.copy()
        for k in range(g):
            rows = slice(k * t, (k + 1) * t)
            basis = np.column_stack([np.ones(t), z[rows]])
            out[rows] -= basis @ np.linalg.lstsq(basis, noise[rows], rcond=None)[0]
        return out

    shock = orthogonal(rng.normal(size=g * t)) + eps * rng.normal(size=g * t)
    generic = rng.normal(size=g * t)
    x = z + (shock if stage == "first" else generic)
    y = 1.5 * x + (shock if stage == "second" else rng.normal(size=g * t))
    d = pd.DataFrame({"country": country, "year": np.tile(np.arange(t), g), "y": y, "x": x, "z": z})
    within = {c: (d[c] - d.groupby("country")[c].transform("mean")).to_numpy() for c in ("y", "x", "z")}
    zt, xt, yt = within["z"], within["x"], within["y"]
    pi = zt @ xt / (zt @ zt)
    score = zt * (xt - pi * zt) if stage == "first" else pi * zt * (yt - (zt @ yt) / (zt @ xt) * xt)
    clustered = sum(score[k * t:(k + 1) * t].sum() ** 2 for k in range(g))
    return d, clustered / (score @ score)


@pytest.mark.parametrize("stage, name", [("first", "z"), ("second", "x")])
def test_a_clustered_variance_is_zero_below_1e10_of_the_unclustered_one(stage, name):
    """Both sides of CLUSTER_VARIANCE_TOL = 1e-10: a ratio of 4e-10 gives an SE, 0.25e-10 is refused as zero."""
    _, ratio0 = _cancelling(stage, 1e-3)
    for target, refused in ((4e-10, False), (0.25e-10, True)):
        d, ratio = _cancelling(stage, 1e-3 * np.sqrt(target / ratio0))
        assert (ratio < 0.5e-10) if refused else (ratio > 2e-10), ratio  # the construction hit its side
        if refused:
            with pytest.raises(TableError, match=f"the cluster-robust variance of {name} is zero"):
                iv_fe(d, "y", "x", "z", [], time=None)
        else:
            r = iv_fe(d, "y", "x", "z", [], time=None)
            assert np.isfinite(r.second.se["x"]) and r.second.se["x"] > 0 and r.first.se["z"] > 0
