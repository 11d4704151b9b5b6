"""The wild cluster restricted bootstrap: every draw re-estimates the full model.

Checked against a brute-force loop over draws that rebuilds y* and calls xtreg_fe on it,
against the package wildboottest with full enumeration of Rademacher weights, and on
hand-countable cases; the weights' moments are pinned exactly.
"""

import itertools

import numpy as np
import pandas as pd
import pytest

from lib.data.errors import TableError
from lib.econometrics.estimation import xtreg_fe
from lib.econometrics.robustness import bootstrap_p_value, bootstrap_weights, wild_cluster_bootstrap


def tiny_panel(G=6, T=4, seed=0, shuffle=True):
    """y = 0.3 x + 0.8 w + country effect + year effect + noise; rows shuffled so order cannot matter."""
    rng = np.random.default_rng(seed)
    country = np.repeat([f"K{g}" for g in range(G)], T)
    year = np.tile(np.arange(2001, 2001 + T), G)
    alpha = np.repeat(rng.normal(0, 2, G), T)
    lam = np.tile(rng.normal(0, 1, T), G)
    x = rng.normal(size=G * T) + 0.5 * alpha
    w = rng.normal(size=G * T) + lam
    y = 0.3 * x + 0.8 * w + alpha + lam + rng.normal(size=G * T) * np.repeat(rng.uniform(0.5, 2, G), T)
    d = pd.DataFrame({"country": country, "year": year, "x": x, "w": w, "y": y})
    return d.sample(frac=1, random_state=seed).reset_index(drop=True) if shuffle else d


def dummy_design(d, columns):
    """Columns + year dummies (first dropped) + a full set of country dummies: the dummy-variable regression."""
    years = sorted(d.year.unique())[1:]
    countries = sorted(d.country.unique())
    return np.column_stack(
        [d[c].to_numpy(float) for c in columns]
        + [(d.year == t).to_numpy(float) for t in years]
        + [(d.country == c).to_numpy(float) for c in countries]
    )


def restricted_residuals(d, y, exog):
    """Residuals of y on exog + year and country dummies (the model under H0), by plain least squares."""
    X = dummy_design(d, exog)
    yv = d[y].to_numpy(float)
    return yv - X @ np.linalg.lstsq(X, yv, rcond=None)[0]


def brute_force_t(d, boot, exog):
    """For every draw: y* = fitted_r + u_r * w_g, then the FULL model re-estimated by xtreg_fe."""
    u = restricted_residuals(d, "y", exog)
    row_of = {c: i for i, c in enumerate(boot["clusters"])}
    rows = d.country.map(row_of).to_numpy()
    out = []
    for b in range(boot["weight_draws"].shape[1]):
        ystar = d.y.to_numpy() + u * (boot["weight_draws"][rows, b] - 1.0)  # = fitted_r + u * w
        out.append(xtreg_fe(d.assign(ystar=ystar), "ystar", ["x", *exog]).tstat["x"])
    return np.array(out)


@pytest.mark.parametrize("weights, reps, enumerated", [("rademacher", 999, True), ("webb", 40, False)])
def test_every_bootstrap_t_equals_full_model_reestimation(weights, reps, enumerated):
    d = tiny_panel()
    boot = wild_cluster_bootstrap(d, "y", "x", ["w"], reps=reps, seed=3, weights=weights, return_draws=True)
    assert boot["enumerated"] is enumerated
    assert boot["reps"] == (2**6 if enumerated else reps) == boot["weight_draws"].shape[1] == boot["t_draws"].size
    assert list(boot["clusters"]) == sorted(d.country.unique())
    np.testing.assert_allclose(boot["t_draws"], brute_force_t(d, boot, ["w"]), rtol=1e-8, atol=1e-8)
    assert boot["t"] == pytest.approx(xtreg_fe(d, "y", ["x", "w"]).tstat["x"], rel=1e-10)


def test_bootstrap_without_controls_also_reestimates_year_effects():
    """No controls: the year dummies alone must still be re-projected out of u_r * w."""
    d = tiny_panel(seed=5)
    boot = wild_cluster_bootstrap(d, "y", "x", [], reps=30, seed=1, return_draws=True)
    np.testing.assert_allclose(boot["t_draws"], brute_force_t(d, boot, []), rtol=1e-8, atol=1e-8)


