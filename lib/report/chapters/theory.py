"""The words of the theory chapter (``chapters/theory.ipynb``): why trade imbalances might drive
de-globalisation, and the three-country example of gross versus value-added trade.

The example itself (:func:`three_country_world`, :func:`bilateral_balances`) is here so that the
notebook defines no function; its visible cells and the exercises call it. One public function per
section of the chapter returns a :class:`lib.report.book.Passage` (its phrases and guards), which the
notebook hands to ``ch.add(...)``; the chapter's tables and figures are drawn here too, so that each
hidden cell of the notebook is a one- or two-line call. Small private helpers do the arithmetic the
sentences need.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import FancyBboxPatch

from ...data.iotable import IOTable
from ...mrio.toy import COUNTRIES_3, bilateral_balances, three_country_world  # noqa: F401 (the chapter's model)
from .. import book, claims

COUNTRIES = COUNTRIES_3

# The chapter's parameters that must be >= 0 and > 0 (the example's flows and value added).
_AT_LEAST_ZERO = ("COMPONENTS_J_TO_C", "J_FINAL_TO_U")
_ABOVE_ZERO = ("ASSEMBLY_VA_C", "U_FINAL_TO_J")


# --------------------------------------------------------------------------- parameters


def validate(components_j_to_c, assembly_va_c, share_c_to_u, j_final_to_u, u_final_to_j) -> tuple:
    """The parameters of the example, checked: flows >= 0, C's value added and U's sales to J > 0, the
    share of C's goods sold to U between 0 and 1. Returns them in the same order; raises ValueError
    naming the first parameter that is not valid."""
    values = {"COMPONENTS_J_TO_C": components_j_to_c, "ASSEMBLY_VA_C": assembly_va_c,
              "J_FINAL_TO_U": j_final_to_u, "U_FINAL_TO_J": u_final_to_j}  # fmt: skip  (the share: checked below)
    for name in _AT_LEAST_ZERO:
        if not (isinstance(values[name], (int, float)) and values[name] >= 0):
            raise ValueError(f"Parameter {name} = {values[name]!r} must be a number >= 0.")
    for name in _ABOVE_ZERO:
        if not (isinstance(values[name], (int, float)) and values[name] > 0):
            raise ValueError(f"Parameter {name} = {values[name]!r} must be a number > 0.")
    if not (isinstance(share_c_to_u, (int, float)) and 0 <= share_c_to_u <= 1):
        raise ValueError(f"Parameter SHARE_C_TO_U = {share_c_to_u!r} must be a share between 0 and 1.")
    return components_j_to_c, assembly_va_c, share_c_to_u, j_final_to_u, u_final_to_j


# --------------------------------------------------------------------------- the argument


def _box(ax, x, y, text, color, width=2.6):
    ax.add_patch(FancyBboxPatch((x - width / 2, y - 0.5), width, 1.0, boxstyle="round,pad=0.08", fc=color, ec="0.3"))
    ax.text(x, y, text, ha="center", va="center", fontsize=9.5)


def _arrow(ax, x0, y0, x1, y1):
    ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=dict(arrowstyle="->", color="0.3", lw=1.2))


def figure_mechanism() -> plt.Figure:
    """The paper's argument as a flow diagram: TBI falls -> three channels (H2, H3) -> de jure globalisation
    falls (H1)."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.1, 6)
    ax.axis("off")
    _box(ax, 1.35, 3, "Trade benefits\nfall (TBI ↓)", "#fde2e2", width=2.3)
    channels = [(5.0, 5.0, "Trade policy\nKOFTrGIdj", "developing"),
                (5.0, 3.0, "Financial openness\nKOFFiGIdj", "developing"),
                (5.0, 1.0, "Political engagement\nKOFPoGIdj", "developed")]  # fmt: skip
    for x, y, text, who in channels:
        _box(ax, x, y, text, "#e3ecfa")
        _arrow(ax, 2.6, 3, 3.6, y)
        _arrow(ax, 6.4, y, 7.3, 3)
        ax.text(x, y - 0.66, f"H3: {who} countries", ha="center", va="top", fontsize=9, style="italic", color="0.3")
    _box(ax, 8.6, 3, "De jure\nglobalisation ↓\nKOFGIdj, KOFEcGIdj", "#e6f4e1", width=2.5)
    ax.text(3.0, 5.75, "H2: channels", fontsize=9.5, color="0.3", ha="center")
    ax.text(7.0, 5.75, "H1: overall effect", fontsize=9.5, color="0.3", ha="center")
    return fig


# --------------------------------------------------------------------------- the three-country example


def table_accounts(world: IOTable):
    """Gross output, value added and final demand of each country (``tbl-theory-accounts``)."""
    accounts = pd.DataFrame({"gross output": world.x, "value added": world.va,
                             "final demand": world.final_demand().sum(axis=0)}, index=COUNTRIES)  # fmt: skip
    return book.table(accounts, "The three-country example: gross output, value added and final demand of each country "
                      "(millions of US dollars, from the parameters cell).", "tbl-theory-accounts",
                      formats={c: ".1f" for c in accounts})  # fmt: skip


