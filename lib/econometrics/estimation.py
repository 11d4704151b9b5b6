"""Fixed-effects panel regressions with Stata's clustered standard errors, and their tables.

:func:`xtreg_fe` reproduces Stata's

    xtreg y x1 x2 ... i.year, fe vce(cluster country)

step by step, so a student can follow it:

1. year dummies (first year dropped) join the regressors;
2. regressors that the country effects, the year dummies or the regressors listed
   before them explain exactly are omitted, with a note (as Stata's "omitted because
   of collinearity"; see *Rank-deficient designs* below);
3. every variable is demeaned within country and the overall mean is added back,
   ``w_it - mean_i(w) + mean(w)`` (Stata's transformation, which keeps a constant);
4. OLS on the transformed data, with a constant;
5. the cluster-robust sandwich ``(X'X)^-1 [sum_g X_g'u_g u_g'X_g] (X'X)^-1`` times
   ``G/(G-1) * (N-1)/(N-K)``, where ``G`` is the number of countries, ``N`` the
   observations and ``K`` the columns of ``X`` (regressors, year dummies and the
   constant; the country effects are nested in the clusters and not counted);
6. t statistics, two-sided p-values and confidence intervals from Student's t with
   ``G - 1`` degrees of freedom (Stata's ``df_r`` with ``vce(cluster)``).

The R² reported is Stata's *within* R² for this regression: one minus the residual
sum of squares over the within-country sum of squares of ``y``. The year dummies
count as regressors in it. The tests check coefficients, standard errors,
p-values and intervals against linearmodels and pyfixest.

Rank-deficient designs
----------------------
A coefficient that the data cannot identify is never reported. The regressors are
examined in order -- year dummies first, then ``x`` as listed -- and one is
*omitted* when the part of it that the country effects, the year dummies and the
regressors kept before it leave unexplained has a sum of squares below
``COLLINEARITY_TOL`` (1e-10) times its sum of squares around its mean (that is,
its R² on them exceeds ``1 - 1e-10``). Examples: a constant column, a
time-invariant variable such as ``developed`` (absorbed by the country effects), a
variable that only varies by year (absorbed by the year effects), or an exact
linear combination of earlier regressors. An omitted regressor is left out of
``params``, ``se`` and ``vcov``; it is listed in ``notes["omitted"]`` with the
reason in ``notes["omitted_reasons"]``, a :class:`CollinearityWarning` says so,
and :func:`lib.report.book.regression_table` shows it as "(omitted)". ``K`` counts only the
columns kept. (Stata keeps a regressor and drops a year dummy instead when the
regressor only varies by year; the book omits the regressor, whose coefficient
would then depend on which year is dropped.) Estimators built around one
coefficient -- the bootstrap, 2SLS, the interaction test, leave-one-out -- raise
:class:`~lib.data.errors.TableError` when *that* coefficient is not identified.

A coefficient whose identifying variation lies within a single country has a
cluster-robust variance of zero (its cluster scores cancel). When the clustered
variance is below ``CLUSTER_VARIANCE_TOL`` (1e-10) times the unclustered (HC0) one,
its SE, t and p are NaN, ``notes["se_unavailable"]`` says why and a
:class:`ClusterVarianceWarning` is issued; the estimators built around that
coefficient raise :class:`~lib.data.errors.TableError` instead. (The constant is
exempt: its clustered variance is ``Xbar' V Xbar`` and may be zero.)

Errors
------
Bad data or samples raise :class:`~lib.data.errors.TableError`: a missing or
non-numeric column, missing or infinite values, duplicated country-years, an
empty sample, fewer than two clusters, no residual degrees of freedom, or a
dependent variable with no variation left after the country and year effects.
Bad arguments (a string where a list of columns is expected, a confidence level
outside (0, 1), ...) raise :class:`ValueError`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..data.errors import TableError
from . import significance

#: Relative tolerance of the collinearity check (see the module docstring).
COLLINEARITY_TOL = 1e-10


#: A clustered variance below this share of the unclustered (HC0) one is treated as zero.
CLUSTER_VARIANCE_TOL = 1e-10


class CollinearityWarning(UserWarning):
    """A regressor was omitted because the fixed effects or other regressors explain it exactly."""


class ClusterVarianceWarning(UserWarning):
    """A coefficient's cluster-robust variance is zero (its variation lies in one cluster); its SE is NaN."""


