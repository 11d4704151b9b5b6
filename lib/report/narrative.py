"""The chapters' generated sentences: each function takes a chapter's results and returns its phrases.

The arithmetic lives in the modules that compute (``gvc``, ``tbi``, ...); the wording lives here, one
function per chapter section, so that the words follow the numbers and can be tested on any parameters
(and a second language edition could be written beside it). Judging words come from :mod:`lib.report.claims`.
"""

from __future__ import annotations

import pandas as pd

from . import claims
from ..data import countries
from .book import Passage, num
from ..mrio.gvc import ORIGINS

# A sector counts as a main exporter of a pair when it carries at least this share (%) of the pair's
# gross exports; the lowest domestic share is looked for among those sectors only.
MAIN_SECTOR_SHARE = 5.0

# Changes of an origin's share smaller than this many percentage points "barely moved".
FLAT_POINTS = 1.0

_SHORT = {
    "domestic value added": "domestic share",
    "partner's value added": "partner's share",
    "third countries' value added": "third countries' share",
    "double counting": "double-counting share",
}


def _pct(x) -> str:
    return f"{num(x, '.1f')} %"


def wwz_pair(
    origins: pd.DataFrame, shares: pd.DataFrame, country: str, partner: str, year: int, unit: float = 1e3
) -> dict[str, str]:
    """Phrases of the decomposition chapter's section on value added by sector and partner.

    Parameters
    ----------
    origins
        :func:`lib.mrio.gvc.value_added_origins` of the pair in ``year``, the year discussed.
    shares
        :func:`lib.mrio.gvc.origin_shares` by year: index the years compared (first, then last), columns the
        four origins (%).
    country, partner
        ISO3 codes of the exporter and the importer.
    year
        The year of ``origins``; one of the two years of ``shares``.
    unit
        Table units per billion (WIOD: millions, so 1e3).

    Returns
    -------
    dict
        ``total`` (gross exports, billions), ``split`` (the four origins' shares in ``year``),
        ``top`` (the largest sector and its domestic share), ``lowest`` (the lowest domestic share among the
        main sectors), ``change`` (each share's move between the two years), ``flat`` (the threshold).
    """
    if len(shares) != 2:
        raise ValueError(f"wwz_pair: compare two years, got {list(shares.index)}.")
    first, last = shares.index
    if year not in (first, last):
        raise ValueError(f"wwz_pair: year {year} is not one of the years compared, {first} and {last}.")
    c, p = countries.name(country, article=True), countries.name(partner, article=True)
    total = origins["gross exports"].sum()
    s = shares.loc[year]
    own, back, third, double = (_pct(s[origin]) for origin in ORIGINS)
    split = (f"{own} was value added of {c} itself, {back} value added of {p} that came back to it inside "
             f"these exports, {third} value added of third countries, and {double} double counting")
    domestic = 100 * origins["domestic value added"] / origins["gross exports"].where(origins["gross exports"] > 0)
    weight = 100 * origins["gross exports"] / total
    top = weight.idxmax()
    main = domestic[weight >= MAIN_SECTOR_SHARE].dropna()
    top_text = (f"The largest exporting sector, {countries.sector(top)}, carried {_pct(weight[top])} of these exports, "
                f"and {_pct(domestic[top])} of its value was domestic value added")
    threshold = f"at least {MAIN_SECTOR_SHARE:.0f} % of the pair's exports"
    if len(main.drop(top, errors="ignore")) == 0:
        lowest = f"no other sector carries {threshold}"
    elif main.idxmin() == top:
        lowest = f"that is also the lowest domestic share among the {len(main)} sectors that carry {threshold}"
    else:
        low = main.idxmin()
        lowest = (f"the lowest domestic share among the {len(main)} sectors that carry {threshold} is that of "
                  f"{countries.sector(low)}, {_pct(domestic[low])}")
    moves = []
    for origin in ORIGINS:
        before, after = shares.at[first, origin], shares.at[last, origin]
        word = claims.change(after - before, FLAT_POINTS / claims.LITTLE)
        by = "" if word == "barely moved" else f" by {num(abs(after - before), '.1f')} percentage points"
        moves.append(f"the {_SHORT[origin]} {word}{by} ({_pct(before)} in {first}, {_pct(after)} in {last})")
    change = f"Between {first} and {last}, " + "; ".join(moves[:-1]) + "; and " + moves[-1]
    return {
        "total": f"{num(total / unit, ',.1f')} billion dollars",
        "split": split,
        "top": top_text,
        "lowest": lowest,
        "change": change,
        "flat": f"{FLAT_POINTS:.0f} percentage point",
    }


