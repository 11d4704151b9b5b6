"""Robustness tools: fixed-effects 2SLS with identification tests, wild cluster bootstrap,
leave-one-country-out estimates and Driscoll-Kraay standard errors.

The 2SLS estimator and the bootstrap work on the Frisch-Waugh-Lovell
representation of the two-way fixed-effects model: country effects are removed
by the within transformation, then the exogenous regressors (controls and year
dummies) are partialled out of the dependent variable, the regressor of interest
and the instrument. On those residuals the coefficient, its cluster-robust
variance and the residuals are exactly those of the full regression (country
dummies, year dummies and controls included), so every statistic below is the one
of the full model.

Collinear controls are omitted as in :func:`lib.econometrics.estimation.xtreg_fe` (with a
:class:`~lib.econometrics.estimation.CollinearityWarning`); if the coefficient an estimator is
about (the bootstrapped regressor, the endogenous regressor, the instrument) is
not identified, it raises :class:`~lib.data.errors.TableError`.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from linearmodels.panel import PanelOLS
from scipy import stats

from ..data.errors import TableError
from .estimation import (
    _ZERO_VARIANCE,
    COLLINEARITY_TOL,
    ClusterVarianceWarning,
    CollinearityWarning,
    FEResult,
    _check_dof,
    _column_list,
    _column_name,
    _fe_design,
    _omission_notes,
    _warn_omitted,
    _zero_cluster_variance,
    check_sample,
    stata_cluster_factor,
    xtreg_fe,
)


class BootstrapWarning(UserWarning):
    """Some bootstrap draws gave an undefined t statistic (0/0) and were left out of the p-value."""


def _fwl(data: pd.DataFrame, y: str, first: str, exog: list[str], entity: str, time: str | None, what: str, role: str):
    """Design of ``y`` on ``[first, *exog]`` with fixed effects; ``first`` must be identified.

    Returns the design and a function that residualises a within-demeaned vector on the kept
    controls and year dummies (the FWL projection ``M_W``).
    """
    design = _fe_design(data, y, [first, *exog], entity, time, what)
    if first in design.omitted:
        raise TableError(
            f"{what}: {design.omitted[first]}; expected the {role} {first!r} to be identified. "
            "Its coefficient cannot be estimated in this sample."
        )
    _warn_omitted(design, what, stacklevel=4)
    W = np.column_stack([design.X[:, 1:], design.E])
    Q = np.linalg.qr(W)[0] if W.shape[1] else np.zeros((design.N, 0))

    def partial(v: np.ndarray) -> np.ndarray:
        return v - Q @ (Q.T @ v)

    return design, partial


def _cluster_sums(values: np.ndarray, codes: np.ndarray, G: int) -> np.ndarray:
    return np.bincount(codes, weights=values, minlength=G)


# --------------------------------------------------------------------------------------------
# 2SLS
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IVResult:
    """Fixed-effects 2SLS with one endogenous regressor and one excluded instrument.

    Attributes
    ----------
    second, first
        The structural equation (coefficient of the endogenous regressor) and the first
        stage (coefficient of the instrument), each with its cluster-robust SE in the
        chosen convention.
    kp_lm, kp_lm_p
        Kleibergen-Paap rk LM statistic (underidentification) and its chi2(1) p-value.
    kp_f
        Kleibergen-Paap rk Wald F (weak identification, cluster-robust).
    cd_f
        Cragg-Donald Wald F (weak identification, homoskedastic).
    stock_yogo_10
        Stock-Yogo critical value for 10 % maximal IV size with one instrument.
    kp_wald
        Kleibergen-Paap rk Wald chi2 statistic before any finite-sample scaling
        (``ranktest``'s ``r(chi2)`` with the ``wald`` option).
    convention, small
        The convention used (see :func:`iv_fe`).
    dof
        ``N``, ``G``, ``N_g`` (panels), ``L`` (instruments, constant not counted),
        ``L1`` (excluded instruments), ``K`` (columns counted in the SE factor).
    """

    second: FEResult
    first: FEResult
    kp_lm: float
    kp_lm_p: float
    kp_f: float
    cd_f: float
    stock_yogo_10: float = 16.38
    kp_wald: float = 0.0
    convention: str = "book"
    small: bool = True
    dof: dict = field(default_factory=dict)


IV_CONVENTIONS = ("book", "xtivreg2")


def iv_fe(
    data: pd.DataFrame,
    y: str,
    endog: str,
    instrument: str,
    exog=(),
    entity: str = "country",
    time: str | None = "year",
    convention: str = "book",
    small: bool | None = None,
) -> IVResult:
    r"""Two-stage least squares with country and year fixed effects and country-clustered SEs.

    The endogenous regressor ``endog`` is instrumented by ``instrument``; ``exog`` are
    included exogenous regressors (controls). All variables are demeaned within
    ``entity`` and the controls and year dummies partialled out (FWL); call the results
    :math:`\tilde y, \tilde x, \tilde z`. Then

    * first stage :math:`\hat\pi = \tilde z'\tilde x / \tilde z'\tilde z`, residual
      :math:`v = \tilde x - \hat\pi \tilde z`;
    * 2SLS :math:`\hat\beta = \tilde z'\tilde y / \tilde z'\tilde x`, residual
      :math:`u = \tilde y - \hat\beta \tilde x`, fitted :math:`\hat x = \hat\pi\tilde z`;
    * raw cluster-robust variances (no finite-sample factor)
      :math:`V_0(\hat\beta) = \sum_g (\hat x_g'u_g)^2 / (\hat x'\hat x)^2` and
      :math:`V_0(\hat\pi) = \sum_g (\tilde z_g'v_g)^2 / (\tilde z'\tilde z)^2`.

    With ``N`` observations, ``G`` clusters (= ``N_g`` panels, since the panels are the
    clusters), ``L`` instruments *without* the constant (instrument + kept controls + kept
    year dummies; with 7 controls and 12 years ``L = 19``), ``K = L`` regressors (one
    endogenous regressor, one excluded instrument) and ``L1 = 1`` excluded instrument:

    ===========================  ======================================  =========================================
    statistic                    ``convention="book"`` (default)          ``convention="xtivreg2"``
    ===========================  ======================================  =========================================
    SE of beta and pi            ``sqrt(c V_0)``, ``c = G/(G-1)            ``sqrt(V_0)`` (default, ``small=False``) or
                                 (N-1)/(N-K_b)``, ``K_b = L + 1``         ``sqrt(c V_0)``, ``c = (N-1)/(N-K)
                                 (Stata ``xtreg``'s factor, constant      G/(G-1)`` (``small=True``)
                                 counted)
    p-values, intervals          t(G-1)                                   normal (``small=False``), t(G-1) (``small=True``)
    KP rk LM                     :math:`(\tilde z'\tilde x)^2 / \sum_g (\tilde z_g'\tilde x_g)^2`, chi2(1), both conventions
    KP rk Wald chi2              :math:`W = (\tilde z'\tilde x)^2 / \sum_g (\tilde z_g'v_g)^2 = \hat\pi^2 / V_0(\hat\pi)`, both
    KP rk Wald F                 ``W / c`` = squared first-stage t        ``W (N-L)/(N-1) (G-1)/G / L1``
    CD Wald F                    ``cd (N - G - K_b)``                     ``cd (N - L - N_g) / L1``
    ===========================  ======================================  =========================================

    where ``cd`` is the Cragg-Donald eigenvalue, :math:`\rho^2/(1-\rho^2) = \hat\pi^2
    \tilde z'\tilde z / v'v`, :math:`\rho` the canonical correlation of :math:`\tilde x`
    and :math:`\tilde z`. So the book's CD F is the classical homoskedastic F of the
    instrument in the first stage with ``N - G - K_b`` residual degrees of freedom (one
    fewer than the dummy-variable regression has, because ``K_b`` counts the constant,
    which the country effects absorb), and xtivreg2's is the same F with the
    dummy-variable regression's ``N - L - N_g`` degrees of freedom. The xtivreg2 KP F
    equals the squared first-stage t statistic with the ``small`` factor.

    Sources for ``convention="xtivreg2"``: the SSC code of ``xtivreg2`` 1.0.17
    (Schaffer; it demeans within panels, calls ``ivreg2`` with ``nocons`` and
    ``dofminus(N_g)``), ``ivreg2`` 4.1.11 (Baum, Schaffer & Stillman 2007): cluster VCE
    with no factor unless ``small``, then ``(N-1)/(N-K-sdofminus) M/(M-1)`` and
    ``df_r = M - 1``; ``cdf = cd (N - sdofminus - L - dofminus) / L1``; for clusters
    ``rkf = chi2/(N-1) (N - L - sdofminus) (N_clust-1)/N_clust / L1``; ``idstat = chi2``
    (no ``dofminus`` adjustment with clusters); and ``ranktest`` 1.4.01 (Kleibergen &
    Paap 2006; LM with the residuals under the null, here :math:`\tilde x`, Wald with
    the first-stage residuals ``v``; cluster ``S`` without a finite-sample factor). Here
    ``sdofminus = 0`` (no ``partial()``), ``dofminus = N_g``. Not run against Stata
    itself, which was not available; the tests recompute every statistic from
    dummy-variable regressions and check the SEs against linearmodels.

    Raises
    ------
    TableError
        As :func:`lib.econometrics.estimation.xtreg_fe`; also if ``endog`` or ``instrument`` has no
        variation left after the fixed effects and controls (constant, absorbed,
        collinear), or if the instrument is uncorrelated with ``endog`` after them
        (irrelevant by construction: 2SLS is undefined).
    ValueError
        For an unknown ``convention``, or ``small`` given with ``convention="book"``.
    """
    what = f"2SLS of {y} on {endog} instrumented by {instrument}"
    if convention not in IV_CONVENTIONS:
        raise ValueError(f"{what}: convention={convention!r}; expected one of {IV_CONVENTIONS}.")
    if convention == "book" and small is not None:
        raise ValueError(f"{what}: small={small!r} applies only to convention='xtivreg2'; leave it out with 'book'.")
    if small is not None and not isinstance(small, (bool, np.bool_)):
        raise ValueError(f"{what}: small={small!r}; expected True or False.")
    small = True if convention == "book" else bool(small)
    y = _column_name(y, "y", what)
    endog = _column_name(endog, "endog", what)
    instrument = _column_name(instrument, "instrument", what)
    exog = _column_list(exog, "exog", what)
    check_sample(data, [entity, *([time] if time else []), y, endog, instrument, *exog], entity, time, what)
    design, partial = _fwl(data, y, endog, exog, entity, time, what, "endogenous regressor")
    codes, G, N = design.codes, design.G, design.N
    effects = f"{entity} and {time} fixed effects" if time else f"{entity} fixed effects"
    zr = data[instrument].astype(float)
    z_within = (zr - zr.groupby(codes).transform("mean")).to_numpy()
    zt, xt, yt = partial(z_within), partial(design.X[:, 0]), partial(design.y)
    z_ref = float(((zr - zr.mean()) ** 2).sum())
    if z_ref <= 0 or zt @ zt <= COLLINEARITY_TOL * z_ref:
        raise TableError(
            f"{what}, column '{instrument}': the instrument has no variation left after the {effects} "
            "and the controls (it is constant, time-invariant or collinear with them); expected an "
            "excluded instrument that varies. Choose another instrument."
        )
    rho2 = (zt @ xt) ** 2 / ((zt @ zt) * (xt @ xt))
    if rho2 <= COLLINEARITY_TOL:
        raise TableError(
            f"{what}, column '{instrument}': uncorrelated with {endog!r} after the fixed effects and controls "
            f"(first-stage partial R² = {rho2:.2g}); expected a relevant instrument, otherwise 2SLS is undefined. "
            "Choose another instrument."
        )
    n_exog = len(design.names) - 1
    L = 1 + n_exog + len(design.nuisance)  # instruments, constant not counted
    K = L  # one endogenous regressor replaces one excluded instrument
    L1 = 1
    K_book = L + 1  # Stata xtreg's K counts the constant
    _check_dof(N, G, K_book, what)
    # first stage
    zz = zt @ zt
    pi = (zt @ xt) / zz
    v = xt - pi * zt
    s_fs = _cluster_sums(zt * v, codes, G)
    V0_pi = (s_fs @ s_fs) / zz**2
    # second stage (just identified: beta = z'y / z'x)
    beta = (zt @ yt) / (zt @ xt)
    u = yt - beta * xt
    xhat = pi * zt
    s = _cluster_sums(xhat * u, codes, G)
    V0_beta = (s @ s) / (xhat @ xhat) ** 2
    for name, var, var_hc in ((instrument, V0_pi, ((zt * v) ** 2).sum() / zz**2),
                              (endog, V0_beta, ((xhat * u) ** 2).sum() / (xhat @ xhat) ** 2)):  # fmt: skip
        if _zero_cluster_variance(var, var_hc):
            raise TableError(f"{what}: {_ZERO_VARIANCE.format(name=name, entity=entity)}; expected a clustered SE.")
    # identification statistics
    s0 = _cluster_sums(zt * xt, codes, G)
    kp_lm = float((zt @ xt) ** 2 / (s0 @ s0))
    with np.errstate(divide="ignore"):  # a perfect first stage (v = 0) has infinite Wald and F statistics
        kp_wald = float(np.float64(pi) ** 2 / V0_pi)
        cd = float(np.float64(pi) ** 2 * zz / (v @ v))
    N_g = G  # panels = clusters
    if convention == "book":
        factor = stata_cluster_factor(N, G, K_book)
        kp_f = kp_wald / factor
        cd_f = cd * (N - G - K_book)
        df_t, K_note = G - 1, K_book
    else:
        factor = (N - 1) / (N - K) * G / (G - 1) if small else 1.0
        kp_f = kp_wald * (N - L) / (N - 1) * (G - 1) / G / L1
        cd_f = cd * (N - L - N_g) / L1
        df_t, K_note = (G - 1 if small else np.inf), K
    notes = {"K": K_note, "entity": entity, "time": time, "convention": convention, "small": small, **_omission_notes(design)}
    within_x = design.X[:, 0]
    r2_first = 1.0 - (v @ v) / (within_x @ within_x)
    r2_second = 1.0 - (u @ u) / design.within_ss_y

    def result(name, coef, var, dep, label, r2):
        return FEResult(
            dependent=dep, params=pd.Series({name: float(coef)}), se=pd.Series({name: float(np.sqrt(var))}),
            vcov=pd.DataFrame([[float(var)]], index=[name], columns=[name]), nobs=N, n_clusters=G,
            r2_within=float(r2), df_t=df_t, label=label, notes=notes,
        )  # fmt: skip

    return IVResult(
        second=result(endog, beta, factor * V0_beta, y, f"2SLS {y}", r2_second),
        first=result(instrument, pi, factor * V0_pi, endog, f"first stage {endog}", r2_first),
        kp_lm=kp_lm,
        kp_lm_p=float(stats.chi2.sf(kp_lm, 1)),
        kp_f=float(kp_f),
        cd_f=float(cd_f),
        kp_wald=kp_wald,
        convention=convention,
        small=small,
        dof={"N": N, "G": G, "N_g": N_g, "L": L, "L1": L1, "K": K_note},
    )


# --------------------------------------------------------------------------------------------
# Wild cluster restricted bootstrap
# --------------------------------------------------------------------------------------------

_WEIGHTS = {
    # Webb (2014) six-point: +-sqrt(1/2), +-1, +-sqrt(3/2), each with probability 1/6
    "webb": (np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)]), np.full(6, 1 / 6)),
    # Rademacher: +-1 with probability 1/2
    "rademacher": (np.array([-1.0, 1.0]), np.array([0.5, 0.5])),
}

#: Relative tolerance for ties between |t*| and |t| in the bootstrap p-value (rounding noise).
TIE_TOL = 1e-12


def bootstrap_weights(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Support and probabilities of the cluster weights ``name`` (``"webb"`` or ``"rademacher"``).

    Both have mean 0 and variance 1. Webb's six-point distribution puts probability 1/6
    on each of ``-sqrt(3/2), -1, -sqrt(1/2), sqrt(1/2), 1, sqrt(3/2)`` (fourth moment
    7/6); Rademacher puts 1/2 on each of ``-1, 1``.
    """
    if name not in _WEIGHTS:
        raise ValueError(f"weights={name!r}; expected one of {sorted(_WEIGHTS)}.")
    support, prob = _WEIGHTS[name]
    return support.copy(), prob.copy()


def bootstrap_p_value(t: float, t_draws) -> float:
    """Symmetric bootstrap p-value: the share of draws with ``|t*| >= |t|``.

    Ties up to rounding (relative ``TIE_TOL``) count as ``>=``; draws that are NaN are
    left out (:func:`wild_cluster_bootstrap` warns about them).

    Raises
    ------
    ValueError
        If ``t`` is NaN or no draw is defined.
    """
    t_draws = np.asarray(t_draws, dtype=float)
    if np.isnan(t):
        raise ValueError("bootstrap_p_value: t is NaN; expected a number.")
    defined = t_draws[~np.isnan(t_draws)]
    if defined.size == 0:
        raise ValueError("bootstrap_p_value: no bootstrap t statistic is defined; expected at least one draw.")
    return float(np.mean(np.abs(defined) >= abs(t) * (1 - TIE_TOL)))


def wild_cluster_bootstrap(
    data: pd.DataFrame,
    y: str,
    x: str,
    exog=(),
    entity: str = "country",
    time: str | None = "year",
    reps: int = 9999,
    seed: int | None = 12345,
    weights: str = "webb",
    return_draws: bool = False,
) -> dict:
    r"""Wild cluster restricted (WCR) bootstrap p-value for ``H0: beta_x = 0``.

    The model is ``y ~ x + exog + country effects + year effects``, clustered by
    ``entity``. Under the null, ``y`` is regressed on everything but ``x``: fitted values
    :math:`\tilde y_r` and residuals :math:`\tilde u`. Each draw multiplies the residuals
    of cluster ``g`` by one weight :math:`w_g` and re-estimates the *full* model on
    :math:`y^* = \tilde y_r + \tilde u \odot w`, with the clustered t statistic of
    ``x`` (Stata's factor ``G/(G-1) (N-1)/(N-K)``). This is the WCR bootstrap of
    Cameron, Gelbach & Miller (2008), as in Stata's ``boottest`` and the Python package
    ``wildboottest`` (Roodman, MacKinnon, Nielsen & Webb 2019).

    The re-estimation is linear in ``w``, so all draws are computed at once in cluster
    space ("fast and wild"): with :math:`\tilde x` the FWL residual of ``x``, :math:`W`
    the within-transformed controls and year dummies,
    :math:`a_g = \tilde x_g'\tilde u_g`, :math:`d_g = \tilde x_g'\tilde x_g` and
    :math:`H_{gh} = \tilde x_g'W_g (W'W)^{-1} W_h'\tilde u_h`, the bootstrap cluster
    scores are :math:`s^* = M w` with :math:`M = \mathrm{diag}(a) - H - d a'/\tilde x'\tilde x`
    (the residualisation of :math:`\tilde u \odot w` on :math:`W`, then on :math:`\tilde x`),
    and :math:`t^* = a'w / \sqrt{c \sum_g s_g^{*2}}`. The observed ``t`` is the same
    formula at :math:`w = 1`.

    p-value: the share of draws with :math:`|t^*| \ge |t|` (:func:`bootstrap_p_value`).
    With Rademacher weights and :math:`2^G \le` ``reps``, the :math:`2^G` sign vectors are
    enumerated instead of drawn (as ``boottest`` and ``wildboottest`` do), so the p-value
    is exact and a multiple of :math:`1/2^G`; ``reps`` in the result is then :math:`2^G`.
    Weights are drawn with ``numpy.random.default_rng(seed)``, one column of ``G``
    weights per draw, so a given ``seed`` reproduces the result.

    Parameters
    ----------
    reps
        Number of bootstrap draws (a positive integer).
    seed
        Seed of the random generator (an integer, or ``None`` for fresh entropy).
    weights
        ``"webb"`` (six-point, default) or ``"rademacher"``; see :func:`bootstrap_weights`.
    return_draws
        Also return ``t_draws`` (the ``B`` bootstrap t statistics), ``weight_draws``
        (``G x B``) and ``clusters`` (the cluster of each row, sorted).

    Returns
    -------
    dict
        ``t`` (the clustered t statistic), ``p_bootstrap``, ``p_cluster`` (from ``t(G-1)``),
        ``reps`` (draws used), ``weights``, ``enumerated``, ``n_clusters``, ``omitted``.

    Raises
    ------
    TableError
        As :func:`lib.econometrics.estimation.xtreg_fe`; also if ``x`` is not identified, or if the
        t statistic is undefined because ``y`` is explained exactly by the controls and
        fixed effects (restricted residuals all zero).
    ValueError
        If ``reps`` is not a positive integer, ``seed`` not an integer or ``None``, or
        ``weights`` unknown.
    """
    what = f"wild cluster bootstrap of {x} in the regression of {y}"
    if isinstance(reps, (bool, np.bool_)) or not isinstance(reps, (int, np.integer)) or reps < 1:
        raise ValueError(f"{what}: reps={reps!r}; expected a positive integer such as 9999.")
    if seed is not None and (isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer))):
        raise ValueError(f"{what}: seed={seed!r}; expected an integer or None.")
    if weights not in _WEIGHTS:
        raise ValueError(f"{what}: weights={weights!r}; expected 'webb' or 'rademacher'.")
    y = _column_name(y, "y", what)
    x = _column_name(x, "x", what)
    exog = _column_list(exog, "exog", what)
    design, partial = _fwl(data, y, x, exog, entity, time, what, "regressor")
    codes, G, N = design.codes, design.G, design.N
    K = len(design.names) + len(design.nuisance) + 1
    _check_dof(N, G, K, what)
    c = stata_cluster_factor(N, G, K)
    xt = partial(design.X[:, 0])
    ut = partial(design.y)  # restricted residuals: y on controls, year and country effects
    effects = f"{entity} and {time} fixed effects" if time else f"{entity} fixed effects"
    y_ss = float(((data[y] - data[y].mean()) ** 2).sum())
    if ut @ ut <= COLLINEARITY_TOL * y_ss:
        raise TableError(
            f"{what}: the t statistic is undefined (0/0): {y!r} is explained exactly by the controls and the "
            f"{effects}, so the restricted residuals are all zero; expected residual variation. "
            "Check the dependent variable."
        )
    a = _cluster_sums(xt * ut, codes, G)
    d = _cluster_sums(xt * xt, codes, G)
    W = np.column_stack([design.X[:, 1:], design.E])
    if W.shape[1]:
        Q = np.linalg.qr(W)[0]
        A = np.zeros((G, Q.shape[1]))
        C = np.zeros((G, Q.shape[1]))
        np.add.at(A, codes, xt[:, None] * Q)
        np.add.at(C, codes, ut[:, None] * Q)
        H = A @ C.T
    else:
        H = np.zeros((G, G))
    M = np.diag(a) - H - np.outer(d, a) / d.sum()

    enumerated = weights == "rademacher" and 2**G <= reps
    if enumerated:
        w = np.array(list(itertools.product([-1.0, 1.0], repeat=G))).T
    else:
        rng = np.random.default_rng(seed)
        w = rng.choice(_WEIGHTS[weights][0], size=(G, int(reps)))
    s_obs = M @ np.ones(G)  # observed cluster scores of x in the full model
    e_obs = ut - xt * (a.sum() / d.sum())  # full-model residuals (ut is orthogonal to the controls already)
    if _zero_cluster_variance(s_obs @ s_obs, ((xt * e_obs) ** 2).sum()):
        raise TableError(f"{what}: {_ZERO_VARIANCE.format(name=x, entity=entity)}; expected a clustered SE for {x!r}.")
    Wall = np.column_stack([np.ones(G), w])
    with np.errstate(divide="ignore", invalid="ignore"):
        t_all = (a @ Wall) / np.sqrt(c * ((M @ Wall) ** 2).sum(axis=0))
    t_obs, t_boot = float(t_all[0]), t_all[1:]
    if np.isnan(t_obs):  # x varies only where y has no residual variation: estimate and cluster scores are both 0
        raise TableError(
            f"{what}: the t statistic is undefined (0/0): {y!r} has no residual variation where {x!r} varies, so the "
            f"estimate and its cluster scores are all zero; expected residual variation where {x!r} varies."
        )
    undefined = int(np.isnan(t_boot).sum())
    if undefined:
        warnings.warn(
            f"{what}: {undefined} of {t_boot.size} draws gave an undefined t statistic (0/0) and are left out of "
            "the p-value.",
            BootstrapWarning,
            stacklevel=2,
        )
    p_boot = bootstrap_p_value(t_obs, t_boot)
    out = {
        "t": t_obs,
        "p_bootstrap": p_boot,
        # Monte Carlo standard error of p_bootstrap (zero when every sign pattern was enumerated)
        "p_mc_se": 0.0 if enumerated else float(np.sqrt(p_boot * (1 - p_boot) / t_boot.size)),
        "p_cluster": float(2 * stats.t.sf(abs(t_obs), G - 1)),
        "reps": int(t_boot.size),
        "weights": weights,
        "enumerated": bool(enumerated),
        "n_clusters": G,
        "omitted": list(design.omitted),
    }
    if return_draws:
        out.update(t_draws=t_boot, weight_draws=w, clusters=design.clusters)
    return out


