"""The fixed-effects estimator: known coefficients, a hand-computed sandwich, and two independent libraries."""

import numpy as np
import pandas as pd
import pytest

from lib.data.errors import TableError
from lib.report.book import regression_table
from lib.econometrics.estimation import interaction_test, published_column, stars, xtreg_fe
from lib.data.paper import published_tables

pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)


def simulated_panel(G=40, T=12, noise=1.0, seed=0):
    """y = 2 x1 - 0.5 x2 + country effect + year effect + noise, with x correlated with the effects."""
    rng = np.random.default_rng(seed)
    country = np.repeat([f"C{g:02d}" for g in range(G)], T)
    year = np.tile(np.arange(2000, 2000 + T), G)
    alpha = np.repeat(rng.normal(0, 3, G), T)
    lam = np.tile(rng.normal(0, 2, T), G)
    x1 = rng.normal(0, 1, G * T) + 0.5 * alpha
    x2 = rng.normal(0, 1, G * T) - 0.3 * lam
    y = 2.0 * x1 - 0.5 * x2 + alpha + lam + noise * rng.normal(0, 1, G * T)
    return pd.DataFrame({"country": country, "year": year, "x1": x1, "x2": x2, "y": y,
                         "group": np.repeat(rng.integers(0, 2, G), T)})  # fmt: skip


def test_recovers_known_coefficients_exactly_without_noise():
    r = xtreg_fe(simulated_panel(noise=0.0), "y", ["x1", "x2"])
    np.testing.assert_allclose(r.params[["x1", "x2"]], [2.0, -0.5], atol=1e-10)
    assert r.r2_within == pytest.approx(1.0)


def test_recovers_known_coefficients_with_noise():
    r = xtreg_fe(simulated_panel(G=200, T=15, seed=3), "y", ["x1", "x2"])
    assert abs(r.params["x1"] - 2.0) < 4 * r.se["x1"] and abs(r.params["x2"] + 0.5) < 4 * r.se["x2"]
    assert 0.01 < r.se["x1"] < 0.1  # about 1 / sqrt(200 * 15)


def test_clustered_se_equals_hand_computed_sandwich():
    """Dummy-variable OLS (country and year dummies) and a loop over clusters, with Stata's correction."""
    d = simulated_panel(G=8, T=5, seed=1)
    countries, years = sorted(d.country.unique()), sorted(d.year.unique())
    X = np.column_stack(
        [d.x1, d.x2, np.ones(len(d))]
        + [(d.year == t).astype(float) for t in years[1:]]
        + [(d.country == c).astype(float) for c in countries[1:]]
    )
    beta, *_ = np.linalg.lstsq(X, d.y.to_numpy(), rcond=None)
    u = d.y.to_numpy() - X @ beta
    bread = np.linalg.inv(X.T @ X)
    meat = sum(np.outer(X[d.country == c].T @ u[d.country == c], X[d.country == c].T @ u[d.country == c]) for c in countries)
    N, G = len(d), len(countries)
    K = 2 + (len(years) - 1) + 1  # regressors, year dummies, constant; country effects nested in clusters
    V = bread @ meat @ bread * G / (G - 1) * (N - 1) / (N - K)
    r = xtreg_fe(d, "y", ["x1", "x2"])
    np.testing.assert_allclose(r.params[["x1", "x2"]], beta[:2], rtol=1e-10)
    np.testing.assert_allclose(r.se[["x1", "x2"]], np.sqrt(np.diag(V)[:2]), rtol=1e-10)
    assert r.n_clusters == G and r.df_t == G - 1 and r.notes["K"] == K


@pytest.mark.parametrize("seed", [0, 7])
def test_matches_pyfixest_crv1(seed):
    import pyfixest as pf

    d = simulated_panel(seed=seed)
    ours = xtreg_fe(d, "y", ["x1", "x2"])
    fit = pf.feols("y ~ x1 + x2 | country + year", data=d, vcov={"CRV1": "country"})
    np.testing.assert_allclose(ours.params[["x1", "x2"]], fit.coef()[["x1", "x2"]], rtol=1e-8)
    np.testing.assert_allclose(ours.se[["x1", "x2"]], fit.se()[["x1", "x2"]], rtol=1e-6)


def test_matches_linearmodels_stata_configuration():
    from linearmodels.panel import PanelOLS

    d = simulated_panel(seed=5)
    ours = xtreg_fe(d, "y", ["x1", "x2"])
    fit = PanelOLS.from_formula(
        "y ~ 1 + x1 + x2 + C(yr) + EntityEffects", d.assign(yr=d.year).set_index(["country", "year"])
    ).fit(cov_type="clustered", cluster_entity=True, debiased=True, group_debias=True)
    np.testing.assert_allclose(ours.params[["x1", "x2"]], fit.params[["x1", "x2"]], rtol=1e-8)
    np.testing.assert_allclose(ours.se[["x1", "x2"]], fit.std_errors[["x1", "x2"]], rtol=1e-6)
    assert ours.params["const"] == pytest.approx(fit.params["Intercept"], rel=1e-8)
    assert ours.r2_within == pytest.approx(fit.rsquared_within, rel=1e-10)


def test_interaction_equals_difference_of_split_samples():
    d = simulated_panel(G=30, seed=2)
    d["y"] += 1.5 * d["x1"] * d["group"]  # group 1 has a larger effect
    pooled = interaction_test(d, "y", "x1", ["x2"], group="group")
    a = xtreg_fe(d[d.group == 1], "y", ["x1", "x2"])
    b = xtreg_fe(d[d.group == 0], "y", ["x1", "x2"])
    assert pooled.params["x1:group"] == pytest.approx(a.params["x1"] - b.params["x1"], rel=1e-8)
    assert pooled.params["x1"] == pytest.approx(b.params["x1"], rel=1e-8)
    assert pooled.pvalues["x1:group"] < 0.01