@dataclass(frozen=True)
class FEResult:
    """A fitted fixed-effects regression (coefficients of the year dummies are kept out of ``params``).

    Attributes
    ----------
    dependent
        Name of the dependent variable.
    params, se
        Coefficients and cluster-robust standard errors, indexed by term (``const`` last).
    vcov
        Cluster-robust covariance matrix of ``params``.
    nobs, n_clusters
        ``N`` and ``G``.
    r2_within
        Within R² (see the module docstring).
    df_t
        Degrees of freedom of the t distribution used by :attr:`pvalues` and
        :meth:`conf_int`: ``G - 1`` (Stata); ``inf`` means the normal distribution.
    label
        Column name in tables.
    notes
        ``K`` (columns counted in the small-sample factor), ``entity``, ``time``,
        ``omitted`` (list of omitted regressors), ``omitted_reasons`` (name -> reason),
        ``omitted_time_effects`` (year dummies dropped as collinear), and, for some
        estimators, details of the convention used.
    """

    dependent: str
    params: pd.Series
    se: pd.Series
    vcov: pd.DataFrame
    nobs: int
    n_clusters: int
    r2_within: float
    df_t: int
    label: str = ""
    notes: dict = field(default_factory=dict)

    @property
    def tstat(self) -> pd.Series:
        """``params / se``."""
        return self.params / self.se

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values, ``2 * P(T > |t|)`` with ``T ~ t(df_t)`` (``df_t = G - 1``, as Stata)."""
        return pd.Series(2 * stats.t.sf(np.abs(self.tstat), self.df_t), index=self.params.index)

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Two-sided confidence intervals ``params -/+ q * se`` with ``q`` the ``(1 + level)/2`` quantile of ``t(df_t)``.

        Raises
        ------
        ValueError
            If ``level`` is not strictly between 0 and 1.
        """
        if isinstance(level, bool) or not isinstance(level, (int, float, np.floating)) or not 0 < level < 1:
            raise ValueError(f"conf_int: level={level!r}; expected a number strictly between 0 and 1, e.g. 0.95.")
        q = stats.t.ppf(0.5 + level / 2, self.df_t)
        return pd.DataFrame({"low": self.params - q * self.se, "high": self.params + q * self.se})

    def tidy(self) -> pd.DataFrame:
        """One row per term: ``coef``, ``se``, ``t``, ``p`` and the 95 % interval ``ci_low``, ``ci_high``."""
        ci = self.conf_int()
        return pd.DataFrame(
            {"coef": self.params, "se": self.se, "t": self.tstat, "p": self.pvalues, "ci_low": ci["low"], "ci_high": ci["high"]}
        )


def stars(p: float) -> str:
    """Significance stars as in the paper: ``***`` if p < 0.01, ``**`` if p < 0.05, ``*`` if p < 0.1 (strict).

    The convention lives in :func:`lib.econometrics.significance.stars`; here a missing p-value (an SE that
    clustering cannot estimate) gets no stars instead of an error, for tables.
    """
    return significance.stars(p) if p is not None and np.isfinite(p) else ""


def stata_cluster_factor(nobs: int, n_clusters: int, n_params: int) -> float:
    """Stata's small-sample factor for cluster-robust variances, ``G/(G-1) * (N-1)/(N-K)``.

    ``K`` counts the regressors, year dummies and constant; fixed effects nested in
    the clusters are not counted (as in ``xtreg, fe vce(cluster)``).

    Raises
    ------
    ValueError
        If ``G < 2`` or ``N <= K`` (the factor is undefined).
    """
    G, N, K = n_clusters, nobs, n_params
    if G < 2 or N <= K:
        raise ValueError(
            f"stata_cluster_factor: G={G} clusters, N={N} observations, K={K} parameters; "
            "expected G >= 2 and N > K. Use a larger sample or fewer regressors."
        )
    return G / (G - 1) * (N - 1) / (N - K)


