"""IV with identification tests, wild cluster bootstrap and the other robustness tools."""

import numpy as np
import pandas as pd
import pytest

from lib.econometrics.estimation import xtreg_fe
from lib.econometrics.robustness import add_lag, iv_fe, leave_one_out, wild_cluster_bootstrap


def iv_panel(strength=1.0, G=60, T=10, beta=1.5, seed=0):
    """x is endogenous (shares the shock e with y); z moves x with coefficient `strength`."""
    rng = np.random.default_rng(seed)
    n = G * T
    country = np.repeat([f"C{g:02d}" for g in range(G)], T)
    year = np.tile(np.arange(2000, 2000 + T), G)
    alpha = np.repeat(rng.normal(0, 1, G), T)
    z = rng.normal(0, 1, n)
    e = rng.normal(0, 1, n)
    w = rng.normal(0, 1, n)
    x = strength * z + 0.8 * e + alpha + rng.normal(0, 1, n)
    y = beta * x + 0.5 * w + alpha + e
    return pd.DataFrame({"country": country, "year": year, "y": y, "x": x, "z": z, "w": w})


def test_iv_recovers_effect_that_ols_misses():
    d = iv_panel(strength=1.0)
    iv = iv_fe(d, "y", "x", "z", ["w"])
    ols = xtreg_fe(d, "y", ["x", "w"])
    assert abs(iv.second.params["x"] - 1.5) < 3 * iv.second.se["x"]
    assert ols.params["x"] - 1.5 > 5 * ols.se["x"]  # OLS is biased upwards by the shared shock


def test_identification_statistics_move_the_right_way():
    strong = iv_fe(iv_panel(strength=1.0), "y", "x", "z", ["w"])
    weak = iv_fe(iv_panel(strength=0.02), "y", "x", "z", ["w"])
    assert strong.kp_f > 100 and strong.cd_f > 100 and strong.kp_lm_p < 0.001
    assert weak.kp_f < strong.stock_yogo_10 and weak.cd_f < strong.stock_yogo_10
    assert weak.kp_lm_p > strong.kp_lm_p and weak.kp_lm < strong.kp_lm


def test_iv_with_regressor_as_its_own_instrument_is_ols():
    d = iv_panel()
    iv = iv_fe(d, "y", "x", "x", ["w"])
    ols = xtreg_fe(d, "y", ["x", "w"])
    assert iv.second.params["x"] == pytest.approx(ols.params["x"], rel=1e-10)
    assert iv.second.se["x"] == pytest.approx(ols.se["x"], rel=1e-10)


def test_iv_matches_linearmodels():
    """linearmodels' IV2SLS on the dummy-variable design (clustered, no finite-sample factor) times xtreg's factor."""
    from linearmodels.iv import IV2SLS

    d = iv_panel(seed=3)
    ours = iv_fe(d, "y", "x", "z", ["w"])
    exog = pd.concat(
        [d[["w"]], pd.get_dummies(d.year, prefix="yr", drop_first=True, dtype=float),
         pd.get_dummies(d.country, prefix="c", dtype=float)], axis=1,
    )  # fmt: skip
    fit = IV2SLS(d.y, exog, d.x, d.z).fit(cov_type="clustered", clusters=pd.factorize(d.country)[0], debiased=False)
    N, G = len(d), d.country.nunique()
    K = 1 + 1 + (d.year.nunique() - 1) + 1  # instrumented regressor, control, year dummies, constant
    small = G / (G - 1) * (N - 1) / (N - K)
    assert ours.second.params["x"] == pytest.approx(fit.params["x"], rel=1e-10)
    assert ours.second.se["x"] == pytest.approx(fit.std_errors["x"] * np.sqrt(small), rel=1e-8)
    robust_f = fit.first_stage.diagnostics.loc["x", "f.stat"]
    assert ours.kp_f == pytest.approx(robust_f / small, rel=1e-8)


def test_bootstrap_is_reproducible_and_consistent():
    d = iv_panel(seed=4)
    a = wild_cluster_bootstrap(d, "y", "w", ["x"], reps=999, seed=7)
    b = wild_cluster_bootstrap(d, "y", "w", ["x"], reps=999, seed=7)
    c = wild_cluster_bootstrap(d, "y", "w", ["x"], reps=999, seed=8)
    assert a == b  # same seed, same draws
    assert c["t"] == a["t"] and abs(c["p_bootstrap"] - a["p_bootstrap"]) < 0.05  # other draws, same test
    assert a["t"] == pytest.approx(xtreg_fe(d, "y", ["w", "x"]).tstat["w"], rel=1e-10)


def test_bootstrap_p_values_under_null_and_alternative():
    d = iv_panel(seed=5)
    d["noise"] = np.random.default_rng(9).normal(size=len(d))
    null = wild_cluster_bootstrap(d, "y", "noise", ["x", "w"], reps=1999, seed=1)
    alt = wild_cluster_bootstrap(d, "y", "w", ["x"], reps=1999, seed=1)
    assert null["p_bootstrap"] > 0.05 and alt["p_bootstrap"] < 0.001
    assert abs(null["p_bootstrap"] - null["p_cluster"]) < 0.1


def test_leave_one_out_and_lag():
    d = iv_panel(G=12, T=6)
    loo = leave_one_out(d, "y", "x", ["w"])
    assert len(loo) == 12
    direct = xtreg_fe(d[d.country != "C03"], "y", ["x", "w"]).params["x"]
    assert loo.set_index("dropped").loc["C03", "coef"] == pytest.approx(direct)
    lagged = add_lag(d, d, "x")
    first = lagged.query("country == 'C00'").sort_values("year")
    assert np.isnan(first["x_lag"].iloc[0])
    np.testing.assert_allclose(first["x_lag"].iloc[1:].to_numpy(), first["x"].iloc[:-1].to_numpy())


def test_robustness_estimators_reject_bad_samples():
    from lib.data.errors import TableError

    d = iv_panel(G=10, T=5)
    with pytest.raises(TableError, match="duplicated country-year"):
        iv_fe(pd.concat([d, d.head(1)]), "y", "x", "z", ["w"])
    d.loc[2, "z"] = np.nan
    with pytest.raises(TableError, match="1 rows have missing values"):
        iv_fe(d, "y", "x", "z", ["w"])
    with pytest.raises(TableError, match=r"missing columns \['q'\]"):
        wild_cluster_bootstrap(d.dropna(), "y", "q", ["w"], reps=9)
