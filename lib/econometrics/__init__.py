"""Layer 3, econometrics: regression panels and estimators (imports from :mod:`lib.data` and :mod:`lib.mrio`).

significance  the paper's stars (10, 5, 1 %)
panel         the annual country-year regression panel: TBI, KOF and controls merged, every loss logged
longrun_join  the long-run WIOD joined with WIOD 2013, and the five-year panel 1970-2010
estimation    fixed effects with Stata's clustered SEs, publication tables
robustness    2SLS with identification tests, wild cluster bootstrap, leave-one-out, Driscoll-Kraay
"""
