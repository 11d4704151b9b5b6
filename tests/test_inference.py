"""Inference details pinned: t(G-1) p-values, two-sided intervals, t statistics, tidy(), stars at the boundaries.

With G = 8 clusters, t(7) and the normal differ a lot (the 97.5 % quantiles are 2.36 and 1.96),
so a p-value from the normal or an interval with the one-sided quantile fails these tests.
"""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from lib.econometrics.estimation import interaction_test, stars, xtreg_fe

G, T = 8, 6


def panel(seed=0):
    rng = np.random.default_rng(seed)
    country = np.repeat([f"C{g}" for g in range(G)], T)
    year = np.tile(np.arange(2000, 2000 + T), G)
    alpha = np.repeat(rng.normal(0, 2, G), T)
    lam = np.tile(rng.normal(0, 1, T), G)
    x1, x2 = rng.normal(size=(2, G * T))
    group = np.repeat(np.arange(G) % 2, T)
    y = 0.4 * x1 - 0.3 * x2 + 0.5 * x1 * group + alpha + lam + rng.normal(size=G * T) * 1.5
    return pd.DataFrame({"country": country, "year": year, "y": y, "x1": x1, "x2": x2, "group": group})


@pytest.fixture(scope="module")
def fit():
    d = panel()
    return d, xtreg_fe(d, "y", ["x1", "x2"])


def test_pvalues_use_t_with_G_minus_1_df(fit):
    _, r = fit
    t = r.params / r.se
    assert r.df_t == G - 1
    np.testing.assert_allclose(r.tstat, t, rtol=1e-15)
    expected = 2 * stats.t.sf(np.abs(t), G - 1)
    np.testing.assert_allclose(r.pvalues, expected, rtol=1e-12)
    normal = 2 * stats.norm.sf(np.abs(t))
    assert (r.pvalues["x1"] - normal[0]) > 0.01  # the t(7) tail is thicker: a normal p-value would fail above


@pytest.mark.parametrize("level", [0.95, 0.90, 0.99])
def test_confidence_intervals_are_two_sided_t_intervals(fit, level):
    _, r = fit
    q = stats.t.ppf(1 - (1 - level) / 2, G - 1)
    ci = r.conf_int(level)
    np.testing.assert_allclose(ci["low"], r.params - q * r.se, rtol=1e-12)
    np.testing.assert_allclose(ci["high"], r.params + q * r.se, rtol=1e-12)
    assert not np.allclose(ci["high"], r.params + stats.t.ppf(level, G - 1) * r.se)  # not the one-sided quantile
    # the interval excludes 0 exactly when p < 1 - level
    np.testing.assert_array_equal((ci["low"] > 0) | (ci["high"] < 0), r.pvalues < 1 - level)


def test_tidy_columns(fit):
    _, r = fit
    tidy = r.tidy()
    assert list(tidy.columns) == ["coef", "se", "t", "p", "ci_low", "ci_high"]
    assert list(tidy.index) == ["x1", "x2", "const"]
    np.testing.assert_allclose(tidy["t"], tidy["coef"] / tidy["se"], rtol=1e-15)
    np.testing.assert_allclose(tidy["p"], r.pvalues, rtol=1e-15)
    np.testing.assert_allclose(tidy[["ci_low", "ci_high"]].to_numpy(), r.conf_int(0.95).to_numpy(), rtol=1e-15)


def test_matches_pyfixest_pvalues_and_intervals(fit):
    """pyfixest's CRV1 uses t(G - 1) too (pyfixest.utils.utils.get_ssc: df_t = G - 1 for CRV)."""
    import pyfixest as pf

    d, r = fit
    f = pf.feols("y ~ x1 + x2 | country + year", data=d, vcov={"CRV1": "country"})
    x = ["x1", "x2"]
    np.testing.assert_allclose(r.tstat[x], f.tstat()[x], rtol=1e-10)
    np.testing.assert_allclose(r.pvalues[x], f.pvalue()[x], rtol=1e-8)
    ci = f.confint()
    np.testing.assert_allclose(r.conf_int().loc[x, "low"], ci.loc[x].iloc[:, 0], rtol=1e-10)
    np.testing.assert_allclose(r.conf_int().loc[x, "high"], ci.loc[x].iloc[:, 1], rtol=1e-10)


