"""Pins for lib.mrio.rounding: behaviour mutmut found unpinned (issue 21).

Small hand-made tables whose answers are worked out below: every rounding mode with ``unit`` 1 and 10 (halves,
negative cells, output), the default mode and unit, the exact messages; ``spread_gap`` on rows with a positive, a
mixed and a zero weight sum, and its refusal; ``add_expected_loss`` with the table's and an explicit unit;
``row_gap_profile`` on rows at and beyond both bounds; ``tbi_errors``' options (truth balance, unit); size groups with
a tie in value added; ``error_table``'s columns, order and values; ``longrun_rounding_experiment``'s defaults, options
and cache (on synthetic tables: the real ones are read by ``test_rounding.test_documented_ranking_on_longrun``).
"""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from lib.data import longrun
from lib.data.iotable import IOTable, balance
from lib.mrio import rounding
from lib.mrio.synthetic import random_table
from lib.mrio.tbi import country_flows


def table(Z, Y, x, countries=None, rounding_unit=0.0, source="hand"):
    Z, Y, x = (np.asarray(a, dtype=float) for a in (Z, Y, x))
    countries = countries or tuple(f"C{i}" for i in range(len(x) - 1)) + ("ROW",)
    return IOTable(Z=Z, Y=Y, x=x, countries=countries, sectors=("S",), fd_categories=("CONS",), year=2000,
                   vintage="test", source=source, rounding_unit=rounding_unit)  # fmt: skip


# --------------------------------------------------------------------------- round_table

CELLS = table(Z=[[2.5, -2.5], [3.5, 1.7]], Y=[[27.0, -27.0], [0.4, -0.6]], x=[12.5, -7.5], source="cells")
ROUNDED = {  # (mode, unit): (Z, Y, x), worked by hand; np.rint rounds halves to even
    ("trunc", 1): ([[2, -2], [3, 1]], [[27, -27], [0, 0]], [12, -7]),
    ("floor", 1): ([[2, -3], [3, 1]], [[27, -27], [0, -1]], [12, -8]),
    ("nearest", 1): ([[2, -2], [4, 2]], [[27, -27], [0, -1]], [12, -8]),
    ("trunc", 10): ([[0, 0], [0, 0]], [[20, -20], [0, 0]], [10, 0]),
    ("floor", 10): ([[0, -10], [0, 0]], [[20, -30], [0, -10]], [10, -10]),
    ("nearest", 10): ([[0, 0], [0, 0]], [[30, -30], [0, 0]], [10, -10]),
}


@pytest.mark.parametrize(("mode", "unit"), list(ROUNDED))
def test_round_table_every_mode_and_unit(mode, unit):
    r = rounding.round_table(CELLS, mode, unit)
    Z, Y, x = ROUNDED[(mode, unit)]
    np.testing.assert_array_equal(r.Z, Z)
    np.testing.assert_array_equal(r.Y, Y)
    np.testing.assert_array_equal(r.x, x)
    assert r.rounding_unit == unit and isinstance(r.rounding_unit, float)
    assert r.source == f"cells ({mode} to {unit})"
    assert r.countries == CELLS.countries and r.year == 2000  # everything else kept


def test_round_table_defaults_and_unit_formatting():
    r = rounding.round_table(CELLS)
    np.testing.assert_array_equal(r.Z, ROUNDED[("trunc", 1)][0])
    assert r.rounding_unit == 1.0 and r.source == "cells (trunc to 1)"
    assert rounding.round_table(CELLS, "floor", 2.5).source == "cells (floor to 2.5)"


def test_round_table_messages():
    with pytest.raises(ValueError) as info:
        rounding.round_table(CELLS, "ceil")
    assert str(info.value) == "Unknown rounding mode 'ceil'; choose one of ('trunc', 'floor', 'nearest')."
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError) as info:
            rounding.round_table(CELLS, "trunc", unit=bad)
        assert str(info.value) == f"unit must be positive, got {bad!r}."
    assert rounding.round_table(CELLS, "trunc", unit=1e-9).rounding_unit == 1e-9  # any positive unit is accepted


# --------------------------------------------------------------------------- spread_gap and add_expected_loss

# Row 0: gap 3 over two positive cells (+1.5 each); row 1: gap 2, weights +1 +1 -1 (sum 1): +2, +2, -2;
# row 2: weights +1 -1 sum to 0: cells kept, x := row sum = 1.
SPREAD_IN = table(Z=[[4, 0, 0], [2, 6, 0], [2, 0, 0]], Y=[[3, 0, 0], [-1, 0, 0], [0, 0, -1]], x=[10, 9, 5],
                  rounding_unit=1.0, source="stored")  # fmt: skip


