"""The rounding experiment (lib.mrio.rounding) on small tables whose truth is known."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from lib.mrio import rounding
from lib.data.iotable import IOTable, check_table
from lib.mrio.synthetic import random_table
from lib.mrio.toy import toy_table


def half_table() -> IOTable:
    """A balanced table whose every non-zero cell ends in .5, with an odd number of them per row.

    Truncation then loses exactly 0.5 per non-zero cell and 0.5 of output (``x`` ends in .5
    too), so undoing the expected truncation loss recovers the table exactly. One inventory
    cell is negative (-3.5), which truncation toward zero stores as -3.
    """
    # 3 regions x 1 sector, 2 final-demand categories per destination (consumption, inventories)
    Z = np.array([[20.0, 5.0, 0.0], [3.0, 30.0, 4.0], [0.0, 6.0, 10.0]]) + 0.5 * np.array(
        [[1, 1, 0], [1, 1, 1], [0, 1, 1]]
    )
    Y = np.array(
        [
            [100.5, 0.0, 10.5, 0.0, 9.5, 0.0],  # with Z: 5 non-zero cells
            [8.5, 0.0, 90.5, -3.5, 7.5, 0.0],  # 7 non-zero, one negative
            [0.0, 0.0, 5.5, 0.0, 120.5, 2.5],  # 5 non-zero
        ]
    )
    cells = np.concatenate([Z, Y], axis=1)
    assert (((cells != 0).sum(axis=1) - 2 * (cells < 0).sum(axis=1)) % 2 == 1).all()  # x ends in .5
    return IOTable(
        Z=Z, Y=Y, x=Z.sum(axis=1) + Y.sum(axis=1), countries=("AAA", "BBB", "ROW"), sectors=("S",),
        fd_categories=("CONS", "INVEN"), year=2000, vintage="test", source="half table",
    )  # fmt: skip


def test_round_table_conventions():
    t = replace(toy_table(), Y=toy_table().Y - 62.7)  # makes some cells negative: 60 - 62.7 = -2.7
    assert rounding.round_table(t, "trunc").Y[0, 0] == -2.0  # toward zero (R's as.integer)
    assert rounding.round_table(t, "floor").Y[0, 0] == -3.0
    assert rounding.round_table(t, "nearest").Y[0, 0] == -3.0
    r = rounding.round_table(t, "trunc", unit=5.0)
    assert r.rounding_unit == 5.0 and (r.Z % 5 == 0).all() and "trunc to 5" in r.source
    with pytest.raises(ValueError, match="Unknown rounding mode"):
        rounding.round_table(t, "ceil")
    with pytest.raises(ValueError, match="unit must be positive"):
        rounding.round_table(t, "trunc", unit=0)


def test_truncated_half_table_gaps():
    truth = half_table()
    stored = rounding.round_table(truth, "trunc")
    check_table(stored)
    cells = np.concatenate([truth.Z, truth.Y], axis=1)
    n_pos, n_neg = (cells > 0).sum(axis=1), (cells < 0).sum(axis=1)
    # g = sum of the cells' losses (+0.5 positive, -0.5 negative) minus the loss of x (0.5)
    np.testing.assert_allclose(stored.row_gap(), 0.5 * (n_pos - n_neg) - 0.5)


def test_expected_loss_recovers_the_truth_exactly():
    truth = half_table()
    stored = rounding.round_table(truth, "trunc")
    recovered = rounding.add_expected_loss(stored)
    np.testing.assert_allclose(recovered.Z, truth.Z)
    np.testing.assert_allclose(recovered.x, truth.x)
    errors = rounding.tbi_errors(truth, "trunc")
    by_method = errors.groupby("method")["error"].apply(lambda e: e.abs().max())
    assert by_method["expected"] < 1e-12
    assert by_method["discrepancy"] > 1e-4 and by_method["none"] > 1e-4  # the others do not recover it


def test_every_method_balances_rows():
    stored = rounding.round_table(random_table(seed=3), "trunc")
    for method in rounding.EXPERIMENT_METHODS:
        t = rounding.apply_method(stored, method)
        if method != "none":
            np.testing.assert_allclose(t.row_gap(), 0, atol=1e-9)
            assert (t.Z >= 0).all()
    with pytest.raises(ValueError, match="Unknown method"):
        rounding.apply_method(stored, "ras")


def test_spread_gap_is_an_equal_share_per_nonzero_cell():
    stored = rounding.round_table(half_table(), "trunc")
    spread = rounding.spread_gap(stored)
    cells = np.concatenate([stored.Z, stored.Y], axis=1)
    sign = np.sign(cells)
    share = stored.row_gap() / sign.sum(axis=1)
    np.testing.assert_allclose(np.concatenate([spread.Z, spread.Y], axis=1), cells + share[:, None] * sign)
    np.testing.assert_array_equal(spread.x, stored.x)  # output is kept


def test_rounding_a_whole_unit_table_changes_nothing():
    """Integer tables are their own rounding: every method's error is zero (rows already balance)."""
    errors = rounding.tbi_errors(toy_table(), "trunc", methods=("none", "discrepancy", "rowsum", "spread"))
    assert errors["error"].abs().max() < 1e-12
    assert set(errors["country"]) == {"H", "F"}