def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_bool_dtype(series.dtype) or (
        pd.api.types.is_numeric_dtype(series.dtype) and not isinstance(series.dtype, pd.CategoricalDtype)
    )


def check_sample(data: pd.DataFrame, needed, entity: str, time: str | None, what: str, numeric=None) -> None:
    """Raise :class:`TableError` if the sample cannot be used for ``what``.

    Checks, in order: ``data`` is a DataFrame (else :class:`ValueError`), every column in
    ``needed`` exists, the sample is not empty, no ``entity``-``time`` pair repeats, no value
    in ``needed`` is missing, and every column in ``numeric`` (default: ``needed`` without
    ``entity`` and ``time``) is numeric or boolean with finite values.
    """
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"{what}: data is a {type(data).__name__}; expected a pandas DataFrame.")
    needed = list(dict.fromkeys(needed))
    missing = [c for c in needed if c not in data.columns]
    if missing:
        raise TableError(
            f"{what}: missing columns {missing}; expected them in the sample "
            f"(it has {len(data.columns)} columns). Check the spelling or add the variables to the panel."
        )
    if len(data) == 0:
        raise TableError(f"{what}: the sample is empty (0 rows); expected observations. Check the filter that built it.")
    if time and data.duplicated([entity, time]).any():
        n = int(data.duplicated([entity, time]).sum())
        raise TableError(
            f"{what}: duplicated {entity}-{time} rows ({n}); expected one row per {entity} and {time}. "
            "Drop or aggregate the duplicates."
        )
    na = data[needed].isna()
    incomplete = na.any(axis=1)
    if incomplete.any():
        columns = [c for c in needed if na[c].any()]
        raise TableError(
            f"{what}: {int(incomplete.sum())} rows have missing values in {columns}; expected complete rows in "
            f"{needed}. Build the sample explicitly (e.g. with lib.econometrics.panel.country_panel) so no row is lost silently."
        )
    numeric = [c for c in needed if c not in (entity, time)] if numeric is None else list(numeric)
    for c in numeric:
        col = data[c]
        if not _is_numeric(col):
            example = col.iloc[0]
            raise TableError(
                f"{what}, column '{c}': dtype {col.dtype} (e.g. {example!r}); expected numbers or booleans. "
                f"Convert it first, e.g. pd.to_numeric(data['{c}'])."
            )
        values = col.to_numpy(dtype=float)
        if not np.isfinite(values).all():
            raise TableError(
                f"{what}, column '{c}': {int((~np.isfinite(values)).sum())} infinite values; expected finite numbers. "
                "Check the transformation that built it (e.g. a log of zero)."
            )


def _column_list(x, name: str, what: str) -> list[str]:
    if isinstance(x, str):
        raise ValueError(f"{what}: {name}={x!r} is a string; expected a list of column names, e.g. [{x!r}].")
    try:
        out = list(x)
    except TypeError:
        raise ValueError(f"{what}: {name}={x!r}; expected a list of column names.") from None
    bad = [c for c in out if not isinstance(c, str)]
    if bad:
        raise ValueError(f"{what}: {name} contains {bad}; expected column names (strings).")
    dups = sorted({c for c in out if out.count(c) > 1})
    if dups:
        raise ValueError(f"{what}: {name} lists {dups} more than once; expected each column once.")
    return out


def _column_name(x, name: str, what: str) -> str:
    if not isinstance(x, str):
        raise ValueError(f"{what}: {name}={x!r}; expected one column name (a string).")
    return x


@dataclass
class _Design:
    """Within-transformed design after the collinearity check (internal)."""

    y: np.ndarray  # dependent, demeaned within entity
    X: np.ndarray  # kept regressors (in order), demeaned within entity
    names: list[str]  # kept regressors
    E: np.ndarray  # kept nuisance columns (year dummies, ...), demeaned within entity
    nuisance: list[str]
    means: pd.Series  # overall means of y, regressors and nuisance (for Stata's constant)
    omitted: dict[str, str]  # regressor -> reason
    omitted_nuisance: list[str]
    codes: np.ndarray  # cluster code per row (clusters sorted)
    clusters: np.ndarray  # cluster labels, sorted
    within_ss_y: float  # within-entity sum of squares of y

    @property
    def G(self) -> int:
        return len(self.clusters)

    @property
    def N(self) -> int:
        return len(self.y)


