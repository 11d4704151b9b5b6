"""Mutation check: plant realistic bugs in lib/ one at a time and see whether tests/ catches each.

Run with ``make mutation`` (slow: one pytest run per planted bug; not part of CI). Each mutant in
:data:`MUTANTS` replaces one exact snippet of a ``lib/`` module by a plausible mistake (a wrong
sign, an off-by-one, a wrong distribution or scaling, a swapped axis, an option that is silently
ignored...). The script copies the repository to a temporary folder once, applies one mutant, runs
the test files that cover that module (``pytest -x``), restores the file, and reports which
mutants survived. A mutant whose snippet no longer exists in the code is reported as *stale* (the
list must follow the code). Mutants marked ``equivalent`` cannot change any result (the reason is
given) and are left out of the score.

Usage::

    .venv/bin/python scripts/mutation.py             # all mutants, report in _build/mutation.md
    .venv/bin/python scripts/mutation.py --list      # list them
    .venv/bin/python scripts/mutation.py --only mrio-va-coefficients tbi-sign
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str  # relative to the repository, e.g. "lib/mrio/algebra.py"
    find: str  # exact snippet, must occur exactly once
    replace: str
    why: str  # the realistic mistake it stands for
    tests: tuple[str, ...] = ()  # test files to run (default: tests_for(file))
    equivalent: str = ""  # reason, if the mutant cannot change any result


def tests_for(module: str) -> tuple[str, ...]:
    """Test files that import ``module`` (e.g. ``"lib/mrio/tbi.py"``) or a module that imports it, read from the code.

    The map is derived, not typed: a test file counts when one of its ``from lib...`` lines names the
    module or one of its importers in ``lib/`` (one level up), so a new test is picked up without an edit here.
    """
    stem = Path(module).stem
    importers = {stem}
    for path in (ROOT / "lib").rglob("*.py"):
        text = path.read_text()
        if re.search(rf"^\s*from \S+ import [^\n]*\b{stem}\b|^\s*from \S*\b{stem} import", text, flags=re.M):
            importers.add(path.stem)
    names = "|".join(sorted(importers))
    pattern = re.compile(rf"^\s*(from lib\S* import [^\n]*\b({names})\b|from lib\S*\.({names}) import)", re.M)
    found = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_*.py") if pattern.search(p.read_text()))
    return tuple(found) or ("tests",)


M = Mutant
MUTANTS: list[Mutant] = [
    # --- input-output algebra (lib/mrio/algebra.py)
    M("mrio-coefficients-rows", "lib/mrio/algebra.py", "safe_reciprocal(x)[np.newaxis, :]", "safe_reciprocal(x)[:, np.newaxis]",
      "A divides rows instead of columns by output"),
    M("mrio-leontief-sign", "lib/mrio/algebra.py", "np.negative(A, out=I_minus_A)", "np.copyto(I_minus_A, A)",
      "factorises I + A instead of I - A"),
    M("mrio-solve-transposed", "lib/mrio/algebra.py", "leontief_solve(leontief_factor(A), table.final_demand())",
      "leontief_solve(leontief_factor(A.T), table.final_demand())", "solves with A' (the Ghosh system) instead of A"),
    M("mrio-blocks-transposed", "lib/mrio/algebra.py", "return aggregate_rows(aggregate_rows(M, n_per_group).T, n_per_group).T",
      "return aggregate_rows(aggregate_rows(M, n_per_group).T, n_per_group)", "country blocks of Z transposed (exporter and importer swapped)"),
    M("mrio-gross-no-final", "lib/mrio/algebra.py", "aggregate_blocks(table.Z, table.N) + aggregate_rows(table.final_demand(), table.N)",
      "aggregate_blocks(table.Z, table.N)", "gross trade forgets final goods"),
    M("mrio-reciprocal-negative", "lib/mrio/algebra.py", "    positive = x > 0\n", "    positive = x != 0\n",
      "1/x also for negative output"),
    # --- the table 
    M("iotable-va-rows", "lib/data/iotable.py", "return self.x - self.Z.sum(axis=0)", "return self.x - self.Z.sum(axis=1)",
      "value added from row sums (sales) instead of column sums (purchases)"),
    M("iotable-final-demand-layout", "lib/data/iotable.py", "self.Y.reshape(self.G * self.N, self.G, self.K).sum(axis=2)",
      "self.Y.reshape(self.G * self.N, self.K, self.G).sum(axis=1)", "final-demand columns read category-major"),
    M("iotable-row-gap-columns", "lib/data/iotable.py", "return self.x - self.Z.sum(axis=1) - self.Y.sum(axis=1)",
      "return self.x - self.Z.sum(axis=0) - self.Y.sum(axis=1)", "row gap uses column sums of Z"),
    M("iotable-discrepancy-sign", "lib/data/iotable.py", "disc[np.arange(GN), table.row_country, 0] = gap",
      "disc[np.arange(GN), table.row_country, 0] = -gap", "discrepancy booked with the wrong sign"),
    M("iotable-discrepancy-partner", "lib/data/iotable.py", "disc[np.arange(GN), table.row_country, 0] = gap",
      "disc[np.arange(GN), (table.row_country + 1) % table.G, 0] = gap", "discrepancy booked in another country's final demand"),
    M("iotable-rowsum-sign", "lib/data/iotable.py", "return replace(table, x=table.x - gap, rounding_unit=0.0)",
      "return replace(table, x=table.x + gap, rounding_unit=0.0)", "rowsum moves output the wrong way"),
    # --- TBI 
    M("tbi-sign", "lib/mrio/tbi.py", "(exports - imports) / total", "(imports - exports) / total", "index with the wrong sign"),
    M("tbi-offdiag-swapped", "lib/mrio/tbi.py", "return off.sum(axis=1), off.sum(axis=0)", "return off.sum(axis=0), off.sum(axis=1)",
      "exports and imports swapped"),
    M("tbi-row-kept", "lib/mrio/tbi.py", 'countries["country"] != "ROW"', 'countries["country"] != "RoW"',
      "rest of the world not excluded from the panel"),
    M("tbi-bilateral-xy", "lib/mrio/tbi.py", 'np.meshgrid(table.countries, table.countries, indexing="ij")',
      'np.meshgrid(table.countries, table.countries, indexing="xy")', "bilateral frame labels origin and destination the wrong way"),
    M("tbi-value-added-output", "lib/mrio/tbi.py", '"value_added": algebra.aggregate_rows(table.va, table.N)',
      '"value_added": algebra.aggregate_rows(table.x, table.N)', "value added column holds gross output"),
    # --- gross-exports decomposition 
    M("gvc-dva-imports-by-exporter", "lib/mrio/gvc.py", '"dva_imports": bilateral.groupby("importer")["DVA"].sum()',
      '"dva_imports": bilateral.groupby("exporter")["DVA"].sum()', "DVA imports grouped by the wrong column"),
    M("gvc-dva-without-ref", "lib/mrio/gvc.py", 'out["DVA"] = out["VAX"] + out["REF"]', 'out["DVA"] = out["VAX"]',
      "DVA forgets the reflection"),
    M("gvc-fva-with-fdc", "lib/mrio/gvc.py", 'out["FVA"] = out["FC"] - out["FDC"]', 'out["FVA"] = out["FC"]',
      "FVA keeps foreign double counting"),
    M("gvc-local-inverse-transposed", "lib/mrio/gvc.py", "vL[s] = linalg.lu_solve(lu, v[block], trans=1, check_finite=False)",
      "vL[s] = linalg.lu_solve(lu, v[block], trans=0, check_finite=False)", "V L computed as L V"),
    M("gvc-ddc-int-global", "lib/mrio/gvc.py", '"DDC_INT": by_country(((vB_ss - vL[s]) @ A_s) * x)',
      '"DDC_INT": by_country((vB_ss @ A_s) * x)', "domestic double counting without the local inverse"),
    # --- the 16 WWZ terms by exporter sector (lib/gvc.py, lib/mrio.py)
    M("gvc-wwz-rdv-swapped", "lib/mrio/gvc.py", '"RDV_INT": local * through(R8),', '"RDV_INT": local * through(R6),',
      "returning value added via intermediates computed as via the partner's final goods"),
    M("gvc-wwz-rex-own-demand", "lib/mrio/gvc.py",
      "R3 = BDk.sum(axis=1)[None, :, :] - BDk[diag, diag][None] - BDk.transpose(1, 0, 2)",
      "R3 = BDk.sum(axis=1)[None, :, :] - BDk[diag, diag][None]", "re-exports to third countries include the exporter"),
    M("gvc-wwz-ova-includes-partner", "lib/mrio/gvc.py", "ova = VBk.sum(axis=0)[:, None, :] - VBss[:, None, :] - mva",
      "ova = VBk.sum(axis=0)[:, None, :] - VBss[:, None, :]", "third countries' value added includes the partner's"),
    M("gvc-wwz-ddc-int-local", "lib/mrio/gvc.py", '"DDC_INT": (VBss - vL)[:, None, :] * through(x.reshape(G, N)),',
      '"DDC_INT": VBss[:, None, :] * through(x.reshape(G, N)),', "domestic double counting without the local inverse"),
    M("gvc-wwz-order", "lib/mrio/gvc.py", "np.where(domestic, 0.0, value).transpose(0, 2, 1).reshape(-1)",
      "np.where(domestic, 0.0, value).reshape(-1)", "rows ordered importer-major, not as decompr"),
    M("gvc-origins-mva-ova", "lib/mrio/gvc.py", '"partner\'s value added": ("MVA",),', '"partner\'s value added": ("OVA",),',
      "the partner's share read from the third countries' terms"),
    M("mrio-diag-blocks-no-pivot", "lib/mrio/algebra.py", "    column = np.argsort(perm)  # column j of B", "    column = perm  # column j of B",
      "row interchanges applied the wrong way round"),
    M("mrio-diag-blocks-upper", "lib/mrio/algebra.py", "np.where(rows[:, None] <= index[None, first:], U_inv[rows, first:], 0.0)",
      "U_inv[rows, first:]", "the strictly lower part of the LU array read as part of U^-1"),
    # --- cache of parsed arrays (lib/cache.py, lib/wiod.py)
    M("cache-arrays-unverified", "lib/data/cache.py", "                return _load_arrays(_verified_body(file))",
      "                return _load_arrays(file.read_bytes().partition(b'\\n')[2])", "array cache read without its sha256 check"),
    M("wiod-parsed-key-no-digest", "lib/data/wiod.py", '{"sha256": digest, "parser": PARSED_VERSION}', '{"parser": PARSED_VERSION}',
      "parsed copy not keyed by the file's sha256 (another year's or an old file's copy could be returned)"),
    M("wiod-parsed-no-check", "lib/data/wiod.py", "    check_table(table, remedy=HOW_TO_GET_2013)\n    return balance(table, balance_method)",
      "    return balance(table, balance_method)", "the cached copy skips the table checks"),
    # --- generated sentences and the replication package (lib/narrative.py, lib/provenance.py, lib/claims.py)
    M("narrative-flat-threshold", "lib/report/narrative.py", "FLAT_POINTS = 1.0", "FLAT_POINTS = 0.5",
      "'barely moved' below half a point instead of one"),
    M("narrative-main-share", "lib/report/narrative.py", "main = domestic[weight >= MAIN_SECTOR_SHARE].dropna()",
      "main = domestic.dropna()", "the lowest domestic share looked for among all sectors, however small"),
    M("provenance-unowned-file", "lib/report/provenance.py", "        if len(owners) != 1:", "        if len(owners) > 1:",
      "a shipped file without a source passes"),
    M("claims-insignificant-opposite", "lib/report/claims.py", "    if ours == 0:\n        return NOT_SIGNIFICANT\n",
      "", "an insignificant reversal called opposite"),
    M("claims-null-paper-sign-first", "lib/report/claims.py", "        return NEW_SIG if ours > 0 else BOTH_NULL",
      "        return NEW_SIG if ours > 0 and paper_coef * ours_coef < 0 else BOTH_NULL",
      "a significant estimate where the paper has none counted as agreement when the signs match"),
    M("claims-mc-interval-ignored", "lib/report/claims.py", "    k_stars = n_stars(min(1.0, high))", "    k_stars = n_stars(p)",
      "a star kept although the Monte Carlo interval straddles its level"),
    M("claims-mc-confidence", "lib/report/claims.py", "half = stats.norm.ppf(0.5 + confidence / 2) * mc_se",
      "half = stats.norm.ppf(confidence) * mc_se", "one-sided quantile for the Monte Carlo interval"),
    M("claims-distance-ours-se-ignored", "lib/report/claims.py", "    dz, dp = difference_test(ours, ours_se, paper, paper_se)",
      "    dz, dp = difference_test(ours, 1e-12, paper, paper_se)", "the difference test drops our standard error"),
    M("robustness-dk-normal", "lib/econometrics/robustness.py", "out[\"p\"] = 2 * stats.t.sf(np.abs(out[\"coef\"] / out[\"se\"]), T - 1)",
      "out[\"p\"] = 2 * stats.norm.sf(np.abs(out[\"coef\"] / out[\"se\"]))", "Driscoll-Kraay p from the normal, not t(T-1)"),
    M("robustness-boot-mc-se-reps", "lib/econometrics/robustness.py", "np.sqrt(p_boot * (1 - p_boot) / t_boot.size)",
      "np.sqrt(p_boot * (1 - p_boot) / t_boot.size ** 2)", "Monte Carlo SE divided by B twice"),
    M("scorecard-mc-note-ignored", "lib/report/scorecard.py", "        stars, note = claims.mc_stars(float(p), float(mc_se))",
      "        stars, note = claims.n_stars(float(p)), \"\"", "claim card ignores the Monte Carlo error of a simulated p"),
    M("claims-difference-paper-se-only", "lib/report/claims.py", "z = (ours - paper) / math.hypot(ours_se, paper_se)",
      "z = (ours - paper) / paper_se", "difference test with the paper's standard error only"),
    # --- downloads, parameter errors, headline and profile, the default sample (issue 19 and 18)
    M("book-variant-ignored", "lib/report/book.py", "    if _VARIANT:\n        stem, ext", "    if False:\n        stem, ext",
      "a run with other parameters overwrites the published downloads"),
    M("book-variant-list-vs-tuple", "lib/report/book.py", "if k in namespace and _plain(namespace[k]) != v}",
      "if k in namespace and namespace[k] != v}", "a list from JSON counted as a change of a tuple parameter"),
    M("book-require-truncated", "lib/report/book.py", "        if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:",
      "        if len(ordered) > 2:", "years with gaps shown as a range"),
    M("narrative-headline-h3-cell", "lib/report/narrative.py", '"h3": cell("4", "(4)"),', '"h3": cell("4", "(3)"),',
      "the headline's H3 cell is the wrong column"),
    M("narrative-profile-balance-sign", "lib/report/narrative.py", "(out_va[p] - in_va.get(p, 0.0)) / 1e3",
      "(in_va.get(p, 0.0) - out_va[p]) / 1e3", "bilateral balance with the partner of the wrong sign"),
    M("panel-default-keeps-romania", "lib/econometrics/panel.py", "    exclude=PAPER_EXCLUDE,\n", "    exclude=(),\n",
      "the default sample is not the paper's reconstruction"),
    M("countries-row-first", "lib/data/countries.py", "key=lambda c: (c == \"ROW\", c))", "key=lambda c: c)",
      "the rest of the world sorted among the countries"),
    # --- estimation 
    M("estimation-normal-p", "lib/econometrics/estimation.py", "2 * stats.t.sf(np.abs(self.tstat), self.df_t)",
      "2 * stats.norm.sf(np.abs(self.tstat))", "p-values from the normal, not t(G-1)"),
    M("estimation-one-sided-ci", "lib/econometrics/estimation.py", "q = stats.t.ppf(0.5 + level / 2, self.df_t)",
      "q = stats.t.ppf(level, self.df_t)", "confidence interval with the one-sided quantile"),
    M("estimation-cluster-factor", "lib/econometrics/estimation.py", "return G / (G - 1) * (N - 1) / (N - K)", "return G / (G - 1)",
      "cluster small-sample factor without (N-1)/(N-K)"),
    M("estimation-no-country-effects", "lib/econometrics/estimation.py", 'within = raw - raw.groupby(codes).transform("mean")',
      "within = raw - raw.mean()", "no within transformation (country effects left out)"),
    M("estimation-r2", "lib/econometrics/estimation.py", "r2_within = 1.0 - (u @ u) / d.within_ss_y", "r2_within = (u @ u) / d.within_ss_y",
      "within R2 reports the unexplained share"),
    M("estimation-interaction-years", "lib/econometrics/estimation.py", "years.mul(g, axis=0)", "years",
      "interaction test does not interact the year effects"),
    # --- robustness 
    M("iv-ols", "lib/econometrics/robustness.py", "beta = (zt @ yt) / (zt @ xt)", "beta = (xt @ yt) / (xt @ xt)", "2SLS returns OLS"),
    M("iv-kp-lm-unclustered", "lib/econometrics/robustness.py", "kp_lm = float((zt @ xt) ** 2 / (s0 @ s0))",
      "kp_lm = float((zt @ xt) ** 2 / ((zt * xt) @ (zt * xt)))", "KP LM with a heteroskedastic, not clustered, variance"),
    M("iv-cd-dof", "lib/econometrics/robustness.py", "cd_f = cd * (N - G - K_book)", "cd_f = cd * (N - K_book)",
      "Cragg-Donald F forgets the absorbed country effects"),
    M("iv-kp-f-cluster-scale", "lib/econometrics/robustness.py", "kp_f = kp_wald * (N - L) / (N - 1) * (G - 1) / G / L1",
      "kp_f = kp_wald * (N - L) / (N - 1) / L1", "xtivreg2 KP F without (G-1)/G"),
    M("iv-small-ignored", "lib/econometrics/robustness.py", "factor = (N - 1) / (N - K) * G / (G - 1) if small else 1.0",
      "factor = 1.0", "xtivreg2 option small ignored"),
    M("boot-webb-support", "lib/econometrics/robustness.py", "np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])",
      "np.array([-1.5, -1.0, -0.5, 0.5, 1.0, 1.5])", "Webb weights without the square roots (variance not 1)"),
    M("boot-one-sided", "lib/econometrics/robustness.py", "np.mean(np.abs(defined) >= abs(t) * (1 - TIE_TOL))",
      "np.mean(defined >= abs(t) * (1 - TIE_TOL))", "bootstrap p-value one-sided"),
    M("boot-no-reprojection", "lib/econometrics/robustness.py", "M = np.diag(a) - H - np.outer(d, a) / d.sum()",
      "M = np.diag(a) - np.outer(d, a) / d.sum()", "bootstrap samples not re-projected on the controls (the old bug)"),
    M("boot-normal-p", "lib/econometrics/robustness.py", '"p_cluster": float(2 * stats.t.sf(abs(t_obs), G - 1))',
      '"p_cluster": float(2 * stats.norm.sf(abs(t_obs)))', "bootstrap's clustered p from the normal"),
    M("lag-is-lead", "lib/econometrics/robustness.py", "assign(**{time: source[time] + 1})", "assign(**{time: source[time] - 1})",
      "add_lag adds next year's value"),
    # --- regression panel 
    M("panel-real-exr-sign", "lib/econometrics/panel.py",
      'np.log(pwt["year"].map(us_price)) - macro.log_or_nan(pwt["pl_gdpo"])',
      'macro.log_or_nan(pwt["pl_gdpo"]) - np.log(pwt["year"].map(us_price))', "real exchange rate inverted"),
    M("panel-tfp-ignored", "lib/econometrics/panel.py", '"TFP": pwt[tfp],', '"TFP": pwt["ctfp"],', "tfp option silently ignored"),
    M("panel-capital-ignored", "lib/econometrics/panel.py", '"lnCK": macro.log_or_nan(pwt[capital]),', '"lnCK": macro.log_or_nan(pwt["rnna"]),',
      "capital option silently ignored"),
    M("panel-developed-korea", "lib/econometrics/panel.py", '"GRC", "IRL", "ITA", "JPN", "KOR", "LUX"', '"GRC", "IRL", "ITA", "JPN", "LUX"',
      "Korea left out of the developed group"),
    # --- scorecard and claims
    M("claims-star-boundary", "lib/econometrics/significance.py", "return sum(p < level for level in STAR_LEVELS)",
      "return sum(p <= level for level in STAR_LEVELS)", "a p-value of exactly 0.05 gets two stars"),
    M("claims-verdict-strict", "lib/report/claims.py", "return REPRODUCED if ours >= paper_stars else WEAKER",
      "return REPRODUCED if ours > paper_stars else WEAKER", "equal stars not counted as reproduced"),
    M("claims-verdict-swapped", "lib/report/claims.py", "return REPRODUCED if ours >= paper_stars else WEAKER",
      "return WEAKER if ours >= paper_stars else REPRODUCED", "reproduced and weaker swapped"),
    M("claims-distance-signed", "lib/report/claims.py", "z = abs(ours - paper) / paper_se", "z = (ours - paper) / paper_se",
      "an estimate far below the paper's counts as close"),
    M("scorecard-z-our-se", "lib/report/scorecard.py", '"z": (b - pb) / pse', '"z": (b - pb) / se',
      "distance measured in our standard errors"),
    M("scorecard-sample-typo", "lib/report/scorecard.py", '("4", "(3)"): ("KOFGIdj", "developing", True)',
      '("4", "(3)"): ("KOFGIdj", "developed", True)', "Table 4 column 3 run on the wrong group"),
    M("scorecard-sample-filter", "lib/report/scorecard.py", 'return panel[panel["developed"] == (which == "developed")]',
      'return panel[panel["developed"]]', "developing-country sample is the developed one"),
    # --- prose formatting 
    M("book-pvalue-threshold", "lib/report/book.py", 'f"{value:.1e}" if value < 0.001 else', 'f"{value:.1e}" if value < 0.01 else',
      "scientific notation from 0.01"),
    M("book-minus-lost", "lib/report/book.py", 'return Shown(text.replace("-", MINUS, 1) if text.startswith("-") else text)',
      'return Shown(text.lstrip("-"))', "negative numbers lose their sign in the prose"),
    # --- rounding experiment and long-run join
    M("rounding-nearest-is-trunc", "lib/mrio/rounding.py", '"nearest": np.rint', '"nearest": np.trunc',
      "nearest rounding truncates"),
    M("rounding-spread-sign", "lib/mrio/rounding.py", "out[ok] += (gap[ok] / total[ok])[:, np.newaxis] * w[ok]",
      "out[ok] -= (gap[ok] / total[ok])[:, np.newaxis] * w[ok]", "gap spread with the wrong sign"),
    M("rounding-expected-full-unit", "lib/mrio/rounding.py", "half = u / 2.0", "half = u",
      "expected truncation loss of a full unit"),
    # --- data layer: checksums, cache, loaders (lib/checksums.py, lib/cache.py, lib/wiod.py, lib/macro.py)
    M("checksums-ignored", "lib/data/checksums.py", "    if expected is not None and actual != expected.lower():\n        raise checksum_mismatch(path, expected, actual, how_to_obtain)",
      "    pass", "a file whose sha256 differs is accepted"),
    M("cache-hash-unchecked", "lib/data/cache.py", "    if hashlib.sha256(body).hexdigest() != match.group(3).decode():",
      "    if False:", "an edited or truncated cache file is trusted"),
    M("cache-version-unchecked", "lib/data/cache.py", "    if int(match.group(1)) != CACHE_VERSION:",
      "    if False:", "a cache file of an older format is trusted"),
    M("wiod-romania-not-recoded", "lib/data/wiod.py", 'CODE_FIXES = {"ROM": "ROU", "RoW": "ROW"}', 'CODE_FIXES = {"RoW": "ROW"}',
      "Romania keeps the legacy code ROM"),
    M("wiod2016-recorded-before-checks", "lib/data/wiod.py",
      "    digest = wiod2016_checksum(file)\n    table = _read_checked_2016(file, year, expected_shape)\n    if _recorded_2016(file)[0] is None:\n        _record_wiod2016(file, digest)",
      "    digest = wiod2016_checksum(file)\n    if _recorded_2016(file)[0] is None:\n        _record_wiod2016(file, digest)\n    table = _read_checked_2016(file, year, expected_shape)",
      "first-use sha256 recorded before the file passes its checks"),
    M("wiod2013-unchecked", "lib/data/wiod.py", "    check_table(table, remedy=HOW_TO_GET_2013)", "    pass",
      "the 2013 tables are not checked after loading"),
    M("macro-legacy-codes", "lib/data/macro.py", 'LEGACY_CODES = {"ROM": "ROU",', 'LEGACY_CODES = {"ROM": "ROM",',
      "KOF/WGI's legacy code for Romania is not recoded"),
    M("macro-interpolate-ffill", "lib/data/macro.py", '.interpolate(method="index")', '.ffill()',
      "missing WGI year carried forward instead of interpolated"),
    M("macro-log-of-zero", "lib/data/macro.py", "return np.log(values.where(values > 0))", "return np.log(values.where(values >= 0))",
      "log of zero gives -inf instead of a missing value"),
    M("longrun-shift-one-year", "lib/econometrics/longrun_join.py", 'out = pd.DataFrame({"shift": gaps[list(years)].mean(axis=1)})',
      'out = pd.DataFrame({"shift": gaps[list(years)[-1]]})', "join shift from the last overlap year only"),
]


def run(mutants: list[Mutant], timeout: int = 900) -> list[tuple[Mutant, str, float]]:
    """Apply each mutant in a scratch copy of the repository and run its tests; return outcomes."""
    results = []
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        work = Path(tmp) / "repo"
        shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".venv", "_build", ".cache", ".git", "__pycache__"))
        env = dict(os.environ, TBI_CACHE_DIR=str(Path(tmp) / "cache"), PYTHONDONTWRITEBYTECODE="1")
        for m in mutants:
            path = work / m.file
            if not path.is_file():
                results.append((m, "stale (no such file)", 0.0))
                continue
            original = path.read_text()
            hits = original.count(m.find)
            if hits != 1:
                results.append((m, f"stale ({hits} matches)", 0.0))
                continue
            path.write_text(original.replace(m.find, m.replace))
            tests = [t for t in (m.tests or tests_for(m.file)) if (work / t).exists()]
            start = time.perf_counter()
            try:
                proc = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                                       "--ignore=tests/test_rendered_book.py", *tests], cwd=work, env=env,
                                      capture_output=True, text=True, timeout=timeout)  # fmt: skip
                outcome = "caught" if proc.returncode != 0 else "SURVIVED"
            except subprocess.TimeoutExpired:
                outcome = "caught (timeout)"
            finally:
                path.write_text(original)
            elapsed = time.perf_counter() - start
            results.append((m, outcome, elapsed))
            print(f"{m.id:40s} {outcome:18s} {elapsed:6.1f} s", flush=True)
    return results


def report(results) -> str:
    """Markdown report: score over non-equivalent mutants, then one line per mutant."""
    scored = [(m, o) for m, o, _ in results if not m.equivalent and not o.startswith("stale")]
    caught = sum(o.startswith("caught") for _, o in scored)
    lines = [f"# Mutation check: {caught} of {len(scored)} non-equivalent planted bugs caught "
             f"({100 * caught / max(len(scored), 1):.0f} %)", "",
             "| mutant | file | outcome | the planted bug |", "|---|---|---|---|"]  # fmt: skip
    for m, outcome, _ in results:
        shown = f"equivalent: {m.equivalent}" if m.equivalent else outcome
        lines.append(f"| {m.id} | {m.file} | {shown} | {m.why} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.only or m.id in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.id:40s} {m.file:22s} {m.why}")
        return
    results = run([m for m in chosen if not m.equivalent]) + [(m, "equivalent", 0.0) for m in chosen if m.equivalent]
    text = report(results)
    out = ROOT / "_build" / "mutation.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text.splitlines()[0])
    print(f"Report: {out}")
    if any(o == "SURVIVED" or o.startswith("stale") for m, o, _ in results if not m.equivalent):
        sys.exit(1)


if __name__ == "__main__":
    main()
