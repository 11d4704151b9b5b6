"""Behaviour of lib.data.releases that mutmut found unpinned (issue 21): the coverage text of each release,
the exact messages of check_vintage, resolve_years and load_years, and the arguments the registry passes on."""

import re

import pytest

from lib.data import releases, wiod
from lib.data.errors import DataError, TableError
from lib.mrio.synthetic import random_table


def test_coverage_text():
    assert releases.release("2013").coverage == "1995-2011"
    assert releases.release("2016").coverage == "2000-2014"
    assert releases.release("longrun").coverage == "1965-2000, every 5 years"
    odd = releases.Release("x", "X", (2000, 2003, 2005), (), None, None, "")
    assert odd.coverage == "2000-2005, every 2 years", "the smallest step is named"
    assert releases.Release("y", "Y", (2000,), (), None, None, "").coverage == "2000-2000"


def test_sample_years():
    assert releases.release("2013").sample_years == tuple(range(2000, 2012))
    assert releases.release("2016").sample_years == tuple(range(2000, 2015))
    assert releases.release("longrun").sample_years == ()
    assert releases.release(2016).label == "WIOD 2016" and releases.release(" 2013 ").label == "WIOD 2013"


def test_check_vintage_message():
    with pytest.raises(ValueError) as err:
        releases.check_vintage(" 2015 ")
    assert str(err.value) == (
        "Unknown WIOD vintage '2015': use '2013' (shipped with the book), '2016' (your own download; see README, "
        "'Using WIOD 2016') or 'longrun' (the long-run WIOD 1965-2000, shipped with the book)."
    )
    assert releases.check_vintage(" LONGRUN ") == "longrun" and releases.check_vintage(2013) == "2013"


def test_resolve_years_sorts_and_checks():
    assert releases.resolve_years("2013", ["2001", 1999]) == (1999, 2001)
    assert releases.resolve_years("longrun") == tuple(range(1965, 2001, 5))
    with pytest.raises(ValueError) as err:
        releases.resolve_years("2013", [2013, 1990, 2000])
    assert str(err.value) == "Years [1990, 2013] are outside the WIOD 2013 release (1995-2011)."


def _fake_release(tables, calls):
    def load(year, path, balance_method):
        calls.append((year, path, balance_method))
        return tables[year]

    return releases.Release("fake", "FAKE", tuple(tables), (), load, lambda years, path: {}, "Download it again.")


def test_load_years_passes_its_arguments_and_names_the_regions_that_differ():
    tables = {2000: random_table(("AUS", "CHN", "ROW"), 2, seed=1, year=2000),
              2001: random_table(("AUS", "CHN", "ROW"), 2, seed=2, year=2001),
              2002: random_table(("AUS", "JPN", "KOR", "ROW"), 2, seed=3, year=2002)}  # fmt: skip
    calls = []
    rel = _fake_release(tables, calls)
    got = list(releases.load_years(rel, [2000, 2001], "folder", "rowsum"))
    assert [y for y, _ in got] == [2000, 2001] and got[1][1] is tables[2001]
    assert calls == [(2000, "folder", "rowsum"), (2001, "folder", "rowsum")]
    calls.clear()
    list(releases.load_years(rel, [2001]))
    assert calls == [(2001, None, "discrepancy")]
    with pytest.raises(TableError) as err:
        list(releases.load_years(rel, [2000, 2002]))
    assert str(err.value) == (
        "synthetic table (seed 3): the 2002 table lacks ['CHN'] and adds ['JPN', 'KOR'] compared with synthetic "
        "table (seed 1) (2000: 3 regions, 2002: 4); expected the same regions in every year of a panel. "
        "The files come from different releases or one is damaged: use one complete download of the release. "
        "Download it again."
    )
    fewer = {**tables, 2002: random_table(("AUS", "ROW"), 2, seed=4, year=2002)}
    with pytest.raises(TableError, match=r"the 2002 table lacks \['CHN'\] compared with .*; expected the same"):
        list(releases.load_years(_fake_release(fewer, []), [2000, 2002]))
    more = {**tables, 2002: random_table(("AUS", "CHN", "JPN", "ROW"), 2, seed=5, year=2002)}
    with pytest.raises(TableError, match=r"the 2002 table adds \['JPN'\] compared with .*; expected the same"):
        list(releases.load_years(_fake_release(more, []), [2000, 2002]))


def test_load_table_and_checksums_pass_the_folder_and_the_balance():
    calls = []
    rel = _fake_release({2000: random_table(("AUS", "ROW"), 2, year=2000)}, calls)
    releases.load_table(rel, 2000)
    releases.load_table(rel, 2000, "f", "none")
    assert calls == [(2000, None, "discrepancy"), (2000, "f", "none")]
    seen = []
    rel = releases.Release("c", "C", (1, 2, 3), (), None, lambda years, path: seen.append((years, path)) or {}, "")
    releases.input_checksums(rel, "p", [3, 1])
    releases.input_checksums(rel)
    assert seen == [((1, 3), "p"), ((1, 2, 3), None)]


@pytest.mark.parametrize("vintage, module, loader", [("longrun", "longrun", "load_longrun"), ("2013", "wiod", "load_wiod2013"),
                                                      ("2016", "wiod", "load_wiod2016")])  # fmt: skip
def test_each_release_hands_its_folder_and_balance_to_its_loader(monkeypatch, vintage, module, loader):
    import importlib

    seen = []
    target = importlib.import_module(f"lib.data.{module}")
    monkeypatch.setattr(target, loader, lambda *args, **kwargs: seen.append((args, kwargs)) or "table")
    assert releases.RELEASES[vintage].load(1995 if vintage == "longrun" else 2000, "the/folder", "rowsum") == "table"
    (args, kwargs), = seen
    assert "the/folder" in [*args, *kwargs.values()] and "rowsum" in [*args, *kwargs.values()]


def test_longrun_checksums_cover_the_years_and_folder_asked_for(tmp_path):
    sums = releases.input_checksums("longrun", years=[1970, 1965])
    assert list(sums) == [1965, 1970] and all(len(v) == 64 for v in sums.values())
    with pytest.raises(DataError, match=re.escape(str(tmp_path))):
        releases.input_checksums("longrun", tmp_path, years=[1965])


def test_a_missing_2016_file_names_how_to_get_it(tmp_path):
    with pytest.raises(DataError) as err:
        releases.input_checksums("2016", tmp_path, years=[2000])
    assert str(tmp_path) in str(err.value) and wiod.HOW_TO_GET_2016 in str(err.value)


def test_2013_checksums_look_in_the_folder_asked_for(tmp_path):
    """An empty folder has no WIOD 2013 file (nor SHA256SUMS): the error names that folder, not the book's data/."""
    assert len(releases.input_checksums("2013", years=[2000])[2000]) == 64
    with pytest.raises(DataError, match=re.escape(str(tmp_path))):
        releases.input_checksums("2013", tmp_path, years=[2000])
