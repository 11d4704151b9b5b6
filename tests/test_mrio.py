"""Known answers for the input-output algebra: a table solved by hand and decompr's published example."""

import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lib import mrio
from lib.mrio import tbi
from lib.data.iotable import IOTable
from lib.mrio.toy import toy_table

FIXTURES = Path(__file__).parent / "fixtures" / "decompr_leather"

# Worked by hand in lib/mrio/toy.py: A is nilpotent, so B = I + A + A^2 + A^3.
B_BY_HAND = np.array(
    [
        [1.0, 0.2, 0.0, 0.05],
        [0.0, 1.0, 0.0, 0.25],
        [0.5, 0.1, 1.0, 0.025],
        [0.0, 0.0, 0.0, 1.0],
    ]
)
# V̂BY by hand: v = (0.5, 0.8, 1.0, 0.75); BY = [[69, 31], [45, 5], [44.5, 35.5], [20, 20]].
VBY_BY_HAND = np.array([[34.5, 15.5], [36.0, 4.0], [44.5, 35.5], [15.0, 15.0]])


def test_toy_coefficients_by_hand():
    t = toy_table()
    A = mrio.technical_coefficients(t.Z, t.x)
    expected = np.zeros((4, 4))
    expected[2, 0], expected[0, 1], expected[1, 3] = 0.5, 0.2, 0.25
    np.testing.assert_allclose(A, expected)
    np.testing.assert_allclose(mrio.value_added_coefficients(t.va, t.x), [0.5, 0.8, 1.0, 0.75])


def test_toy_leontief_inverse_by_hand():
    A = mrio.technical_coefficients(toy_table().Z, toy_table().x)
    np.testing.assert_allclose(mrio.leontief_inverse(A), B_BY_HAND, atol=1e-15)
    lu = mrio.leontief_factor(A)
    np.testing.assert_allclose(mrio.leontief_solve(lu, np.eye(4)), B_BY_HAND, atol=1e-15)


def test_toy_va_absorption_and_tbi_by_hand():
    t = toy_table()
    np.testing.assert_allclose(mrio.va_absorption(t), VBY_BY_HAND)
    np.testing.assert_allclose(mrio.bilateral_va(t), [[70.5, 19.5], [59.5, 50.5]])
    np.testing.assert_allclose(mrio.bilateral_gross(t), [[110.0, 40.0], [80.0, 40.0]])
    countries, bilateral = tbi.country_flows(t)
    np.testing.assert_allclose(countries["tbi"], [-40 / 79, 40 / 79])
    np.testing.assert_allclose(countries["tbi_gross"], [-40 / 120, 40 / 120])
    np.testing.assert_allclose(countries["va_balance"], countries["gross_balance"])
    assert len(bilateral) == 4 and bilateral["va"].sum() == pytest.approx(200.0)
    pairs = bilateral.set_index(["origin", "destination"])
    assert pairs.loc[("H", "F"), "va"] == pytest.approx(19.5) and pairs.loc[("F", "H"), "va"] == pytest.approx(59.5)
    assert pairs.loc[("H", "F"), "gross"] == pytest.approx(40.0) and pairs.loc[("F", "H"), "gross"] == pytest.approx(80.0)
    by_country = countries.set_index("country")
    # value added = output - intermediate purchases: H 100-50 + 50-10, F 80-0 + 40-10; final demand by buyer
    np.testing.assert_allclose(by_country["value_added"], [90.0, 110.0])
    np.testing.assert_allclose(by_country["final_demand"], [130.0, 70.0])
    np.testing.assert_allclose(by_country["va_domestic"], [70.5, 50.5])


def test_safe_reciprocal_zero_and_negative():
    np.testing.assert_array_equal(mrio.safe_reciprocal([2.0, 0.0, -1.0]), [0.5, 0.0, 0.0])


def test_zero_output_sector_is_inert():
    """A sector with no output gets zero coefficients and changes nothing else."""
    t = toy_table()
    GN = 5
    Z = np.zeros((GN, GN))
    Z[:4, :4] = t.Z
    x = np.append(t.x, 0.0)
    Y = np.vstack([t.Y, [0.0, 0.0]])
    bigger = IOTable(Z=Z, Y=Y, x=x, countries=("H",), sectors=tuple("abcde"), fd_categories=("a", "b"))
    vby = mrio.leontief_solve(mrio.leontief_factor(mrio.technical_coefficients(Z, x)), Y)
    assert np.isfinite(vby).all()
    np.testing.assert_allclose(vby[:4], VBY_BY_HAND / mrio.value_added_coefficients(t.va, t.x)[:, None])
    assert bigger.va[-1] == 0


