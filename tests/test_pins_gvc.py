"""Behaviour of lib.mrio.gvc that mutmut found unpinned (issue 21): the order of the country totals, the index
and messages of value_added_origins, the threshold of origin_shares, and dva_panel end to end on a small
synthetic release (which years and folder it loads, the balance method it passes, its rows and columns)."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from lib.data import releases
from lib.mrio import gvc
from lib.mrio.synthetic import random_table

from test_gvc import leather_table


# --------------------------------------------------------------------------- country totals, origins


def test_country_totals_keep_the_tables_country_order():
    """Argentina, Turkey, Germany is the leather table's order (not alphabetical): the totals keep it."""
    b = gvc.bilateral_decomposition(leather_table())
    totals = gvc.country_decomposition(b)
    assert list(totals.index) == ["Argentina", "Turkey", "Germany"]
    assert list(totals.columns) == [*gvc.STANDARD, *gvc.PARTS]
    assert totals.loc["Turkey", "EXGR"] == pytest.approx(b.loc[b["exporter"] == "Turkey", "EXGR"].sum(), rel=1e-12)


def test_value_added_origins_is_indexed_by_sector_and_names_the_known_countries():
    d = gvc.sector_decomposition(leather_table())
    o = gvc.value_added_origins(d, "Turkey", "Germany")
    assert o.index.name == "sector"
    assert list(o.index) == ["Agriculture", "Textile_and_Leather", "Transport_Equipment"]
    rows = d[(d.Exporting_Country == "Turkey") & (d.Importing_Country == "Germany")]
    np.testing.assert_allclose(o["gross exports"], rows["texp"], rtol=1e-12)
    with pytest.raises(ValueError) as err:
        gvc.value_added_origins(d, "Chile", "Turkey")
    assert str(err.value) == ("value_added_origins: no rows for 'Chile' -> 'Turkey'; countries are "
                              "['Argentina', 'Germany', 'Turkey'].")  # fmt: skip
    with pytest.raises(ValueError) as err:
        gvc.value_added_origins(d, "Germany", "Germany")
    assert str(err.value) == "value_added_origins: exporter and importer are both 'Germany'; exports go abroad."


def _origins(gross):
    """Two sectors; domestic 60 %, partner 10 %, third countries 20 %, double counting 10 % of each."""
    gross = np.asarray(gross, dtype=float)
    shares = dict(zip(gvc.ORIGINS, (0.6, 0.1, 0.2, 0.1)))
    frame = pd.DataFrame({origin: share * gross for origin, share in shares.items()})
    frame["gross exports"] = gross
    return frame


@pytest.mark.parametrize("gross", [[0.2, 0.3], [600.0, 400.0], [1e-9, 0.0]])
def test_origin_shares_of_any_positive_total(gross):
    """Shares are 100 x part / total for a total above zero however small (0.5, 1000, 1e-9)."""
    shares = gvc.origin_shares(_origins(gross))
    np.testing.assert_allclose(shares.to_numpy(), [60.0, 10.0, 20.0, 10.0], rtol=1e-12)
    assert list(shares.index) == list(gvc.ORIGINS)


@pytest.mark.parametrize("gross", [[0.0, 0.0], [-0.2, -0.3], [np.nan, np.nan]], ids=["zero", "negative", "missing"])
def test_origin_shares_refuse_a_total_that_is_not_positive(gross):
    """Zero, a negative total and missing exports (pandas sums all-missing to 0) have no shares."""
    with pytest.raises(ValueError) as err:
        gvc.origin_shares(_origins(gross))
    assert str(err.value) == "origin_shares: the pair has no gross exports, so its shares are undefined."


# --------------------------------------------------------------------------- dva_panel on a synthetic release

YEARS = (2001, 2002, 2003)
COUNTRIES = ("USA", "CHN", "ROW", "AUS")  # not alphabetical, ROW not last: the panel sorts and drops it


@pytest.fixture
def synthetic():
    """A three-year release of random tables whose loader and checksums record how they are called."""
    tables = {y: random_table(COUNTRIES, n_sectors=3, seed=y, year=y) for y in YEARS}
    calls = {"load": [], "checksums": []}

    def load(year, path, balance_method):
        calls["load"].append((year, path, balance_method))
        return tables[year]

    def checksums(years, path):
        calls["checksums"].append((tuple(years), path))
        return {y: f"{y:064d}" for y in years}

    rel = releases.Release("synthetic", "SYN", YEARS, COUNTRIES, load, checksums, "Make it again.")
    return rel, tables, calls


def _expected(tables, years):
    parts = [gvc.dva_trade(gvc.bilateral_decomposition(tables[y])).assign(year=y) for y in years]
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["country"] != "ROW"].sort_values(["country", "year"])
    return frame[["country", "year", "dva_exports", "dva_imports", "tbi_dva"]].reset_index(drop=True)


def test_dva_panel_of_chosen_years_sorted_without_the_rest_of_the_world(synthetic, tmp_path):
    rel, tables, calls = synthetic
    panel = gvc.dva_panel(rel, path=tmp_path, years=[2003, 2001], balance_method="rowsum")
    assert calls["load"] == [(2001, tmp_path, "rowsum"), (2003, tmp_path, "rowsum")]
    assert calls["checksums"] == [((2001, 2003), tmp_path)]
    assert list(panel.columns) == ["country", "year", "dva_exports", "dva_imports", "tbi_dva"]
    assert isinstance(panel.index, pd.RangeIndex) and panel.index.start == 0 and panel.index.step == 1
    assert list(panel["country"]) == ["AUS", "AUS", "CHN", "CHN", "USA", "USA"]
    assert list(panel["year"]) == [2001, 2003] * 3
    expected = _expected(tables, (2001, 2003))
    pd.testing.assert_frame_equal(panel[["country", "year"]], expected[["country", "year"]], check_dtype=False)
    np.testing.assert_allclose(panel[["dva_exports", "dva_imports", "tbi_dva"]],
                               expected[["dva_exports", "dva_imports", "tbi_dva"]], rtol=1e-12)  # fmt: skip
    assert (panel["tbi_dva"].abs() > 1e-3).all()


def test_dva_panel_defaults_to_every_year_and_the_discrepancy_balance(synthetic):
    rel, tables, calls = synthetic
    panel = gvc.dva_panel(rel)
    assert calls["load"] == [(y, None, "discrepancy") for y in YEARS]
    assert calls["checksums"] == [(YEARS, None)]
    assert list(panel["year"]) == list(YEARS) * 3
    np.testing.assert_allclose(panel["tbi_dva"], _expected(tables, YEARS)["tbi_dva"], rtol=1e-12)


def test_dva_panel_refuses_years_outside_the_release(synthetic):
    rel, _, calls = synthetic
    with pytest.raises(ValueError, match=r"Years \[2004\] are outside the SYN release \(2001-2003\)\.$"):
        gvc.dva_panel(rel, years=[2002, 2004])
    assert calls["load"] == []


def test_dva_panel_is_cached_per_balance_method(synthetic):
    """A second call with the same options reads the cache; another balance method computes again."""
    rel, _, calls = synthetic
    first = gvc.dva_panel(rel, years=[2002])
    assert gvc.dva_panel(rel, years=[2002]).equals(first) and len(calls["load"]) == 1
    gvc.dva_panel(rel, years=[2002], balance_method="none")
    assert calls["load"][-1] == (2002, None, "none") and len(calls["load"]) == 2
    other = replace(rel, name="other")
    gvc.dva_panel(other, years=[2002])
    assert len(calls["load"]) == 3, "another release name is another cache entry"
