"""Accounting identities and published totals on the real WIOD 2013 tables."""

import numpy as np
import pytest

from lib import mrio
from lib.data import wiod
from lib.mrio import tbi
from lib.data.iotable import balance, check_table

pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

YEARS = (1995, 2000, 2008, 2011)

# World and country totals of WIOD 2013 (trillion USD; VA = output - intermediate
# column sums), from shared/data/wiod/README.md, which matches the published figures.
PUBLISHED = {
    1995: dict(go=55.182, va=29.205, USA=7.451, CHN=0.735),
    2000: dict(go=60.817, va=31.684, USA=9.993, CHN=1.211),
    2008: dict(go=122.789, va=60.158, USA=14.438, CHN=4.576),
    2011: dict(go=141.768, va=69.328, USA=15.162, CHN=7.388),
}


@pytest.fixture(scope="module", params=YEARS)
def table(request):
    return wiod.load_wiod2013(request.param)


def test_labels(table):
    assert table.countries[-1] == "ROW" and "ROU" in table.countries and "ROM" not in table.countries
    assert (table.G, table.N, table.K) == (41, 35, 6)  # 5 WIOD categories + DISC
    assert table.fd_categories[-1] == "DISC"


def test_published_totals(table):
    ref = PUBLISHED[table.year]
    assert table.x.sum() / 1e6 == pytest.approx(ref["go"], abs=5e-4)
    assert table.va.sum() / 1e6 == pytest.approx(ref["va"], abs=5e-4)
    country_va = dict(zip(table.countries, mrio.aggregate_rows(table.va, table.N)))
    for c in ("USA", "CHN"):
        assert country_va[c] / 1e6 == pytest.approx(ref[c], abs=5e-4)


def test_rows_of_vby_sum_to_value_added(table):
    vby = mrio.va_absorption(table)
    np.testing.assert_allclose(vby.sum(axis=1), table.va, rtol=1e-9, atol=1e-6)


def test_world_va_absorbed_equals_world_final_demand(table):
    """1'V̂BY = 1'Y, except final sales of zero-output products, which embody no value added."""
    va = mrio.bilateral_va(table)
    fd = table.final_demand().sum(axis=0)
    assert va.sum() == pytest.approx(fd.sum(), rel=1e-12)
    np.testing.assert_allclose(va.sum(axis=0), fd - mrio.zero_output_final_demand(table), rtol=1e-12, atol=1e-6)


def test_va_balance_equals_gross_balance(table):
    """With VA = x - column sums of Z, sum_j VA_ij - sum_j VA_ji = exports - imports of i."""
    countries, _ = tbi.country_flows(table)
    scale = countries["gross_exports"].max()
    # exact, once purchases of zero-output products (no value added; at most 11 M USD) are counted
    np.testing.assert_allclose(
        countries["va_balance"] - countries["gross_balance"], mrio.zero_output_final_demand(table),
        rtol=0, atol=1e-9 * scale,
    )
    np.testing.assert_allclose(countries["va_balance"], countries["gross_balance"], rtol=0, atol=12.0)
    assert countries["gross_balance"].sum() == pytest.approx(0.0, abs=1e-9 * scale)


def test_identity_fails_without_balancing():
    """The identity needs a balanced table: on the raw truncated table it is off (so the test above can fail)."""
    raw = wiod.load_wiod2013(2000, balance_method="none")
    countries, _ = tbi.country_flows(raw)
    gap = (countries["va_balance"] - countries["gross_balance"]).abs().max()
    assert gap > 100.0  # millions of USD


