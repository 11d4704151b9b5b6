"""Input-output algebra: coefficients, the Leontief system, value added absorbed.

Notation (as in the book): ``Z`` intermediate flows, ``x`` gross output,
``A = Z diag(x)^-1`` technical coefficients, ``B = (I - A)^-1`` the Leontief
inverse, ``v = va / x`` value-added coefficients, ``Y`` final demand by
destination country. Value added absorbed is ``V̂ B Y``: row ``s`` (a producing
country-sector), column ``j`` (the country whose final demand absorbs it).

We never form ``B`` when we only need ``B`` times something: ``B Y`` is the
solution ``X`` of ``(I - A) X = Y``, found from one LU factorisation. That is
cheaper and more accurate than inverting. :func:`leontief_inverse` exists for
teaching and for the benchmark only.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg
from scipy.linalg import lapack

from ..data.iotable import IOTable


def safe_reciprocal(x: np.ndarray) -> np.ndarray:
    """Return ``1 / x`` with ``1 / 0 := 0`` (also for negative entries).

    A sector with zero output buys nothing and sells nothing; giving it zero
    coefficients keeps ``A`` finite and leaves the rest of the system intact.
    """
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    positive = x > 0
    out[positive] = 1.0 / x[positive]
    return out


def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``A = Z diag(x)^-1``: input from row sector per unit of column sector's output."""
    return np.asarray(Z, dtype=float) * safe_reciprocal(x)[np.newaxis, :]