# --------------------------------------------------------------------------------------------
# Leave one out, Driscoll-Kraay, lags
# --------------------------------------------------------------------------------------------


def leave_one_out(
    data: pd.DataFrame, y: str, x: str, controls=(), entity: str = "country", time: str | None = "year"
) -> pd.DataFrame:
    """Re-estimate the baseline dropping one country at a time: coefficient of ``x``, 95 % interval, p-value.

    Columns: ``dropped``, ``coef``, ``low``, ``high``, ``p`` (``t(G-2)``, the clusters left),
    ``omitted`` (controls omitted because of collinearity in that subsample, comma-separated).

    Raises
    ------
    TableError
        If the full sample fails the checks of :func:`lib.econometrics.estimation.xtreg_fe`, has fewer than
        three countries, or if a subsample cannot be estimated or does not identify ``x``
        (the message names the country dropped).
    """
    what = f"leave-one-out of {y} on {x}"
    y = _column_name(y, "y", what)
    x = _column_name(x, "x", what)
    controls = _column_list(controls, "controls", what)
    check_sample(data, [entity, *([time] if time else []), y, x, *controls], entity, time, what)
    countries = sorted(data[entity].unique())
    if len(countries) < 3:
        raise TableError(
            f"{what}, column '{entity}': {len(countries)} values; expected at least 3, so that two clusters remain "
            "after dropping one."
        )
    rows, omitted_any, no_se = [], {}, {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CollinearityWarning)
        warnings.simplefilter("always", ClusterVarianceWarning)
        for country in countries:
            sub = data[data[entity] != country]
            try:
                r = xtreg_fe(sub, y, [x, *controls], entity=entity, time=time)
            except TableError as err:
                raise TableError(f"{what}, dropping {entity} {country!r}: {err}") from err
            except (np.linalg.LinAlgError, ValueError) as err:
                raise TableError(
                    f"{what}, dropping {entity} {country!r}: the regression failed ({type(err).__name__}: {err}); "
                    "expected an estimable subsample."
                ) from err
            if x in r.notes["omitted"]:
                raise TableError(
                    f"{what}, dropping {entity} {country!r}: {r.notes['omitted_reasons'][x]}; expected {x!r} to be "
                    "identified in every subsample."
                )
            if x in r.notes["se_unavailable"]:
                raise TableError(f"{what}, dropping {entity} {country!r}: {r.notes['se_unavailable'][x]}.")
            if r.notes["omitted"]:
                omitted_any[country] = r.notes["omitted"]
            if r.notes["se_unavailable"]:
                no_se[country] = list(r.notes["se_unavailable"])
            ci = r.conf_int().loc[x]
            rows.append({"dropped": country, "coef": r.params[x], "low": ci["low"], "high": ci["high"],
                         "p": r.pvalues[x], "omitted": ", ".join(r.notes["omitted"])})  # fmt: skip
    for w in caught:
        if not issubclass(w.category, (CollinearityWarning, ClusterVarianceWarning)):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if no_se:
        warnings.warn(
            f"{what}: clustered SEs of controls unavailable (variation within one {entity}) when dropping {no_se}.",
            ClusterVarianceWarning,
            stacklevel=2,
        )
    if omitted_any:
        warnings.warn(
            f"{what}: controls omitted because of collinearity when dropping {omitted_any}.",
            CollinearityWarning,
            stacklevel=2,
        )
    return pd.DataFrame(rows)


