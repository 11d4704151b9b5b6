"""Pins for lib.data.iotable: behaviour mutmut found unpinned (issue 21).

Where check_table's messages point (the first flagged cell of x, Z or Y, by row and column label, and for final
demand the buying country and use category), both sides of the row-balance threshold, and what balance returns.
"""

from dataclasses import replace

import numpy as np
import pytest

from lib.data.errors import TableError
from lib.data.iotable import DEFAULT_REMEDY, IOTable, check_table
from lib.mrio.synthetic import random_table
from lib.mrio.toy import toy_table


def _toy(**changes):
    t = toy_table()
    fields = dict(Z=t.Z.copy(), Y=t.Y.copy(), x=t.x.copy(), countries=t.countries, sectors=t.sectors,
                  fd_categories=t.fd_categories)  # fmt: skip
    fields.update(changes)
    return IOTable(**fields, source="toy.RData")


def _message(table):
    with pytest.raises(TableError) as caught:
        check_table(table)
    return str(caught.value)


# --------------------------------------------------------------------------- where the first bad cell is


def test_nan_in_output_names_its_row():
    """x is a vector: the message names the row only (H, F x goods, services; x[3] is F/services)."""
    x = toy_table().x.copy()
    x[3] = np.nan
    assert _message(_toy(x=x)) == (
        "toy.RData: x holds 1 NaN or infinite values (first at row F/services); expected finite numbers. "
        + DEFAULT_REMEDY
    )


def test_nan_in_z_names_row_and_column():
    """Z[2, 1] is row F/goods, column H/services (row and column differ, so swapping them shows)."""
    Z = toy_table().Z.copy()
    Z[2, 1] = np.inf
    Z[3, 0] = np.nan  # a later cell in row-major order: not the first
    assert _message(_toy(Z=Z)) == (
        "toy.RData: Z holds 2 NaN or infinite values (first at row F/goods, column H/services); "
        "expected finite numbers. " + DEFAULT_REMEDY
    )


def test_negative_flow_in_z_names_row_and_column():
    Z = toy_table().Z.copy()
    Z[1, 2] = -1.0
    Z[3, 3] = -2.0
    assert _message(_toy(Z=Z)) == (
        "toy.RData: Z holds 2 negative intermediate flows (first at row H/services, column F/goods); "
        "expected Z >= 0. " + DEFAULT_REMEDY
    )


def test_nan_in_final_demand_with_one_use_category():
    """The toy table has one use category ('total'): Y column 1 is the final demand of F."""
    Y = toy_table().Y.copy()
    Y[1, 1] = np.nan
    assert _message(_toy(Y=Y)) == (
        "toy.RData: Y holds 1 NaN or infinite values (first at row H/services, final demand of F (total)); "
        "expected finite numbers. " + DEFAULT_REMEDY
    )


def test_nan_in_final_demand_with_five_use_categories():
    """With K = 5 use categories, column 7 is country 7 // 5 = 1 (CHN), category 7 % 5 = 2 (CONS_g)."""
    t = random_table()
    Y = t.Y.copy()
    Y[5, 7] = np.nan
    assert t.fd_categories[2] == "CONS_g" and t.labels[5] == ("CHN", "S02")
    assert _message(replace(t, Y=Y)) == (
        "synthetic table (seed 0): Y holds 1 NaN or infinite values (first at row CHN/S02, final demand of CHN "
        "(CONS_g)); expected finite numbers. " + DEFAULT_REMEDY
    )


# --------------------------------------------------------------------------- names, shapes, labels, signs


def test_check_table_names_the_table_and_ends_with_the_remedy():
    """``what`` wins over ``table.source``, which wins over 'input-output table'; ``remedy`` replaces the default."""
    Z = toy_table().Z.copy()
    Z[0, 1] = -1.0
    expected = "negative intermediate flows (first at row H/goods, column H/services); expected Z >= 0."
    assert _message(_toy(Z=Z)) == f"toy.RData: Z holds 1 {expected} {DEFAULT_REMEDY}"
    with pytest.raises(TableError) as caught:
        check_table(replace(_toy(Z=Z), source=""))
    assert str(caught.value) == f"input-output table: Z holds 1 {expected} {DEFAULT_REMEDY}"
    with pytest.raises(TableError) as caught:
        check_table(_toy(Z=Z), what="my table", remedy="Do this.")
    assert str(caught.value) == f"my table: Z holds 1 {expected} Do this."


@pytest.mark.parametrize(
    "name, bad, found, shape",
    [("Z", np.zeros((4, 3)), "(4, 3)", "(4, 4)"), ("Y", np.zeros((4, 3)), "(4, 3)", "(4, 2)"),
     ("x", np.zeros((4, 1)), "(4, 1)", "(4,)")],
)  # fmt: skip
def test_wrong_shape_messages(name, bad, found, shape):
    assert _message(_toy(**{name: bad})) == (
        f"toy.RData: {name} has shape {found}, expected {shape} for 2 regions x 2 sectors x 1 final-demand "
        f"categories. {DEFAULT_REMEDY}"
    )