def test_row_gap_profile_tells_truncation_from_nearest():
    base = random_table(seed=1, n_sectors=6)
    rng = np.random.default_rng(1)
    keep = rng.uniform(size=(base.Z.shape[0], 1)) > rng.uniform(size=(1, base.Z.shape[1] + base.Y.shape[1]))
    cells = np.concatenate([base.Z, base.Y], axis=1) * 20 * keep  # rows differ in their number of non-zero cells
    n = base.Z.shape[1]
    truth = replace(base, Z=cells[:, :n], Y=cells[:, n:], x=cells.sum(axis=1))
    trunc = rounding.row_gap_profile(rounding.round_table(truth, "trunc"))
    nearest = rounding.row_gap_profile(rounding.round_table(truth, "nearest"))
    floor = rounding.row_gap_profile(rounding.round_table(truth, "floor"))
    assert 0.4 < trunc["slope_per_cell"] < 0.6 and trunc["rows_below_bound"] == 0
    assert abs(nearest["slope_per_cell"]) < 0.1 and nearest["median"] < trunc["median"] / 4
    assert floor["rows_below_floor_bound"] == 0


def test_experiment_and_error_table():
    tables = [random_table(("AAA", "BBB", "CCC", "ROW"), n_sectors=3, seed=s, year=2000 + s) for s in range(2)]
    errors = rounding.rounding_experiment(tables, modes=("trunc", "nearest"))
    assert len(errors) == 2 * 2 * len(rounding.EXPERIMENT_METHODS) * 3
    assert (errors.groupby(["year", "mode", "method"])["size_group"].value_counts() == 1).all()  # 1 per third
    table = rounding.error_table(errors)
    assert list(table.columns[:6]) == ["mode", "method", "mean_abs", "max_abs", "bias", "worst"]
    assert {"mean_abs_large", "mean_abs_small"} <= set(table.columns) and len(table) == 10
    row = table.query("mode == 'trunc' and method == 'none'").iloc[0]
    e = errors.query("mode == 'trunc' and method == 'none'")
    assert row["max_abs"] == pytest.approx(e["error"].abs().max())
    worst = e.loc[e["error"].abs().idxmax()]
    assert row["worst"] == f"{worst['country']} {worst['year']}"


def test_documented_ranking_on_longrun():
    """On LR-WIOD 1995 and 2000: nearest rounding -> 'discrepancy' beats 'spread';
    truncation -> 'expected' beats 'discrepancy', which beats 'none'."""
    errors = rounding.longrun_rounding_experiment(years=(1995, 2000), methods=("none", "discrepancy", "spread", "expected"))
    mean = errors.assign(a=errors["error"].abs()).groupby(["mode", "method"])["a"].mean()
    assert mean[("nearest", "discrepancy")] < mean[("nearest", "spread")]
    assert mean[("trunc", "expected")] < mean[("trunc", "discrepancy")] < mean[("trunc", "none")]
    assert isinstance(errors, pd.DataFrame) and set(errors["year"]) == {1995, 2000}


def test_error_table_by_size_group_only():
    errors = pd.DataFrame({"country": list("ABCD"), "year": 2000, "mode": "nearest", "method": "none",
                           "error": [0.1, -0.2, 0.3, -0.4], "size_group": ["large", "large", "small", "small"]})
    table = rounding.error_table(errors, by=("size_group",)).set_index("size_group")
    assert table.loc["large", "mean_abs"] == pytest.approx(0.15) and table.loc["small", "max_abs"] == pytest.approx(0.4)
    assert table.loc["small", "worst"] == "D 2000"


def test_size_groups_follow_each_countrys_value_added():
    """value_added is the truth's value added summed over each country's sectors, and the largest third of the
    countries by it is 'large', the smallest third 'small' (issue 21: size groups, the country aggregation)."""
    codes = ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "ROW")
    truth = random_table(codes, n_sectors=2, seed=4, year=2001)
    errors = rounding.rounding_experiment([truth], modes=("nearest",), methods=("none",))
    by_country = errors.set_index("country")
    reference = rounding.balance(truth, "discrepancy").va.reshape(truth.G, truth.N).sum(axis=1)  # as balanced
    expected = pd.Series(reference, index=codes).drop("ROW")
    np.testing.assert_allclose(by_country.loc[expected.index, "value_added"], expected, rtol=1e-12)
    order = expected.sort_values(ascending=False).index
    assert list(by_country.loc[order, "size_group"]) == ["large", "large", "medium", "medium", "small", "small"]