def table_bilateral(bilateral: pd.DataFrame):
    """The bilateral balances of :func:`bilateral_balances` (``tbl-theory-bilateral``)."""
    return book.table(bilateral, "Bilateral balances in the three-country example: gross (customs) and value added "
                      "absorbed (millions of US dollars). A positive balance is a surplus of the first country.",
                      "tbl-theory-bilateral", formats={c: ".1f" for c in bilateral})  # fmt: skip


def figure_bilateral(bilateral: pd.DataFrame) -> plt.Figure:
    """Gross and value-added balance of each pair, as horizontal bars (``fig-theory-bilateral``)."""
    fig, ax = plt.subplots(figsize=(7, 2.8))
    positions = np.arange(len(bilateral))
    ax.barh(positions - 0.2, bilateral["gross balance"], height=0.38, color="0.65", label="gross (customs)")
    ax.barh(positions + 0.2, bilateral["value-added balance"], height=0.38, color="tab:blue", label="value added")
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(positions, bilateral.index)
    ax.invert_yaxis()
    ax.set_xlabel("balance of the first country with the second (millions of US dollars)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    return fig


def _shift(components_j_to_c: float, share_c_to_u: float) -> float:
    """J's value added that reaches U inside C's goods."""
    return share_c_to_u * components_j_to_c


def _balance(x: float) -> tuple[str, str]:
    """The size of a balance for the prose and its sign in words (surplus, deficit, balance)."""
    return book.num(abs(x), ".1f"), claims.sign_word(round(x, 9))


def gross_and_value_added(bilateral: pd.DataFrame, components_j_to_c: float, share_c_to_u: float) -> book.Passage:
    """The bilateral balances in words: ``cu_*``, ``ju_*``, ``jc_*`` (size and ``*_word``, gross and value
    added), ``shift``, ``share_pct``, ``components``, ``carry``, ``moves``, ``jc_sentence``, ``moral`` and
    ``summary_shift``; guards that the gaps are J's components passed on to U."""
    out = book.Passage()
    cu, ju, jc = (bilateral.loc[k] for k in ("C with U", "J with U", "J with C"))
    shift = _shift(components_j_to_c, share_c_to_u)
    out.check(np.isclose(cu["value added minus gross"], -shift),
              "C's balance with U falls by J's content of C's sales to U")  # fmt: skip
    out.check(np.isclose(ju["value added minus gross"], shift), "J's balance with U rises by the same amount")
    out.check(np.isclose(jc["value added minus gross"], -components_j_to_c * share_c_to_u),
              "J's balance with C falls by the components that C passes on to U")  # fmt: skip
    for key, row in (("cu", cu), ("ju", ju), ("jc", jc)):
        for measure, column in (("gross", "gross balance"), ("va", "value-added balance")):
            size, word = _balance(row[column])
            out.say(f"{key}_{measure}", size).say(f"{key}_{measure}_word", word)
    out.say("shift", book.num(shift, ".1f"))
    out.say("share_pct", book.num(100 * share_c_to_u, ".0f"))
    out.say("components", book.num(components_j_to_c, ".1f"))
    out.say("summary_shift", f"in the example, {out['shift']} of C's balance with U belongs to J." if shift > 0 else
            "with the current parameters C's goods contain no foreign value added, so there is none.")  # fmt: skip
    out.say("moral", "The imbalance has not disappeared; it has moved to the country where the value was created."
            if shift > 0 else "Without foreign components, the two measures agree pair by pair.")  # fmt: skip
    out.say("carry", "and each unit carries J's components" if components_j_to_c > 0 else
            "but C's goods contain none of J's components")  # fmt: skip
    out.say("jc_sentence",
            f"Between J and C, customs record a {out['jc_gross_word']} of {out['jc_gross']} for J "
            f"(all its components), value added a {out['jc_va_word']} of {out['jc_va']} (only the components that "
            "C's own consumers absorb)."
            if components_j_to_c > 0 else "J and C do not trade with each other.")  # fmt: skip
    out.say("moves", "moves that much value added from C's balance with U to J's" if shift > 0 else
            "moves nothing, because C's goods sold to U contain no foreign value added")  # fmt: skip
    return out


def table_totals(totals: pd.DataFrame):
    """Total balances and the two TBIs of each country (``tbl-theory-totals``)."""
    shown = totals.rename(columns={"gross_balance": "gross balance", "va_balance": "value-added balance",
                                   "tbi_gross": "customs TBI", "tbi": "TBI (value added)"})  # fmt: skip
    return book.table(shown, "Total balances (millions of US dollars) and trade benefit indices of the three "
                      "countries, in gross and in value-added terms.", "tbl-theory-totals",
                      formats={"gross balance": ".1f", "value-added balance": ".1f"})  # the TBIs: .4f


def total_balances(totals: pd.DataFrame, world: IOTable, components_j_to_c: float, share_c_to_u: float) -> book.Passage:
    """The total balances in words: ``c_tbi``, ``c_tbi_gross``, ``c_total``, ``c_total_word``, ``c_stretch``;
    guards that totals are the same in both measures and the value-added TBI stretches the customs TBI.

    ``totals`` is indexed by country with ``gross_balance``, ``va_balance``, ``tbi_gross`` and ``tbi``
    (:func:`lib.mrio.tbi.country_flows`)."""
    out = book.Passage()
    shift = _shift(components_j_to_c, share_c_to_u)
    out.check(np.allclose(totals["gross_balance"], totals["va_balance"]),
              "total balances are the same in gross and value added")  # fmt: skip
    out.check(np.allclose(totals["gross_balance"], world.va - world.final_demand().sum(axis=0)),
              "a country's total balance is its value added minus its final demand")  # fmt: skip
    nonzero = totals["tbi_gross"].abs() > 1e-12
    out.check((np.sign(totals["tbi"]) == np.sign(totals["tbi_gross"])).all(), "the two TBIs have the same sign")
    out.check((totals.loc[nonzero, "tbi"].abs() >= totals.loc[nonzero, "tbi_gross"].abs() - 1e-12).all(),
              "the value-added TBI is at least as far from zero as the customs TBI")  # fmt: skip
    out.say("c_tbi", book.num(totals.loc["C", "tbi"], ".4f"))
    out.say("c_tbi_gross", book.num(totals.loc["C", "tbi_gross"], ".4f"))
    out.say("c_total", book.num(abs(totals.loc["C", "gross_balance"]), ".1f"))
    out.say("c_total_word", claims.sign_word(round(totals.loc["C", "gross_balance"], 9)))
    # J's and U's trade carries no other country's value added (J sells only its own, U buys C's and J's goods
    # for its final users), so their two indices coincide whatever the parameters; C's differ once it uses
    # J's components.
    out.check(np.allclose(totals.loc[["J", "U"], "tbi"], totals.loc[["J", "U"], "tbi_gross"]),
              "J's and U's value-added and customs TBIs coincide")  # fmt: skip
    out.check((shift > 0) == (not np.isclose(totals.loc["C", "tbi"], totals.loc["C", "tbi_gross"])),
              "C's two TBIs differ exactly when some of J's components reach U through C")  # fmt: skip
    out.say("c_stretch", f"so C's value-added turnover is smaller and its value-added TBI lies further from zero than "
            f"its customs TBI ({out['c_tbi']} against {out['c_tbi_gross']})" if shift > 0 else
            f"but with the current parameters none of J's components reach U through C, so C's two TBIs "
            f"agree ({out['c_tbi']})")  # fmt: skip
    return out


# --------------------------------------------------------------------------- exercises


def diversion(before: pd.DataFrame, after: pd.DataFrame, total: dict, share_c_to_u: float) -> book.Passage:
    """Exercise 2 (U buys half of C's goods from J instead): ``ex2_gross`` and ``ex2_va``, how much U's balance
    with C moves; guards that U's total balance stays and what its balance with C gains, that with J loses.

    ``before`` and ``after`` are :func:`bilateral_balances` for the pairs U with C and U with J, ``total``
    U's total balance ``{"before": ..., "after": ...}``."""
    out = book.Passage()
    moved = after - before
    out.check(np.isclose(total["before"], total["after"]), "diverting purchases leaves U's total balance unchanged")
    out.check(np.allclose(moved.loc["U with C"], -moved.loc["U with J"]),
              "what U's balance with C gains, its balance with J loses")  # fmt: skip
    out.check_if(share_c_to_u > 0, lambda: (moved.loc["U with C", ["gross balance", "value-added balance"]] > 0).all(),
                 "U's deficit with C shrinks when it buys fewer of C's goods")  # fmt: skip
    out.say("ex2_gross", book.num(abs(moved.loc["U with C", "gross balance"]), ".1f"))
    out.say("ex2_va", book.num(abs(moved.loc["U with C", "value-added balance"]), ".1f"))
    return out


def _size(r: float) -> str:
    """'practically zero' below 0.05 in absolute value, otherwise the words of claims.correlation."""
    return "practically zero" if abs(r) < 0.05 else f"a {claims.correlation(r)} correlation"


def de_jure(r_facto: float, r_jure: float) -> book.Passage:
    """Exercise 3 (why de jure, not de facto): ``ex3_facto``, ``ex3_jure`` (the correlations of yearly changes
    of the TBI with the de facto and de jure trade indices), ``ex3_facto_word``, ``ex3_jure_word`` and
    ``ex3_compare``."""
    out = book.Passage()
    out.say("ex3_facto", book.num(r_facto, ".3f"))
    out.say("ex3_jure", book.num(r_jure, ".3f"))
    out.say("ex3_facto_word",
            "practically zero: in this panel the link is swamped by other movements of the two series"
            if abs(r_facto) < 0.05 else f"a {claims.correlation(r_facto)} correlation, as that link predicts"
            if r_facto < 0 else f"a {claims.correlation(r_facto)} positive correlation, although that link predicts a "
            "negative one")  # fmt: skip
    out.say("ex3_jure_word", _size(r_jure))
    out.say("ex3_compare", "The de jure index shows a weaker link than the de facto one" if abs(r_jure) < abs(r_facto)
            else "Here the de jure index is not less correlated with the TBI than the de facto one")  # fmt: skip
    return out