def test_matches_linearmodels_given_its_degrees_of_freedom(fit):
    """linearmodels (debiased) uses t(df_resid), not t(G - 1): same t statistics; same p and intervals once its df is used."""
    from linearmodels.panel import PanelOLS

    d, r = fit
    lm = PanelOLS.from_formula(
        "y ~ 1 + x1 + x2 + C(yr) + EntityEffects", d.assign(yr=d.year).set_index(["country", "year"])
    ).fit(cov_type="clustered", cluster_entity=True, debiased=True, group_debias=True)
    x = ["x1", "x2"]
    assert lm.df_resid > G - 1
    np.testing.assert_allclose(r.tstat[x], lm.tstats[x], rtol=1e-8)
    with_lm_df = replace(r, df_t=lm.df_resid)
    np.testing.assert_allclose(with_lm_df.pvalues[x], lm.pvalues[x], rtol=1e-8)
    np.testing.assert_allclose(with_lm_df.conf_int(0.9).loc[x].to_numpy(), lm.conf_int(0.9).loc[x].to_numpy(), rtol=1e-8)
    assert (r.pvalues[x] > lm.pvalues[x]).all()  # t(G-1) is the more conservative reference


def test_interaction_test_pvalues_match_pyfixest():
    """The pooled interacted model as pyfixest sees it: year and year-by-group dummies as regressors, country
    effects absorbed. p-values and intervals from t(G - 1), G of the pooled sample.

    (With ``| country + year^group`` pyfixest gives the same coefficients but counts all 2T year-by-group
    levels in its small-sample factor, one more than the 2(T-1) identified beside the country effects.)
    """
    import pyfixest as pf

    d = panel(seed=1)
    ours = interaction_test(d, "y", "x1", ["x2"], group="group")
    years = pd.get_dummies(d.year, prefix="yr", drop_first=True, dtype=float)
    dummies = pd.concat([years, years.mul(d.group, axis=0).add_prefix("g")], axis=1)
    data = pd.concat([d, dummies], axis=1).assign(x1g=d.x1 * d.group, x2g=d.x2 * d.group)
    f = pf.feols(f"y ~ x1 + x2 + x1g + x2g + {' + '.join(dummies.columns)} | country", data=data, vcov={"CRV1": "country"})
    names = {"x1": "x1", "x2": "x2", "x1:group": "x1g", "x2:group": "x2g"}
    ci, pf_ci = ours.conf_int(), f.confint()
    for ours_name, pf_name in names.items():
        assert ours.params[ours_name] == pytest.approx(f.coef()[pf_name], rel=1e-8)
        assert ours.se[ours_name] == pytest.approx(f.se()[pf_name], rel=1e-8)
        assert ours.pvalues[ours_name] == pytest.approx(f.pvalue()[pf_name], rel=1e-7)
        assert ci.loc[ours_name].to_numpy() == pytest.approx(pf_ci.loc[pf_name].to_numpy(), rel=1e-8)
    t = ours.params["x1:group"] / ours.se["x1:group"]
    assert ours.df_t == G - 1
    assert ours.pvalues["x1:group"] == pytest.approx(2 * stats.t.sf(abs(t), G - 1), rel=1e-12)
    absorbed = pf.feols("y ~ x1 + x2 + x1:group + x2:group | country + year^group", data=d, vcov={"CRV1": "country"})
    assert ours.params["x1:group"] == pytest.approx(absorbed.coef()["x1:group"], rel=1e-8)


@pytest.mark.parametrize(
    "p, expected",
    [(0.0, "***"), (0.0099999, "***"), (0.01, "**"), (0.0499999, "**"), (0.05, "*"), (0.0999999, "*"), (0.1, ""),
     (0.5, ""), (1.0, ""), (float("nan"), "")],
)  # fmt: skip
def test_stars_at_the_exact_boundaries(p, expected):
    """The paper's convention: *** p < 0.01, ** p < 0.05, * p < 0.1 (strict inequalities)."""
    assert stars(p) == expected