def _reason(name: str, ref: float, within: float, after_effects: float, entity: str, effects: str) -> str:
    tol = COLLINEARITY_TOL
    if ref <= 0:
        return f"{name} is constant"
    if within <= tol * ref:
        return f"{name} does not vary within {entity} (absorbed by the {entity} fixed effects)"
    if after_effects <= tol * ref:
        return f"{name} is collinear with the {effects}"
    return f"{name} is collinear with the fixed effects and the regressors listed before it"


def _fe_design(
    data: pd.DataFrame,
    y: str,
    x: list[str],
    entity: str,
    time: str | None,
    what: str,
    extra: pd.DataFrame | None = None,
    effects: str | None = None,
) -> _Design:
    """Check the sample, build year dummies (+ ``extra`` absorbed columns), within-transform, omit collinear columns.

    ``effects`` names the fixed effects in messages (default: "{entity} and {time} fixed effects").
    """
    effects = effects or (f"{entity} and {time} fixed effects" if time else f"{entity} fixed effects")
    check_sample(data, [entity, *([time] if time else []), y, *x], entity, time, what)
    codes, clusters = pd.factorize(data[entity], sort=True)
    if len(clusters) < 2:
        raise TableError(
            f"{what}, column '{entity}': {len(clusters)} cluster ({list(clusters)}); expected at least two "
            f"{entity} values for cluster-robust standard errors. Use a sample with more {entity} values."
        )
    nuisance = []
    if time:
        nuisance.append(pd.get_dummies(data[time], prefix=time, drop_first=True, dtype=float))
    if extra is not None:
        nuisance.append(extra.astype(float))
    E = pd.concat(nuisance, axis=1) if nuisance else pd.DataFrame(index=data.index)
    raw = pd.concat([data[[y, *x]].astype(float), E], axis=1)
    means = raw.mean()
    within = raw - raw.groupby(codes).transform("mean")
    ref_ss = ((raw - means) ** 2).sum().to_numpy()
    W = within.to_numpy()
    within_ss = (W**2).sum(axis=0)
    tol = COLLINEARITY_TOL
    n, n_x = len(raw), len(x)
    Q = np.zeros((n, 0))

    def residual(c, Q):
        r = c - Q @ (Q.T @ c)
        return r - Q @ (Q.T @ r)  # second pass for numerical orthogonality

    kept_nuisance, omitted_nuisance = [], []
    for j, name in enumerate(E.columns, start=1 + n_x):
        r = residual(W[:, j], Q)
        ss = r @ r
        if ref_ss[j] <= 0 or ss <= tol * ref_ss[j]:
            omitted_nuisance.append(name)
        else:
            kept_nuisance.append(name)
            Q = np.column_stack([Q, r / np.sqrt(ss)])
    Q_effects = Q
    ry = residual(W[:, 0], Q_effects)
    if ref_ss[0] <= 0 or ry @ ry <= tol * ref_ss[0]:
        raise TableError(
            f"{what}, column '{y}': no variation left after removing the {effects} "
            f"(sum of squares {ry @ ry:.3g} of {ref_ss[0]:.3g}); expected a dependent variable that varies within "
            f"{entity} beyond the effects. Check that the column is the right one."
        )
    kept, omitted = [], {}
    for j, name in enumerate(x, start=1):
        r = residual(W[:, j], Q)
        ss = r @ r
        if ref_ss[j] <= 0 or ss <= tol * ref_ss[j]:
            after_effects = residual(W[:, j], Q_effects)
            omitted[name] = _reason(name, ref_ss[j], within_ss[j], after_effects @ after_effects, entity, effects)
        else:
            kept.append(name)
            Q = np.column_stack([Q, r / np.sqrt(ss)])
    return _Design(
        y=W[:, 0],
        X=within[kept].to_numpy(),
        names=kept,
        E=within[kept_nuisance].to_numpy(),
        nuisance=kept_nuisance,
        means=means,
        omitted=omitted,
        omitted_nuisance=omitted_nuisance,
        codes=codes,
        clusters=np.asarray(clusters),
        within_ss_y=float(within_ss[0]),
    )