def value_added_coefficients(va: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``v = va / x``: value added per unit of output (0 where output is 0)."""
    return np.asarray(va, dtype=float) * safe_reciprocal(x)


def leontief_factor(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LU factorisation of ``I - A``, to be reused by :func:`leontief_solve`.

    ``I - A`` is built as ``-A`` plus one on the diagonal, in Fortran order, so that
    no identity matrix is formed and LAPACK factors it in place (``np.eye(n) - A``
    would cost two extra n x n buffers).
    """
    A = np.asarray(A, dtype=float)
    I_minus_A = np.empty(A.shape, order="F")
    np.negative(A, out=I_minus_A)
    I_minus_A[np.diag_indices_from(I_minus_A)] += 1.0
    return linalg.lu_factor(I_minus_A, overwrite_a=True, check_finite=False)


def leontief_solve(lu: tuple[np.ndarray, np.ndarray], rhs: np.ndarray) -> np.ndarray:
    """Return ``B @ rhs = (I - A)^-1 rhs`` from the LU factors of ``I - A``."""
    return linalg.lu_solve(lu, rhs, check_finite=False)


def leontief_diagonal_blocks(lu: tuple[np.ndarray, np.ndarray], n_per_block: int) -> np.ndarray:
    """The diagonal blocks ``B_rr`` of ``B = (I - A)^-1`` (``G x N x N``), from the LU factors of ``I - A``.

    A diagonal block of an inverse needs every column of it, so no solve with a few right-hand sides
    yields it. From ``P (I - A) = L U`` we have ``B = U^-1 L^-1 P``; ``U^-1`` is upper triangular, so block
    row ``r`` of ``U^-1`` is zero left of column ``rN`` and ``B_rr = U^-1[r, rN:] L^-1[rN:, p(r)]`` with
    ``p(r)`` the columns of block ``r`` after the row interchanges. Two triangular inversions (a third of
    the work of solving against the identity each) and ``G`` thin products; ``B`` itself is never formed.
    """
    factors, piv = lu
    n = factors.shape[0]
    U_inv, info_u = lapack.dtrtri(factors, lower=0, unitdiag=0)
    L_inv, info_l = lapack.dtrtri(factors, lower=1, unitdiag=1)
    if info_u or info_l:
        raise np.linalg.LinAlgError(f"I - A is singular (LAPACK dtrtri info {info_u}, {info_l})")
    perm = np.arange(n)  # row i of P(I - A) is row perm[i] of I - A (LAPACK's interchanges, applied in order)
    for i, p in enumerate(piv):
        perm[i], perm[p] = perm[p], perm[i]
    column = np.argsort(perm)  # column j of B is column column[j] of U^-1 L^-1
    G = n // n_per_block
    out = np.empty((G, n_per_block, n_per_block))
    index = np.arange(n)
    for r in range(G):
        first = r * n_per_block
        rows, cols = index[first : first + n_per_block], column[first : first + n_per_block]
        # dtrtri leaves the other triangle of its input in place: mask it on the thin slices only.
        upper = np.where(rows[:, None] <= index[None, first:], U_inv[rows, first:], 0.0)
        k = index[first:, None]
        lower = np.where(k > cols[None, :], L_inv[first:][:, cols], (k == cols[None, :]).astype(float))
        out[r] = upper @ lower
    return out


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    """Explicit ``B = (I - A)^-1``. For teaching and benchmarks; prefer :func:`leontief_solve`."""
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def aggregate_rows(M: np.ndarray, n_per_group: int) -> np.ndarray:
    """Sum consecutive blocks of ``n_per_group`` rows (sectors -> countries)."""
    M = np.asarray(M)
    return M.reshape(M.shape[0] // n_per_group, n_per_group, *M.shape[1:]).sum(axis=1)


def aggregate_blocks(M: np.ndarray, n_per_group: int) -> np.ndarray:
    """Sum ``n x n`` blocks of a square GN x GN matrix into a G x G matrix."""
    return aggregate_rows(aggregate_rows(M, n_per_group).T, n_per_group).T


def output_by_destination(table: IOTable) -> np.ndarray:
    """``B Y``: the output of each country-sector needed for each country's final demand (GN x G),
    from one LU factorisation of ``I - A``."""
    A = technical_coefficients(table.Z, table.x)
    return leontief_solve(leontief_factor(A), table.final_demand())


def va_absorption(table: IOTable, va: np.ndarray | None = None, by: np.ndarray | None = None) -> np.ndarray:
    """Value added absorbed, ``V̂ B Y``, by producing country-sector (GN x G).

    Entry ``[s, j]`` is the value added generated in country-sector ``s`` that
    ends up in the final demand of country ``j`` (directly or through any chain
    of intermediate trade).

    Parameters
    ----------
    va
        Value added by country-sector (default: ``table.va``, output minus intermediate inputs).
    by
        ``B Y`` if already computed (:func:`output_by_destination`), so that several value-added
        vectors share one solve.
    """
    v = value_added_coefficients(table.va if va is None else va, table.x)
    return v[:, np.newaxis] * (output_by_destination(table) if by is None else by)


def bilateral_va(table: IOTable, va: np.ndarray | None = None, by: np.ndarray | None = None) -> np.ndarray:
    """Value added absorbed by origin country x destination country (G x G).

    Diagonal: domestic value added absorbed at home. Off-diagonal ``[i, j]``:
    value-added exports of ``i`` to ``j`` (``VA_ij`` in the book). ``va`` and ``by`` as in
    :func:`va_absorption`.
    """
    return aggregate_rows(va_absorption(table, va, by), table.N)


def bilateral_gross(table: IOTable) -> np.ndarray:
    """Gross trade by exporter x importer (G x G): intermediate plus final goods and services.

    Diagonal entries are domestic sales, not trade.
    """
    return aggregate_blocks(table.Z, table.N) + aggregate_rows(table.final_demand(), table.N)


def zero_output_final_demand(table: IOTable) -> np.ndarray:
    """Final demand of each country for products of sectors with zero output (length G).

    Such purchases are served from inventories (WIOD 2013 records a few, e.g.
    Luxembourg 2000, sector c8: +11 to LUX, -11 to ROW). They contain no value
    added in the Leontief model, so value added absorbed by country ``j`` equals
    its final demand *minus* this amount, and a country's value-added balance
    differs from its gross balance by exactly this amount.
    """
    zero = table.x == 0
    return table.final_demand()[zero].sum(axis=0)
