"""The words of the decomposition chapter (``chapters/decomposition.ipynb``): where value added goes, from a
toy input-output table to WIOD, gross against value-added bilateral balances, and the WWZ origins of a
pair's exports.

One public function per section of the chapter returns a :class:`lib.report.book.Passage` (its phrases
and guards); the notebook hands it to ``ch.add(...)``. The chapter's tables, figures and downloads are
built here too, so that each hidden cell of the notebook is a one-line call. The matrices, tables and
flows themselves come from the notebook's visible cells; small private helpers do the arithmetic the
sentences need.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ...data import countries, releases
from ...data.iotable import to_frame
from ...mrio import gvc
from ...mrio.algebra import bilateral_gross, va_absorption
from ...mrio.tbi import bilateral_balance
from .. import book, claims, narrative, plotting

# Bilateral pairs the chapter compares its own pair with (the first one that is not the parameters' pair).
COMPARISON_PAIRS = (("DEU", "USA"), ("CHN", "USA"))

# Exercise 2: a gap below this many billion dollars counts as "below one billion".
CLOSE_BN = 1.0
# Exercise 2: the pair's average gap share (points of turnover) is "about as large as" the other's within this.
SAME_SHARE_POINTS = 0.5
# Exercise 2: the two flows shrink "in similar proportions" when their average VA/gross shares differ by less.
SIMILAR_SHARE_POINTS = 5


# --------------------------------------------------------------------------- parameters


def validate(release, year, country: str, partner: str, focus) -> tuple[int, list[str]]:
    """The chapter's parameters checked against the release: ``(YEAR, FOCUS)``, with ``YEAR = None``
    resolved to the release's last year and ``FOCUS`` a list without repeats. A value the release does not
    have raises the ValueError of :func:`lib.report.book.require` (valid values, closest match); a
    ``FOCUS`` of fewer than 2 or more than 10 economies raises a ValueError."""
    facts = releases.release(release)
    regions, years = facts.countries, tuple(facts.years)
    year = book.require(years[-1] if year is None else year, years, "YEAR")
    book.require(country, regions, "COUNTRY")
    book.require(partner, [r for r in regions if r != country], "PARTNER")
    focus = [book.require(code, regions, "FOCUS") for code in dict.fromkeys(focus)]
    if not 2 <= len(focus) <= 10:
        raise ValueError(f"Parameter FOCUS has {len(focus)} economies; give 2 to 10 codes so that the matrix fits the page.")
    return year, focus


def chapter_year(year: int) -> book.Passage:
    """``year``: the year of the real table."""
    return book.Passage().say("year", str(year))


# --------------------------------------------------------------------------- tables of the toy world


def _whole(v) -> str:
    """Matrix entries for display: exact zeros as 0, others in whole units."""
    return "0" if v == 0 else f"{v:,.0f}"


def _entries(spec: str):
    return lambda v: "0" if v == 0 else format(v, spec)


def matrix_table(frame: pd.DataFrame, caption: str, name: str, spec: str = ".3f", corner: str = ""):
    """A small labelled matrix as a numbered table (rows and columns named, zeros shown as 0)."""
    shown = frame.rename_axis(corner) if corner else frame
    return book.table(shown, caption, name, formats={str(c): _entries(spec) for c in frame.columns})


def _square(matrix, labels) -> pd.DataFrame:
    return pd.DataFrame(matrix, index=labels, columns=labels)


def table_toy(toy):
    """``tbl-decomp-toy``: the toy table laid out as textbooks do."""
    layout = to_frame(toy).rename(columns={f"FD {c}": f"final demand {c}" for c in toy.countries} | {"output x": "gross output"},
                                  index={"output x": "gross output"})  # fmt: skip
    return book.table(layout.rename_axis("sells ↓ / buys →"),
                      "The toy world input–output table, millions of US dollars. Rows: the selling sector; the first "
                      "four columns are intermediate sales to each sector, then final demand of each country and gross "
                      "output. The last two rows are value added and gross output of each buying sector.",
                      "tbl-decomp-toy", formats={c: _whole for c in layout.columns})  # fmt: skip


def table_technical(A, labels):
    """``tbl-decomp-A``: the technical coefficients of the toy table."""
    return matrix_table(_square(A, labels),
                        "Technical coefficients A of the toy table: input bought from the row sector per dollar of output "
                        "of the column sector (US dollars per dollar).", "tbl-decomp-A", ".2f", "from ↓ / per $ of →")


def table_leontief(B, labels):
    """``tbl-decomp-B``: the Leontief inverse of the toy table."""
    return matrix_table(_square(B, labels),
                        "Leontief inverse B of the toy table: output of the row sector needed to deliver one dollar of the "
                        "column sector to final users (US dollars per dollar). The LU solve and the power series "
                        "I + A + A² + A³ give the same matrix.", "tbl-decomp-B", ".3f", "output of ↓ / per $ of →")


def table_va_coefficients(toy, v, labels):
    """``tbl-decomp-v``: gross output, value added and their ratio for each sector of the toy table."""
    return book.table(pd.DataFrame({"gross output x": toy.x, "value added va": toy.va, "v = va / x": v}, index=labels),
                      "Value-added coefficients of the toy table: value added per dollar of gross output (output and value "
                      "added in millions of US dollars).", "tbl-decomp-v",
                      formats={"gross output x": ".0f", "value added va": ".0f", "v = va / x": ".2f"})  # fmt: skip


def table_v_hat(V_hat, labels):
    """``tbl-decomp-Vhat``: the diagonal matrix of value-added coefficients."""
    return matrix_table(_square(V_hat, labels),
                        "V̂ = diag(v): the value-added coefficients on the diagonal (US dollars of value added per dollar of "
                        "output).", "tbl-decomp-Vhat", ".2f")


def table_vb(VB, labels):
    """``tbl-decomp-VB``: V̂B with the sum of each column in a last row."""
    shown = _square(VB, labels)
    shown.loc["column sum"] = VB.sum(axis=0)
    return matrix_table(shown, "V̂B for the toy table: value added of the row sector in one dollar of final sales of the "
                        "column sector (US dollars per dollar); the last row adds each column.", "tbl-decomp-VB", ".3f",
                        "value added of ↓ / per $ of →")  # fmt: skip


def table_vby(toy, VBY, labels):
    """``tbl-decomp-VBY``: V̂BY of the toy table with its row sums (value added) and column sums (final demand)."""
    shown = pd.DataFrame(VBY, index=labels, columns=[f"absorbed in {c}" for c in toy.countries])
    shown["row sum"] = VBY.sum(axis=1)
    shown["value added"] = toy.va
    shown.loc["column sum"] = [*VBY.sum(axis=0), np.nan, np.nan]
    shown.loc["final demand"] = [*toy.final_demand().sum(axis=0), np.nan, np.nan]
    return book.table(shown.rename_axis("created in ↓"),
                      "Value added absorbed, V̂BY, for the toy table (millions of US dollars): value added created in the "
                      "row sector and absorbed by final demand of the column country. Row sums equal value added; column "
                      "sums equal each country's final demand.", "tbl-decomp-VBY",
                      formats={c: ".1f" for c in shown.columns})  # fmt: skip


def table_va_toy(va_toy: pd.DataFrame):
    """``tbl-decomp-VA-toy``: value added absorbed by origin and destination country in the toy table."""
    return book.table(va_toy.rename_axis("origin ↓ / destination →"),
                      "Value added absorbed by origin and destination country in the toy table (millions of US dollars). "
                      "Diagonal: value added absorbed at home; off-diagonal: value-added exports.", "tbl-decomp-VA-toy",
                      formats={c: ".1f" for c in va_toy.columns})  # fmt: skip


# --------------------------------------------------------------------------- words on the toy world


def toy_reading(toy) -> book.Passage:
    """``hg_*``: row and column of H-goods in the toy table, read in words."""
    out = book.Passage()
    Y = toy.final_demand()
    out.say("hg_x", book.num(toy.x[0], ".0f"))
    out.say("hg_to_hs", book.num(toy.Z[0, 1], ".0f"))
    out.say("hg_fd_h", book.num(Y[0, 0], ".0f"))
    out.say("hg_fd_f", book.num(Y[0, 1], ".0f"))
    out.say("hg_inputs", book.num(toy.Z[:, 0].sum(), ".0f"))
    out.say("hg_va", book.num(toy.va[0], ".0f"))
    out.check(np.allclose(toy.row_gap(), 0), "the toy table balances along its rows")
    out.check(toy.Z[:, 0].sum() == toy.Z[2, 0], "H-goods buys its inputs only from F-goods (as the text says)")
    return out


def leontief(A, B_series, B_lu) -> book.Passage:
    """``a4_max``, ``b_gap``, ``b_hg_hs``, ``b_fg_hg``: the power series against the LU solve, and two entries of B."""
    out = book.Passage()
    A4 = np.linalg.matrix_power(A, 4)
    out.say("a4_max", book.num(np.abs(A4).max(), ".0f"))
    gap = np.abs(B_series - B_lu).max()
    out.say("b_gap", "exactly zero" if gap == 0 else f"{book.num(gap, '.1e')}, rounding error")
    out.check(np.abs(A4).max() == 0, "A is nilpotent: A⁴ = 0, so the power series stops after A³")
    out.check(np.allclose(B_series, B_lu, atol=1e-14), "power series and LU solve give the same B")
    out.say("b_hg_hs", book.num(B_lu[0, 1], ".1f"))
    out.say("b_fg_hg", book.num(B_lu[2, 0], ".1f"))
    return out


def value_added_by_hand(toy, v, B_lu, VB, VBY, VBY_by_hand, r: int = 0, j: int = 1) -> book.Passage:
    """``hand_*``, ``va_hs``, ``vby_hs_f``: entry ``(r, j)`` of V̂BY worked out by hand (H-goods' value added absorbed
    in Foreign), and the identities of V̂B and V̂BY."""
    out = book.Passage()
    out.check(np.allclose(VB.sum(axis=0), 1.0), "every column of V̂B sums to one")
    Y = toy.final_demand()
    out.check(np.allclose(VBY, VBY_by_hand), "va_absorption equals V̂ B Y computed with the displayed matrices")
    out.check(np.allclose(VBY.sum(axis=1), toy.va), "rows of V̂BY sum to value added")
    out.check(np.allclose(VBY.sum(axis=0), Y.sum(axis=0)), "columns of V̂BY sum to final demand")
    y = Y[:, j]
    inner = (B_lu[r] * y).sum()
    out.say("hand_v", book.num(v[r], ".2f"))
    out.say("hand_terms", " + ".join(f"{book.num(B_lu[r, s], '.3f')} × {book.num(y[s], '.0f')}" for s in range(len(y))))
    out.say("hand_inner", book.num(inner, ".1f"))
    out.say("hand_result", book.num(v[r] * inner, ".1f"))
    out.check(np.isclose(v[r] * inner, VBY[r, j]), "the hand-worked entry equals the computed one")
    out.say("va_hs", book.num(toy.va[1], ".0f"))
    out.say("vby_hs_f", book.num(VBY[1, j], ".1f"))
    return out


def toy_value_added_trade(va_toy: pd.DataFrame) -> book.Passage:
    """``toy_vax_h``, ``toy_vam_h``: Home's value-added exports and imports in the toy table."""
    out = book.Passage()
    out.say("toy_vax_h", book.num(va_toy.loc["H", "F"], ".1f"))
    out.say("toy_vam_h", book.num(va_toy.loc["F", "H"], ".1f"))
    return out


