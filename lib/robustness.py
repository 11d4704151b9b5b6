"""Robustness tools: fixed-effects 2SLS with identification tests, wild cluster bootstrap,
leave-one-country-out estimates and Driscoll-Kraay standard errors.

All estimators work on the Frisch-Waugh-Lovell representation of the two-way
fixed-effects model: country effects are removed by the within transformation,
then the exogenous regressors (controls and year dummies) are partialled out of
the dependent variable, the regressor of interest and the instrument. On those
residuals the coefficient, its cluster-robust variance and the residuals are
exactly those of the full regression, so every statistic below is the one of
the full model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .estimation import FEResult, check_sample, stata_cluster_factor, xtreg_fe


def _partial_out(data: pd.DataFrame, columns: list[str], exog: list[str], entity: str, time: str | None):
    """Within-transform ``columns`` and ``exog`` by entity, then residualise ``columns`` on ``exog`` (+ year dummies)."""
    columns = list(dict.fromkeys(columns))
    check_sample(data, [entity, *([time] if time else []), *columns, *exog], entity, time, f"estimation of {columns[0]}")
    W = data[exog].astype(float)
    if time:
        W = pd.concat([W, pd.get_dummies(data[time], prefix="yr", drop_first=True, dtype=float)], axis=1)
    groups = data[entity].to_numpy()
    V = pd.concat([data[columns].astype(float), W], axis=1)
    V = V - V.groupby(groups).transform("mean")
    Wm = V[W.columns].to_numpy()
    out = {}
    for c in columns:
        coef, *_ = np.linalg.lstsq(Wm, V[c].to_numpy(), rcond=None)
        out[c] = V[c].to_numpy() - Wm @ coef
    n_params = W.shape[1] + 1  # exogenous regressors, year dummies and the constant (Stata's K, without FE)
    return out, groups, n_params


def _cluster_scores(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    codes, _ = pd.factorize(groups)
    sums = np.zeros(codes.max() + 1)
    np.add.at(sums, codes, values)
    return sums


@dataclass(frozen=True)
class IVResult:
    """Fixed-effects 2SLS with one endogenous regressor and one excluded instrument."""

    second: FEResult  # the structural equation (coefficient of the endogenous regressor; SE clustered)
    first: FEResult  # the first stage (coefficient of the instrument)
    kp_lm: float  # Kleibergen-Paap rk LM statistic (underidentification), chi2(1)
    kp_lm_p: float
    kp_f: float  # Kleibergen-Paap rk Wald F (weak identification, cluster-robust)
    cd_f: float  # Cragg-Donald Wald F (weak identification, homoskedastic)
    stock_yogo_10: float = 16.38  # Stock-Yogo critical value, 10 % maximal IV size, one instrument


def iv_fe(
    data: pd.DataFrame, y: str, endog: str, instrument: str, exog=(), entity: str = "country", time: str | None = "year"
) -> IVResult:
    """Two-stage least squares with country and year fixed effects and country-clustered SEs.

    The endogenous regressor ``endog`` is instrumented by ``instrument``; ``exog``
    are included exogenous regressors. Standard errors use the small-sample factor
    of :func:`lib.estimation.xtreg_fe`, ``G/(G-1) (N-1)/(N-K)``; the tests check them
    against linearmodels' IV2SLS times that factor. (Not checked against Stata's
    ``xtivreg2``, which was not available; its ``small`` option may count degrees of
    freedom differently.) Identification statistics, computed on the partialled-out
    data (as ``ivreg2``'s ``partial()`` does):

    * KP rk LM: with one endogenous regressor and one instrument, the
      cluster-robust score test of ``pi = 0`` in the first stage,
      ``(sum z x)^2 / sum_g (sum_{i in g} z x)^2``, chi-squared with 1 df;
    * KP rk Wald F: the squared cluster-robust t statistic of the instrument in
      the first stage (the rank-one case of the KP Wald statistic);
    * CD Wald F: the classical (homoskedastic) first-stage F of the instrument.

    ``ivreg2`` multiplies the two F statistics by its own finite-sample factors
    (ratios of degrees of freedom close to one), which we could not reproduce
    without Stata; they rescale the statistics slightly.
    """
    exog = list(exog)
    r, groups, n_exog = _partial_out(data, [y, endog, instrument], exog, entity, time)
    yt, xt, zt = r[y], r[endog], r[instrument]
    N = len(yt)
    G = len(np.unique(groups))
    K = n_exog + 1
    small = stata_cluster_factor(N, G, K)
    # first stage
    pi = (zt @ xt) / (zt @ zt)
    v = xt - pi * zt
    score_fs = _cluster_scores(zt * v, groups)
    var_pi = small * (score_fs @ score_fs) / (zt @ zt) ** 2
    # second stage (just identified: beta = z'y / z'x)
    beta = (zt @ yt) / (zt @ xt)
    u = yt - beta * xt
    xhat = pi * zt
    score = _cluster_scores(xhat * u, groups)
    var_beta = small * (score @ score) / (xhat @ xhat) ** 2
    # identification tests
    s0 = _cluster_scores(zt * xt, groups)
    kp_lm = float((zt @ xt) ** 2 / (s0 @ s0))
    sigma2 = (v @ v) / (N - G - K)
    with np.errstate(divide="ignore"):  # a perfect first stage (v = 0) has infinite F statistics
        kp_f = float(pi**2 / var_pi)
        cd_f = float(pi**2 * (zt @ zt) / sigma2)

    def result(name, coef, var, dep, label):
        return FEResult(
            dependent=dep, params=pd.Series({name: coef}), se=pd.Series({name: np.sqrt(var)}),
            vcov=pd.DataFrame([[var]], index=[name], columns=[name]), nobs=N, n_clusters=G,
            r2_within=float("nan"), df_t=G - 1, label=label, notes={"K": K},
        )  # fmt: skip

    return IVResult(
        second=result(endog, float(beta), float(var_beta), y, f"2SLS {y}"),
        first=result(instrument, float(pi), float(var_pi), endog, f"first stage {endog}"),
        kp_lm=kp_lm,
        kp_lm_p=float(stats.chi2.sf(kp_lm, 1)),
        kp_f=kp_f,
        cd_f=float(cd_f),
    )


def wild_cluster_bootstrap(
    data: pd.DataFrame,
    y: str,
    x: str,
    exog=(),
    entity: str = "country",
    time: str | None = "year",
    reps: int = 9999,
    seed: int = 12345,
    weights: str = "webb",
) -> dict:
    """Wild cluster restricted (WCR) bootstrap p-value for ``H0: beta_x = 0``.

    Residuals are computed under the null, multiplied by one random weight per
    cluster (Webb's six-point or Rademacher), and the clustered t statistic is
    recomputed ``reps`` times (Cameron, Gelbach & Miller 2008; Roodman et al. 2019).
    Reproducible for a given ``seed``.

    Returns a dict with ``t`` (the clustered t statistic), ``p_bootstrap`` and ``p_cluster``.
    """
    r, groups, n_exog = _partial_out(data, [y, x], list(exog), entity, time)
    yt, xt = r[y], r[x]
    codes, uniques = pd.factorize(groups)
    G, N, K = len(uniques), len(yt), n_exog + 1
    small = stata_cluster_factor(N, G, K)
    xx = xt @ xt

    def t_stats(Y):  # Y: N x B
        b = xt @ Y / xx
        E = Y - np.outer(xt, b)
        S = np.zeros((G, Y.shape[1]))
        np.add.at(S, codes, xt[:, None] * E)
        return b / np.sqrt(small * (S**2).sum(axis=0) / xx**2)

    t_obs = float(t_stats(yt[:, None])[0])
    rng = np.random.default_rng(seed)
    if weights == "webb":
        support = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
    elif weights == "rademacher":
        support = np.array([-1.0, 1.0])
    else:
        raise ValueError("weights must be 'webb' or 'rademacher'.")
    t_boot = []
    for start in range(0, reps, 1000):
        B = min(1000, reps - start)
        w = rng.choice(support, size=(G, B))
        t_boot.append(t_stats(yt[:, None] * w[codes]))  # under H0 the restricted residuals are yt itself
    t_boot = np.concatenate(t_boot)
    return {
        "t": t_obs,
        "p_bootstrap": float(np.mean(np.abs(t_boot) >= abs(t_obs))),
        "p_cluster": float(2 * stats.t.sf(abs(t_obs), G - 1)),
        "reps": reps,
        "weights": weights,
    }


def leave_one_out(data: pd.DataFrame, y: str, x: str, controls=(), entity: str = "country") -> pd.DataFrame:
    """Re-estimate the baseline dropping one country at a time: coefficient of ``x`` and 95 % interval."""
    rows = []
    for country in sorted(data[entity].unique()):
        r = xtreg_fe(data[data[entity] != country], y, [x, *controls], entity=entity)
        ci = r.conf_int().loc[x]
        rows.append({"dropped": country, "coef": r.params[x], "low": ci["low"], "high": ci["high"], "p": r.pvalues[x]})
    return pd.DataFrame(rows)


def driscoll_kraay(data: pd.DataFrame, y: str, x, entity: str = "country", time: str = "year", bandwidth: int | None = None):
    """Two-way FE estimates with Driscoll-Kraay standard errors (linearmodels' kernel covariance).

    Robust to cross-sectional dependence between countries and to serial
    correlation up to ``bandwidth`` years (default: linearmodels' rule).
    """
    from linearmodels.panel import PanelOLS

    frame = data.assign(_yr=data[time]).set_index([entity, time])
    formula = f"{y} ~ 1 + {' + '.join(x)} + C(_yr) + EntityEffects"
    options = {"kernel": "bartlett"} if bandwidth is None else {"kernel": "bartlett", "bandwidth": bandwidth}
    fit = PanelOLS.from_formula(formula, frame).fit(cov_type="kernel", **options)
    return pd.DataFrame({"coef": fit.params[list(x)], "se": fit.std_errors[list(x)], "p": fit.pvalues[list(x)]})


def add_lag(data: pd.DataFrame, source: pd.DataFrame, column: str, entity: str = "country", time: str = "year"):
    """Add ``{column}_lag`` (value in the previous year) from ``source``, which may include pre-sample years."""
    lagged = source[[entity, time, column]].assign(**{time: source[time] + 1})
    return data.merge(lagged.rename(columns={column: f"{column}_lag"}), on=[entity, time], how="left")