def test_solve_matches_explicit_inverse_on_random_system():
    rng = np.random.default_rng(42)
    A = rng.uniform(0, 1, (60, 60))
    A *= 0.8 / A.sum(axis=0)
    rhs = rng.uniform(0, 10, (60, 3))
    np.testing.assert_allclose(
        mrio.leontief_solve(mrio.leontief_factor(A), rhs), mrio.leontief_inverse(A) @ rhs, rtol=1e-12
    )


def _leather_table():
    inter = pd.read_csv(FIXTURES / "inter.csv", index_col=0)
    final = pd.read_csv(FIXTURES / "final.csv", index_col=0)
    out = pd.read_csv(FIXTURES / "out.csv", index_col=0)["out"]
    return IOTable(
        Z=inter.to_numpy(), Y=final.to_numpy(), x=out.to_numpy(),
        countries=tuple(final.columns), sectors=("Agriculture", "Textile_and_Leather", "Transport_Equipment"),
        fd_categories=("total",),
    )  # fmt: skip


def test_va_absorption_matches_decompr_final_demand():
    """decompr 6.8.0 leontief(post = "final_demand") on its 'leather' example: all 27 values."""
    expected = pd.read_csv(FIXTURES / "leontief_final_demand_out.csv")
    ours = mrio.va_absorption(_leather_table())
    # decompr flattens row-major: source country-industry, importing country fastest.
    np.testing.assert_allclose(ours.ravel(), expected["Final_Demand"].to_numpy(), rtol=1e-12)
    # the two values asserted by decompr's own tests
    assert ours.ravel()[0] == pytest.approx(24.3345824, rel=2e-3)
    assert ours.ravel()[19] == pytest.approx(23.6841309, rel=2e-3)


def test_vhat_b_matches_decompr_none():
    """decompr leontief(post = "none") is V̂B itself (81 values, using industry fastest)."""
    t = _leather_table()
    A = mrio.technical_coefficients(t.Z, t.x)
    v = mrio.value_added_coefficients(t.va, t.x)
    vb = v[:, None] * mrio.leontief_solve(mrio.leontief_factor(A), np.eye(9))
    expected = pd.read_csv(FIXTURES / "leontief_none_out.csv")["FVAX"].to_numpy()
    np.testing.assert_allclose(vb.ravel(), expected, rtol=1e-12)
    np.testing.assert_allclose(vb.sum(axis=0), 1.0, rtol=1e-12)  # every unit of output is all value added


def test_trade_balance_index_edge_cases():
    np.testing.assert_allclose(tbi.trade_balance_index([3.0, 0.0, 1.0], [1.0, 2.0, 0.0]), [0.5, -1.0, 1.0])
    assert np.isnan(tbi.trade_balance_index(0.0, 0.0))


def test_trade_balance_index_of_a_missing_value_is_nan():
    """A value missing as None (a reader's list, an object column) gives NaN, on either side, not a TypeError."""
    out = tbi.trade_balance_index([3, None, 0], [1, 1, None])
    assert out.dtype == float and out[0] == 0.5 and np.isnan(out[1:]).all()


@pytest.mark.parametrize("pivoting", [False, True])
def test_leontief_diagonal_blocks_equal_those_of_the_explicit_inverse(pivoting):
    """Diagonal blocks from the LU factors (two triangular inversions) against np.linalg.inv, with and
    without LAPACK's row interchanges (a matrix that is not diagonally dominant forces them)."""
    rng = np.random.default_rng(7)
    G, N = 5, 4
    A = rng.uniform(0, 0.3 if pivoting else 0.04, size=(G * N, G * N))
    if pivoting:
        A[np.diag_indices_from(A)] = 1.0  # I - A has zeros on its diagonal: every column must pivot
    lu = mrio.leontief_factor(A)
    assert (lu[1] != np.arange(G * N)).any() == pivoting
    blocks = mrio.leontief_diagonal_blocks(lu, N)
    B = np.linalg.inv(np.eye(G * N) - A)
    assert blocks.shape == (G, N, N)
    for r in range(G):
        np.testing.assert_allclose(blocks[r], B[r * N : (r + 1) * N, r * N : (r + 1) * N], rtol=1e-9, atol=1e-12)