def test_bad_inputs():
    d = simulated_panel()
    with pytest.raises(TableError, match=r"missing columns \['x9'\]"):
        xtreg_fe(d, "y", ["x1", "x9"])
    with pytest.raises(TableError, match="duplicated country-year"):
        xtreg_fe(pd.concat([d, d.head(1)]), "y", ["x1"])
    d.loc[3, "x2"] = np.nan
    with pytest.raises(TableError, match="1 rows have missing values"):
        xtreg_fe(d, "y", ["x1", "x2"])


def test_stars_and_table_layout():
    assert [stars(p) for p in (0.001, 0.02, 0.08, 0.2)] == ["***", "**", "*", ""]
    r = xtreg_fe(simulated_panel(seed=4), "y", ["x1", "x2"], label="(1)")
    table = regression_table({"(1)": r}, terms=("x1", "x2", "const"))
    assert list(table[""]) == ["x1", "", "x2", "", "const", "", "Country and year FE", "Observations",
                               "Countries (clusters)", "Within R²"]  # fmt: skip
    assert table["(1)"].iloc[0].endswith("***") and table["(1)"].iloc[1].startswith("(")
    assert table["(1)"].iloc[0] == f"{r.params['x1']:.4f}***" and table["(1)"].iloc[1] == f"({r.se['x1']:.4f})"


def test_published_column_reads_table3():
    col = published_column(published_tables(), "3", "(1)")
    assert col.dependent == "KOFGIdj" and col.nobs == 615
    assert col.params["TBI"] == pytest.approx(11.5545) and col.se["TBI"] == pytest.approx(3.5239)
    assert col.stars_published["TBI"] == 3
    assert col.stars_published.dtype == np.int64 and col.params.dtype == np.float64 and col.label == "(1) paper"
    assert published_column(published_tables(), "6", "(3)").label == "(3) paper"
    with pytest.raises(KeyError, match=r"No column \(7\) in the paper's Table 3\."):
        published_column(published_tables(), "3", "(7)")
    # each published column has one dependent variable on every row (what published_column reads from its first)
    assert (published_tables().groupby(["table", "column"])["dependent"].nunique() == 1).all()


def _paper_specifications():
    """The 17 regressions of the paper's Tables 3-6: (table, column, dependent, sample, with controls)."""
    from lib.econometrics.panel import CONTROLS

    t3 = [("3", f"({k})", y, "all", c) for k, (y, c) in
          enumerate([("KOFGIdj", False), ("KOFEcGIdj", False), ("KOFGIdj", True), ("KOFEcGIdj", True)], 1)]
    t4 = [("4", f"({k})", y, s, True) for k, (s, y) in
          enumerate([(s, y) for s in ("developed", "developing") for y in ("KOFGIdj", "KOFEcGIdj")], 1)]
    t5 = [("5", f"({k})", y, "all", True) for k, y in enumerate(("KOFTrGIdj", "KOFFiGIdj", "KOFPoGIdj"), 1)]
    t6 = [("6", f"({k})", y, s, True) for k, (s, y) in
          enumerate([(s, y) for s in ("developed", "developing") for y in ("KOFTrGIdj", "KOFFiGIdj", "KOFPoGIdj")], 1)]
    return [(*spec, CONTROLS) for spec in t3 + t4 + t5 + t6]  # fmt: skip


def test_every_paper_specification_matches_pyfixest():
    """Each column of Tables 3-6, estimated on the real panel, equals pyfixest's CRV1 to 1e-9 (relative)."""
    import pyfixest as pf

    from lib.econometrics.panel import country_panel

    data = country_panel("2013", verbose=False)
    specs = _paper_specifications()
    assert len(specs) == 17
    for table, column, y, sample, with_controls, controls in specs:
        sub = data if sample == "all" else data[data["developed"] == (sample == "developed")]
        x = ["tbi", *controls] if with_controls else ["tbi"]
        ours = xtreg_fe(sub, y, x)
        fit = pf.feols(f"{y} ~ {' + '.join(x)} | country + year", data=sub, vcov={"CRV1": "country"})
        where = f"Table {table} {column}"
        np.testing.assert_allclose(ours.params[x], fit.coef()[x], rtol=1e-9, atol=1e-12, err_msg=where)
        np.testing.assert_allclose(ours.se[x], fit.se()[x], rtol=1e-9, err_msg=where)


def test_joint_p_matches_a_brute_force_wald_test():
    """The clustered Wald F of two terms, by hand from the coefficients and their clustered covariance."""
    from scipy import stats

    from lib.econometrics.estimation import joint_p

    rng = np.random.default_rng(11)
    n_c, n_t = 12, 6
    frame = pd.DataFrame({"country": np.repeat([f"C{i}" for i in range(n_c)], n_t), "year": np.tile(range(n_t), n_c)})
    frame["x1"], frame["x2"] = rng.normal(size=len(frame)), rng.normal(size=len(frame))
    frame["y"] = 0.3 * frame["x1"] + rng.normal(size=len(frame))
    r = xtreg_fe(frame, "y", ["x1", "x2"])
    b = r.params[["x1", "x2"]].to_numpy()
    V = r.vcov.loc[["x1", "x2"], ["x1", "x2"]].to_numpy()
    wald = float(b @ np.linalg.inv(V) @ b) / 2
    assert joint_p(r, ["x1", "x2"]) == pytest.approx(stats.f.sf(wald, 2, n_c - 1), rel=1e-10)
    assert joint_p(r, ["x1"]) == pytest.approx(r.pvalues["x1"], rel=1e-9)