def _warn_omitted(design: _Design, what: str, stacklevel: int = 3) -> None:
    for reason in design.omitted.values():
        warnings.warn(f"{what}: {reason}; omitted because of collinearity.", CollinearityWarning, stacklevel=stacklevel)
    if design.omitted_nuisance:
        warnings.warn(
            f"{what}: {design.omitted_nuisance} omitted because of collinearity with the other effects.",
            CollinearityWarning,
            stacklevel=stacklevel,
        )


def _omission_notes(design: _Design) -> dict:
    return {
        "omitted": list(design.omitted),
        "omitted_reasons": dict(design.omitted),
        "omitted_time_effects": list(design.omitted_nuisance),
    }


def _check_dof(N: int, G: int, K: int, what: str) -> None:
    """The dummy-variable regression has ``K - 1 + G`` columns; it needs at least one residual degree of freedom."""
    if N - G - (K - 1) < 1:
        raise TableError(
            f"{what}: N={N} observations, {G} clusters and {K - 1} regressors (with year dummies) leave "
            f"{N - G - (K - 1)} residual degrees of freedom; expected at least 1. Use a larger sample or fewer regressors."
        )


def _fit(design: _Design, y: str, entity: str, time: str | None, label: str, what: str) -> FEResult:
    """Stata's transformation, OLS with a constant and the clustered sandwich, on the kept columns."""
    d = design
    if not d.names:
        reasons = "; ".join(d.omitted.values()) or "no regressors given"
        raise TableError(f"{what}: no regressor is identified ({reasons}); expected at least one. Add a regressor that varies within {entity}.")
    names = [*d.names, *d.nuisance, "const"]
    # Stata's regression of y_it - ybar_i + ybar on X_it - Xbar_i + Xbar and a constant is, after the
    # reparametrisation const' = const + Xbar'beta, the regression of the within-demeaned y on the
    # within-demeaned X and a constant orthogonal to them: same slopes, residuals and (transformed)
    # sandwich, but a well-conditioned X'X (the means of lnGDP, lnPOP, ... no longer sit on the constant).
    Xw = np.column_stack([d.X, d.E])
    N, k = Xw.shape
    K, G = k + 1, d.G
    _check_dof(N, G, K, what)
    Q, R = np.linalg.qr(Xw)
    R_inv = np.linalg.solve(R, np.eye(k))
    b = R_inv @ (Q.T @ d.y)
    u = d.y - Xw @ b  # equals Stata's residuals
    m = d.means[[*d.names, *d.nuisance]].to_numpy()
    beta = np.append(b, d.means[y] - m @ b)
    bread = np.zeros((K, K))
    bread[:k, :k] = R_inv @ R_inv.T
    bread[k, k] = 1.0 / N
    obs_scores = np.column_stack([Xw, np.ones(N)]) * u[:, None]
    scores = np.zeros((G, K))
    np.add.at(scores, d.codes, obs_scores)
    V_w = bread @ (scores.T @ scores) @ bread * stata_cluster_factor(N, G, K)
    A = np.eye(K)
    A[k, :k] = -m  # const = const' - Xbar'beta
    V = A @ V_w @ A.T
    var_hc = np.diag(A @ bread @ (obs_scores.T @ obs_scores) @ bread @ A.T)  # unclustered, for the check below
    r2_within = 1.0 - (u @ u) / d.within_ss_y
    keep = [i for i, n in enumerate(names) if n in d.names or n == "const"]
    kept = [names[i] for i in keep]
    var = np.clip(np.diag(V), 0.0, None)  # rounding can make a zero variance slightly negative
    unavailable = {}
    for i in keep:
        if names[i] != "const" and _zero_cluster_variance(var[i], var_hc[i]):
            unavailable[names[i]] = _ZERO_VARIANCE.format(name=names[i], entity=entity)
            var[i] = np.nan
    V = V.copy()
    for name in unavailable:
        i = names.index(name)
        V[i, :] = V[:, i] = np.nan
    for reason in unavailable.values():
        warnings.warn(f"{what}: {reason}", ClusterVarianceWarning, stacklevel=3)
    return FEResult(
        dependent=y,
        params=pd.Series(beta[keep], index=kept),
        se=pd.Series(np.sqrt(var[keep]), index=kept),
        vcov=pd.DataFrame(V[np.ix_(keep, keep)], index=kept, columns=kept),
        nobs=N,
        n_clusters=G,
        r2_within=float(r2_within),
        df_t=G - 1,
        label=label or y,
        notes={"K": K, "entity": entity, "time": time, **_omission_notes(d), "se_unavailable": unavailable},
    )