@pytest.mark.filterwarnings("ignore:Diagonal number")
def test_leontief_diagonal_blocks_of_a_singular_system():
    A = np.eye(4)  # I - A = 0
    with pytest.raises(np.linalg.LinAlgError, match=r"^I - A is singular \(LAPACK dtrtri info [1-9]\d*, \d+\)$"):
        mrio.leontief_diagonal_blocks(mrio.leontief_factor(A), 2)


def test_bilateral_balance_of_a_pair():
    import pandas as pd

    from lib.mrio.tbi import bilateral_balance

    flows = pd.DataFrame({"origin": ["A", "B", "A", "B"], "destination": ["B", "A", "B", "A"], "year": [1, 1, 2, 2],
                          "gross": [5000.0, 3000.0, 1000.0, 4000.0], "va": [4000.0, 2500.0, 900.0, 3000.0]})
    out = bilateral_balance(flows, "A", "B")
    assert out.loc[1].tolist() == [2.0, 1.5, 8.0] and out.loc[2].tolist() == [-3.0, -2.1, 5.0]
    assert (bilateral_balance(flows, "B", "A")[["gross balance", "value-added balance"]] == -out.iloc[:, :2]).all().all()


def test_textbook_layout_of_the_toy_table():
    """`to_frame`: Z, final demand by country and output, then the value-added and output rows, every cell by hand."""
    from lib.data.iotable import to_frame

    t = toy_table()
    frame = to_frame(t)
    labels = ["H-goods", "H-services", "F-goods", "F-services"]
    assert list(frame.columns) == [*labels, "FD H", "FD F", "output x"]
    assert list(frame.index) == [*labels, "value added", "output x"]
    np.testing.assert_array_equal(frame.loc[labels, labels].to_numpy(), t.Z)
    np.testing.assert_array_equal(frame.loc[labels, ["FD H", "FD F"]].to_numpy(), [[60, 30], [40, 0], [10, 20], [20, 20]])
    np.testing.assert_array_equal(frame.loc[labels, "output x"], [100, 50, 80, 40])
    np.testing.assert_array_equal(frame.loc["value added", labels], [50, 40, 80, 30])
    np.testing.assert_array_equal(frame.loc["output x", labels], [100, 50, 80, 40])
    assert frame.loc[["value added", "output x"], ["FD H", "FD F", "output x"]].isna().all().all()


def test_leontief_factor_needs_one_n_by_n_buffer():
    """I - A is built once, in Fortran order, and LAPACK factors it in place: the peak allocation is one n x n
    array of doubles (a copy for the factors, e.g. without overwrite_a, would double it)."""
    n = 600
    A = np.random.default_rng(0).uniform(0.0, 1.0 / (2 * n), (n, n))
    tracemalloc.start()
    try:
        lu, piv = mrio.leontief_factor(A)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1.5 * n * n * 8
    np.testing.assert_allclose(mrio.leontief_solve((lu, piv), np.eye(n)[:, :3]), np.linalg.inv(np.eye(n) - A)[:, :3])


def test_bilateral_va_uses_the_b_y_it_is_given():
    """``by`` is a precomputed ``B Y``: value added follows the one given, so a caller's solve is never redone."""
    from lib.mrio.synthetic import random_table

    t = random_table(seed=2)
    by = mrio.output_by_destination(t)
    np.testing.assert_allclose(mrio.bilateral_va(t, by=by), mrio.bilateral_va(t), rtol=1e-12)
    np.testing.assert_allclose(mrio.bilateral_va(t, by=2 * by), 2 * mrio.bilateral_va(t), rtol=1e-12)


def test_tbi_of_zero_total_trade_is_nan_without_a_floating_point_error():
    """0/0 (no trade) and x/0 (flows cancelling) give NaN quietly, even where the caller makes such errors raise."""
    with np.errstate(all="raise"):
        out = tbi.trade_balance_index([0.0, 1.0, 1.0], [0.0, -1.0, 3.0])
    np.testing.assert_array_equal(out, [np.nan, np.nan, -0.5])
