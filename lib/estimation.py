"""Fixed-effects panel regressions with Stata's clustered standard errors, and their tables.

:func:`xtreg_fe` reproduces Stata's

    xtreg y x1 x2 ... i.year, fe vce(cluster country)

step by step, so a student can follow it:

1. year dummies (first year dropped) join the regressors;
2. every variable is demeaned within country and the overall mean is added back,
   ``w_it - mean_i(w) + mean(w)`` (Stata's transformation, which keeps a constant);
3. OLS on the transformed data, with a constant;
4. the cluster-robust sandwich ``(X'X)^-1 [sum_g X_g'u_g u_g'X_g] (X'X)^-1`` times
   ``G/(G-1) * (N-1)/(N-K)``, where ``G`` is the number of countries, ``N`` the
   observations and ``K`` the columns of ``X`` (regressors, year dummies and the
   constant; the country effects are nested in the clusters and not counted);
5. t statistics with ``G - 1`` degrees of freedom.

The R² reported is Stata's *within* R² for this regression: one minus the residual
sum of squares over the within-country sum of squares of ``y``. The year dummies
count as regressors in it. The tests check coefficients and standard errors
against linearmodels and pyfixest.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

from .checksums import TableError


@dataclass(frozen=True)
class FEResult:
    """A fitted fixed-effects regression (coefficients of the year dummies are kept out of ``params``)."""

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
        return self.params / self.se

    @property
    def pvalues(self) -> pd.Series:
        return pd.Series(2 * stats.t.sf(np.abs(self.tstat), self.df_t), index=self.params.index)

    def conf_int(self, level: float = 0.95) -> pd.DataFrame:
        """Confidence intervals with ``G - 1`` degrees of freedom (as Stata)."""
        q = stats.t.ppf(0.5 + level / 2, self.df_t)
        return pd.DataFrame({"low": self.params - q * self.se, "high": self.params + q * self.se})

    def tidy(self) -> pd.DataFrame:
        """One row per term: coef, se, t, p, 95 % interval."""
        ci = self.conf_int()
        return pd.DataFrame(
            {"coef": self.params, "se": self.se, "t": self.tstat, "p": self.pvalues, "ci_low": ci["low"], "ci_high": ci["high"]}
        )


def stars(p: float) -> str:
    """Significance stars as in the paper: *** 1 %, ** 5 %, * 10 %."""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


def stata_cluster_factor(nobs: int, n_clusters: int, n_params: int) -> float:
    """Stata's small-sample factor for cluster-robust variances, ``G/(G-1) * (N-1)/(N-K)``.

    ``K`` counts the regressors, year dummies and constant; fixed effects nested in
    the clusters are not counted (as in ``xtreg, fe vce(cluster)``).
    """
    G, N, K = n_clusters, nobs, n_params
    return G / (G - 1) * (N - 1) / (N - K)


def check_sample(data: pd.DataFrame, needed, entity: str, time: str | None, what: str) -> None:
    """Raise :class:`TableError` if a column is missing, an entity-period repeats, or a value is missing."""
    missing = [c for c in needed if c not in data.columns]
    if missing:
        raise TableError(f"{what}: missing columns {missing}.")
    if time and data.duplicated([entity, time]).any():
        raise TableError(f"{what}: duplicated {entity}-{time} rows.")
    incomplete = data[list(needed)].isna().any(axis=1)
    if incomplete.any():
        raise TableError(
            f"{what}: {int(incomplete.sum())} rows have missing values in {list(needed)}; "
            "build the sample explicitly (e.g. with lib.panel.country_panel) so no row is lost silently."
        )


def _design(data: pd.DataFrame, y: str, x: list[str], time: str | None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    X = data[x].astype(float)
    if time is not None:
        dummies = pd.get_dummies(data[time], prefix=time, drop_first=True, dtype=float)
        X = pd.concat([X, dummies], axis=1)
    return data[y].to_numpy(float), X, list(X.columns)


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
        Dependent variable and regressors (column names).
    entity
        Fixed effects and clusters (default ``country``).
    time
        Period variable for the year dummies; ``None`` for no time effects.
    label
        Name of the column in tables.

    Raises
    ------
    TableError
        If a column is missing, a value is missing, or an entity-period is duplicated.
    """
    x = list(x)
    check_sample(data, [entity, *([time] if time else []), y, *x], entity, time, f"regression of {y}")
    yv, Xdf, names = _design(data, y, x, time)
    groups = data[entity].to_numpy()
    W = pd.concat([pd.Series(yv, index=Xdf.index, name="__y"), Xdf], axis=1)
    Wt = W - W.groupby(groups).transform("mean") + W.mean()
    yt = Wt["__y"].to_numpy()
    Xt = np.column_stack([Wt[names].to_numpy(), np.ones(len(Wt))])
    names = [*names, "const"]
    XtX_inv = np.linalg.inv(Xt.T @ Xt)
    beta = XtX_inv @ (Xt.T @ yt)
    u = yt - Xt @ beta
    N, K = Xt.shape
    codes, uniques = pd.factorize(groups)
    G = len(uniques)
    scores = np.zeros((G, K))
    np.add.at(scores, codes, Xt * u[:, None])
    meat = scores.T @ scores
    V = XtX_inv @ meat @ XtX_inv * stata_cluster_factor(N, G, K)
    within_y = yv - pd.Series(yv).groupby(groups).transform("mean").to_numpy()
    r2_within = 1.0 - (u @ u) / (within_y @ within_y)
    keep = [i for i, n in enumerate(names) if not (time and n.startswith(f"{time}_"))]
    kept = [names[i] for i in keep]
    return FEResult(
        dependent=y,
        params=pd.Series(beta[keep], index=kept),
        se=pd.Series(np.sqrt(np.diag(V)[keep]), index=kept),
        vcov=pd.DataFrame(V[np.ix_(keep, keep)], index=kept, columns=kept),
        nobs=N,
        n_clusters=G,
        r2_within=float(r2_within),
        df_t=G - 1,
        label=label or y,
        notes={"K": K, "entity": entity, "time": time},
    )