def driscoll_kraay(
    data: pd.DataFrame, y: str, x, entity: str = "country", time: str = "year", bandwidth: int | None = None,
    reference: str = "t",
):
    """Two-way FE estimates with Driscoll-Kraay standard errors (linearmodels' kernel covariance).

    Robust to cross-sectional dependence between countries and to serial
    correlation up to ``bandwidth`` years (default: linearmodels' rule). The model is
    ``PanelOLS(y, [const, x, year dummies], entity_effects=True)`` fitted with
    ``cov_type="kernel", kernel="bartlett"``. P-values: ``reference="t"`` (default) from t(T - 1), T the
    number of periods in the sample, as Stata's ``xtscc`` reports them (the errors are averaged over T
    cross-sections, so T, not the number of observations, is the sample size that matters);
    ``reference="linearmodels"`` gives linearmodels' own, from t(N - K) with N observations and K
    parameters (far more degrees of freedom). ``result.attrs["reference"]`` names the one used.
    Collinear regressors are omitted first, as in :func:`lib.econometrics.estimation.xtreg_fe`, and
    listed in ``result.attrs["omitted"]``.

    Raises
    ------
    TableError
        As :func:`lib.econometrics.estimation.xtreg_fe`, or if linearmodels fails or returns a
        non-finite standard error (the message says which and why).
    ValueError
        If ``x`` is not a list of columns or ``bandwidth`` is not a non-negative number.
    """
    what = f"Driscoll-Kraay regression of {y}"
    y = _column_name(y, "y", what)
    x = _column_list(x, "x", what)
    if bandwidth is not None and (
        isinstance(bandwidth, (bool, np.bool_)) or not isinstance(bandwidth, (int, float, np.integer, np.floating))
        or not bandwidth >= 0
    ):
        raise ValueError(f"{what}: bandwidth={bandwidth!r}; expected None or a non-negative number of periods.")
    if reference not in ("t", "linearmodels"):
        raise ValueError(f"{what}: reference={reference!r}; expected 't' (t(T - 1), as xtscc) or 'linearmodels'.")
    design = _fe_design(data, y, x, entity, time, what)
    _warn_omitted(design, what)
    kept = design.names
    if not kept:
        raise TableError(f"{what}: no regressor is identified ({'; '.join(design.omitted.values())}).")
    _check_dof(design.N, design.G, len(kept) + len(design.nuisance) + 1, what)
    years = pd.get_dummies(data[time], prefix=time, drop_first=True, dtype=float)[design.nuisance]
    years.columns = [f"__dk_{c}" for c in years.columns]  # private names: a regressor may be called 'const' or 'year_2001'
    exog = pd.concat([pd.Series(1.0, index=data.index, name="__dk_const"), data[kept].astype(float), years], axis=1)
    index = pd.MultiIndex.from_arrays([data[entity].to_numpy(), data[time].to_numpy()], names=[entity, time])
    exog.index = index
    dep = pd.Series(data[y].astype(float).to_numpy(), index=index, name=y)
    options = {"kernel": "bartlett"} if bandwidth is None else {"kernel": "bartlett", "bandwidth": bandwidth}
    try:
        fit = PanelOLS(dep, exog, entity_effects=True).fit(cov_type="kernel", **options)
    except Exception as err:  # linearmodels raises ValueError, LinAlgError, ... with terse messages
        raise TableError(
            f"{what}: linearmodels' PanelOLS failed ({type(err).__name__}: {err}); expected a panel indexed by "
            f"{entity!r} and a numeric or date {time!r}. Check the sample."
        ) from err
    out = pd.DataFrame({"coef": fit.params[kept], "se": fit.std_errors[kept], "p": fit.pvalues[kept]})
    T = int(data[time].nunique())
    if reference == "t":
        out["p"] = 2 * stats.t.sf(np.abs(out["coef"] / out["se"]), T - 1)
    if not np.isfinite(out.to_numpy()).all():
        raise TableError(f"{what}: non-finite estimates {out.to_dict()}; expected finite values. Check the bandwidth and sample.")
    out.attrs["omitted"] = list(design.omitted)
    out.attrs["reference"] = f"t({T - 1})" if reference == "t" else f"t({int(fit.df_resid)})"
    return out


