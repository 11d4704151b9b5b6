"""The words of the chapter *Robustness* (``chapters/robustness.ipynb``) and of its appendix on the
identification of the 2SLS estimates (``chapters/robustness_iv.ipynb``: :func:`table_first_stage` and
:func:`identification`; the chapter states the result with :func:`iv_tests`).

Each public function of a section takes the results the notebook computed in its visible cells and
returns a :class:`lib.report.book.Passage` (the phrases of ``{eval}`txt.name``` and the guards), a
table (what :func:`lib.report.book.table` returns) or a matplotlib figure. Columns are the keys of
the paper's Table 3 (``"(3)"``, ``"(4)"``); ``columns`` maps them to the dependent variable, as the
notebook's ``COLUMNS``. The small helpers at the top compute numbers; the wording is in the section
functions below them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...data import countries
from ...econometrics.estimation import joint_p
from ...econometrics.significance import STARS_LEGEND
from .. import book, claims, scorecard

CONVENTIONS = ("book", "xtivreg2")
STARS_NOTE = STARS_LEGEND


# --------------------------------------------------------------------------- numbers


def validate(lag, iv_convention, weights, kof_alternative, reps, seed, decomposition_year, years):
    """Check the chapter's parameters (a ValueError naming the parameter otherwise) and return the
    decomposition year: ``decomposition_year``, or the last year of ``years`` when it is ``None``."""
    book.require(lag, range(1, 6), "LAG")
    book.require(iv_convention, CONVENTIONS, "IV_CONVENTION")
    book.require(weights, ("webb", "rademacher"), "WEIGHTS")
    book.require(kof_alternative, ("2019", "2023"), "KOF_ALTERNATIVE")
    if not (isinstance(reps, int) and reps >= 99):
        raise ValueError(f"Parameter REPS = {reps!r}: use a whole number of bootstrap draws of at least 99, e.g. 9999.")
    if not isinstance(seed, int):
        raise ValueError(f"Parameter SEED = {seed!r}: use an integer, e.g. 2021.")
    return years[-1] if decomposition_year is None else book.require(decomposition_year, years, "DECOMPOSITION_YEAR")


def estimate(result, name: str = "tbi") -> tuple[float, float]:
    """(coefficient, p-value) of one regressor: what the verdicts need."""
    return float(result.params[name]), float(result.pvalues[name])


def pshow(p) -> str:
    """A p-value for a table or the text: 3 decimals (:func:`lib.report.book.pvalue`), or 4 where rounding
    to 3 decimals would cross a star level (0.0997, not 0.100)."""
    text = book.pvalue(p)
    crosses = claims.n_stars(float(text)) != claims.n_stars(p)
    return f"{p:.4f}" if p >= 0.001 and crosses else text


def dva_gap(tbi_all: pd.DataFrame, dva: pd.DataFrame, shares: pd.DataFrame, year: int) -> pd.DataFrame:
    """The two indices in one year, by country: ``tbi``, ``tbi_dva``, their difference ``gap``
    (DVA-based minus the paper's) and the foreign content of exports ``foreign`` (% of gross exports)."""
    both_years = tbi_all[["country", "year", "tbi"]].merge(dva, on=["country", "year"])
    in_year = both_years[both_years["year"] == year].set_index("country")
    in_year["gap"] = in_year["tbi_dva"] - in_year["tbi"]
    in_year["foreign"] = shares["foreign"].reindex(in_year.index)
    return in_year


def _k(col: str) -> str:
    """``"(3)"`` -> ``"3"``: the suffix of a column's phrases."""
    return col.strip("()")


def _paper_full(paper: float, stars) -> str:
    """The paper's coefficient as it prints it: ``10.2601***``."""
    return f"{paper:.4f}" + "*" * int(stars)


def _paper_full_of(card: pd.DataFrame, col: str) -> str:
    row = card[card["column"] == col].iloc[0]
    return _paper_full(row["paper"], row["paper_stars"])


def _base_card(baseline: dict) -> pd.DataFrame:
    """The baseline's claim card (paper's coefficient and stars, our estimate, verdict), by column."""
    return scorecard.claim_card({c: estimate(r) for c, r in baseline.items()}, "baseline").set_index("column")


def _table3_columns(boot: dict) -> list[str]:
    return [c for t, c in boot if t == "3"]


def _weakest(boot: dict) -> str:
    """The full-sample column with the larger bootstrap p-value."""
    return max(_table3_columns(boot), key=lambda c: boot[("3", c)]["p_bootstrap"])


def _some(n: int, total: int) -> str:
    """``"none"``, ``"all"`` or the number."""
    return "none" if n == 0 else "all" if n == total else str(n)


# --------------------------------------------------------------------------- the baseline


def baseline(baseline: dict, data: pd.DataFrame, kof_alternative: str) -> book.Passage:
    """The baseline TBI coefficients of columns 3 and 4 against the paper's, and the sample."""
    card = _base_card(baseline)
    out = book.Passage()
    for col, row in card.iterrows():
        k = _k(col)
        out.say(f"b{k}", book.num(row["ours"], ".2f")).say(f"p{k}", pshow(row["ours_p"]))
        out.say(f"sig{k}", claims.significance(row["ours_p"])).say(f"paper{k}", book.num(row["paper"], ".2f"))
        out.say(f"paper_sig{k}", claims.significance_of_stars(int(row["paper_stars"])))
        out.say(f"paper_full{k}", _paper_full(row["paper"], row["paper_stars"])).say(f"verdict{k}", row["verdict"])
    out.say("n_obs", len(data)).say("n_countries", data["country"].nunique()).say("years", book.years_of(data))
    out.say("kof_alt", kof_alternative)
    out.check(set(card["verdict"]) <= set(claims.VERDICTS), "every baseline column has a verdict")
    return out


# --------------------------------------------------------------------------- 2SLS


def table_2sls(iv: dict, baseline: dict, columns: dict, lag: int):
    """The 2SLS estimates in both conventions under the OLS baseline (``tbl-robustness-2sls``)."""
    second = pd.DataFrame(index=["OLS (baseline)", "", "2SLS, book", " ", "  p, book", "2SLS, xtivreg2", "  ",
                                 "  p, xtivreg2", "observations"])  # fmt: skip
    for col, y in columns.items():
        cells = [book.coef(*estimate(baseline[col])), book.se(baseline[col].se["tbi"])]
        for convention in CONVENTIONS:
            r = iv[(col, convention)].second
            cells += [book.coef(*estimate(r)), book.se(r.se["tbi"]), pshow(r.pvalues["tbi"])]
        cells.append(f"{iv[(col, 'book')].second.nobs:,}")
        second[f"{col} {y}"] = cells
    return book.table(second, f"2SLS estimates of the TBI coefficient in columns 3 and 4, instrument TBI(t−{lag}), "
                      "with the OLS baseline on top. Clustered standard errors in parentheses; "
                      f"{STARS_NOTE}, each in its own convention (book: t(G − 1); xtivreg2: normal).",
                      "tbl-robustness-2sls")  # fmt: skip


def table_first_stage(iv: dict, lag: int):
    """The first stage and the identification tests in both conventions (``tbl-robustness-firststage``)."""
    first = pd.DataFrame(index=[f"first stage: coefficient on TBI(t−{lag})", "", "KP rk LM (underidentification)",
                                "  p-value, χ²(1)", "KP rk Wald F (weak identification)", "Cragg–Donald Wald F",
                                "Stock–Yogo critical value, 10 % size", "K in the small-sample factor"])  # fmt: skip
    for convention in CONVENTIONS:
        r = iv[("(3)", convention)]
        first[convention] = [book.coef(*estimate(r.first, "tbi_lag")), book.se(r.first.se["tbi_lag"]),
                             f"{r.kp_lm:.2f}", pshow(r.kp_lm_p), f"{r.kp_f:.2f}", f"{r.cd_f:.2f}",
                             f"{r.stock_yogo_10:.2f}", str(r.dof["K"]) if convention == "book" or r.small else "none"]
    dof = iv[("(3)", "book")].dof
    return book.table(first, "First stage and identification tests of the 2SLS estimates (the same for columns 3 "
                      "and 4: one sample, one first stage). Column 'book': Stata xtreg's cluster factor with K = "
                      f"{dof['K']} (constant counted), t(G − 1), KP F = squared first-stage t, CD F with N − G − K "
                      "degrees of freedom. Column 'xtivreg2': xtivreg2's conventions without 'small' (no factor, "
                      f"normal p-values, L = {dof['L']} instruments without the constant), KP F scaled by "
                      "(N − L)/(N − 1)·(G − 1)/G, CD F with N − L − G degrees of freedom.",
                      "tbl-robustness-firststage", align={"xtivreg2": "right"})  # fmt: skip


def _first_stage_guards(out: book.Passage, iv: dict) -> None:
    """The identification statistics agree where they must: one first stage for columns 3 and 4, the
    Kleibergen–Paap LM test alike in both conventions, and KP F the squared first-stage t in the book's."""
    ref = iv[("(3)", "book")]
    for name in ("kp_lm", "kp_lm_p"):
        out.check(all(np.isclose(getattr(iv[key], name), getattr(ref, name)) for key in iv),
                  f"{name} is the same in both conventions and columns")
    out.check(all(np.isclose(iv[(c, conv)].kp_f, iv[("(3)", conv)].kp_f) for c, conv in iv),
              "one first stage for columns 3 and 4")
    out.check(np.isclose(ref.kp_f, (ref.first.params["tbi_lag"] / ref.first.se["tbi_lag"]) ** 2),
              "book convention: KP F equals the squared first-stage t statistic")


def _above_below(above: list[bool], value: str) -> str:
    """``"above <value> in both conventions"``, ``"below ..."`` or above in one and below in the other."""
    return (f"above {value} in both conventions" if all(above) else f"below {value} in both conventions"
            if not any(above) else f"above {value} in one convention and below it in the other")


def _tests(iv: dict, lag: int) -> dict[str, str]:
    """The phrases of the first stage and the identification tests that the chapter and its appendix share,
    and ``relation``, the KP F against the Stock–Yogo critical value written out."""
    ref = iv[("(3)", "book")]
    kp_f = {conv: iv[("(3)", conv)].kp_f for conv in CONVENTIONS}
    sy = book.num(ref.stock_yogo_10, ".2f")
    above = [kp_f[c] > ref.stock_yogo_10 for c in kp_f]
    passes = claims.rejects(ref.kp_lm_p) and all(above)
    return {
        "lag_years": "one year" if lag == 1 else f"{lag} years",
        "pi": book.num(ref.first.params["tbi_lag"], ".2f"), "pi_01": book.num(0.1 * ref.first.params["tbi_lag"], ".3f"),
        "kp_lm_p": pshow(ref.kp_lm_p),
        "underid": claims.rejection_words(ref.kp_lm_p, "underidentification"),
        "kp_f_book": book.num(kp_f["book"], ".1f"), "kp_f_x": book.num(kp_f["xtivreg2"], ".1f"), "sy": sy,
        "kp_vs_sy": _above_below(above, "the critical value"),
        "relation": _above_below(above, f"the Stock–Yogo critical value of {sy}"),
        "iv_claim": ("as the paper says, the lagged TBI passes both tests" if passes else
                     "unlike what the paper says, the lagged TBI does not pass both tests")
                    + ("" if lag == 1 else " (the paper's claim concerns the one-year lag)"),
        "kp_diff": book.num(100 * abs(kp_f["xtivreg2"] / kp_f["book"] - 1), ".1f"),
    }  # fmt: skip


def iv_tests(iv: dict, lag: int) -> book.Passage:
    """For the chapter: whether the lagged TBI passes the two identification tests, in one sentence
    (``iv_tests``), the first stage (``pi``, ``pi_01``) and the numbers of the summary; the appendix gives the
    details (:func:`identification`)."""
    out = book.Passage()
    _first_stage_guards(out, iv)
    ref = iv[("(3)", "book")]
    out.check_if(lag == 1, ref.first.params["tbi_lag"] > 0.5,
                 "the TBI is persistent: last year's TBI has a first-stage coefficient above 0.5 (the warning below)")
    t = _tests(iv, lag)
    out.say("lag", lag)
    for name in ("lag_years", "pi", "pi_01", "kp_f_book", "kp_f_x", "sy", "iv_claim"):
        out.say(name, t[name])
    out.say("iv_tests", f"{t['iv_claim'][0].upper()}{t['iv_claim'][1:]}: the Kleibergen–Paap LM test {t['underid']} "
            f"(p = {t['kp_lm_p']}), and the Kleibergen–Paap F, {t['kp_f_book']} in the book's convention and "
            f"{t['kp_f_x']} in xtivreg2's, is {t['relation']}.")
    return out


def identification(iv: dict, data: pd.DataFrame, iv_data: pd.DataFrame, lag: int) -> book.Passage:
    """For the appendix: the first stage and every identification test in both conventions, and the
    observations the lag costs; guards that the statistics agree where they must."""
    out = book.Passage()
    _first_stage_guards(out, iv)
    ref = iv[("(3)", "book")]
    t = _tests(iv, lag)
    for name in ("lag_years", "pi", "pi_01", "kp_lm_p", "underid", "kp_f_book", "kp_f_x", "sy", "kp_vs_sy",
                 "iv_claim", "kp_diff"):  # fmt: skip
        out.say(name, t[name])
    out.say("iv_lost", f"The 2SLS sample loses {len(data) - len(iv_data)} country-years without a lagged TBI."
            if len(iv_data) < len(data) else
            "No country-year is lost for want of a lagged TBI: the release starts early enough.")
    out.say("kp_lm", book.num(ref.kp_lm, ".1f"))
    out.say("cd_f_book", book.num(ref.cd_f, ".1f")).say("cd_f_x", book.num(iv[("(3)", "xtivreg2")].cd_f, ".1f"))
    return out


def iv_estimates(iv: dict, baseline: dict, convention: str) -> book.Passage:
    """The 2SLS estimates against OLS: distance in 2SLS standard errors, precision, p-values in both
    conventions, and what the comparison can say about same-year feedback."""
    out = book.Passage()
    gaps = {}
    for col, base in baseline.items():
        k = _k(col)
        for conv, tag in (("book", "book"), ("xtivreg2", "x")):
            r = iv[(col, conv)].second
            out.say(f"iv_se{k}_{tag}", book.num(r.se["tbi"], ".2f")).say(f"iv_p{k}_{tag}", pshow(r.pvalues["tbi"]))
        r = iv[(col, convention)].second
        out.say(f"iv_b{k}", book.num(r.params["tbi"], ".2f"))
        gaps[col] = abs(r.params["tbi"] - base.params["tbi"]) / r.se["tbi"]
        out.say(f"iv_gap{k}", book.num(gaps[col], ".2f"))
        out.say(f"iv_close{k}", "within one 2SLS standard error of" if gaps[col] < 1 else
                "more than one 2SLS standard error from")
        out.say(f"iv_se_ratio{k}", book.num(r.se["tbi"] / base.se["tbi"], ".1f"))
    out.say("iv_convention", convention)
    ratios = claims.join(out[f"iv_se_ratio{_k(c)}"] for c in baseline)
    out.say("iv_feedback", "The 2SLS estimates stay within one 2SLS standard error of OLS, so this comparison does "
            f"not detect same-year feedback from policy to the TBI; with standard errors {ratios} times those of "
            "OLS it could detect only a large difference, and a non-rejection is no evidence that there is none"
            if max(gaps.values()) < 1 else
            "The 2SLS estimates move more than one standard error away from OLS, so same-year feedback from "
            "policy to the TBI may be part of the association")  # fmt: skip
    stars_same = all(claims.n_stars(iv[(c, "book")].second.pvalues["tbi"])
                     == claims.n_stars(iv[(c, "xtivreg2")].second.pvalues["tbi"]) for c in baseline)
    out.say("iv_stars_conventions", "The two conventions give every 2SLS estimate the same stars." if stars_same else
            "The two conventions give the 2SLS estimates different stars, so the choice matters here.")
    return out


# --------------------------------------------------------------------------- decomposition and the DVA-based TBI


EXAMPLES = ("CHN", "USA", "DEU", "JPN", "KOR", "MEX", "IRL", "LUX")


def table_kww(shares: pd.DataFrame, year: int):
    """The value-added components of selected countries' gross exports (``tbl-robustness-kww``)."""
    examples = [c for c in EXAMPLES if c in shares.index]
    shown = shares.loc[examples].rename(index=countries.name, columns={"foreign": "FVA + FDC"}).rename_axis("exporter")
    return book.table(shown, f"Gross exports of selected countries split into value-added components, {year}, "
                      "in % of gross exports (WWZ/KWW decomposition). VAX + REF = DVA; FVA + FDC is the foreign "
                      "content.", "tbl-robustness-kww", formats={c: ".1f" for c in shown.columns})


def decomposition(shares: pd.DataFrame, parts, year: int) -> book.Passage:
    """Where the foreign content of exports is largest and smallest, and how small double counting is."""
    out = book.Passage()
    out.check(np.allclose(shares[parts].sum(axis=1), 100, atol=0.1), "the five components add up to gross exports")
    foreign = shares["foreign"]
    out.say("dec_year", str(year))
    out.say("foreign_top", ", ".join(f"{countries.name(c)} ({v:.0f} %)" for c, v in foreign.nlargest(3).items()))
    out.say("foreign_bottom", ", ".join(f"{countries.name(c)} ({v:.0f} %)" for c, v in foreign.nsmallest(3).items()))
    out.say("foreign_median", book.num(foreign.median(), ".0f")).say("ddc_max", book.num(shares["DDC"].max(), ".1f"))
    return out


def table_dva(baseline: dict, dva_results: dict, columns: dict):
    """Columns 3 and 4 with the DVA-based TBI beside the baseline (``tbl-robustness-dva``)."""
    rows = {}
    for col, y in columns.items():
        r_base, r_dva = baseline[col], dva_results[col]
        rows[f"{col} {y}"] = {"TBI (paper's)": book.coef(*estimate(r_base)), "SE": book.se(r_base.se["tbi"]),
                              "TBI (DVA)": book.coef(*estimate(r_dva, "tbi_dva")), "SE ": book.se(r_dva.se["tbi_dva"]),
                              "p (DVA)": pshow(r_dva.pvalues["tbi_dva"])}  # fmt: skip
    return book.table(pd.DataFrame(rows).T.rename_axis("column"), "Columns 3 and 4 of Table 3 with the TBI built from "
                      "domestic value added in exports, beside the baseline with the paper's TBI. Clustered SEs in "
                      f"parentheses; {STARS_NOTE}.", "tbl-robustness-dva")


def dva_index(data_dva: pd.DataFrame, dva_results: dict, baseline: dict, in_year: pd.DataFrame,
              release: str) -> book.Passage:  # fmt: skip
    """The DVA-based TBI against the paper's: coefficients, correlation and spread within countries, and
    the gap between the two indices against the foreign content of exports (``in_year``, :func:`dva_gap`)."""
    out = book.Passage()
    out.check(data_dva["tbi_dva"].notna().all(), "every country-year of the panel has a DVA-based TBI")
    demeaned = data_dva[["tbi", "tbi_dva"]] - data_dva.groupby("country")[["tbi", "tbi_dva"]].transform("mean")
    r_within = demeaned.corr().iloc[0, 1]
    out.say("dva_r_within", book.num(r_within, ".2f")).say("dva_r_within_word", claims.correlation(r_within))
    out.say("dva_r_pooled", book.num(data_dva[["tbi", "tbi_dva"]].corr().iloc[0, 1], ".2f"))
    for col, base in baseline.items():
        k = _k(col)
        b, p = estimate(dva_results[col], "tbi_dva")
        out.say(f"dva_b{k}", book.num(b, ".2f")).say(f"dva_p{k}", pshow(p))
        out.say(f"dva_sig{k}", claims.significance(p)).say(f"dva_ratio{k}", book.num(b / base.params["tbi"], ".2f"))
    sd_ratio = demeaned["tbi_dva"].std() / demeaned["tbi"].std()
    out.say("dva_sd_ratio", book.num(sd_ratio, ".2f")).say("dva_sd_word", "less" if sd_ratio < 1 else "more")
    out.check(in_year["foreign"].notna().all(), "every country of the DVA panel has a decomposition")
    r_gap = in_year[["gap", "foreign"]].corr().iloc[0, 1]
    out.check_if(release == "2013", r_gap < -0.5,
                 "the DVA-based TBI is lower than the TBI where exports contain more foreign value added")
    out.say("gap_r", book.num(r_gap, ".2f")).say("gap_r_word", claims.correlation(r_gap))
    flip = in_year.index[np.sign(in_year["tbi"]) != np.sign(in_year["tbi_dva"])]
    out.say("n_flip", claims.count(len(flip), len(in_year), "countries"))
    out.say("flip_list", ", ".join(countries.name(c) for c in sorted(flip)) if len(flip) else "none")
    if len(flip) and len(flip) < len(in_year):
        f_in, f_out = in_year.loc[flip, "foreign"].mean(), in_year.drop(index=flip)["foreign"].mean()
        out.say("flip_foreign", f"Their exports contain on average {f_in:.0f} % foreign value added, against "
                f"{f_out:.0f} % for the other countries.")
    else:
        out.say("flip_foreign", "")
    out.say("gap_min_who", countries.name(in_year["gap"].idxmin()))
    out.say("gap_min", book.num(in_year["gap"].min(), ".2f"))
    return out


def figure_dva_gap(in_year: pd.DataFrame, year: int):
    """The DVA-based TBI minus the paper's against the foreign content of exports (``fig-robustness-dva-gap``)."""
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.scatter(in_year["foreign"], in_year["gap"], s=18, color="tab:blue")
    # label the largest differences, skipping labels that would overlap
    placed = []
    for code in in_year["gap"].abs().nlargest(12).index:
        x, y = in_year.loc[code, "foreign"], in_year.loc[code, "gap"]
        clear = all(abs(x - px) > 3 or abs(y - py) > 0.04 for px, py in placed)
        if len(placed) < 8 and clear:
            ax.annotate(code, (x, y), fontsize=9, xytext=(4, 2), textcoords="offset points")
            placed.append((x, y))
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(f"foreign value added in gross exports, {year} (%)")
    ax.set_ylabel("TBI from DVA minus TBI (index)")
    return fig


# --------------------------------------------------------------------------- the paper's claims


def table_claims(claim_card: pd.DataFrame, convention: str):
    """The paper's two robustness claims judged in its star convention (``tbl-robustness-claims``)."""
    return book.table(pd.DataFrame({
        "check": claim_card["check"], "column": claim_card["column"] + " " + claim_card["dependent"],
        "ours": [book.coef(b, p) for b, p in zip(claim_card["ours"], claim_card["ours_p"])],
        "p": [pshow(p) for p in claim_card["ours_p"]],
        "verdict": claim_card["verdict"],
    }), f"The paper's two robustness claims judged in its star convention: our 2SLS estimate ({convention} "
        "convention) and our estimate with the DVA-based TBI, against the paper's Table 3 estimate (column 3: "
        f"{_paper_full_of(claim_card, '(3)')}, column 4: {_paper_full_of(claim_card, '(4)')}); {STARS_NOTE}.",
        "tbl-robustness-claims", index=False)  # fmt: skip


def claims_judged(claim_card: pd.DataFrame, iv: dict, convention: str) -> book.Passage:
    """How many of the two checks keep the paper's sign and stars, and whether the other 2SLS convention
    would change a verdict."""
    out = book.Passage()
    out.check(claim_card["verdict"].isin(claims.VERDICTS).all(), "every claim has a verdict")
    n_claims = len(claim_card)
    k_rep = int((claim_card["verdict"] == claims.REPRODUCED).sum())
    k_sign = int(claim_card["verdict"].isin([claims.REPRODUCED, claims.WEAKER]).sum())
    out.say("claims_rep", claims.count(k_rep, n_claims, "estimates")).say("claims_sig", claims.count(k_sign, n_claims))
    held = claim_card[claim_card["verdict"] == claims.REPRODUCED]
    out.say("claims_which", "" if k_rep in (0, n_claims) else
            " (" + "; ".join(f"{r.check}, column {_k(r.column)}" for r in held.itertuples()) + ")")
    other = "xtivreg2" if convention == "book" else "book"
    changed = []
    for col in claim_card["column"].unique():
        first = claim_card[claim_card["column"] == col].iloc[0]
        again = claims.verdict(first["paper"], int(first["paper_stars"]), *estimate(iv[(col, other)].second))
        if again != first["verdict"]:
            changed.append(col)
    out.say("claims_other_conv", f"The {other} convention gives the same 2SLS verdicts." if not changed else
            f"In the {other} convention the 2SLS verdict changes in column(s) {', '.join(changed)}.")
    return out


# --------------------------------------------------------------------------- horse race


def _race_cell(r, name: str) -> str:
    return book.coef(*estimate(r, name)) if name in r.params.index else ""


def table_race(race: dict, models: dict, columns: dict):
    """The horse race of the value-added and the customs TBI (``tbl-robustness-race``)."""
    race_table = pd.DataFrame([{
        "column": f"{col} {columns[col]}", "TBI in the model": name,
        "value-added TBI": _race_cell(r, "tbi"), "customs TBI": _race_cell(r, "tbi_gross"),
        "within R²": f"{r.r2_within:.4f}",
        "joint p": pshow(joint_p(r, models[name])) if len(models[name]) == 2 else "",
    } for (col, name), r in race.items()])  # fmt: skip
    return book.table(race_table, "Horse race between the value-added and the customs TBI in columns 3 and 4: "
                      f"coefficients ({STARS_NOTE}, clustered), within R² and, for the model "
                      "with both, the p-value of the joint test that both coefficients are zero.",
                      "tbl-robustness-race", index=False)  # fmt: skip


def race_phrase(p_va: float, p_gross: float, p_joint: float) -> str:
    """What the model with both indices says, in words generated from its three p-values (10 %)."""
    if p_va < 0.1 and p_gross >= 0.1:
        return "the value-added index keeps an effect of its own and the customs index does not: value added wins"
    if p_gross < 0.1 and p_va >= 0.1:
        return "the customs index keeps an effect of its own and the value-added index does not: customs wins"
    if p_va < 0.1 and p_gross < 0.1:
        return "both indices keep an effect of their own"
    if p_joint < 0.1:
        return ("neither index is significant on its own, but together they are: the TBI matters, and the data "
                "cannot tell which of the two versions carries the effect")
    return "neither index is significant, on its own or jointly: the race has no winner"


def horse_race(race: dict, models: dict, data: pd.DataFrame) -> book.Passage:
    """The race in words: what each index adds to the controls, the model with both, and what it means for
    the paper's claim that value added reveals the true trade benefits."""
    out = book.Passage()
    within = data[["tbi", "tbi_gross"]] - data.groupby("country")[["tbi", "tbi_gross"]].transform("mean")
    r = within.corr().iloc[0, 1]
    out.say("race_r", book.num(r, ".3f")).say("race_r_word", claims.correlation(r))
    va_wins = {}
    for col in dict.fromkeys(c for c, _ in race):
        k = _k(col)
        r0, rva, rg, rb = (race[(col, m)] for m in models)
        out.say(f"r2_0_{k}", book.num(r0.r2_within, ".4f"))
        out.say(f"r2_add_va{k}", book.num(rva.r2_within - r0.r2_within, ".4f"))
        out.say(f"r2_add_g{k}", book.num(rg.r2_within - r0.r2_within, ".4f"))
        p_va, p_g, p_j = rb.pvalues["tbi"], rb.pvalues["tbi_gross"], joint_p(rb, ["tbi", "tbi_gross"])
        out.say(f"both_p_va{k}", pshow(p_va)).say(f"both_p_g{k}", pshow(p_g)).say(f"both_p_joint{k}", pshow(p_j))
        out.say(f"race{k}", race_phrase(p_va, p_g, p_j))
        signs = np.sign(rb.params[["tbi", "tbi_gross"]])
        out.say(f"both_signs{k}", "point estimates of opposite signs" if signs.iloc[0] != signs.iloc[1]
                else "point estimates of the same sign")
        va_wins[col] = p_va < 0.1 and p_g >= 0.1
    out.say("race_caveat", "And the horse race shows that the value-added part of the argument, the paper's "
            "contribution, is the part these regressions cannot confirm." if not any(va_wins.values()) else
            "The horse race, for its part, supports the value-added reading in at least one column.")
    out.say("race_claim", "So these regressions do not support the paper's claim that value added reveals the 'true' "
            "trade benefits that drive policy: in a model that contains both indices, the value-added TBI has no "
            "significant effect of its own in either column." if not any(va_wins.values()) else
            "In column(s) " + ", ".join(c for c, w in va_wins.items() if w) + " the value-added index "
            "wins, in line with the paper's claim that value added reveals the 'true' trade benefits.")  # fmt: skip
    return out


def figure_va_gross(data: pd.DataFrame):
    """Mean absolute gap between the value-added and the customs TBI, 12 largest (``fig-robustness-va-gross``)."""
    gap = (data["tbi"] - data["tbi_gross"]).abs().groupby(data["country"]).mean()
    gap = gap.nlargest(12).sort_values()
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.barh([countries.name(c) for c in gap.index], gap.to_numpy(), color="tab:purple")
    ax.set_xlabel("mean |TBI (value added) − TBI (customs)| (index)")
    ax.grid(axis="y", visible=False)
    return fig


# --------------------------------------------------------------------------- wild cluster bootstrap


def table_boot(boot: dict, weights: str, seed: int):
    """Clustered and bootstrap p-values of the regressions of Tables 3 and 4 (``tbl-robustness-boot``)."""
    boot_table = pd.DataFrame([{
        "regression": f"Table {t} {c}", "sample": scorecard.PAPER_SPECS[(t, c)][1],
        "index": scorecard.PAPER_SPECS[(t, c)][0], "countries": b["n_clusters"], "t": f"{b['t']:.2f}",
        "p, clustered": pshow(b["p_cluster"]) + claims.stars(b["p_cluster"]),
        "p, bootstrap": pshow(b["p_bootstrap"]) + "*" * claims.mc_stars(b["p_bootstrap"], b["p_mc_se"])[0],
        "MC SE": f"{b['p_mc_se']:.4f}",
    } for (t, c), b in boot.items()])  # fmt: skip
    return book.table(boot_table, "Clustered and wild cluster bootstrap p-values of the TBI coefficient (restricted "
                      f"bootstrap, {next(iter(boot.values()))['reps']:,} draws, {weights} weights, seed {seed}); "
                      "clustered p-values from t(G − 1). MC SE: the Monte Carlo standard error of the bootstrap "
                      "p-value; a bootstrap star is shown only when the 99 % Monte Carlo interval of p lies wholly "
                      "below its level (* 10 %, ** 5 %, *** 1 %).", "tbl-robustness-boot", index=False)  # fmt: skip


def bootstrap(boot: dict, reps: int, weights: str) -> book.Passage:
    """The bootstrap against the clustered p-values: stars kept, the largest difference, and which stars
    the Monte Carlo error of the draws could flip."""
    out = book.Passage()
    out.check(all(b["reps"] == reps or b["enumerated"] for b in boot.values()), "every bootstrap used REPS draws")
    same_stars = sum(claims.mc_stars(b["p_bootstrap"], b["p_mc_se"])[0] == claims.n_stars(b["p_cluster"])
                     for b in boot.values())
    out.say("n_boot", len(boot)).say("boot_same", claims.count(int(same_stars), len(boot), "regressions"))
    out.say("boot_weights", "Webb's six-point" if weights == "webb" else "Rademacher (±1)").say("reps", f"{reps:,}")
    for col in _table3_columns(boot):
        b = boot[("3", col)]
        out.say(f"boot_p{_k(col)}", pshow(b["p_bootstrap"])).say(f"boot_pc{_k(col)}", pshow(b["p_cluster"]))
    diffs = {key: b["p_bootstrap"] - b["p_cluster"] for key, b in boot.items()}
    largest = max(diffs, key=lambda key: abs(diffs[key]))
    out.say("boot_largest", f"Table {largest[0]} {largest[1]}")
    out.say("boot_largest_pc", pshow(boot[largest]["p_cluster"]))
    out.say("boot_largest_pb", pshow(boot[largest]["p_bootstrap"]))
    fragile = [(t, c, b["p_bootstrap"], b["p_mc_se"], claims.mc_stars(b["p_bootstrap"], b["p_mc_se"])[1])
               for (t, c), b in boot.items() if claims.mc_stars(b["p_bootstrap"], b["p_mc_se"])[1]]
    out.say("boot_fragile", " ".join(f"The 99 % Monte Carlo interval of the bootstrap p-value of Table {t} {c} "
                                     f"({p:.4f}, Monte Carlo SE {se:.4f}) contains a star level, so the draws could "
                                     f"flip that star and it is not given: {note} (more draws or a different seed "
                                     "could decide it; the third exercise shows how much p moves)."
                                     for t, c, p, se, note in fragile)
            if fragile else "No 99 % Monte Carlo interval of a bootstrap p-value contains a star level, so no "
            "star depends on the random draws.")  # fmt: skip
    fragile3 = [_k(c) for t, c, *_ in fragile if t == "3"]
    out.say("surv_fragile", f" The bootstrap verdict of column {' and '.join(fragile3)} depends on the random draws "
            "(see the bootstrap section)." if fragile3 else "")
    out.say("boot_fig_col", _weakest(boot))
    return out


def figure_boot(boot: dict, columns: dict):
    """The bootstrap t statistics of the full-sample column with the larger bootstrap p-value
    (``fig-robustness-boot``)."""
    weakest = _weakest(boot)
    b = boot[("3", weakest)]
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.hist(b["t_draws"], bins=60, color="tab:blue", alpha=0.8)
    for sign in (-1, 1):
        ax.axvline(sign * abs(b["t"]), color="tab:red", linestyle="--", linewidth=1.2)
    ax.set_xlabel(f"bootstrap t statistic of the TBI, column {weakest} {columns[weakest]}")
    ax.set_ylabel("number of draws")
    return fig


# --------------------------------------------------------------------------- leave one country out


def figure_loo(loo: dict, baseline: dict, columns: dict):
    """Coefficient and p-value without each country in turn, columns 3 and 4 (``fig-robustness-loo``)."""
    fig, axes = plt.subplots(2, 1, figsize=(7, 6), sharey=True)
    for ax, (col, frame) in zip(axes, loo.items()):
        full = baseline[col].params["tbi"]
        ax.scatter(frame["coef"], frame["p"], s=16, color="tab:blue", label="one country left out")
        ax.axvline(full, linestyle="--", color="0.4", label="all countries")
        for level in claims.STAR_LEVELS:
            ax.axhline(level, color="tab:red", linewidth=0.7, alpha=0.6)
        middle = (frame["coef"].min() + frame["coef"].max()) / 2
        for i in (frame["coef"] - full).abs().nlargest(3).index:
            # labels on the right half point left, clear of the level labels
            right = frame.loc[i, "coef"] > middle
            ax.annotate(frame.loc[i, "dropped"], (frame.loc[i, "coef"], frame.loc[i, "p"]), fontsize=9,
                        xytext=(-4 if right else 4, 2), textcoords="offset points", ha="right" if right else "left")
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
        for level in claims.STAR_LEVELS:
            ax.annotate(f"{100 * level:g} %", (1.0, level), xycoords=("axes fraction", "data"), fontsize=9,
                        color="tab:red", xytext=(3, -3), textcoords="offset points")
        ax.set_title(f"column {col} {columns[col]}", fontsize=10)
        ax.set_ylabel("p-value (log scale)")
    axes[-1].set_xlabel("coefficient on the TBI")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


LOO_STARS = {0: "sign", 1: "sign and its one star (10 %)", 2: "sign and two stars (5 %)",
             3: "sign and three stars (1 %)"}


def influence(loo: dict, baseline: dict) -> book.Passage:
    """Leave-one-out in words: range of the coefficient, the most influential country, and in how many
    samples the paper's sign and stars survive."""
    card = _base_card(baseline)
    out = book.Passage()
    for col, frame in loo.items():
        k = _k(col)
        full = baseline[col].params["tbi"]
        out.say(f"loo_min{k}", book.num(frame["coef"].min(), ".2f"))
        out.say(f"loo_max{k}", book.num(frame["coef"].max(), ".2f"))
        who = frame.loc[(frame["coef"] - full).abs().idxmax()]
        out.say(f"loo_who{k}", countries.name(who["dropped"])).say(f"loo_who_b{k}", book.num(who["coef"], ".2f"))
        n_loo = len(frame)
        paper_b, paper_stars = card.loc[col, "paper"], int(card.loc[col, "paper_stars"])
        n_rep = sum(claims.verdict(paper_b, paper_stars, b, p) == claims.REPRODUCED
                    for b, p in zip(frame["coef"], frame["p"]))
        out.say(f"loo_pos{k}", claims.count(int((frame["coef"] > 0).sum()), n_loo, "samples"))
        out.say(f"loo_rep{k}", _some(n_rep, n_loo)).say(f"loo_sig10_{k}", _some(int((frame["p"] < 0.1).sum()), n_loo))
        out.say(f"loo_stars{k}", LOO_STARS[paper_stars])
        worst = frame.loc[frame["p"].idxmax()]
        out.say(f"loo_worst{k}", countries.name(worst["dropped"])).say(f"loo_worst_p{k}", pshow(worst["p"]))
    return out


# --------------------------------------------------------------------------- Driscoll–Kraay


def table_dk(dk: dict, baseline: dict, columns: dict):
    """The baseline with clustered and with Driscoll–Kraay standard errors (``tbl-robustness-dk``)."""
    dk_table = pd.DataFrame({f"{col} {y}": {
        "coefficient": f"{baseline[col].params['tbi']:.4f}",
        "SE, clustered by country": book.se(baseline[col].se["tbi"]),
        "p, clustered": pshow(baseline[col].pvalues["tbi"]),
        "SE, Driscoll–Kraay": book.se(dk[col]["se"]), "p, Driscoll–Kraay": pshow(dk[col]["p"]),
    } for col, y in columns.items()})  # fmt: skip
    return book.table(dk_table, "The baseline TBI coefficient with clustered and with Driscoll–Kraay standard "
                      "errors.", "tbl-robustness-dk")


def _dk_reference(dk: dict) -> str:
    """The distribution of the Driscoll–Kraay p-values, ``"t(T − 1)"`` written out (``"t(11)"``)."""
    return next(iter(dk.values())).attrs["reference"]


def common_shocks(dk: dict, baseline: dict) -> book.Passage:
    """Driscoll–Kraay against clustered standard errors: how much larger, and the p-values."""
    out = book.Passage()
    for col, base in baseline.items():
        k = _k(col)
        out.check(np.isclose(dk[col]["coef"], base.params["tbi"]), "Driscoll–Kraay keeps the baseline coefficient")
        ratio = dk[col]["se"] / base.se["tbi"]
        out.say(f"dk_ratio{k}", book.num(ratio, ".2f"))
        out.say(f"dk_word{k}", claims.sign_word(ratio - 1, "larger", "smaller", "as large"))
        out.say(f"dk_p{k}", pshow(dk[col]["p"])).say(f"dk_sig{k}", claims.significance(dk[col]["p"]))
    out.say("dk_ref", _dk_reference(dk))
    return out


# --------------------------------------------------------------------------- another KOF release


def table_kof(kof_results: dict, baseline: dict, columns: dict, kof_alternative: str):
    """The TBI coefficient with the KOF 2019 and another release (``tbl-robustness-kof``)."""
    alt = kof_alternative
    kof_table = pd.DataFrame({f"{col} {y}": {
        "KOF 2019 (baseline)": book.coef(*estimate(baseline[col])), "SE": book.se(baseline[col].se["tbi"]),
        f"KOF {alt}": book.coef(*estimate(kof_results[col])), "SE ": book.se(kof_results[col].se["tbi"]),
        f"p, KOF {alt}": pshow(kof_results[col].pvalues["tbi"]),
        "observations": f"{kof_results[col].nobs:,}",
    } for col, y in columns.items()})  # fmt: skip
    return book.table(kof_table, f"The TBI coefficient of columns 3 and 4 with the KOF 2019 and the KOF {alt} "
                      f"release of the de jure indices; clustered SEs in parentheses, {STARS_NOTE}.",
                      "tbl-robustness-kof")


def kof_release(data: pd.DataFrame, kof_data: pd.DataFrame, kof_results: dict, columns: dict) -> book.Passage:
    """The two KOF releases: correlation within countries, and the TBI coefficient with the other one."""
    out = book.Passage()
    both_kof = data[["country", "year", *columns.values()]].merge(kof_data[["country", "year", *columns.values()]],
                                                                  on=["country", "year"], suffixes=("_old", "_new"))
    for col, y in columns.items():
        k = _k(col)
        pair = both_kof[[f"{y}_old", f"{y}_new"]]
        within_kof = pair - pair.groupby(both_kof["country"]).transform("mean")
        r = within_kof.corr().iloc[0, 1] if within_kof.std().min() > 0 else 1.0
        b, p = estimate(kof_results[col])
        out.say(f"kof_r{k}", book.num(r, ".2f")).say(f"kof_b{k}", book.num(b, ".2f"))
        out.say(f"kof_p{k}", pshow(p)).say(f"kof_sig{k}", claims.significance(p))
    return out


# --------------------------------------------------------------------------- which conclusions survive


def table_survival(survival: pd.DataFrame, convention: str, dk: dict):
    """Every check side by side, judged against the paper's Table 3 (``tbl-robustness-survival``)."""
    shown = pd.DataFrame({
        "check": survival["check"], "column": survival["column"] + " " + survival["dependent"],
        "coefficient": [f"{book.coef(b, 0.5)}{'*' * k}" for b, k in zip(survival["ours"], survival["ours_stars"])],
        "p": [pshow(p) + (f" ({n})" if n else "") for p, n in zip(survival["ours_p"], survival["star_note"])],
        "verdict": survival["verdict"],
    }).sort_values("column", kind="stable")  # fmt: skip
    paper3, paper4 = _paper_full_of(survival, "(3)"), _paper_full_of(survival, "(4)")
    return book.table(shown, "Every check of the TBI coefficient in columns 3 and 4, judged against the paper's "
                      f"Table 3 (column 3: {paper3}, column 4: {paper4}) in its star convention; {STARS_NOTE}. "
                      f"2SLS p-values in the {convention} convention, Driscoll–Kraay p-values from t(T − 1) "
                      f"({_dk_reference(dk)}), the others from t(G − 1) or the bootstrap (a bootstrap star only where "
                      "the 99 % Monte Carlo interval of p lies below its level).",
                      "tbl-robustness-survival", index=False)  # fmt: skip


def _survives(n_rep: int, n: int) -> str:
    if n_rep == n:
        return "it survives every check"
    if 2 * n_rep > n:
        return "it survives most checks"
    if 2 * n_rep == n:
        return "it survives exactly half of them"
    return "it survives fewer than half of them" if n_rep > 0 else "it survives none of them"


def survival(survival: pd.DataFrame) -> book.Passage:
    """How many checks each column survives, by verdict, and whether any gives the opposite sign."""
    out = book.Passage()
    out.check(survival["verdict"].isin(claims.VERDICTS).all(), "every check has a verdict")
    only_checks = survival[survival["check"] != "baseline (Table 3)"]
    n_checks = only_checks["check"].nunique()
    out.say("n_checks", n_checks)
    opposite = {}
    for col in survival["column"].unique():
        k = _k(col)
        part = only_checks[only_checks["column"] == col]
        n_rep = int((part["verdict"] == claims.REPRODUCED).sum())
        n_sign = int(part["verdict"].isin([claims.REPRODUCED, claims.WEAKER]).sum())
        opposite[col] = int((part["verdict"] == claims.OPPOSITE).sum())
        out.say(f"surv_rep{k}", claims.count(n_rep, len(part), "checks"))
        out.say(f"surv_sign{k}", claims.count(n_sign, len(part)))
        out.say(f"surv_word{k}", _survives(n_rep, len(part)))
        counts = part["verdict"].value_counts()
        out.say(f"surv_list{k}", "; ".join(f"{v}: {claims.count(int(counts[v]), len(part))}"
                                           for v in claims.VERDICTS if v in counts.index))
    out.say("surv_opp", "No check gives either column a significant estimate of the opposite sign."
            if not any(opposite.values()) else "Checks with a significant estimate of the opposite sign: "
            + ", ".join(f"{claims.count(n, n_checks)} in column {_k(c)}" for c, n in opposite.items()) + ".")
    return out


# --------------------------------------------------------------------------- exercises


def _lag_range(by_lag: pd.DataFrame, column: str, spec: str) -> str:
    """``"0.73 at lag 1 to 0.17 at lag 4"`` for one column of ``by_lag``."""
    return f"{book.num(by_lag[column].iloc[0], spec)} at lag 1 to {book.num(by_lag[column].iloc[-1], spec)} at lag 4"


def _lags(which) -> str:
    """``"lag 3"``, ``"lags 1 and 2"``, ``"lags 2, 3 and 4"``."""
    return f"lag{'s' if len(which) > 1 else ''} {claims.join(which)}"


def exercise_lags(by_lag: pd.DataFrame, strong, stock_yogo: float) -> book.Passage:
    """Solution of the first exercise: the first stage, KP F and 2SLS by lag of the instrument; ``strong``
    lists the lags whose KP F exceeds the Stock–Yogo critical value ``stock_yogo``."""
    out = book.Passage()
    out.say("ex1_first", _lag_range(by_lag, "first stage", ".2f")).say("ex1_kp", _lag_range(by_lag, "KP F", ".1f"))
    out.say("ex1_se", _lag_range(by_lag, "SE", ".1f"))
    out.say("ex1_b", f"{book.num(by_lag['2SLS'].min(), '.1f')} and {book.num(by_lag['2SLS'].max(), '.1f')}")
    weak = [lag for lag in by_lag.index if lag not in strong]
    sy = f"the Stock–Yogo threshold of {book.num(stock_yogo, '.2f')}"
    out.say("ex1_strong", f"every lag passes {sy}" if not weak else f"no lag passes {sy}" if not strong else
            f"{_lags(strong)} pass{'' if len(strong) > 1 else 'es'} {sy}, "
            f"{_lags(weak)} do{'' if len(weak) > 1 else 'es'} not")
    out.say("ex1_p4", book.pvalue(by_lag["p"].iloc[-1]))
    return out


def exercise_race(r2: float, se_alone: float, se_both: float, vif: float, release: str) -> book.Passage:
    """Solution of the second exercise: how collinear the two indices are within countries."""
    out = book.Passage()
    out.check_if(release == "2013", r2 > 0.9, "the two indices are nearly collinear within countries")
    out.say("ex2_r2", book.num(100 * r2, ".1f")).say("ex2_left", book.num(100 * (1 - r2), ".1f"))
    out.say("ex2_se_alone", book.num(se_alone, ".2f")).say("ex2_se_both", book.num(se_both, ".2f"))
    out.say("ex2_ratio", book.num(se_both / se_alone, ".1f")).say("ex2_vif", book.num(vif, ".1f"))
    return out


def exercise_draws(spread: dict, p: float, mc_se: dict, needed: int) -> book.Passage:
    """Solution of the third exercise: Monte Carlo error of a bootstrap p-value with 999 and 9,999 draws."""
    out = book.Passage()
    out.say("ex3_spread999", book.num(spread[999], ".4f")).say("ex3_spread9999", book.num(spread[9999], ".4f"))
    out.say("ex3_p", pshow(p))
    out.say("ex3_se999", book.num(mc_se[999], ".4f")).say("ex3_se9999", book.num(mc_se[9999], ".4f"))
    out.say("ex3_needed", book.count(needed))
    near = [level for level in claims.STAR_LEVELS if abs(p - level) < 2 * mc_se[999]]
    out.say("ex3_near", f"This p-value lies within two Monte Carlo standard errors of the {100 * near[0]:g} % level "
            "with 999 draws, so its star depends on the seed." if near else
            "This p-value is far enough from every star level that its star does not depend on the seed.")
    return out


def exercise_brute_force(gap: float) -> book.Passage:
    """Solution of the fourth exercise: the brute-force t statistics equal the library's."""
    out = book.Passage()
    out.check(gap < 1e-8, "brute force reproduces the bootstrap draws")
    return out