# --------------------------------------------------------------------------- the real table


def table_balance_report(raw, report, year: int, label: str):
    """``tbl-decomp-balance``: what :func:`lib.data.iotable.check_table` finds in the table as published."""
    world_output = raw.x.sum()
    rows = {
        "size": f"{raw.G} regions × {raw.N} sectors = {raw.G * raw.N:,} rows",
        "intermediate block Z": f"{raw.Z.shape[0]:,} × {raw.Z.shape[1]:,}",
        "final-demand columns": f"{raw.Y.shape[1]:,} ({raw.G} countries × {raw.K} uses)",
        "largest row gap, x − Z1 − Y1 (mn USD)": f"{report.max_abs_gap:,.0f} (sector {report.worst_row})",
        "largest gap relative to the row's output": f"{100 * report.max_rel_gap:.1f} %",
        "sum of all row gaps (USD)": (f"{report.total_gap / 1e3:,.1f} bn "
                                      f"({100 * report.total_gap / world_output:.2f} % of world output)"),
        "largest gap / what rounding can explain": f"{report.max_gap_over_tolerance:.3f}",
        "rows with zero output": f"{report.n_zero_output:,}",
    }  # fmt: skip
    frame = pd.DataFrame({"value": list(rows.values())}, index=list(rows)).rename_axis("check_table")
    return book.table(frame, f"What the loader's check (lib.data.iotable.check_table) finds in the table of {year} as "
                      f"published in the {label}; millions of current US dollars unless stated.", "tbl-decomp-balance",
                      align={"value": "right"})  # fmt: skip