def test_matches_wildboottest_with_full_enumeration():
    """wildboottest (Roodman et al.'s algorithm) on the dummy-variable design, G = 8: 256 Rademacher draws each.

    wildboottest counts the country dummies in k of its factor (N-1)/(N-k) G/(G-1), xtreg does not,
    so its t statistics are ours times sqrt((N - k_wbt)/(N - K_ours)) -- the same constant for the
    observed and every bootstrap t, which leaves the p-value unchanged. Its two-tailed p-value counts
    |t*| > |t| strictly; ours counts >=; they differ by the ties (at least the draws w = +1 and w = -1,
    which reproduce +t and -t).
    """
    from wildboottest.wildboottest import WildboottestCL

    G, T = 8, 5
    d = tiny_panel(G=G, T=T, seed=11, shuffle=False)
    ours = wild_cluster_bootstrap(d, "y", "x", ["w"], reps=9999, weights="rademacher", return_draws=True)
    assert ours["enumerated"] and ours["reps"] == 256
    X = dummy_design(d, ["x", "w"])
    R = np.zeros(X.shape[1])
    R[0] = 1.0
    codes = pd.factorize(d.country, sort=True)[0]
    wb = WildboottestCL(X=X, Y=d.y.to_numpy(), cluster=codes, R=R, B=9999, seed=1, parallel=False)
    wb.get_scores(bootstrap_type="11", impose_null=True)
    wb.get_weights(weights_type="rademacher")
    assert wb.full_enumeration and wb.B == 256
    np.testing.assert_array_equal(wb.v, ours["weight_draws"])  # same enumeration order
    wb.get_numer()
    wb.get_denom()
    wb.get_tboot()
    wb.get_vcov()
    wb.get_tstat()
    wb.get_pvalue(pval_type="two-tailed")
    N, k_wbt, K_ours = len(d), X.shape[1], 1 + 1 + (T - 1) + 1
    scale = np.sqrt((N - k_wbt) / (N - K_ours))
    assert float(np.ravel(wb.t_stat)[0]) == pytest.approx(ours["t"] * scale, rel=1e-9)
    np.testing.assert_allclose(wb.t_boot, ours["t_draws"] * scale, rtol=1e-8)
    t_wbt = abs(float(np.ravel(wb.t_stat)[0]))
    assert ours["p_bootstrap"] == np.mean(np.abs(wb.t_boot) >= t_wbt * (1 - 1e-9))  # same definition, their draws
    ties = int(np.sum(np.isclose(np.abs(ours["t_draws"]), abs(ours["t"]), rtol=1e-9)))
    assert ties >= 2
    assert ours["p_bootstrap"] - ties / 256 - 1e-12 <= wb.pvalue <= ours["p_bootstrap"] + 1e-12


def test_p_value_definition_on_hand_counted_draws():
    draws = [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 2.5, -1.5]  # |t*| >= 2: -3, -2, 2, 2.5
    assert bootstrap_p_value(2.0, draws) == 4 / 8
    assert bootstrap_p_value(-2.0, draws) == 4 / 8  # symmetric: only |t| matters
    assert bootstrap_p_value(2.6, draws) == 1 / 8
    assert bootstrap_p_value(0.0, draws) == 1.0
    assert bootstrap_p_value(2.0, [2.0 * (1 - 1e-15)]) == 1.0  # a tie up to rounding counts
    with pytest.raises(ValueError, match="t is NaN"):
        bootstrap_p_value(float("nan"), draws)


def test_enumerated_p_value_counts_the_eight_sign_vectors():
    """G = 3: the 2^3 Rademacher sign vectors, each re-estimated by xtreg_fe, counted by hand."""
    d = tiny_panel(G=3, T=6, seed=2)
    boot = wild_cluster_bootstrap(d, "y", "x", [], reps=999, weights="rademacher", return_draws=True)
    signs = np.array(list(itertools.product([-1.0, 1.0], repeat=3))).T
    np.testing.assert_array_equal(boot["weight_draws"], signs)
    t_star = brute_force_t(d, boot, [])
    np.testing.assert_allclose(t_star[::-1], -t_star, rtol=1e-9)  # w and -w give opposite t
    t = xtreg_fe(d, "y", ["x"]).tstat["x"]
    count = sum(1 for v in t_star if abs(v) >= abs(t) * (1 - 1e-9))
    assert count >= 2 and count % 2 == 0
    assert boot["p_bootstrap"] == count / 8
    assert boot["p_bootstrap"] == bootstrap_p_value(boot["t"], boot["t_draws"])
    assert boot["enumerated"] and boot["p_mc_se"] == 0.0  # every sign vector: no Monte Carlo error


