"""The paper's significance convention: stars at the 10, 5 and 1 % levels (two-sided p-values).

Every star printed in the book comes from here: estimation tables (:mod:`lib.econometrics.estimation`)
and the judging words of :mod:`lib.report.claims` alike.
"""

from __future__ import annotations

import math

# Significance levels of the paper's stars: * 10 %, ** 5 %, *** 1 %.
STAR_LEVELS = (0.1, 0.05, 0.01)

# The legend under every table with stars: "* p < 0.1, ** p < 0.05, *** p < 0.01" (no final period).
STARS_LEGEND = ", ".join(f"{'*' * k} p < {level:g}" for k, level in enumerate(STAR_LEVELS, 1))


def n_stars(p: float) -> int:
    """Number of significance stars for a two-sided p-value: 3 (p < 0.01), 2 (< 0.05), 1 (< 0.1), 0."""
    if p is None or not math.isfinite(p):
        raise ValueError(f"p-value {p!r} is not a number; cannot assign significance stars.")
    return sum(p < level for level in STAR_LEVELS)


def stars(p: float) -> str:
    """Stars as printed in the paper: ``***`` 1 %, ``**`` 5 %, ``*`` 10 %, ``""`` otherwise."""
    return "*" * n_stars(p)