def _rounding_words(unit: float) -> str:
    return "whole millions of dollars" if unit == 1 else f"multiples of {unit:g} million dollars"


def balance_report(raw, report) -> book.Passage:
    """``G``, ``N``, ``GN``, ``n_countries``, ``gap_*``, ``stored_as``, ``rounding_sentence``, ``zero_rows``: the size of
    the published table and how far its rows are from adding up."""
    out = book.Passage()
    out.say("G", raw.G).say("N", raw.N).say("GN", raw.G * raw.N).say("n_countries", raw.G - 1)
    out.say("gap_max", book.num(report.max_abs_gap, ",.0f"))
    out.say("gap_total_bn", book.num(report.total_gap / 1e3, ",.1f"))
    out.say("gap_share", book.num(100 * report.total_gap / raw.x.sum(), ".2f"))
    n_cells = raw.Z.shape[1] + raw.Y.shape[1] + 1
    unit = raw.rounding_unit
    if unit > 0:
        out.say("stored_as", f"stores {_rounding_words(unit)}, so its rows do not add up exactly")
        out.say("rounding_sentence", f"Rounding each of the {n_cells:,} stored numbers of a row to {_rounding_words(unit)} "
                f"can shift the row by at most {unit * n_cells:,.0f} million; the largest gap is "
                f"{report.max_gap_over_tolerance:.3f} of that bound, and the loader refuses a table whose rows are "
                "further off.")  # fmt: skip
    else:
        out.say("stored_as", "stores unrounded values, so its rows add up except for floating-point error")
        out.say("rounding_sentence", "The loader refuses a table whose rows are further off than floating-point error.")
    out.say("zero_rows", "No country-sector has zero output." if report.n_zero_output == 0 else
            f"Some country-sectors, {report.n_zero_output:,} in all, have no output; they get zero "
            "coefficients (1/0 := 0).")  # fmt: skip
    out.check(report.max_gap_over_tolerance <= 1, "every row gap is within what rounding can explain")
    return out


