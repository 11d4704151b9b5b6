"""Words that judge numbers, generated from the numbers with explicit thresholds.

Every sentence of the book that says a result agrees with the paper, survives a check, is small
or large, or counts cases takes its judging words from here, so the words change when the
numbers cross a threshold and cannot drift away from them. The thresholds are module constants,
documented where they are defined, and the tests check each phrase on both sides of each one.

Conventions (the paper's own): significance stars at 10, 5 and 1 % (``*``, ``**``, ``***``),
two-sided tests. Distances between our estimate and the paper's are measured in the paper's
standard errors.
"""

from __future__ import annotations

import math

from scipy import stats

from ..econometrics.significance import STAR_LEVELS, n_stars, stars  # noqa: F401 (claims.stars, re-exported)

# Distance |ours - paper| / paper SE: below NEAR "within one of the paper's standard errors", up to
# FAR "between one and two of the paper's standard errors apart", beyond FAR "more than two ...".
NEAR, FAR = 1.0, 2.0

# Correlation wording (absolute value): >= STRONG "strong", >= MODERATE "moderate", >= NEGLIGIBLE
# "weak", below it "practically zero".
STRONG, MODERATE, NEGLIGIBLE = 0.8, 0.5, 0.1

# A test rejects its null hypothesis when p < REJECT (two-sided): the paper's two-star level, 5 %.
REJECT = STAR_LEVELS[1]

# A change is "little" when its absolute size is below this share of the reference scale.
LITTLE = 0.1


def significance(p: float) -> str:
    """``"significant at 1 %"``, ``"... 5 %"``, ``"... 10 %"`` or ``"not significant at 10 %"``."""
    return significance_of_stars(n_stars(p))


def pair_significance(p_a: float, p_b: float) -> str:
    """Significance of two estimates in one phrase: ``"neither is significant at 10 %"``,
    ``"both are significant at 5 %"`` (at the weaker of the two levels), or
    ``"the first is significant at 5 %, the second is not significant at 10 %"``."""
    return pair_significance_of_stars(n_stars(p_a), n_stars(p_b))


def pair_significance_of_stars(a: int, b: int) -> str:
    """:func:`pair_significance` for two estimates given by their numbers of stars (0 to 3), e.g. the paper's."""
    if a == 0 and b == 0:
        return "neither is significant at 10 %"
    if a > 0 and b > 0:
        return f"both are {significance_of_stars(min(a, b))}"
    return f"the first is {significance_of_stars(a)}, the second is {significance_of_stars(b)}"


def significance_of_stars(k: int) -> str:
    """The wording of :func:`significance` for a published number of stars ``k``."""
    if k not in (0, 1, 2, 3):
        raise ValueError(f"A published result has 0 to 3 stars, not {k!r}.")
    return "not significant at 10 %" if k == 0 else f"significant at {int(100 * STAR_LEVELS[k - 1])} %"


# The verdicts of a reproduction, by sign *and* significance, in the paper's star convention (significant =
# at least one star, p < 0.10). Only an estimate that is significant with the other sign, where the paper's
# is significant too, is "opposite"; an estimate without a star is never called opposite, whatever its sign.
REPRODUCED = "reproduced"
WEAKER = "same sign, weaker"
NOT_SIGNIFICANT = "not significant"
OPPOSITE = "significant, opposite sign"
BOTH_NULL = "neither significant"
NEW_SIG = "significant, the paper's not"
VERDICTS = (REPRODUCED, WEAKER, NOT_SIGNIFICANT, OPPOSITE, BOTH_NULL, NEW_SIG)

# The coarser classes of large replication projects (Camerer et al. 2016; Patil, Peng & Leek 2016): the two
# verdicts "reproduced" and "same sign, weaker" are one class, "significant, the paper's sign".
SIG_SAME = "significant, the paper's sign"
CLASSES = (SIG_SAME, OPPOSITE, NOT_SIGNIFICANT, BOTH_NULL, NEW_SIG)