@pytest.mark.parametrize("year", [2000, 2011])
def test_balancing_methods(year):
    raw = wiod.load_wiod2013(year, balance_method="none")
    report = check_table(raw)
    assert 0 < report.max_gap_over_tolerance < 1 and report.n_zero_output >= 18
    disc = balance(raw, "discrepancy")
    np.testing.assert_array_equal(disc.x, raw.x)
    np.testing.assert_allclose(disc.row_gap(), 0.0, atol=1e-6)
    np.testing.assert_allclose(mrio.bilateral_gross(disc) - np.diag(np.diag(mrio.bilateral_gross(disc))),
                               mrio.bilateral_gross(raw) - np.diag(np.diag(mrio.bilateral_gross(raw))))
    rows = balance(raw, "rowsum")
    np.testing.assert_allclose(rows.x, raw.Z.sum(1) + raw.Y.sum(1))


def test_panel_shape_and_ranges():
    panel = tbi.tbi_panel("2013", progress=False)
    assert panel.shape[0] == 40 * 17 and panel["country"].nunique() == 40
    assert "ROW" not in set(panel["country"]) and panel.notna().all().all()
    assert panel["tbi"].between(-1, 1).all() and panel["tbi_gross"].between(-1, 1).all()
    assert not panel.duplicated(["country", "year"]).any()
    # cached second call returns identical numbers
    again = tbi.tbi_panel("2013", progress=False)
    np.testing.assert_allclose(again["tbi"], panel["tbi"], rtol=0, atol=1e-15)
    # China ran a value-added surplus and the USA a deficit in every year of the 2013 release
    assert (panel.query("country == 'CHN'")["tbi"] > 0).all()
    assert (panel.query("country == 'USA'")["tbi"] < 0).all()


def test_panel_year_subset_matches_full_computation():
    sub = tbi.tbi_panel("2013", years=[2005], cache=False)
    direct, _ = tbi.country_flows(wiod.load_wiod2013(2005))
    direct = direct.query("country != 'ROW'").set_index("country")
    np.testing.assert_allclose(sub.set_index("country").loc[direct.index, "tbi"], direct["tbi"], rtol=1e-12)


def test_warm_load_reads_the_parsed_copy_and_equals_the_cold_one(monkeypatch):
    """The parsed arrays are cached under the file's sha256: a second load parses nothing and returns the
    same table; the checks and the balancing run on both."""
    cold = wiod.load_wiod2013(2003, balance_method="none")

    def no_parse(*args, **kwargs):
        raise AssertionError("the R file was parsed again")

    monkeypatch.setattr(wiod, "read_rda", no_parse)
    warm = wiod.load_wiod2013(2003, balance_method="none")
    for name in ("Z", "Y", "x"):
        np.testing.assert_array_equal(getattr(warm, name), getattr(cold, name))
    assert (warm.countries, warm.sectors, warm.year, warm.source) == (cold.countries, cold.sectors, 2003, cold.source)
    assert (warm.vintage, warm.rounding_unit, warm.fd_categories) == ("2013", 1.0, cold.fd_categories)
    balanced = wiod.load_wiod2013(2003)  # the balancing runs on the cached copy too
    assert np.abs(balanced.row_gap()).max() < 1e-6 < np.abs(cold.row_gap()).max()
    calls = []
    monkeypatch.setattr(wiod, "check_table", lambda table, remedy=None: calls.append(table))
    wiod.load_wiod2013(2003)
    assert len(calls) == 1  # checked on every load, warm or cold


def test_parsed_copy_is_keyed_by_the_files_sha256(monkeypatch):
    """A file with another sha256 (a new download) is parsed afresh, never served another file's copy."""
    wiod.load_wiod2013(2004, balance_method="none")
    parses = []
    real = wiod.read_rda
    monkeypatch.setattr(wiod, "read_rda", lambda *a, **k: parses.append(1) or real(*a, **k))
    wiod.load_wiod2013(2004, balance_method="none")
    assert parses == []  # same file: the cached copy
    monkeypatch.setattr(wiod, "wiod2013_checksum", lambda year, data_dir=None: "0" * 64)
    wiod.load_wiod2013(2004, balance_method="none")
    assert parses == [1]  # another sha256: parsed again