def table_va_real(va: pd.DataFrame, focus, year: int):
    """``tbl-decomp-VA-real``: value added absorbed among the economies of ``focus``, billions of dollars."""
    return book.table((va.loc[focus, focus] / 1e3).rename_axis("origin ↓ / destination →"),
                      f"Value added absorbed, {year}, billions of current US dollars: value added created in the row economy "
                      "and absorbed by final demand of the column economy (diagonal: absorbed at home). Codes: "
                      + "; ".join(f"{c} {countries.name(c)}" for c in focus) + ".", "tbl-decomp-VA-real",
                      formats={c: ",.1f" for c in focus})  # fmt: skip


def real_table(table, va: pd.DataFrame, focus) -> book.Passage:
    """``world_va_tn``, ``big_*``: the identities of V̂BY on the real table, and the largest cross-border flow among
    the countries of ``focus``."""
    out = book.Passage()
    vby = va_absorption(table)
    out.check(np.allclose(vby.sum(axis=1), table.va, rtol=1e-9, atol=1e-6), "rows of the real V̂BY sum to value added")
    world_fd = table.final_demand().sum()
    out.check(abs(vby.sum() - world_fd) < 1e-9 * world_fd, "world value added absorbed equals world final demand")
    out.say("world_va_tn", book.num(table.va.sum() / 1e6, ".1f"))
    shown = [c for c in focus if c != "ROW"]
    big = va.loc[shown, shown].where(~np.eye(len(shown), dtype=bool)).stack().idxmax()
    out.say("big_from", countries.name(big[0], article=True))
    out.say("big_to", countries.name(big[1], article=True))
    out.say("big_bn", book.num(va.loc[big] / 1e3, ",.1f"))
    return out


# --------------------------------------------------------------------------- where value added goes


def _destination_shares(va: pd.DataFrame) -> pd.DataFrame:
    """Each origin's value-added exports (value added absorbed at home dropped) split by destination, % (rows add to 100)."""
    exports = va.where(~np.eye(len(va), dtype=bool), 0.0)
    return 100 * exports.div(exports.sum(axis=1), axis=0)


def figure_destinations(va: pd.DataFrame, focus):
    """``fig-decomp-destinations``: heatmap of the destinations of the value-added exports of the economies of
    ``focus`` (the others summed as "other")."""
    shares = _destination_shares(va)
    other = shares.loc[focus].drop(columns=focus).sum(axis=1).rename("other")
    shown = pd.concat([shares.loc[focus, focus], other], axis=1)
    top = shown.to_numpy().max()
    fig, ax = plt.subplots(figsize=(plotting.WIDTH, 0.45 * len(focus) + 2.2))
    im = ax.imshow(shown.to_numpy(), cmap="Blues", vmin=0, vmax=top, aspect="auto")
    ax.set_xticks(range(shown.shape[1]), shown.columns)
    ax.set_yticks(range(shown.shape[0]), shown.index)
    ax.set_xlabel("absorbed in (destination)")
    ax.set_ylabel("value added created in (origin)")
    ax.grid(False)
    for (r, c), value in np.ndenumerate(shown.to_numpy()):
        if value >= 0.5:
            ax.text(c, r, f"{value:.0f}", ha="center", va="center", fontsize=9,
                    color="white" if value > 0.6 * top else "black")  # fmt: skip
    fig.colorbar(im, ax=ax, label="% of the origin's value-added exports")
    return fig


