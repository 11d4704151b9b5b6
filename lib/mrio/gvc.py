"""Decomposition of gross exports into value-added components (Koopman-Wang-Wei / Wang-Wei-Zhu).

For exports ``E_sr`` from country ``s`` to ``r`` (summed over the exporter's
sectors), :func:`bilateral_decomposition` returns the components of Wang, Wei &
Zhu (2013), grouped as in the R package exvatools (output "standard"):

=======  ===================================================================
EXGR     gross exports ``1'E_sr``
DC       domestic content ``V_s B_ss E_sr`` = DVA + DDC
DVA      domestic value added = VAX + REF
VAX      domestic value added absorbed abroad (WWZ terms 1-5)
REF      domestic value added that returns home (reflection, terms 6-8)
DDC      domestic double counting (terms 13-14)
FC       foreign content ``sum_{t!=s} V_t B_ts E_sr`` = FVA + FDC
FVA      foreign value added (terms 9-12)
FDC      foreign double counting (terms 15-16)
=======  ===================================================================

plus the parts used to build them (``DVA_FIN``, ``VAX_INT``, ``DDC_FIN``,
``DDC_INT``, ``FVA_FIN``). Summed over importers these are the country totals of
Koopman, Wang & Wei (2014), see :func:`country_decomposition`.

With ``L_ss = (I - A_ss)^-1`` the exporter's local inverse and ``B`` the global
one, the terms are (WWZ 2013, eq. 19, summed over the exporter's sectors):

* ``DVA_FIN = V_s B_ss Y_sr``;
* ``VAX_INT = V_s L_ss A_sr sum_{t!=s} B_rt sum_{u!=s} Y_tu`` (terms 2-5);
* ``REF = V_s L_ss A_sr sum_t B_rt Y_ts`` (terms 6-8);
* ``DDC_FIN = V_s L_ss A_sr B_rs sum_{u!=s} Y_su``, ``DDC_INT = V_s (B_ss - L_ss) A_sr X_r``;
* ``FVA_FIN = sum_{t!=s} V_t B_ts Y_sr``, ``FDC = sum_{t!=s} V_t B_ts A_sr L_rr E_r*``.

Every product with ``B`` comes from one LU factorisation of ``I - A`` (three
batches of ``G`` right-hand sides and one transposed solve); ``L_ss`` from one
small factorisation per country. No inverse is formed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import linalg

from ..data import releases
from ..data.cache import cached_frames
from ..data.iotable import IOTable
from ..data.releases import Release
from .algebra import (
    aggregate_rows, leontief_diagonal_blocks, leontief_factor, leontief_solve, technical_coefficients, value_added_coefficients,
)  # fmt: skip

STANDARD = ("EXGR", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC")
PARTS = ("DVA_FIN", "VAX_INT", "DDC_FIN", "DDC_INT", "FVA_FIN")


def _global_products(table: IOTable, A: np.ndarray, v: np.ndarray):
    """B Y, B F, B H (GN x G each) and the country-aggregated V̂B (G x GN)."""
    G = table.G
    Yc = table.final_demand()
    own = table.row_country[:, None] == np.arange(G)[None, :]  # row belongs to country s (column)
    abroad = Yc.sum(axis=1, keepdims=True) - Yc  # [i, s]: final demand for row i outside s
    F = np.where(own, 0.0, abroad)  # rows of countries other than s, absorbed outside s
    H = np.where(own, abroad, 0.0)  # rows of s, absorbed outside s (s's final exports)
    lu = leontief_factor(A)
    BY, BF, BH = np.split(leontief_solve(lu, np.hstack([Yc, F, H])), 3, axis=1)
    VB = linalg.lu_solve(lu, v[:, None] * own, trans=1, check_finite=False).T  # row s: V_s B_s.
    return Yc, BY, BF, BH, VB


def _local(A: np.ndarray, v: np.ndarray, exports: np.ndarray, G: int, N: int):
    """Per country: ``V_s L_ss`` (G x N) and ``L_rr E_r*`` stacked (GN)."""
    vL = np.zeros((G, N))
    LE = np.zeros(G * N)
    for s in range(G):
        block = slice(s * N, (s + 1) * N)
        lu = linalg.lu_factor(np.eye(N) - A[block, block], check_finite=False)
        vL[s] = linalg.lu_solve(lu, v[block], trans=1, check_finite=False)
        LE[block] = linalg.lu_solve(lu, exports[block], check_finite=False)
    return vL, LE


def bilateral_decomposition(table: IOTable) -> pd.DataFrame:
    """WWZ components of gross exports for every exporter-importer pair (long format).

    Columns: ``exporter``, ``importer``, then ``STANDARD`` and ``PARTS``. Rows
    with exporter = importer are omitted (domestic sales are not exports).
    """
    G, N = table.G, table.N
    A = technical_coefficients(table.Z, table.x)
    v = value_added_coefficients(table.va, table.x)
    Yc, BY, BF, BH, VB = _global_products(table, A, v)
    Zc = aggregate_rows(table.Z.T, N).T  # GN x G: intermediate sales of each row to each country
    exports = (Zc.sum(axis=1) - Zc[np.arange(G * N), table.row_country]) + (
        Yc.sum(axis=1) - Yc[np.arange(G * N), table.row_country]
    )
    vL, LE = _local(A, v, exports, G, N)
    x = table.x
    rows = []
    for s in range(G):
        block = slice(s * N, (s + 1) * N)
        A_s = A[block]  # N x GN: s's sales as inputs, per unit of the buyer's output
        vB_ss = VB[s, block]
        foreign = VB[:, block].sum(axis=0) - vB_ss  # sum_{t != s} V_t B_ts
        by_country = lambda w: aggregate_rows(w, N)  # noqa: E731  (sum over the importer's sectors)
        inter = Zc[block]  # N x G intermediate exports by partner
        final = Yc[block]  # N x G final exports by partner
        parts = {
            "EXGR": inter.sum(axis=0) + final.sum(axis=0),
            "DC": vB_ss @ inter + vB_ss @ final,
            "DVA_FIN": vB_ss @ final,
            "VAX_INT": by_country((vL[s] @ A_s) * BF[:, s]),
            "REF": by_country((vL[s] @ A_s) * BY[:, s]),
            "DDC_FIN": by_country((vL[s] @ A_s) * BH[:, s]),
            "DDC_INT": by_country(((vB_ss - vL[s]) @ A_s) * x),
            "FC": foreign @ inter + foreign @ final,
            "FVA_FIN": foreign @ final,
            "FDC": by_country((foreign @ A_s) * LE),
        }
        for r in range(G):
            if r != s:
                rows.append({"exporter": table.countries[s], "importer": table.countries[r],
                             **{k: float(val[r]) for k, val in parts.items()}})  # fmt: skip
    out = pd.DataFrame(rows)
    out["VAX"] = out["DVA_FIN"] + out["VAX_INT"]
    out["DVA"] = out["VAX"] + out["REF"]
    out["DDC"] = out["DDC_FIN"] + out["DDC_INT"]
    out["FVA"] = out["FC"] - out["FDC"]
    return out[["exporter", "importer", *STANDARD, *PARTS]]


def country_decomposition(bilateral: pd.DataFrame) -> pd.DataFrame:
    """KWW (2014) country totals: the bilateral components summed over importers."""
    return bilateral.groupby("exporter", sort=False)[[*STANDARD, *PARTS]].sum()


def dva_trade(bilateral: pd.DataFrame) -> pd.DataFrame:
    """Domestic value added in each country's exports and in its imports, and the DVA-based TBI.

    ``dva_exports``: DVA in the country's gross exports. ``dva_imports``: the DVA of
    its partners in their exports to it. ``tbi_dva`` = (exports - imports) / (exports + imports).
    """
    out = pd.DataFrame(
        {
            "dva_exports": bilateral.groupby("exporter")["DVA"].sum(),
            "dva_imports": bilateral.groupby("importer")["DVA"].sum(),
        }
    )
    out["tbi_dva"] = (out["dva_exports"] - out["dva_imports"]) / (out["dva_exports"] + out["dva_imports"])
    return out.rename_axis("country").reset_index()


def dva_panel(vintage: str | Release | None = None, path=None, years=None, balance_method: str = "discrepancy") -> pd.DataFrame:
    """DVA in exports and imports and ``tbi_dva`` for every country and year (rest of the world excluded).

    Cached on disk like :func:`lib.mrio.tbi.tbi_panel`, keyed by the input checksums.
    """
    rel = releases.release(vintage)
    years = releases.resolve_years(rel, years)

    def build():
        parts = [dva_trade(bilateral_decomposition(table)).assign(year=year)
                 for year, table in releases.load_years(rel, years, path, balance_method)]
        return (pd.concat(parts, ignore_index=True),)

    payload = {"vintage": rel.name, "balance": balance_method, "inputs": releases.input_checksums(rel, path, years)}
    (frame,) = cached_frames(f"dva-wiod{rel.name}-{balance_method}", payload, ("countries",), build)
    frame = frame.loc[frame["country"] != "ROW", ["country", "year", "dva_exports", "dva_imports", "tbi_dva"]]
    return frame.sort_values(["country", "year"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# The 16 WWZ terms at decompr's grain: exporter country x exporter sector x importer
# --------------------------------------------------------------------------------------------------

WWZ_TERMS = (
    "DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN", "RDV_FIN2",
    "OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "DDC_FIN", "DDC_INT", "ODC", "MDC",
)  # fmt: skip
"""The 16 terms of Wang, Wei & Zhu (2013), eq. 19, in decompr's order and under decompr's names."""

WWZ_KEYS = ("Exporting_Country", "Exporting_Industry", "Importing_Country")
"""Key columns of :func:`sector_decomposition`, as decompr names them."""

WWZ_GROUPS = {
    "DVA": ("DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN", "RDV_FIN2"),
    "VAX": ("DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2"),
    "REF": ("RDV_INT", "RDV_FIN", "RDV_FIN2"),
    "DDC": ("DDC_FIN", "DDC_INT"),
    "MVA": ("MVA_FIN", "MVA_INT"),
    "OVA": ("OVA_FIN", "OVA_INT"),
    "FVA": ("MVA_FIN", "MVA_INT", "OVA_FIN", "OVA_INT"),
    "FDC": ("MDC", "ODC"),
}
"""How the 16 terms add up to the groups of :data:`STANDARD` (and the partner's / third countries' shares of
foreign value added): ``DVA = VAX + REF``, ``FVA = MVA + OVA``; ``DVA + DDC + FVA + FDC`` is gross exports."""


def sector_decomposition(table: IOTable) -> pd.DataFrame:
    r"""The 16 WWZ terms for every exporter country x exporter sector x importer (decompr's grain and names).

    One row per (``Exporting_Country``, ``Exporting_Industry``, ``Importing_Country``), the importer
    fastest, as R's decompr (``decomp(..., method = "wwz")``) orders them: ``G x N x G`` rows (58,835 for a
    WIOD 2013 year), rows with exporter = importer included and zero. Columns: the keys, the 16 terms of
    :data:`WWZ_TERMS`, and ``texp`` (gross exports of the cell), ``texpint`` (its intermediate part) and
    ``texpfd`` (its final part). In every row the 16 terms add up to ``texp`` (except exports of a sector
    with zero output, which the Leontief model cannot attribute to anyone's value added).

    Notation: ``s`` the exporter, ``r`` the importer, ``t``/``u`` any country; ``V_t`` value-added
    coefficients of ``t``; ``B`` the global Leontief inverse, ``L_ss = (I - A_ss)^-1`` the local one;
    ``Y_tu`` final demand of ``u`` for ``t``'s products; ``E_r*`` the gross exports of ``r``; ``X_r`` its
    output. ``#`` is the element-wise product over the exporter's sectors, so each term is a vector with one
    entry per exporting sector (WWZ 2013, eq. 19 and its sector-level form, their Table A2):

    ==  ============  =========================================================================
    1   DVA_FIN       ``(V_s B_ss)' # Y_sr``: domestic value added in final exports
    2   DVA_INT       ``(V_s L_ss)' # (A_sr B_rr Y_rr)``: in intermediates absorbed by the importer
    3   DVA_INTrexI1  ``(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt Y_tt)``: re-exported as intermediates, absorbed by third countries
    4   DVA_INTrexF   ``(V_s L_ss)' # (A_sr B_rr sum_{t!=s,r} Y_rt)``: re-exported by the importer as final goods
    5   DVA_INTrexI2  ``(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt sum_{u!=s,t} Y_tu)``: re-exported as intermediates, then final goods
    6   RDV_INT       ``(V_s L_ss)' # (A_sr B_rs Y_ss)``: returns home in intermediate imports
    7   RDV_FIN       ``(V_s L_ss)' # (A_sr B_rr Y_rs)``: returns home in the importer's final exports
    8   RDV_FIN2      ``(V_s L_ss)' # (A_sr sum_{t!=s,r} B_rt Y_ts)``: returns home in third countries' final exports
    9   OVA_FIN       ``(sum_{t!=s,r} V_t B_ts)' # Y_sr``: third countries' value added in final exports
    10  MVA_FIN       ``(V_r B_rs)' # Y_sr``: the importer's own value added in final exports
    11  OVA_INT       ``(sum_{t!=s,r} V_t B_ts)' # (A_sr L_rr Y_rr)``: third countries' value added in intermediates
    12  MVA_INT       ``(V_r B_rs)' # (A_sr L_rr Y_rr)``: the importer's value added in intermediates
    13  DDC_FIN       ``(V_s L_ss)' # (A_sr B_rs sum_{t!=s} Y_st)``: domestic double counting, final
    14  DDC_INT       ``(V_s B_ss - V_s L_ss)' # (A_sr X_r)``: domestic double counting, production
    15  ODC           ``(sum_{t!=s,r} V_t B_ts)' # (A_sr L_rr E_r*)``: third countries' double counting
    16  MDC           ``(V_r B_rs)' # (A_sr L_rr E_r*)``: the importer's double counting
    ==  ============  =========================================================================

    The numbers are decompr's column order. WWZ's own numbering of the three returning terms differs
    (their terms 6, 7 and 8 are ``RDV_FIN``, ``RDV_FIN2`` and ``RDV_INT``); exvatools calls them
    ``RDV_FIN1``, ``RDV_FIN2`` and ``RDV_INT``. The names, not the numbers, are what the tests pin.

    Computation (no sector loop in Python; one loop over countries only for their ``N x N`` local
    inverses): one LU factorisation of ``I - A``; every ``B`` times a stack of final-demand vectors is one
    batch of solves (``B Y``, ``B`` times each country's domestic demand, ``B`` times its final exports, ``B``
    times the demand outside the exporter); ``V B`` is one transposed solve. Terms 4 and 6 need
    ``B_rr Y_ru``, a diagonal block of ``B`` times demand, which no solve with a few right-hand sides yields:
    the ``G`` diagonal blocks ``B_rr`` come from the same LU factors by two triangular inversions
    (:func:`lib.mrio.leontief_diagonal_blocks`), and only those ``G`` blocks of ``N x N`` are kept. Everything else is a blocked product
    (a batched ``matmul`` over the ``G x G`` blocks ``A_sr``).
    """
    G, N = table.G, table.N
    GN = G * N
    A = technical_coefficients(table.Z, table.x)
    v = value_added_coefficients(table.va, table.x)
    x = np.asarray(table.x, dtype=float)
    Yc = table.final_demand()  # GN x G
    own = table.row_country[:, None] == np.arange(G)[None, :]
    lu = leontief_factor(A)

    # Right-hand sides, each GN x G; column s (or t) below.
    D = np.where(own, Yc, 0.0)  # column t: Y_tt in block t (domestic final demand)
    abroad = Yc.sum(axis=1, keepdims=True) - Yc  # [i, s]: demand for row i outside s
    F = np.where(own, 0.0, abroad)  # column s: rows of t != s, demand outside s
    H = np.where(own, abroad, 0.0)  # column s: s's final exports, in block s
    BY, BD, BF, BH = np.split(leontief_solve(lu, np.hstack([Yc, D, F, H])), 4, axis=1)
    VB = linalg.lu_solve(lu, v[:, None] * own, trans=1, check_finite=False).T  # G x GN, row t: V_t B_t.

    B_diag = leontief_diagonal_blocks(lu, N)  # G x N x N: B_rr

    # Exports of each row to every other country (E_r*), and the local inverses' products.
    Zc = aggregate_rows(table.Z.T, N).T  # GN x G intermediate sales by buying country
    idx = np.arange(GN)
    exports = Zc.sum(axis=1) - Zc[idx, table.row_country] + Yc.sum(axis=1) - Yc[idx, table.row_country]
    L_Y = np.empty(GN)  # block r: L_rr Y_rr
    vL = np.empty((G, N))  # row s: V_s L_ss
    LE = np.empty(GN)  # block r: L_rr E_r*
    for r in range(G):
        rows = slice(r * N, (r + 1) * N)
        lu_r = linalg.lu_factor(np.eye(N) - A[rows, rows], check_finite=False)
        solved = linalg.lu_solve(lu_r, np.column_stack([Yc[rows, r], exports[rows]]), check_finite=False)
        L_Y[rows], LE[rows] = solved[:, 0], solved[:, 1]
        vL[r] = linalg.lu_solve(lu_r, v[rows], trans=1, check_finite=False)

    # Everything as [country, country, sector] arrays.
    def k(M):  # GN x G, block t column u  ->  [t, u, :]
        return M.reshape(G, N, G).transpose(0, 2, 1)

    Yk, BYk, BDk, BFk, BHk = k(Yc), k(BY), k(BD), k(BF), k(BH)
    BrrY = np.einsum("rij,ruj->rui", B_diag, Yk)  # [r, u]: B_rr Y_ru
    VBk = VB.reshape(G, G, N)  # [t, s]: V_t B_ts
    VBss = VBk[np.arange(G), np.arange(G)]  # [s]: V_s B_ss
    diag = np.arange(G)

    # Vectors over the importer's sectors that A_sr multiplies, as [s, r, :] (or [r, :] when s does not enter).
    R2 = BrrY[diag, diag]  # [r]: B_rr Y_rr
    R3 = BDk.sum(axis=1)[None, :, :] - BDk[diag, diag][None] - BDk.transpose(1, 0, 2)  # [s, r]
    R4 = BrrY.sum(axis=1)[None] - R2[None] - BrrY.transpose(1, 0, 2)  # [s, r]
    R5 = BFk.transpose(1, 0, 2) - R2[None] - R3 - R4  # [s, r]: sum_{t!=s} B_rt sum_{u!=s} Y_tu minus terms 2-4
    R6 = BrrY.transpose(1, 0, 2)  # [s, r]: B_rr Y_rs
    R8 = BDk.transpose(1, 0, 2)  # [s, r]: B_rs Y_ss
    R7 = BYk.transpose(1, 0, 2) - R6 - R8  # [s, r]: sum_{t!=s,r} B_rt Y_ts
    R13 = BHk.transpose(1, 0, 2)  # [s, r]: B_rs sum_{t!=s} Y_st
    A_blocks = np.ascontiguousarray(A.reshape(G, N, G, N).transpose(0, 2, 1, 3))  # [s, r]: the N x N block A_sr

    def through(R):  # A_sr R_sr for every s, r (R given as [s, r, :], or as [r, :] when s does not enter): [s, r, i]
        return np.matmul(A_blocks, R.reshape(-1, G, N)[..., None])[..., 0]

    Y_sr = Yk  # [s, r, i]
    mva = VBk.transpose(1, 0, 2)  # [s, r]: V_r B_rs
    ova = VBk.sum(axis=0)[:, None, :] - VBss[:, None, :] - mva  # [s, r]: sum_{t!=s,r} V_t B_ts
    local = vL[:, None, :]
    terms = {
        "DVA_FIN": VBss[:, None, :] * Y_sr,
        "DVA_INT": local * through(R2),
        "DVA_INTrexI1": local * through(R3),
        "DVA_INTrexF": local * through(R4),
        "DVA_INTrexI2": local * through(R5),
        "RDV_INT": local * through(R8),
        "RDV_FIN": local * through(R6),
        "RDV_FIN2": local * through(R7),
        "OVA_FIN": ova * Y_sr,
        "MVA_FIN": mva * Y_sr,
    }
    ALY, ALE = through(L_Y.reshape(G, N)), through(LE.reshape(G, N))
    terms |= {
        "OVA_INT": ova * ALY,
        "MVA_INT": mva * ALY,
        "DDC_FIN": local * through(R13),
        "DDC_INT": (VBss - vL)[:, None, :] * through(x.reshape(G, N)),
        "ODC": ova * ALE,
        "MDC": mva * ALE,
    }
    texpint = Zc.reshape(G, N, G).transpose(0, 2, 1)
    terms |= {"texp": texpint + Y_sr, "texpint": texpint, "texpfd": Y_sr}
    domestic = np.eye(G, dtype=bool)[:, :, None]
    columns = {}
    for name, value in terms.items():  # [s, r, i] -> rows (s, i, r), importer fastest; own-country rows 0
        columns[name] = np.where(domestic, 0.0, value).transpose(0, 2, 1).reshape(-1)
    keys = pd.MultiIndex.from_product([table.countries, table.sectors, table.countries], names=list(WWZ_KEYS))
    return pd.DataFrame(columns, index=keys).reset_index()


ORIGINS = {
    "domestic value added": ("DVA",),
    "partner's value added": ("MVA",),
    "third countries' value added": ("OVA",),
    "double counting": ("DDC", "FDC"),
}
"""Where the value in a flow of exports comes from, as groups of :data:`WWZ_GROUPS`: the exporter's own
value added (``DVA``, including what returns home), the importer's own value added coming back (``MVA``),
third countries' value added (``OVA``), and the pure double counting of intermediates that cross borders
more than once (``DDC + FDC``). The four add up to gross exports."""


def value_added_origins(frame: pd.DataFrame, exporter: str, importer: str) -> pd.DataFrame:
    """The exports of ``exporter`` to ``importer`` by exporting sector, split into :data:`ORIGINS`.

    ``frame`` is a :func:`sector_decomposition`. Returns one row per sector (index ``sector``) with the four
    origins and ``gross exports`` (``texp``), in the table's units.

    Raises
    ------
    ValueError
        If the pair is not in ``frame`` or the exporter and importer are the same.
    """
    if exporter == importer:
        raise ValueError(f"value_added_origins: exporter and importer are both {exporter!r}; exports go abroad.")
    rows = frame[(frame["Exporting_Country"] == exporter) & (frame["Importing_Country"] == importer)]
    if rows.empty:
        known = sorted(frame["Exporting_Country"].unique())
        raise ValueError(f"value_added_origins: no rows for {exporter!r} -> {importer!r}; countries are {known}.")
    rows = rows.set_index("Exporting_Industry").rename_axis("sector")
    out = pd.DataFrame({
        origin: rows[[term for group in groups for term in WWZ_GROUPS[group]]].sum(axis=1)
        for origin, groups in ORIGINS.items()
    })  # fmt: skip
    out["gross exports"] = rows["texp"]
    return out


def origin_shares(origins: pd.DataFrame) -> pd.Series:
    """Shares (%) of the four :data:`ORIGINS` in the gross exports of one pair (sectors summed)."""
    total = origins["gross exports"].sum()
    if not total > 0:
        raise ValueError("origin_shares: the pair has no gross exports, so its shares are undefined.")
    return 100 * origins[list(ORIGINS)].sum() / total