def test_spread_gap_by_hand():
    s = rounding.spread_gap(SPREAD_IN)
    np.testing.assert_allclose(s.Z, [[5.5, 0, 0], [4, 8, 0], [2, 0, 0]], rtol=0, atol=1e-12)
    np.testing.assert_allclose(s.Y, [[4.5, 0, 0], [-3, 0, 0], [0, 0, -1]], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(s.x, [10, 9, 1])
    np.testing.assert_allclose(s.row_gap(), 0, atol=1e-12)
    assert s.rounding_unit == 0.0 and s.source == "stored" and s.countries == SPREAD_IN.countries
    np.testing.assert_array_equal(SPREAD_IN.x, [10, 9, 5])  # the input is not modified


def test_spread_gap_row_sums_for_each_row_without_positive_weight():
    # rows 1 and 2 both lack a positive weight sum: each takes its own row sum (1 and -3), not their total
    t = table(Z=[[4, 0, 0], [2, 0, 0], [0, 0, 0]], Y=[[3, 0, 0], [0, 0, -1], [0, -3, 0]], x=[10, 5, 4])
    s = rounding.spread_gap(t)
    np.testing.assert_array_equal(s.x, [10, 1, -3])
    np.testing.assert_allclose(s.row_gap(), 0, atol=1e-12)


def test_spread_gap_refuses_negative_intermediate_flows():
    bad = replace(SPREAD_IN, x=np.array([-4.0, 9.0, 5.0]))  # row 0: gap -11 -> -5.5 per cell, Z 4 -> -1.5
    with pytest.raises(ValueError) as info:
        rounding.spread_gap(bad)
    assert str(info.value) == "stored: spreading the row gaps would make intermediate flows negative."
    exactly_zero = replace(SPREAD_IN, x=np.array([-1.0, 9.0, 5.0]))  # gap -8 -> -4: Z 4 -> 0 is allowed
    assert rounding.spread_gap(exactly_zero).Z[0, 0] == 0.0


EXPECTED_IN = table(Z=[[4, 0], [1, 3]], Y=[[-2, 0], [0, 5]], x=[3, 10], rounding_unit=2.0)


def test_add_expected_loss_by_hand():
    # u = 2 (the table's unit): every non-zero cell and x move by sign * 1, then the rest is booked as discrepancy
    out = rounding.add_expected_loss(EXPECTED_IN)
    moved = replace(EXPECTED_IN, Z=np.array([[5.0, 0], [2, 4]]), Y=np.array([[-3.0, 0], [0, 6]]), x=np.array([4.0, 11]))
    ref = balance(moved, "discrepancy")
    np.testing.assert_array_equal(out.Z, [[5, 0], [2, 4]])
    np.testing.assert_array_equal(out.x, [4, 11])
    np.testing.assert_array_equal(out.Y, ref.Y)
    assert out.fd_categories == ref.fd_categories
    np.testing.assert_allclose(out.row_gap(), 0, atol=1e-12)
    explicit = rounding.add_expected_loss(EXPECTED_IN, unit=4)  # an explicit unit wins: moves by 2
    np.testing.assert_array_equal(explicit.Z, [[6, 0], [3, 5]])
    np.testing.assert_array_equal(explicit.x, [5, 12])
    assert rounding.add_expected_loss(EXPECTED_IN, unit=2.0).Z.tolist() == out.Z.tolist()
    # zero cells and zero output are left alone (a row with no output stays at zero)
    empty_row = table(Z=[[4, 0], [0, 0]], Y=[[-2, 0], [0, 0]], x=[3, 0], rounding_unit=2.0)
    moved = rounding.add_expected_loss(empty_row)
    np.testing.assert_array_equal(moved.x, [4, 0])
    np.testing.assert_array_equal(moved.Z, [[5, 0], [0, 0]])


def test_apply_method_dispatch():
    stored = rounding.round_table(random_table(seed=3), "trunc")
    assert rounding.apply_method(stored, "none") is stored
    np.testing.assert_array_equal(rounding.apply_method(stored, "rowsum").x, balance(stored, "rowsum").x)
    np.testing.assert_array_equal(rounding.apply_method(stored, "discrepancy").Y, balance(stored, "discrepancy").Y)
    np.testing.assert_array_equal(rounding.apply_method(stored, "spread").Z, rounding.spread_gap(stored).Z)
    np.testing.assert_array_equal(rounding.apply_method(stored, "expected").Z, rounding.add_expected_loss(stored).Z)
    with pytest.raises(ValueError) as info:
        rounding.apply_method(stored, "ras")
    assert str(info.value) == "Unknown method 'ras'; choose one of ('none', 'discrepancy', 'rowsum', 'spread', 'expected')."


# --------------------------------------------------------------------------- row_gap_profile


def profile_table(rounding_unit):
    """Rows (gap in units of 2): a +1 (2 pos), b -2.5 (3 pos, 1 neg), c -1 (4 pos), d x = 0 (left out), e -2.5 (3 pos, 2 neg)."""
    rows = [
        ([3, 5], 8 + 2),
        ([4, 4, 4, -1], 11 - 5),
        ([1, 1, 1, 1], 4 - 2),
        ([7] * 10, 0),
        ([10, 10, 10, -2, -2], 26 - 5),
    ]
    cells = np.zeros((5, 10))
    for i, (c, _) in enumerate(rows):
        cells[i, : len(c)] = c
    x = [r[1] for r in rows]
    return table(Z=cells[:, :5], Y=cells[:, 5:], x=x, rounding_unit=rounding_unit)


def test_row_gap_profile_by_hand():
    p = rounding.row_gap_profile(profile_table(2.0))
    # gaps in units: 1, -2.5, -1, -2.5 on n_pos 2, 3, 4, 3: OLS slope -2 / 2 = -1
    assert p == pytest.approx({"min": -2.5, "median": -1.75, "max": 1.0, "slope_per_cell": -1.0,
                               "rows_below_bound": 1, "rows_below_floor_bound": 2})  # fmt: skip
    # b is below -1 - n_neg = -2; c sits exactly on both bounds (not below); e is below -1 only
    assert isinstance(p["rows_below_bound"], int) and isinstance(p["min"], float)
    unit_one = rounding.row_gap_profile(profile_table(0.0))  # no rounding unit: gaps in the table's own units
    assert unit_one == pytest.approx({"min": -5.0, "median": -3.5, "max": 2.0, "slope_per_cell": -2.0,
                                      "rows_below_bound": 3, "rows_below_floor_bound": 3})  # fmt: skip


def test_row_gap_profile_keeps_every_row_with_positive_output():
    t = table(Z=[[0, 0], [1, 1]], Y=[[0, 0], [0, 0]], x=[1, 5], rounding_unit=1.0)  # output 1 is positive: kept
    p = rounding.row_gap_profile(t)
    assert (p["min"], p["max"], p["median"]) == (1.0, 3.0, 2.0) and p["slope_per_cell"] == pytest.approx(1.0)


def test_row_gap_profile_slope_undefined_when_every_row_has_as_many_cells():
    t = table(Z=[[1, 1], [2, 2]], Y=[[0, 0], [0, 0]], x=[3, 5], rounding_unit=1.0)
    p = rounding.row_gap_profile(t)
    assert np.isnan(p["slope_per_cell"]) and p["min"] == 1.0 and p["max"] == 1.0 and p["median"] == 1.0


# --------------------------------------------------------------------------- tbi_errors, rounding_experiment


def unbalanced_truth():
    t = random_table(("AAA", "BBB", "CCC", "ROW"), n_sectors=2, seed=5, year=2003)
    return replace(t, x=t.x * 1.01 + 3.7)  # rows off: the balance of the truth matters


def tbi_of(t):
    return country_flows(t)[0].set_index("country")["tbi"].drop("ROW")


def test_tbi_errors_columns_and_values():
    truth = unbalanced_truth()
    e = rounding.tbi_errors(truth, "nearest", methods=("none", "rowsum"), unit=5.0, truth_balance="rowsum")
    assert list(e.columns) == ["country", "year", "mode", "method", "value_added", "tbi_true", "tbi", "error"]
    assert list(e["country"]) == ["AAA", "BBB", "CCC"] * 2 and list(e["method"]) == ["none"] * 3 + ["rowsum"] * 3
    assert (e["year"] == 2003).all() and (e["mode"] == "nearest").all() and list(e.index) == list(range(6))
    reference = balance(truth, "rowsum")
    np.testing.assert_allclose(e["tbi_true"], np.tile(tbi_of(reference).to_numpy(), 2), rtol=0, atol=1e-14)
    va = reference.va.reshape(4, 2).sum(axis=1)[:3]
    np.testing.assert_allclose(e["value_added"], np.tile(va, 2), rtol=1e-14)
    stored = rounding.round_table(truth, "nearest", 5.0)
    expected = np.concatenate([tbi_of(stored), tbi_of(balance(stored, "rowsum"))])
    np.testing.assert_allclose(e["tbi"], expected, rtol=0, atol=1e-14)
    np.testing.assert_allclose(e["error"], e["tbi"] - e["tbi_true"], rtol=0, atol=1e-15)
    assert e["error"].abs().max() > 1e-4
    default = rounding.tbi_errors(truth)  # trunc, every method, unit 1, truth balanced by discrepancy
    assert list(default["method"].unique()) == list(rounding.EXPERIMENT_METHODS) and (default["mode"] == "trunc").all()
    np.testing.assert_allclose(default["tbi_true"].iloc[:3], tbi_of(balance(truth, "discrepancy")), rtol=0, atol=1e-14)
    trunc1 = rounding.round_table(truth, "trunc", 1.0)
    np.testing.assert_allclose(default["tbi"].iloc[:3], tbi_of(trunc1), rtol=0, atol=1e-14)


def tie_table():
    """AAA and BBB have the same value added (10), CCC 6: Z = 0, so value added = output."""
    Y = [[6, 2, 1, 1], [2, 6, 1, 1], [1, 1, 3, 1], [2, 2, 2, 14]]
    return replace(table(Z=np.zeros((4, 4)), Y=Y, x=[10, 10, 6, 20]), countries=("AAA", "BBB", "CCC", "ROW"))


def test_size_groups_break_ties_by_order_and_use_the_options():
    errors = rounding.rounding_experiment([tie_table()], modes=("nearest",), methods=("none",))
    assert list(errors["size_group"]) == ["large", "medium", "small"]
    assert list(errors["value_added"]) == [10, 10, 6]
    # defaults: both modes, every method; unit reaches tbi_errors
    truth = unbalanced_truth()
    e = rounding.rounding_experiment([truth])
    by_hand = pd.concat([rounding.tbi_errors(truth, m, rounding.EXPERIMENT_METHODS, 1.0) for m in ("trunc", "nearest")],
                        ignore_index=True)  # fmt: skip
    pd.testing.assert_frame_equal(e.drop(columns="size_group"), by_hand)
    assert len(e) == 2 * len(rounding.EXPERIMENT_METHODS) * 3 and list(e["mode"].unique()) == ["trunc", "nearest"]
    coarse = rounding.rounding_experiment([truth], modes=("trunc",), methods=("none",), unit=5.0)
    pd.testing.assert_frame_equal(coarse.drop(columns="size_group"), rounding.tbi_errors(truth, "trunc", ("none",), 5.0))


def test_size_groups_four_countries():
    t = random_table(("AAA", "BBB", "CCC", "DDD", "ROW"), n_sectors=1, seed=2)
    e = rounding.rounding_experiment([t], modes=("nearest",), methods=("none",))
    order = e.sort_values("value_added", ascending=False)["size_group"].tolist()
    assert order == ["large", "medium", "small", "small"]  # rank <= 4/3 large, rank > 8/3 small


# --------------------------------------------------------------------------- error_table


def errors_frame():
    return pd.DataFrame(
        {
            "mode": ["trunc"] * 3 + ["nearest"] * 3,
            "method": "none",
            "country": list("ABC") * 2,
            "year": [2000, 2000, 2001] * 2,
            "error": [0.3, -0.5, 0.1, -0.2, 0.25, 0.05],
            "size_group": ["large", "small", "medium"] * 2,
        }
    )


def test_error_table_by_hand():
    t = rounding.error_table(errors_frame())
    assert list(t.columns) == ["mode", "method", "mean_abs", "max_abs", "bias", "worst",
                               "mean_abs_large", "mean_abs_medium", "mean_abs_small"]  # fmt: skip
    assert list(t["mode"]) == ["trunc", "nearest"]  # groups in order of appearance
    np.testing.assert_allclose(t["mean_abs"], [0.3, 0.5 / 3])
    np.testing.assert_allclose(t["max_abs"], [0.5, 0.25])
    np.testing.assert_allclose(t["bias"], [-0.1 / 3, 0.1 / 3])
    assert list(t["worst"]) == ["B 2000", "B 2000"]
    np.testing.assert_allclose(t["mean_abs_large"], [0.3, 0.2])
    np.testing.assert_allclose(t["mean_abs_medium"], [0.1, 0.05])
    np.testing.assert_allclose(t["mean_abs_small"], [0.5, 0.25])
    assert list(t.index) == [0, 1]


def test_error_table_without_or_by_size_groups():
    plain = rounding.error_table(errors_frame().drop(columns="size_group"))
    assert list(plain.columns) == ["mode", "method", "mean_abs", "max_abs", "bias", "worst"]
    by_size = rounding.error_table(errors_frame(), by=("mode", "size_group"))
    assert list(by_size.columns) == ["mode", "size_group", "mean_abs", "max_abs", "bias", "worst"]
    assert by_size.loc[(by_size["mode"] == "nearest") & (by_size["size_group"] == "small"), "worst"].item() == "B 2000"
    two = errors_frame().query("size_group != 'medium'")
    assert "mean_abs_medium" not in rounding.error_table(two).columns


# --------------------------------------------------------------------------- longrun_rounding_experiment


@pytest.fixture
def fake_longrun(monkeypatch):
    """Synthetic LR-WIOD: read_longrun and input_checksums replaced; the calls recorded."""
    calls = {"read": [], "checksums": []}

    class Read:
        def __init__(self, year):
            self.table = random_table(("AAA", "BBB", "CCC", "ROW"), n_sectors=2, seed=year % 7, year=year)

    def read_longrun(year, data_dir=None):
        calls["read"].append((year, data_dir))
        return Read(year)

    def input_checksums(years=None, data_dir=None):  # as the real one: every year by default
        years = tuple(years or longrun.LONGRUN_YEARS)
        calls["checksums"].append((years, data_dir))
        return {y: f"sum{y}-{data_dir}" for y in years}

    monkeypatch.setattr(longrun, "read_longrun", read_longrun)
    monkeypatch.setattr(longrun, "input_checksums", input_checksums)
    return calls


def test_longrun_experiment_defaults_and_options(fake_longrun):
    e = rounding.longrun_rounding_experiment(cache=False, data_dir="d")
    assert fake_longrun["read"] == [(y, "d") for y in longrun.LONGRUN_YEARS] and fake_longrun["checksums"] == []
    expected = rounding.rounding_experiment([longrun.read_longrun(y).table for y in longrun.LONGRUN_YEARS])
    pd.testing.assert_frame_equal(e, expected)
    some = rounding.longrun_rounding_experiment(years=(1995, 1970), modes=("floor",), methods=("rowsum",), cache=False)
    assert list(some["year"].unique()) == [1995, 1970] and set(some["mode"]) == {"floor"} and set(some["method"]) == {"rowsum"}


def test_longrun_experiment_cache(fake_longrun):
    first = rounding.longrun_rounding_experiment(years=(1970,), methods=("none", "spread"), data_dir="d")
    assert fake_longrun["checksums"] == [((1970,), "d")] and len(fake_longrun["read"]) == 1
    again = rounding.longrun_rounding_experiment(years=(1970,), methods=("none", "spread"), data_dir="d")
    assert len(fake_longrun["read"]) == 1  # read from the cache
    pd.testing.assert_frame_equal(again, first)
    computed = rounding.rounding_experiment([longrun.read_longrun(1970).table], ("trunc", "nearest"), ("none", "spread"))
    pd.testing.assert_frame_equal(first, computed, check_dtype=False)
    fake_longrun["read"].clear()
    other = rounding.longrun_rounding_experiment(years=(1970,), methods=("none",), data_dir="d")
    assert len(fake_longrun["read"]) == 1 and set(other["method"]) == {"none"}  # other methods: another entry
    fake_longrun["read"].clear()
    nearest = rounding.longrun_rounding_experiment(years=(1970,), modes=("nearest",), methods=("none",), data_dir="d")
    assert len(fake_longrun["read"]) == 1 and set(nearest["mode"]) == {"nearest"}  # other modes: another entry
    fake_longrun["read"].clear()
    later = rounding.longrun_rounding_experiment(years=(1975,), modes=("nearest",), methods=("none",), data_dir="d")
    assert fake_longrun["read"] == [(1975, "d")] and set(later["year"]) == {1975}  # other years: another entry
    fake_longrun["read"].clear()
    elsewhere = rounding.longrun_rounding_experiment(years=(1975,), modes=("nearest",), methods=("none",), data_dir="e")
    assert fake_longrun["read"] == [(1975, "e")] and fake_longrun["checksums"][-1] == ((1975,), "e")
    pd.testing.assert_frame_equal(elsewhere, later)