# How each verdict reads inside a counting sentence ("3 are reproduced", "1 is ...").
_VERDICT_PHRASES = {
    REPRODUCED: "reproduced",
    WEAKER: "significant with the paper's sign but fewer stars",
    NOT_SIGNIFICANT: "not significant where the paper's estimate is",
    OPPOSITE: "significant with the opposite sign",
    BOTH_NULL: "not significant in either study",
    NEW_SIG: "significant where the paper's estimate is not",
}


def verdict(paper_coef: float, paper_stars: int, ours_coef: float, ours_p: float) -> str:
    """Compare one of our estimates with the published one, by sign and significance (the paper's stars).

    Where the paper's estimate is significant (at least one star):

    ``reproduced``
        Ours has its sign and at least its stars.
    ``same sign, weaker``
        Ours has its sign and is significant, with fewer stars.
    ``not significant``
        Ours has no star, whatever its sign.
    ``significant, opposite sign``
        Ours is significant with the other sign (the only case called opposite).

    Where the paper's estimate has no star: ``neither significant`` (neither study finds an effect, which is no
    evidence that there is none) or
    ``significant, the paper's not`` (whatever the sign of ours).
    """
    for name, value in (("The paper's coefficient", paper_coef), ("Our coefficient", ours_coef)):
        if value is None or not math.isfinite(value):
            raise ValueError(f"{name} is {value!r}; a verdict needs two finite estimates.")
    if paper_stars not in (0, 1, 2, 3):
        raise ValueError(f"A published result has 0 to 3 stars, not {paper_stars!r}.")
    ours = n_stars(ours_p)
    if paper_stars == 0:
        return NEW_SIG if ours > 0 else BOTH_NULL
    if ours == 0:
        return NOT_SIGNIFICANT
    if math.copysign(1.0, paper_coef) != math.copysign(1.0, ours_coef):
        return OPPOSITE
    return REPRODUCED if ours >= paper_stars else WEAKER


def replication_class(paper_coef: float, paper_stars: int, ours_coef: float, ours_p: float) -> str:
    """The class of :data:`CLASSES`: the verdict, with "reproduced" and "same sign, weaker" merged."""
    found = verdict(paper_coef, paper_stars, ours_coef, ours_p)
    return SIG_SAME if found in (REPRODUCED, WEAKER) else found


def verdict_sentence(counts, noun: str = "") -> str:
    """Counts of verdicts in words: ``"3 are reproduced, 1 is not significant where the paper's estimate is and
    none is significant with the opposite sign"``.

    ``counts`` maps verdicts to numbers (missing verdicts count zero). Verdicts with a zero count are left out,
    except that "opposite" is always stated (as "none is ..." when there is none). ``noun`` prefixes the
    sentence with ``"of the N <noun>, "``.
    """
    unknown = set(counts.keys()) - set(VERDICTS)
    counts = {v: int(counts.get(v, 0)) for v in VERDICTS}
    if unknown or any(k < 0 for k in counts.values()):
        raise ValueError(f"verdict_sentence: counts must be non-negative and per verdict ({sorted(unknown)} unknown).")
    total = sum(counts.values())
    if total == 0:
        raise ValueError("verdict_sentence: no verdicts to count.")

    def part(v, k):
        if k == total and total > 1:
            return f"all {total} are {_VERDICT_PHRASES[v]}"
        return f"{'none' if k == 0 else k} {'are' if k > 1 else 'is'} {_VERDICT_PHRASES[v]}"

    parts = [part(v, k) for v, k in counts.items() if k > 0 or v == OPPOSITE]
    if counts[OPPOSITE] == total:
        parts = [part(OPPOSITE, total)]
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"of the {total} {noun}, {text}" if noun else text


# Confidence of the Monte Carlo interval of a bootstrap p-value within which a star must be certain.
MC_CONFIDENCE = 0.99