def destinations(va: pd.DataFrame, focus, country: str, partner: str, release) -> book.Passage:
    """``country``, ``partner``, ``share_cp``, ``share_pc``, ``row_sentence``: the share of each economy of the pair in
    the other's value-added exports, and how often the rest of the world is the largest destination."""
    out = book.Passage()
    shares = _destination_shares(va)
    out.say("country", countries.name(country, article=True))
    out.say("partner", countries.name(partner, article=True))
    out.say("share_cp", book.num(shares.loc[country, partner], ".0f"))
    out.say("share_pc", book.num(shares.loc[partner, country], ".0f"))
    origins = [c for c in focus if c != "ROW"]
    if "ROW" in releases.release(release).countries and origins:
        n_row_top = int(sum(shares.loc[c].drop(c).idxmax() == "ROW" for c in origins))
        out.say("row_sentence", f"The rest of the world (ROW), every country outside the table, is the largest destination "
                f"for {claims.count(n_row_top, len(origins), 'economies shown')}.")  # fmt: skip
    else:
        out.say("row_sentence", "")
    return out


# --------------------------------------------------------------------------- gross against value added


def download_flows(flows: pd.DataFrame, release):
    """The download link of the bilateral flows of every year."""
    return book.download(flows, f"bilateral_flows_wiod{release}.csv",
                         "the bilateral flows, value added absorbed and gross exports by origin, destination and year, mn USD")


def figure_bilateral(balance: pd.DataFrame, country: str, partner: str, year: int):
    """``fig-decomp-bilateral``: the gross and the value-added bilateral balance over the years, a dotted line at ``year``."""
    fig, ax = plt.subplots(figsize=(plotting.WIDTH, 3.8))
    ax.plot(balance["gross balance"], marker="o", label="gross (customs view)")
    ax.plot(balance["value-added balance"], marker="s", label="value added absorbed")
    ax.axvline(year, color="0.5", linestyle=":", linewidth=1)
    plotting.zero_line(ax)
    ax.set_xlabel("year")
    ax.set_ylabel(f"balance of {country} with {partner} (bn USD)")
    ax.legend()
    return fig


def table_bilateral(balance: pd.DataFrame, country: str, partner: str):
    """``tbl-decomp-bilateral``: the two bilateral balances and the turnover for every year."""
    shown = balance.assign(**{"value added / gross (%)": 100 * balance["value-added balance"] / balance["gross balance"]})
    shown = shown.rename(columns={"gross balance": "gross balance (bn USD)",
                                  "value-added balance": "value-added balance (bn USD)",
                                  "gross turnover": "gross turnover (bn USD)"})  # fmt: skip
    return book.table(shown, f"Bilateral balance of {countries.name(country, article=True)} with "
                      f"{countries.name(partner, article=True)}, gross and in value added, with gross turnover (exports plus "
                      "imports), billions of current US dollars.", "tbl-decomp-bilateral",
                      formats={"year": "d", "gross balance (bn USD)": ",.1f", "value-added balance (bn USD)": ",.1f",
                               "gross turnover (bn USD)": ",.1f", "value added / gross (%)": ".0f"})  # fmt: skip


def _smaller_phrase(balance: pd.DataFrame) -> str:
    """In how many years the value-added balance is smaller (or, if in fewer than half, larger) than the gross one."""
    smaller = balance["value-added balance"].abs() < balance["gross balance"].abs()
    k, n = int(smaller.sum()), len(balance)
    mostly = 2 * k >= n
    text = (f"smaller in absolute value than the gross one in {claims.count(k, n, 'years')} of the release" if mostly else
            f"larger in absolute value than the gross one in {claims.count(n - k, n, 'years')} of the release")  # fmt: skip
    if 0 < k < n:
        text += ", and larger in the others" if mostly else ", and smaller in the others"
    return text


def _widest_gap_share(balance: pd.DataFrame) -> float:
    """The widest gap between the two balances, % of the pair's gross turnover in that year."""
    gap = (balance["value-added balance"] - balance["gross balance"]).abs()
    return 100 * gap.max() / balance.loc[gap.idxmax(), "gross turnover"]