def interaction_test(
    data: pd.DataFrame, y: str, x: str, controls, group: str = "developed", entity: str = "country", time: str = "year"
) -> FEResult:
    """Pooled, fully interacted version of split-sample regressions.

    Every regressor and every year dummy enters alone and interacted with the 0/1
    ``group``; the coefficient on ``{x}:{group}`` is the difference between the two
    groups' effects of ``x`` (equal to the difference of split-sample estimates),
    with a clustered standard error that accounts for both groups at once.
    """
    frame = data.copy()
    g = frame[group].astype(float)
    regressors = [x, *controls]
    for v in regressors:
        frame[f"{v}:{group}"] = frame[v] * g
    years = pd.get_dummies(frame[time], prefix="yr", drop_first=True, dtype=float)
    inter_years = years.mul(g, axis=0).add_suffix(f":{group}")
    frame = pd.concat([frame, years, inter_years], axis=1)
    columns = [*regressors, *(f"{v}:{group}" for v in regressors), *years.columns, *inter_years.columns]
    result = xtreg_fe(frame, y, columns, entity=entity, time=None, label=f"{y}, interacted")
    drop = set(years.columns) | set(inter_years.columns)
    keep = [n for n in result.params.index if n not in drop]
    return replace(result, params=result.params[keep], se=result.se[keep], vcov=result.vcov.loc[keep, keep])


def regression_table(results: dict[str, FEResult], terms=None, digits: int = 4) -> pd.DataFrame:
    """A publication table: coefficient with stars, standard error in parentheses below, then N and R².

    Parameters
    ----------
    results
        Column label -> fitted result (or a :class:`PublishedColumn`).
    terms
        Rows to show, in order (default: union of all terms, constant last).
    """
    if terms is None:
        terms = []
        for r in results.values():
            terms += [t for t in r.params.index if t not in terms and t != "const"]
        terms.append("const")
    rows = {}
    for term in terms:
        rows[term] = {}
        rows[f"{term} "] = {}
        for label, r in results.items():
            if term in r.params.index and np.isfinite(r.params[term]):
                rows[term][label] = f"{r.params[term]:.{digits}f}{stars(r.pvalues[term])}"
                rows[f"{term} "][label] = f"({r.se[term]:.{digits}f})"
            else:
                rows[term][label] = rows[f"{term} "][label] = ""
    rows["Year FE"] = {label: "yes" for label in results}
    rows["Country FE"] = {label: "yes" for label in results}
    rows["Observations"] = {label: f"{r.nobs:,}" for label, r in results.items()}
    rows["Countries (clusters)"] = {label: f"{r.n_clusters}" for label, r in results.items()}
    rows["R² (within)"] = {label: f"{r.r2_within:.4f}" for label, r in results.items()}
    table = pd.DataFrame(rows).T
    table.index = [i.rstrip() if i.endswith(" ") else i for i in table.index]
    table.index = [("" if i == prev else i) for i, prev in zip(table.index, [None, *table.index[:-1]])]
    return table[list(results)]


@dataclass(frozen=True)
class PublishedColumn:
    """One column of a published regression table, shaped like :class:`FEResult` for rendering."""

    dependent: str
    params: pd.Series
    se: pd.Series
    stars_published: pd.Series
    nobs: int
    r2_within: float
    n_clusters: int | str = "n/a"
    label: str = ""

    @property
    def pvalues(self) -> pd.Series:
        """p-values implied by the published stars (midpoints of the bands), for rendering only."""
        return self.stars_published.map({3: 0.005, 2: 0.03, 1: 0.07, 0: 0.5})


def published_column(tables: pd.DataFrame, table: str, column: str) -> PublishedColumn:
    """Read one column of the paper's Table 3-6 (from :func:`lib.paper.published_tables`)."""
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