def mc_stars(p: float, mc_se: float, confidence: float = MC_CONFIDENCE) -> tuple[int, str]:
    """Stars of a simulated p-value that its Monte Carlo error cannot flip, and a note where it could.

    A bootstrap p-value ``p`` estimated from ``B`` draws has Monte Carlo standard error
    ``sqrt(p (1 - p) / B)`` (0 for full enumeration). A star level counts only when the whole
    ``confidence`` interval ``p ± z·mc_se`` lies below it; a level inside the interval gives no star and the
    note ``"p ≈ 0.10, no star"`` (or ``"p ≈ 0.05, not two stars"``): more draws, or enumeration, would be
    needed to decide it. Returns ``(stars, note)``; the note is empty when no level is in doubt.
    """
    if not (math.isfinite(p) and 0 <= p <= 1 and math.isfinite(mc_se) and mc_se >= 0):
        raise ValueError(f"mc_stars({p!r}, {mc_se!r}): need a probability and a non-negative Monte Carlo SE.")
    half = stats.norm.ppf(0.5 + confidence / 2) * mc_se
    low, high = p - half, p + half
    k_stars = n_stars(min(1.0, high))
    doubtful = [level for level in STAR_LEVELS if low < level <= high]
    if not doubtful:
        return k_stars, ""
    level = max(doubtful)  # the loosest level in doubt decides the first star not given
    k = STAR_LEVELS.index(level) + 1
    lost = {1: "no star", 2: "not two stars", 3: "not three stars"}[k]
    return k_stars, f"p \u2248 {level:.2f}, {lost}"


def difference_test(ours: float, ours_se: float, paper: float, paper_se: float) -> tuple[float, float]:
    """``z = (ours - paper) / sqrt(se_ours^2 + se_paper^2)`` and its two-sided normal p-value.

    The test treats the two estimates as independent. Ours and the paper's are estimated on largely the
    same countries and years, so their errors are positively correlated and the true variance of the
    difference is smaller than the sum: the test is conservative (it rejects too rarely), and a
    non-rejection is no evidence that the two agree.
    """
    if not (ours_se > 0 and paper_se > 0):
        raise ValueError(f"difference_test: standard errors must be positive, not {ours_se!r} and {paper_se!r}.")
    z = (ours - paper) / math.hypot(ours_se, paper_se)
    return z, float(2 * stats.norm.sf(abs(z)))


def rejects(p, level: float = REJECT):
    """Whether a test with p-value ``p`` rejects its null at ``level``: ``p < level`` (element-wise for a Series
    or an array of p-values, e.g. to count the significant estimates of a table)."""
    return p < level


def rejection_words(p: float, null: str, level: float = REJECT, caveat: str = "") -> str:
    """``"rejects {null} at 5 %"`` or ``"does not reject {null} at 5 %"``, followed on a non-rejection by
    ``"; {caveat}"`` when a caveat is given (what the silence of this test does not show)."""
    if not 0 <= p <= 1:
        raise ValueError(f"rejection_words: {p!r} is not a probability.")
    level_words = f"{100 * level:g} %"
    if rejects(p, level):
        return f"rejects {null} at {level_words}"
    return f"does not reject {null} at {level_words}" + (f"; {caveat}" if caveat else "")


def in_intervals(ours: float, ours_se: float, paper: float, paper_se: float, df: float = math.inf) -> tuple[bool, bool]:
    """Whether the paper's estimate lies in our 95 % confidence interval (``t(df)``, ``df = G - 1`` as our
    p-values), and whether ours lies in the 95 % prediction interval of the paper's,
    ``paper ± 1.96 sqrt(se_paper^2 + se_ours^2)`` (Patil, Peng & Leek 2016)."""
    half = stats.t.ppf(0.975, df) * ours_se if math.isfinite(df) else stats.norm.ppf(0.975) * ours_se
    prediction = stats.norm.ppf(0.975) * math.hypot(paper_se, ours_se)
    return bool(abs(paper - ours) <= half), bool(abs(ours - paper) <= prediction)