def _other_pair(flows: pd.DataFrame, country: str, partner: str) -> str:
    """The sentence on the first comparison pair that is not the parameters' pair."""
    other = next(p for p in COMPARISON_PAIRS if p != (country, partner))
    balance = bilateral_balance(flows, *other)
    n = len(balance)
    larger = int((balance["value-added balance"].abs() > balance["gross balance"].abs()).sum())
    direction = "larger" if 2 * larger > n else "smaller"
    k = larger if direction == "larger" else n - larger
    text = (f"For comparison, for {countries.name(other[0], article=True)} and {countries.name(other[1], article=True)} "
            f"(set COUNTRY to {other[0]} and PARTNER to {other[1]}) the value-added balance is the {direction} one in "
            f"{claims.count(k, n, 'years')}.")  # fmt: skip
    if direction == "larger":
        text += (" This can happen when the partner's exports shrink more in value added than the country's own (they "
                 "contain more foreign inputs), or when much of the country's value added reaches the partner inside "
                 "third countries' exports.")  # fmt: skip
    return text


def bilateral(balance: pd.DataFrame, flows: pd.DataFrame, country: str, partner: str, year: int, release) -> book.Passage:
    """``gross_word``, ``va_word``, ``gross_bn``, ``va_bn``, ``va_vs_gross``, ``n_smaller``, ``gap_turnover``,
    ``other_pair``: the pair's two balances in ``year`` and over the release, and a comparison pair."""
    out = book.Passage()
    last = balance.loc[year]
    gross, value_added = last["gross balance"], last["value-added balance"]
    out.say("gross_word", claims.sign_word(gross))
    out.say("va_word", claims.sign_word(value_added))
    out.say("gross_bn", book.num(abs(gross), ",.1f"))
    out.say("va_bn", book.num(abs(value_added), ",.1f"))
    same_sign = np.sign(gross) == np.sign(value_added) != 0
    out.say("va_vs_gross", f"{book.num(100 * value_added / gross, '.0f')} % of the customs figure" if same_sign
            else "with the opposite sign of the customs figure")  # fmt: skip
    out.say("n_smaller", _smaller_phrase(balance))
    out.say("gap_turnover", book.num(_widest_gap_share(balance), ".0f"))
    out.say("other_pair", _other_pair(flows, country, partner))
    defaults = (country, partner) == ("CHN", "USA") and release == "2013"
    out.check_if(defaults, lambda: (balance["value-added balance"] < balance["gross balance"]).all()
                 and 0 < value_added < gross,
                 "for China and the United States the value-added surplus is below the gross surplus in every year")  # fmt: skip
    return out


# --------------------------------------------------------------------------- inside the exports: WWZ


def download_wwz(wwz: pd.DataFrame, release, year: int):
    """The download link of the 16 WWZ terms of ``year``."""
    return book.download(wwz.round(4), f"wwz_sectors_wiod{release}_{year}.csv.gz",
                         f"the 16 WWZ terms by exporter country, exporter sector and importer, {year}, mn USD")


def figure_wwz_sectors(origins: pd.DataFrame, country: str, partner: str, year: int, n: int = 10):
    """``fig-decomp-wwz-sectors``: the ``n`` largest exporting sectors of the pair, split by origin of value added."""
    top = origins.nlargest(n, "gross exports").iloc[::-1] / 1e3  # bn USD
    fig, ax = plt.subplots(figsize=(plotting.WIDTH, 4.6))
    left = np.zeros(len(top))
    for origin in gvc.ORIGINS:
        ax.barh([countries.sector(s) for s in top.index], top[origin], left=left, label=origin)
        left += top[origin].to_numpy()
    ax.set_xlabel(f"exports of {country} to {partner}, {year} (bn USD)")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def table_wwz_shares(shares: pd.DataFrame, country: str, partner: str):
    """``tbl-decomp-wwz-shares``: the four origins' shares in the two years compared, and their change."""
    return book.table(shares.T.assign(**{"change (points)": shares.iloc[1] - shares.iloc[0]}),
                      f"Origin of the value added in the exports of {country} to {partner}, % of gross exports, "
                      f"{shares.index[0]} and {shares.index[1]} (sectors summed; WWZ decomposition)",
                      "tbl-decomp-wwz-shares",
                      formats={y: ".1f" for y in shares.index} | {"change (points)": "+.1f"})  # fmt: skip