def add_lag(data: pd.DataFrame, source: pd.DataFrame, column: str, entity: str = "country", time: str = "year"):
    """Add ``{column}_lag`` (value in the previous year) from ``source``, which may include pre-sample years.

    Raises
    ------
    TableError
        If a column is missing, ``time`` is not numeric, ``source`` repeats an entity-period, or ``data``
        already has ``{column}_lag``.
    """
    what = f"lag of {column}"
    if f"{column}_lag" in data.columns:
        raise TableError(f"{what}: data already has a column '{column}_lag'; drop or rename it first.")
    for name, frame in (("data", data), ("source", source)):
        needed = [entity, time] + ([column] if name == "source" else [])
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise TableError(f"{what}: {name} lacks columns {missing}; expected {needed}.")
        if not pd.api.types.is_numeric_dtype(frame[time]):
            raise TableError(f"{what}, column '{time}' of {name}: dtype {frame[time].dtype}; expected numeric periods.")
    if source.duplicated([entity, time]).any():
        raise TableError(f"{what}: source has duplicated {entity}-{time} rows; expected one value per {entity} and {time}.")
    lagged = source[[entity, time, column]].assign(**{time: source[time] + 1})
    return data.merge(lagged.rename(columns={column: f"{column}_lag"}), on=[entity, time], how="left")