def test_a_valid_table_with_several_use_categories_passes():
    """Y of a table with K = 5 has G x K = 20 columns (not G / K)."""
    report = check_table(random_table())
    assert report.max_gap_over_tolerance < 1 and report.n_zero_output == 0


def test_duplicated_labels_messages_list_only_the_repeated_labels():
    t = random_table(countries=("A", "B"), n_sectors=3)
    assert _message(replace(t, sectors=("s1", "s2", "s1"))) == (
        f"synthetic table (seed 0): duplicated sector labels ['s1']; expected each label once. {DEFAULT_REMEDY}"
    )
    t4 = random_table(countries=("A", "B", "C", "D"), n_sectors=1)
    assert _message(replace(t4, countries=("C", "A", "C", "A"))) == (
        f"synthetic table (seed 0): duplicated country labels ['A', 'C']; expected each label once. {DEFAULT_REMEDY}"
    )
    t3 = random_table(countries=("A", "B", "C", "D"), n_sectors=1)
    assert _message(replace(t3, countries=("A", "A", "A", "B"))) == (
        f"synthetic table (seed 0): duplicated country labels ['A']; expected each label once. {DEFAULT_REMEDY}"
    )


def _with_zero_row():
    """The toy table with F/services producing nothing (its row of Z and Y zero, x = 0): a valid table."""
    t = toy_table()
    Z, Y, x = t.Z.copy(), t.Y.copy(), t.x.copy()
    Z[3], Y[3], x[3] = 0.0, 0.0, 0.0
    return _toy(Z=Z, Y=Y, x=x)


def test_zero_output_is_allowed_and_counted():
    report = check_table(_with_zero_row())
    assert report.n_zero_output == 1 and report.max_abs_gap == 0 and report.max_rel_gap == 0


def test_negative_output_message_counts_only_negative_rows_and_shows_five():
    t = _with_zero_row()
    x = t.x.copy()
    x[1], x[2] = -5.0, -0.5
    assert _message(replace(t, x=x)) == (
        "toy.RData: negative gross output in 2 rows, e.g. [('H', 'services'), ('F', 'goods')]; expected x >= 0. "
        + DEFAULT_REMEDY
    )
    big = random_table()
    x = big.x.copy()
    x[:7] = -1.0
    rows = [("AUS", "S01"), ("AUS", "S02"), ("AUS", "S03"), ("AUS", "S04"), ("CHN", "S01")]
    assert _message(replace(big, x=x)) == (
        f"synthetic table (seed 0): negative gross output in 7 rows, e.g. {rows}; expected x >= 0. {DEFAULT_REMEDY}"
    )


def test_nan_count_in_the_message():
    Y = toy_table().Y.copy()
    Y[2, 0] = Y[3, 1] = np.nan
    assert _message(_toy(Y=Y)).startswith("toy.RData: Y holds 2 NaN or infinite values (first at row F/goods, final ")


# --------------------------------------------------------------------------- the row balance


def _one_cell(x, y, rounding_unit=0.0):
    """One region, one sector, one use: Z = 0, Y = [[y]], output x; tolerance = 3 x unit + 1e-9 x max(|x|, 1)."""
    return IOTable(Z=np.zeros((1, 1)), Y=np.array([[y]]), x=np.array([x]), countries=("A",), sectors=("s",),
                   fd_categories=("c",), source="one.RData", rounding_unit=rounding_unit)  # fmt: skip


@pytest.mark.parametrize("x, y", [(1e-9, 0.0), (0.0, 1e-9)], ids=["positive-gap", "negative-gap"])
def test_a_gap_exactly_at_the_tolerance_passes(x, y):
    """The gap is +-1e-9 and the tolerance 1e-9 x max(|x|, 1) = 1e-9: a ratio of exactly 1 is allowed."""
    assert check_table(_one_cell(x, y)).max_gap_over_tolerance == 1.0


@pytest.mark.parametrize("x, y, gap", [(2e-9, 0.0, "2e-09"), (0.0, 2e-9, "-2e-09")], ids=["positive-gap", "negative-gap"])
def test_a_gap_twice_the_tolerance_fails_with_the_exact_message(x, y, gap):
    assert _message(_one_cell(x, y)) == (
        f"one.RData: rows do not balance. Row A/s has x - Z1 - Y1 = {gap}; expected at most 1e-09, what rounding "
        f"of stored cells (unit 0.0) can explain. {DEFAULT_REMEDY}"
    )