def headline(card: pd.DataFrame) -> dict[str, str]:
    """The landing page's headline results, from the whole-book scorecard (:func:`lib.report.scorecard.scorecard`).

    Returns ``tbi`` (the verdicts of the TBI coefficients), ``h1`` (Table 3, columns 3 and 4), ``h3`` (the
    developing-country economic index of Table 4, column 4) and ``all`` (every coefficient).
    """
    tbi = card[card["term"] == "TBI"].set_index(["table", "column"])
    if tbi.empty:
        raise ValueError("headline: the scorecard has no TBI rows.")

    def cell(table, column):
        r = tbi.loc[(table, column)]
        return (f"{num(r['ours'], '.2f')}{claims.stars(r['ours_p'])} against the paper's "
                f"{num(r['paper'], '.2f')}{'*' * int(r['paper_stars'])}: {r['verdict']}")

    counts = tbi["verdict"].value_counts().to_dict()
    return {
        "tbi": claims.verdict_sentence(counts, "TBI coefficients of the paper's Tables 3–6"),
        "h1": f"overall index {cell('3', '(3)')}; economic index {cell('3', '(4)')}",
        "h3": cell("4", "(4)"),
        "all": claims.verdict_sentence(card["verdict"].value_counts().to_dict()),
        "n_all": f"{len(card)}",
    }


def country_profile(panel: pd.DataFrame, flows: pd.DataFrame, kof: pd.DataFrame | None, country: str,
                    year: int, n_partners: int = 3) -> dict[str, str]:
    """Phrases of a one-country profile: its TBI path, value-added against gross balance, main partners, KOF path.

    Parameters
    ----------
    panel
        :func:`lib.mrio.tbi.tbi_panel` (``country, year, tbi, tbi_gross, va_balance, gross_balance, va_exports``).
    flows
        :func:`lib.mrio.tbi.bilateral_panel` (``origin, destination, year, va, gross``).
    kof
        KOF rows with ``country, year, KOFGIdj`` (``None`` or no rows for the country: no KOF sentence).
    country, year
        The economy and the year of the balances and partners.
    n_partners
        How many partners to name.

    Raises
    ------
    ValueError
        If the panel has no row for ``country`` in ``year``.
    """
    rows = panel[panel["country"] == country].set_index("year").sort_index()
    if year not in rows.index:
        raise ValueError(f"country_profile: no TBI for {country!r} in {year}; years {list(rows.index)}.")
    name = countries.name(country, article=True)
    Name = name[0].upper() + name[1:]
    first, last = rows.index[0], rows.index[-1]
    tbi = rows["tbi"]
    path = (f"{Name}'s TBI went from {num(tbi[first], '.3f')} in {first} to {num(tbi[last], '.3f')} in {last}, "
            f"between {num(tbi.min(), '.3f')} ({tbi.idxmin()}) and {num(tbi.max(), '.3f')} ({tbi.idxmax()})")
    signs = set(claims.sign_word(v) for v in tbi)
    path += (f": a value-added {signs.pop()} in every year" if len(signs) == 1 else
             f"; it was in surplus in {int((tbi > 0).sum())} of {len(tbi)} years")
    r = rows.loc[year]
    gap = abs(r["va_balance"] - r["gross_balance"])
    same = ("the two are equal (to the million), as the identity of this chapter says, so the value-added and the "
            "customs TBI differ only through their denominators" if gap < 1.0 else
            f"they differ by {num(gap, ',.0f')} million")
    balance = (f"In {year} its value-added balance with the world was {num(r['va_balance'] / 1e3, ',.1f')} billion "
               f"dollars and its gross balance {num(r['gross_balance'] / 1e3, ',.1f')} billion; {same} "
               f"(TBI {num(r['tbi'], '.3f')}, customs TBI {num(r['tbi_gross'], '.3f')})")
    f = flows[flows["year"] == year]
    out_va = f[(f["origin"] == country) & (f["destination"] != country)].set_index("destination")["va"]
    in_va = f[(f["destination"] == country) & (f["origin"] != country)].set_index("origin")["va"]
    top = out_va.sort_values(ascending=False).index[:n_partners]
    shares = [f"{countries.name(p, article=True)} ({num(100 * out_va[p] / out_va.sum(), '.0f')} %, balance "
              f"{num((out_va[p] - in_va.get(p, 0.0)) / 1e3, ',.1f')} bn)" for p in top]
    partners = (f"No bilateral value-added exports of {name} are recorded for {year}" if not shares else
                f"Its main destinations for value-added exports in {year} were " + ", ".join(shares[:-1])
                + (" and " if len(shares) > 1 else "") + shares[-1])
    kof_sentence = ""
    if kof is not None:
        k = kof[(kof["country"] == country)].set_index("year")["KOFGIdj"].dropna()
        k = k[(k.index >= first) & (k.index <= last)]
        if len(k) > 1:
            word = claims.change(k.iloc[-1] - k.iloc[0], 10.0)
            kof_sentence = (f"Its overall de jure globalisation index (KOF) {word} from {num(k.iloc[0], '.1f')} in "
                            f"{k.index[0]} to {num(k.iloc[-1], '.1f')} in {k.index[-1]}")
        elif len(k) == 1:  # one year is no path
            kof_sentence = (f"KOF has the de jure index for {name} in {k.index[0]} only ({num(k.iloc[0], '.1f')}), so "
                            f"it shows no change over {first}–{last}")
        else:
            kof_sentence = f"KOF has no de jure index for {name}"
    return {"path": path, "balance": balance, "partners": partners, "kof": kof_sentence}


def headline_passage(card: pd.DataFrame) -> Passage:
    """:func:`headline` as the landing page's phrases ``head_tbi``, ``head_h1``, ``head_h3`` and ``head_all``."""
    out = Passage()
    for name, phrase in headline(card).items():
        out.say(f"head_{name}", phrase)
    return out
