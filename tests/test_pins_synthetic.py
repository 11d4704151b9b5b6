"""Pins of lib.mrio.synthetic (issue 21): the random tables the WIOD 2016 tests and the benchmarks run on are
balanced, with positive final demand, heavier domestic blocks and final-demand shares that vary."""

import numpy as np
import pytest

from lib.mrio.synthetic import fit_to_output, random_table


@pytest.mark.parametrize("seed", range(5))
def test_random_table_is_balanced_with_positive_final_demand(seed):
    t = random_table(seed=seed)
    np.testing.assert_allclose(t.x, t.Z.sum(axis=1) + t.Y.sum(axis=1), rtol=1e-12)
    assert (t.Y.sum(axis=1) > 0).all() and (t.va > 0).all()
    assert (t.vintage, t.source, t.year) == ("synthetic", f"synthetic table (seed {seed})", 2000)


@pytest.mark.parametrize("seed", range(5))
def test_random_table_input_shares_are_drawn_per_column_within_a_factor_two(seed):
    """Each column's input coefficients are drawn to sum to 0.3-0.6 and all are then scaled by one factor, so the
    largest column sum is at most twice the smallest; domestic inputs weigh about five times foreign ones."""
    t = random_table(seed=seed)
    A = t.Z / t.x[None, :]
    sums = A.sum(axis=0)
    assert sums.max() <= 2.0 * sums.min() + 1e-12
    home = np.repeat(np.arange(t.G), t.N)
    domestic = home[:, None] == home[None, :]
    assert 3.0 < A[domestic].mean() / A[~domestic].mean() < 8.0


def test_random_table_final_demand_shares_vary_within_a_row():
    t = random_table(seed=0)
    own = t.Y[0, : t.K]  # the first row's purchases by its own country's final-demand categories
    assert np.ptp(own / own.sum()) > 0.05


def test_random_table_input_shares_differ_between_columns():
    sums = (lambda t: (t.Z / t.x[None, :]).sum(axis=0))(random_table(seed=0))
    assert np.ptp(sums) > 0.05 * sums.mean()  # one draw per column, not one for all


def test_fit_to_output_keeps_a_table_whose_rows_all_sell_less_than_their_output():
    # Row sums 9.5 and 2 against outputs 10 and 5: final demand 0.5 and 3, positive, so nothing is scaled, though
    # the table's total intermediate sales (11.5) exceed either output.
    Z = np.array([[5.0, 4.5], [1.0, 1.0]])
    assert np.array_equal(fit_to_output(Z, np.array([10.0, 5.0])), Z)


@pytest.mark.parametrize("gap", [0.0, -2.0])
def test_fit_to_output_scales_when_a_row_sells_all_or_more_than_its_output(gap):
    # Row 1 sells 10 - gap against an output of 10 (final demand exactly 0, or negative); row 2 sells half its
    # output. One factor scales every cell so that row 1 then sells 90 % of its output.
    Z = np.array([[6.0, 4.0 - gap], [1.0, 1.5]])
    x = np.array([10.0, 5.0])
    fitted = fit_to_output(Z, x)
    factor = 0.9 * 10.0 / (10.0 - gap)
    np.testing.assert_allclose(fitted, Z * factor, rtol=1e-15)
    np.testing.assert_allclose(fitted.sum(axis=1) / x, [0.9, 2.5 * factor / 5.0], rtol=1e-15)
    np.testing.assert_allclose(fit_to_output(Z, x, margin=0.5).sum(axis=1)[0], 5.0, rtol=1e-15)