def test_the_message_names_the_row_furthest_over_its_tolerance():
    """F/goods (x = 80) is off by -30 and H/goods (x = 100) by +9; with unit 1 the tolerance is 7 + 1e-9 x: the
    message names F/goods and its negative gap."""
    t = toy_table()
    x = t.x.copy()
    x[0] += 9.0
    x[2] -= 30.0
    table = replace(_toy(x=x), rounding_unit=1.0)
    assert _message(table) == (
        "toy.RData: rows do not balance. Row F/goods has x - Z1 - Y1 = -30; expected at most 7, what rounding "
        f"of stored cells (unit 1.0) can explain. {DEFAULT_REMEDY}"
    )


def test_balance_report_fields_by_hand():
    """Gaps +0.5 at H/goods (x = 100.5) and -0.8 at F/goods (x = 79.2); tolerance 7 + 1e-9 x per row."""
    t = toy_table()
    x = t.x.copy()
    x[0] += 0.5
    x[2] -= 0.8
    report = check_table(replace(_toy(x=x), rounding_unit=1.0))
    assert report.max_abs_gap == pytest.approx(0.8, rel=1e-12)
    assert report.max_rel_gap == pytest.approx(0.8 / 79.2, rel=1e-12)
    assert report.worst_row == "F/goods"
    assert report.total_gap == pytest.approx(-0.3, rel=1e-12)
    assert report.max_gap_over_tolerance == pytest.approx(0.8 / (7 + 1e-9 * 79.2), rel=1e-12)
    assert report.n_zero_output == 0


def test_relative_gap_of_a_row_with_output_below_one():
    """x = 0.5 with uses 0.4: relative gap 0.2 (rows with 0 < x < 1 count); a table of zeros has relative gap 0."""
    report = check_table(_one_cell(0.5, 0.4, rounding_unit=1.0))
    assert report.max_rel_gap == pytest.approx(0.2, rel=1e-12) and report.n_zero_output == 0
    zero = check_table(_one_cell(0.0, 0.0))
    assert (zero.max_rel_gap, zero.max_abs_gap, zero.n_zero_output, zero.worst_row) == (0.0, 0.0, 1, "A/s")


# --------------------------------------------------------------------------- balance


def _unbalanced():
    """Two regions, two sectors, two uses; row gaps +3, -2, 0, +1."""
    t = random_table(countries=("A", "B"), n_sectors=2)
    t = replace(t, Y=t.Y.reshape(4, 2, 5)[:, :, :2].reshape(4, 4), fd_categories=("c", "i"))
    t = replace(t, x=t.Z.sum(axis=1) + t.Y.sum(axis=1) + np.array([3.0, -2.0, 0.0, 1.0]), rounding_unit=1.0)
    return t


def test_balance_default_is_discrepancy_in_the_own_country():
    from lib.data.iotable import balance

    t = _unbalanced()
    out = balance(t)
    assert out.fd_categories == ("c", "i", "DISC") and out.rounding_unit == 0.0
    np.testing.assert_array_equal(out.x, t.x)
    np.testing.assert_array_equal(out.Z, t.Z)
    Y = out.Y.reshape(4, 2, 3)
    np.testing.assert_array_equal(Y[:, :, :2], t.Y.reshape(4, 2, 2))
    np.testing.assert_allclose(Y[:, :, 2], [[3.0, 0.0], [-2.0, 0.0], [0.0, 0.0], [0.0, 1.0]], atol=1e-9)
    np.testing.assert_allclose(out.row_gap(), 0.0, atol=1e-9)
    assert balance(t, "discrepancy").fd_categories == out.fd_categories


def test_balance_rowsum_and_none():
    from lib.data.iotable import balance

    t = _unbalanced()
    out = balance(t, "rowsum")
    np.testing.assert_allclose(out.x, t.x - np.array([3.0, -2.0, 0.0, 1.0]), rtol=1e-12)
    np.testing.assert_array_equal(out.Y, t.Y)
    assert out.fd_categories == ("c", "i") and out.rounding_unit == 0.0
    assert balance(t, "none") is t


def test_balance_refuses_an_unknown_method():
    from lib.data.iotable import balance

    with pytest.raises(ValueError) as caught:
        balance(_unbalanced(), "Rowsum")
    assert str(caught.value) == "Unknown balance method 'Rowsum'; choose one of ('discrepancy', 'rowsum', 'none')."


def test_row_gap_and_final_demand_by_hand():
    t = _unbalanced()
    np.testing.assert_allclose(t.row_gap(), [3.0, -2.0, 0.0, 1.0], atol=1e-9)
    np.testing.assert_array_equal(t.final_demand(), t.Y.reshape(4, 2, 2).sum(axis=2))
    np.testing.assert_array_equal(toy_table().final_demand(), [[60, 30], [40, 0], [10, 20], [20, 20]])