def distance(ours: float, paper: float, paper_se: float, ours_se: float | None = None) -> str:
    """How far our estimate is from the paper's, in the paper's standard errors, in words.

    ``"within one of the paper's standard errors"`` (< ``NEAR``), ``"between one and two of the
    paper's standard errors apart"`` (< ``FAR``) or ``"more than two of the paper's standard
    errors apart"``. With ``ours_se``, the difference test that uses both standard errors follows in
    after a semicolon (:func:`difference_test`), e.g. ``"...; with both standard errors, z = −0.82, p = 0.412"``,
    since the paper's standard error alone treats our estimate as if it had none.
    """
    if not paper_se > 0:
        raise ValueError(f"The paper's standard error must be positive, not {paper_se!r}.")
    z = abs(ours - paper) / paper_se
    if z < NEAR:
        words = "within one of the paper's standard errors"
    elif z < FAR:
        words = "between one and two of the paper's standard errors apart"
    else:
        words = "more than two of the paper's standard errors apart"
    if ours_se is None:
        return words
    dz, dp = difference_test(ours, ours_se, paper, paper_se)
    shown_p = f"{dp:.1e}" if dp < 0.001 else f"{dp:.3f}"
    return f"{words}; with both standard errors, z = {dz:.2f}, p = {shown_p}".replace("z = -", "z = \u2212")


def correlation(r: float) -> str:
    """``"strong"`` (|r| >= 0.8), ``"moderate"`` (>= 0.5), ``"weak"`` (>= 0.1), with the sign if
    negative, or ``"practically zero"`` (|r| < 0.1)."""
    if not math.isfinite(r):
        raise ValueError(f"Correlation {r!r} is not a number.")
    if abs(r) < NEGLIGIBLE:
        return "practically zero"
    size = "strong" if abs(r) >= STRONG else "moderate" if abs(r) >= MODERATE else "weak"
    return size if r >= 0 else f"{size} negative"


def change(delta: float, scale: float, up: str = "rose", down: str = "fell", flat: str = "barely moved") -> str:
    """Direction of a change, ``flat`` when ``|delta| < LITTLE * scale``.

    ``scale`` is a reference size for the quantity (e.g. the spread of the index across
    countries); the caller states it in the text.
    """
    if not (math.isfinite(delta) and scale > 0):
        raise ValueError(f"change({delta!r}, scale={scale!r}): need a finite change and a positive scale.")
    if abs(delta) < LITTLE * scale:
        return flat
    return up if delta > 0 else down


def sign_word(x: float, positive: str = "surplus", negative: str = "deficit", zero: str = "balance") -> str:
    """``positive``, ``negative`` or ``zero`` by the sign of ``x``."""
    if not math.isfinite(x):
        raise ValueError(f"{x!r} is not a number.")
    return positive if x > 0 else negative if x < 0 else zero


def count(k: int, n: int, noun: str = "") -> str:
    """``"5 of 9"`` (``"all 9"`` / ``"none of the 9"`` at the ends; ``"both"`` / ``"neither of the 2"`` for
    two), followed by ``noun`` if given."""
    if not (0 <= k <= n):
        raise ValueError(f"count({k}, {n}): need 0 <= k <= n.")
    if n == 2 and k in (0, 2):
        text = "both" if k == 2 else "neither of the 2"
    else:
        text = f"all {n}" if k == n and n > 1 else f"none of the {n}" if k == 0 else f"{k} of {n}"
    return f"{text} {noun}".rstrip()


def join(items, empty: str = "none") -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"`` (``empty`` for no item): a list in a sentence."""
    items = [str(i) for i in items]
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def survives(k: int, n: int) -> str:
    """Summary of how many of ``n`` checks a result passes: ``"in every check"``, ``"in most checks"``
    (more than half), ``"in exactly half of the checks"``, ``"in fewer than half of the checks"`` or
    ``"in none of the checks"`` (the caller gives the count beside it)."""
    if not (0 <= k <= n and n > 0):
        raise ValueError(f"survives({k}, {n}): need 0 <= k <= n and n > 0.")
    if k == n:
        return "in every check"
    if k == 0:
        return "in none of the checks"
    if 2 * k == n:
        return "in exactly half of the checks"
    return "in most checks" if 2 * k > n else "in fewer than half of the checks"