_ZERO_VARIANCE = (
    "the cluster-robust variance of {name} is zero: its identifying variation (after the fixed effects and the "
    "other regressors) lies within a single {entity}, where the cluster scores cancel; its SE, t and p are "
    "reported as NaN. Cluster at a coarser level or drop the regressor"
)


def _zero_cluster_variance(var_cluster: float, var_hc: float) -> bool:
    """A clustered variance that is 0 (to ``CLUSTER_VARIANCE_TOL``) although the unclustered one is not."""
    return bool(var_hc > 0 and var_cluster <= CLUSTER_VARIANCE_TOL * var_hc)


def xtreg_fe(
    data: pd.DataFrame,
    y: str,
    x: list[str] | tuple[str, ...],
    entity: str = "country",
    time: str | None = "year",
    label: str = "",
) -> FEResult:
    """Country fixed effects, year dummies, country-clustered SEs, as Stata's ``xtreg, fe vce(cluster)``.

    Parameters
    ----------
    data
        One row per entity and period.
    y, x
        Dependent variable and regressors (column names; ``x`` a list).
    entity
        Fixed effects and clusters (default ``country``).
    time
        Period variable for the year dummies; ``None`` for no time effects.
    label
        Name of the column in tables.

    Returns
    -------
    FEResult
        Coefficients of ``x`` (minus omitted ones) and ``const``. ``V = c (X'X)^-1
        [sum_g X_g'u_g u_g'X_g] (X'X)^-1`` with ``c = G/(G-1) (N-1)/(N-K)``; p-values and
        intervals from ``t(G-1)``.

    Raises
    ------
    TableError
        If a column is missing or not numeric, a value is missing or infinite, an
        entity-period is duplicated, the sample is empty, it has fewer than two
        clusters or no residual degrees of freedom, ``y`` has no variation left after
        the country and year effects, or every regressor is omitted.
    ValueError
        If ``x`` is not a list of column names or ``y`` not a column name.

    Warns
    -----
    CollinearityWarning
        When a regressor (or year dummy) is omitted; see the module docstring.
    """
    what = f"regression of {y}"
    y = _column_name(y, "y", what)
    x = _column_list(x, "x", what)
    if y in x:
        raise ValueError(f"{what}: the dependent variable {y!r} is also in x; expected it only as y.")
    design = _fe_design(data, y, x, entity, time, what)
    clash = [n for n in x if n == "const" or n in design.nuisance or n in design.omitted_nuisance]
    if clash:
        raise ValueError(f"{what}: regressors {clash} have the names of the results' own terms (the constant 'const', "
                         f"the {time} dummies '{time}_<period>'); rename them.")
    _warn_omitted(design, what)
    return _fit(design, y, entity, time, label, what)


