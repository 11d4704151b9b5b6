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

from .iotable import IOTable
from .mrio import aggregate_rows, leontief_factor, leontief_solve, technical_coefficients, value_added_coefficients

STANDARD = ("EXGR", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC")
PARTS = ("DVA_FIN", "VAX_INT", "DDC_FIN", "DDC_INT", "FVA_FIN")


def _global_products(table: IOTable, A: np.ndarray, v: np.ndarray):
    """B Y, B F, B H (GN x G each) and the country-aggregated V̂B (G x GN)."""
    G, N = table.G, table.N
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


def dva_panel(vintage: str | None = None, path=None, years=None, balance_method: str = "discrepancy") -> pd.DataFrame:
    """DVA in exports and imports and ``tbi_dva`` for every country and year (rest of the world excluded).

    Cached on disk like :func:`lib.tbi.tbi_panel`, keyed by the input checksums.
    """
    from . import config, wiod
    from .cache import cached_frames

    vintage = config.check_vintage(vintage or config.default_vintage())
    years = wiod.resolve_years(vintage, years)

    def build():
        parts = [dva_trade(bilateral_decomposition(table)).assign(year=year)
                 for year, table in wiod.load_years(vintage, years, path, balance_method)]
        return (pd.concat(parts, ignore_index=True),)

    payload = {"vintage": vintage, "balance": balance_method, "inputs": wiod.input_checksums(vintage, path, years)}
    (frame,) = cached_frames(f"dva-wiod{vintage}-{balance_method}", payload, ("countries",), build)
    frame = frame.loc[frame["country"] != "ROW", ["country", "year", "dva_exports", "dva_imports", "tbi_dva"]]
    return frame.sort_values(["country", "year"]).reset_index(drop=True)