def wwz(origins: pd.DataFrame, shares: pd.DataFrame, table, country: str, partner: str, year: int) -> book.Passage:
    """``wwz_*``: the phrases of :func:`lib.report.narrative.wwz_pair`, the pair's names, and the guards that the
    sector grain adds up to the country-pair decomposition of the robustness chapter."""
    out = book.Passage()
    for name, phrase in narrative.wwz_pair(origins, shares, country, partner, year).items():
        out.say(f"wwz_{name}", phrase)
    out.say("wwz_country", countries.name(country, article=True))
    out.say("wwz_partner", countries.name(partner, article=True))
    out.check(np.allclose(shares.sum(axis=1), 100, atol=0.1), "the four origins add up to gross exports")
    pair = gvc.bilateral_decomposition(table).set_index(["exporter", "importer"]).loc[(country, partner)]
    out.check(np.isclose(origins["domestic value added"].sum(), pair["DVA"], rtol=1e-9), "DVA equals the pair total")
    out.check(np.isclose(origins["gross exports"].sum(), pair["EXGR"], rtol=1e-12), "gross exports equal the pair total")
    return out


def download_origins(origins: pd.DataFrame, country: str, partner: str, release, year: int):
    """The download link of the pair's exports by sector and origin of value added."""
    return book.download(origins.reset_index(), f"wwz_origins_{country}_{partner}_wiod{release}_{year}.csv",
                         f"the exports of {country} to {partner} by sector and origin of value added, {year}, mn USD")


# --------------------------------------------------------------------------- exercises


def table_exercise2(cj: pd.DataFrame):
    """``tbl-decomp-ex2``: China's balance with Japan, the gap between its two measures, each flow's VA/gross share."""
    shown = cj.drop(columns="gross turnover").rename(columns={
        "gross balance": "gross balance (bn USD)", "value-added balance": "value-added balance (bn USD)",
        "gap": "gap (bn USD)", "gap, % of turnover": "|gap|, % of turnover"})  # fmt: skip
    return book.table(shown, "China's bilateral balance with Japan, gross and in value added (billions of US dollars); the gap "
                      "between them (value added minus gross) in billions and as a share of gross turnover; and each flow's "
                      "value added absorbed in the partner as a share of the gross flow.", "tbl-decomp-ex2",
                      formats={"year": "d", **{c: ".1f" for c in ["gross balance (bn USD)", "value-added balance (bn USD)",
                                                                 "|gap|, % of turnover"]},
                               "gap (bn USD)": lambda v: f"{0.0 if abs(v) < 0.05 else v:.1f}",
                               "CHN→JPN, VA/gross (%)": ".0f", "JPN→CHN, VA/gross (%)": ".0f"})  # fmt: skip


def _flips_sentence(cj: pd.DataFrame) -> str:
    """The years in which the gross and the value-added balance have opposite signs, and how small they are then."""
    flips = list(cj.index[np.sign(cj["gross balance"]) != np.sign(cj["value-added balance"])])
    if not flips:
        return f"The two balances have the same sign in all {len(cj)} years."
    small = (100 * cj.loc[flips, ["gross balance", "value-added balance"]].abs().max(axis=1)
             / cj.loc[flips, "gross turnover"]).max()  # fmt: skip
    return (f"The two balances have opposite signs in {claims.count(len(flips), len(cj), 'years')} "
            f"({', '.join(map(str, flips))}), years in which neither balance exceeds {small:.0f} % of turnover.")