def test_weight_distributions_have_exact_moments():
    support, prob = bootstrap_weights("webb")
    np.testing.assert_allclose(np.sort(support), [-np.sqrt(1.5), -1, -np.sqrt(0.5), np.sqrt(0.5), 1, np.sqrt(1.5)], rtol=1e-15)
    np.testing.assert_allclose(prob, np.full(6, 1 / 6), rtol=1e-15)
    assert prob @ support == pytest.approx(0, abs=1e-15)
    assert prob @ support**2 == pytest.approx(1, rel=1e-14)
    assert prob @ support**4 == pytest.approx(7 / 6, rel=1e-14)
    support, prob = bootstrap_weights("rademacher")
    np.testing.assert_array_equal(np.sort(support), [-1.0, 1.0])
    assert prob @ support == 0 and prob @ support**2 == 1
    with pytest.raises(ValueError, match="weights='normal'"):
        bootstrap_weights("normal")


@pytest.mark.parametrize("weights", ["webb", "rademacher"])
def test_drawn_weights_come_from_the_support_with_mean_0_variance_1(weights):
    """The draws the bootstrap actually uses (G = 6 clusters x 5000 draws; Rademacher not enumerated since 2^6 > 50)."""
    d = tiny_panel()
    reps = 5000 if weights == "webb" else 50
    w = wild_cluster_bootstrap(d, "y", "x", ["w"], reps=reps, seed=4, weights=weights, return_draws=True)["weight_draws"]
    support, prob = bootstrap_weights(weights)
    assert np.isin(w, support).all()
    freq = np.array([(w == s).mean() for s in support])
    np.testing.assert_allclose(freq, prob, atol=0.01 if weights == "webb" else 0.07)
    if weights == "webb":
        assert abs(w.mean()) < 0.03 and abs(w.var() - 1) < 0.015


def test_bootstrap_is_reproducible():
    d = tiny_panel(G=10)
    a = wild_cluster_bootstrap(d, "y", "x", ["w"], reps=499, seed=7)
    b = wild_cluster_bootstrap(d, "y", "x", ["w"], reps=499, seed=7)
    c = wild_cluster_bootstrap(d, "y", "x", ["w"], reps=499, seed=8)
    assert a == b and c["t"] == a["t"] and c["p_bootstrap"] != a["p_bootstrap"]
    p = a["p_bootstrap"]
    assert a["p_mc_se"] == pytest.approx(np.sqrt(p * (1 - p) / 499), rel=1e-12) and a["reps"] == 499


@pytest.mark.parametrize("reps", [0, -5, 2.5, True, "999", None])
def test_reps_must_be_a_positive_integer(reps):
    with pytest.raises(ValueError, match=r"reps=.*positive integer"):
        wild_cluster_bootstrap(tiny_panel(), "y", "x", ["w"], reps=reps)


def test_bad_weights_and_seed():
    with pytest.raises(ValueError, match="weights='mammen'"):
        wild_cluster_bootstrap(tiny_panel(), "y", "x", ["w"], reps=9, weights="mammen")
    with pytest.raises(ValueError, match="seed='a'"):
        wild_cluster_bootstrap(tiny_panel(), "y", "x", ["w"], reps=9, seed="a")


def test_undefined_t_is_an_error_not_p_zero():
    """y explained exactly by the control and the effects: restricted residuals are 0, t = 0/0."""
    d = tiny_panel()
    d["y"] = 2.0 * d["w"] + d.groupby("country")["x"].transform("mean") + 0.1 * d["year"]
    with pytest.raises(TableError, match=r"'y' is explained exactly.*undefined|undefined.*'y'"):
        wild_cluster_bootstrap(d, "y", "x", ["w"], reps=99)


def test_unidentified_regressor_is_an_error():
    d = tiny_panel()
    d["fixed"] = d.country.map({c: i for i, c in enumerate(sorted(d.country.unique()))}).astype(float)
    with pytest.raises(TableError, match=r"fixed does not vary within country.*regressor 'fixed'"):
        wild_cluster_bootstrap(d, "y", "fixed", ["w"], reps=99)


def test_observed_t_and_clustered_p_use_t_with_g_minus_1_df():
    """The bootstrap reports the clustered t of the full model and its p from t(G-1), as xtreg_fe."""
    from scipy import stats

    d = tiny_panel(G=6)
    out = wild_cluster_bootstrap(d, "y", "x", ["w"], reps=99, seed=1)
    full = xtreg_fe(d, "y", ["x", "w"])
    assert out["t"] == pytest.approx(full.tstat["x"], rel=1e-10)
    assert out["p_cluster"] == pytest.approx(2 * stats.t.sf(abs(out["t"]), 6 - 1), rel=1e-12)
    assert out["p_cluster"] == pytest.approx(full.pvalues["x"], rel=1e-10)