def interaction_test(
    data: pd.DataFrame, y: str, x: str, controls, group: str = "developed", entity: str = "country", time: str = "year"
) -> FEResult:
    """Pooled, fully interacted version of split-sample regressions.

    Every regressor and every year dummy enters alone and interacted with the 0/1
    ``group``; the coefficient on ``{x}:{group}`` is the difference between the two
    groups' effects of ``x`` (equal to the difference of split-sample estimates when
    ``group`` is constant within ``entity``), with a clustered standard error that
    accounts for both groups at once. Its p-value uses ``t(G - 1)`` with ``G`` the
    number of clusters in the pooled sample. The year dummies and their interactions
    are absorbed effects (counted in ``K``, not reported).

    Raises
    ------
    TableError
        As :func:`xtreg_fe`; also if ``group`` is not 0/1 (or boolean), takes only one
        value, or if ``x`` or ``{x}:{group}`` is not identified.
    """
    what = f"interaction test of {y} on {x} by {group}"
    x = _column_name(x, "x", what)
    controls = _column_list(controls, "controls", what)
    check_sample(data, [entity, time, y, x, *controls, group], entity, time, what)
    g = data[group].astype(float)
    values = sorted({float(v) for v in g.unique()})
    if not set(values) <= {0.0, 1.0}:
        raise TableError(f"{what}, column '{group}': values {values[:5]}; expected 0/1 or booleans. Recode it as a 0/1 dummy.")
    if len(values) < 2:
        raise TableError(
            f"{what}, column '{group}': every row is {values[0]:g}; expected both groups (0 and 1) in the sample, "
            "otherwise the interaction is not identified."
        )
    frame = data.copy()
    regressors = [x, *controls]
    for v in regressors:
        frame[f"{v}:{group}"] = frame[v].astype(float) * g
    years = pd.get_dummies(frame[time], prefix="yr", drop_first=True, dtype=float)
    inter_years = years.mul(g, axis=0).add_suffix(f":{group}")
    columns = [*regressors, *(f"{v}:{group}" for v in regressors)]
    design = _fe_design(
        frame, y, columns, entity, None, what, extra=pd.concat([years, inter_years], axis=1),
        effects=f"{entity}, {time} and {time}-by-{group} fixed effects",
    )  # fmt: skip
    for term in (x, f"{x}:{group}"):
        if term in design.omitted:
            raise TableError(f"{what}: {design.omitted[term]}; expected {term!r} to be identified. Check the sample and {group!r}.")
    _warn_omitted(design, what)
    result = _fit(design, y, entity, time, f"{y}, interacted", what)
    term = f"{x}:{group}"
    if term in result.notes["se_unavailable"]:
        raise TableError(f"{what}: {result.notes['se_unavailable'][term]}; expected a clustered SE for {term!r}.")
    return result


@dataclass(frozen=True)
class PublishedColumn:
    """One column of a published regression table (coefficients, SEs and the stars as printed)."""

    dependent: str
    params: pd.Series
    se: pd.Series
    stars_published: pd.Series
    nobs: int
    r2_within: float
    n_clusters: int | str = "n/a"
    label: str = ""


def published_column(tables: pd.DataFrame, table: str, column: str) -> PublishedColumn:
    """Read one column of the paper's Table 3-6 (from :func:`lib.data.paper.published_tables`)."""
    sub = tables.query("table == @table and column == @column")
    if sub.empty:
        raise KeyError(f"No column {column} in the paper's Table {table}.")

    def stat(name):
        part = sub.query("stat == @name")
        return pd.Series(part["value"].astype(float).to_numpy(), index=part["variable"].to_numpy())

    single = sub.set_index("stat")["value"]
    return PublishedColumn(
        dependent=sub["dependent"].iloc[0],
        params=stat("coef"),
        se=stat("se"),
        stars_published=stat("stars").astype(int),
        nobs=int(float(single["nobs"])),
        r2_within=float(single["r2"]),
        label=f"{column} paper",
    )


def joint_p(result: "FEResult", terms) -> float:
    """p-value of the clustered Wald test that all ``terms`` are zero: F(q, G − 1) with q the number of
    terms, as Stata's ``test`` after ``xtreg, fe vce(cluster)``. With one term it is the t-test's p-value."""
    terms = list(terms)
    b = result.params[terms].to_numpy()
    V = result.vcov.loc[terms, terms].to_numpy()
    F = b @ np.linalg.solve(V, b) / len(terms)
    return float(stats.f.sf(F, len(terms), result.n_clusters - 1))