def exercise2(cj: pd.DataFrame, va_share: pd.DataFrame, balance: pd.DataFrame) -> book.Passage:
    """``cj_*``, ``pair_gap_max``, ``pair_share_mean``: the solution of exercise 2 (China and Japan), compared with the
    parameters' pair (``balance``). ``va_share``: each flow's value added absorbed in the partner, % of the gross flow,
    by year, columns ``CHN`` and ``JPN``."""
    out = book.Passage()
    pair_gap = (balance["value-added balance"] - balance["gross balance"]).abs()
    pair_share = (100 * pair_gap / balance["gross turnover"]).mean()
    cj_share = cj["gap, % of turnover"].mean()
    out.say("cj_gap_max", book.num(cj["gap"].abs().max(), ".1f"))
    out.say("cj_gap_year", str(cj["gap"].abs().idxmax()))
    out.say("pair_gap_max", book.num(pair_gap.max(), ",.1f"))
    out.say("cj_share_mean", book.num(cj_share, ".1f"))
    out.say("pair_share_mean", book.num(pair_share, ".1f"))
    out.say("cj_vs_pair", "about as large as" if abs(cj_share - pair_share) < SAME_SHARE_POINTS
            else "smaller than" if cj_share < pair_share else "larger than")  # fmt: skip
    out.say("cj_close", claims.count(int((cj["gap"].abs() < CLOSE_BN).sum()), len(cj), "years"))
    out.say("cj_latest", str(cj.index[-1]))
    out.say("cj_latest_gross", book.num(cj["gross balance"].iloc[-1], ".1f"))
    out.say("cj_latest_va", book.num(cj["value-added balance"].iloc[-1], ".1f"))
    out.say("cj_flips", _flips_sentence(cj))
    out.say("cj_share_chn", book.num(va_share["CHN"].mean(), ".0f"))
    out.say("cj_share_jpn", book.num(va_share["JPN"].mean(), ".0f"))
    similar = abs(va_share["CHN"].mean() - va_share["JPN"].mean()) < SIMILAR_SHARE_POINTS
    shrink = book.num(100 - va_share.to_numpy().mean(), ".0f")
    out.say("cj_similar", "Both sides of the balance shrink in similar proportions, so the balance moves much less than "
            f"either flow: an illusion of about {shrink} % in each flow leaves a small one in the balance." if similar else
            "The two flows shrink in different proportions, so the illusion in the flows carries over to the "
            "balance.")  # fmt: skip
    out.check((va_share < 100).all().all(), "both flows are smaller in value added absorbed than in gross terms")
    return out


def _home_totals(toy) -> tuple[float, float]:
    """Home's value added and its final demand in the toy table."""
    home = [i for i, (c, _) in enumerate(toy.labels) if c == "H"]
    return toy.va[home].sum(), toy.final_demand()[:, 0].sum()


def exercise3_prediction(toy, moved: float = 50.0) -> book.Passage:
    """``ex3_va_home``, ``ex3_fd_home``, ``ex3_pred_*``: exercise 3's prediction of Home's balance from its value added
    minus its final demand, before and after ``moved`` of inputs are bought at home."""
    out = book.Passage()
    va_home, fd_home = _home_totals(toy)
    out.say("ex3_va_home", book.num(va_home, ".0f"))
    out.say("ex3_fd_home", book.num(fd_home, ".0f"))
    out.say("ex3_pred_before", book.signed(va_home - fd_home, ".0f"))
    out.say("ex3_pred_after", book.signed(va_home + moved - fd_home, ".0f"))
    out.say("ex3_pred_sign", claims.sign_word(va_home + moved - fd_home))
    return out


def exercise3_result(toy, va_toy: pd.DataFrame, Z_new, va_new, gross_new, moved: float = 50.0) -> book.Passage:
    """``ex3_*``: exercise 3's result, Home's value-added flows and balances (gross and in value added) before and after
    its inputs are bought at home (``Z_new``, and ``va_new``/``gross_new`` of the changed table, country by country)."""
    out = book.Passage()
    va_home, fd_home = _home_totals(toy)
    balance = va_new[0, 1] - va_new[1, 0]
    gross_toy = bilateral_gross(toy)
    out.say("ex3_va_balance", book.signed(balance, ".1f"))
    out.say("ex3_va_before", book.signed(va_toy.loc["H", "F"] - va_toy.loc["F", "H"], ".1f"))
    out.say("ex3_vax", book.num(va_new[0, 1], ".1f"))
    out.say("ex3_vam", book.num(va_new[1, 0], ".1f"))
    out.say("ex3_gross", book.signed(gross_new[0, 1] - gross_new[1, 0], ".1f"))
    out.say("ex3_gross_before", book.signed(gross_toy[0, 1] - gross_toy[1, 0], ".1f"))
    out.say("ex3_vax_before", book.num(va_toy.loc["H", "F"], ".1f"))
    out.say("ex3_vam_before", book.num(va_toy.loc["F", "H"], ".1f"))
    out.say("ex3_sign", claims.sign_word(balance))
    out.check(np.isclose(balance, va_home + moved - fd_home), "the prediction from value added minus final demand holds")
    out.check(va_new[0, 1] > va_toy.loc["H", "F"] and va_new[1, 0] < va_toy.loc["F", "H"],
              "Home's value-added exports rise and its value-added imports fall")
    out.check(Z_new[2:, :2].sum() == 0, "Home buys no intermediate inputs from Foreign any more")
    out.check(balance > 0, "the prediction of the solution (a value-added surplus for Home) holds")
    out.check(np.isclose(balance, gross_new[0, 1] - gross_new[1, 0]), "value-added and gross balance agree")
    return out
