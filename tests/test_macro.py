"""Small known answers for the helpers that turn the macro sources into controls."""

import re

import numpy as np
import pandas as pd
import pytest

from lib.data import macro
from lib.data.errors import FileFormatError, TableError

from fuzz_cases import Case, _pwt, _source, _wgi, run_case


def test_log_or_nan_never_gives_minus_infinity():
    out = macro.log_or_nan(pd.Series([np.e, 1.0, 0.0, -2.0, np.nan, "n/a"]))
    np.testing.assert_allclose(out[:2], [1.0, 0.0])
    assert out[2:].isna().all()  # zero, negative, missing and text are missing, not -inf


def test_interpolate_years_fills_only_inner_gaps_linearly():
    frame = pd.DataFrame({"country": ["AAA"] * 3 + ["BBB"] * 2, "year": [2000, 2002, 2005, 2001, 2002],
                          "RQ": [1.0, 2.0, 5.0, 7.0, 8.0]})  # fmt: skip
    flat = macro.interpolate_years(frame, "RQ", [2000, 2001, 2003, 2006])
    assert list(flat.columns) == ["country", "year", "RQ", "RQ_interpolated"]
    pd.testing.assert_index_equal(flat.index, pd.RangeIndex(len(flat)))  # one label per row, for later merges
    out = flat.set_index(["country", "year"])
    assert out.loc[("AAA", 2001), "RQ"] == 1.5 and out.loc[("AAA", 2003), "RQ"] == 3.0
    assert out.loc[("AAA", 2001), "RQ_interpolated"] and not out.loc[("AAA", 2002), "RQ_interpolated"]
    assert ("AAA", 2006) not in out.index and ("BBB", 2000) not in out.index  # no extrapolation
    assert ("BBB", 2001) in out.index and not out.loc[("BBB", 2001), "RQ_interpolated"]


def test_legacy_country_codes():
    codes = macro.to_iso3(pd.Series(["rom", " ZAR", "DEU", "TMP"]))
    assert list(codes) == ["ROU", "COD", "DEU", "TLS"]


# --------------------------------------------------------------------------- parsing messages (issue 21)


def test_blank_cells_are_missing_and_the_first_bad_cell_is_named_by_its_row():
    """A blank or whitespace cell becomes NaN silently; text is refused, naming the first bad row (1-based)."""
    path = "data/macro/pwt1001.dta"
    blanks = macro._numeric(pd.DataFrame({"v": ["1.5", "  ", "", None]}), ["v"], path)
    assert blanks["v"].iloc[0] == 1.5 and blanks["v"].iloc[1:].isna().all()
    with pytest.raises(TableError) as err:
        macro._numeric(pd.DataFrame({"v": ["1", "2", "n/a", "x"]}), ["v"], path)
    assert str(err.value) == (f"{path}: column 'v' holds 2 values that are not numbers, e.g. 'n/a' (data row 3); "
                              f"expected numbers. {macro.how_to_get('macro/pwt1001.dta')}")  # fmt: skip


@pytest.mark.parametrize("years, n_bad, shown, row", [(["2000", "2001.5", "2002"], 1, "'2001.5'", 2),
                                                     (["2000", None, "2002.25"], 2, "a blank cell", 2),
                                                     (["2000", "2001", " "], 1, "a blank cell", 3)],
                         ids=["a-fraction", "a-blank-and-a-fraction", "a-space"])  # fmt: skip
def test_a_year_must_be_a_whole_number_and_present(years, n_bad, shown, row):
    """Years are checked for being whole numbers and present, not only for being numbers: 2001.5 is not read as 2001,
    and a blank year is refused by name instead of failing later in the conversion to integers."""
    path = "data/macro/pwt1001.dta"
    years_read = macro._numeric(pd.DataFrame({"year": ["2000", 2001.0, " 2002 "]}), ["year"], path, integer=True)["year"]
    assert years_read.tolist() == [2000, 2001, 2002] and years_read.dtype == np.int64  # years print as 2001, not 2001.0
    with pytest.raises(TableError) as err:
        macro._numeric(pd.DataFrame({"year": years}), ["year"], path, integer=True)
    assert str(err.value) == (f"{path}: column 'year' holds {n_bad} values that are not whole numbers (years), e.g. "
                              f"{shown} (data row {row}); expected whole numbers (years). "
                              f"{macro.how_to_get('macro/pwt1001.dta')}")


def test_two_rows_of_one_country_year_are_refused_even_when_their_values_differ():
    """The duplicate check looks at country and year only: two different values for one country-year (which one would
    the panel use?) are refused like two identical rows, and the message lists the pairs without the row labels."""
    frame = pd.DataFrame({"country": ["AAA", "AAA", "BBB", "BBB"], "year": [2000, 2000, 2000, 2001],
                          "RQ": [1.0, 2.0, 3.0, 4.0]}, index=[10, 11, 12, 13])  # fmt: skip
    assert macro.check_source(frame.iloc[1:], "wgi", ["RQ"]) is not None
    with pytest.raises(TableError) as err:
        macro.check_source(frame, "wgi", ["RQ"], "Restore it.")
    assert str(err.value) == "wgi: 2 rows share a country-year, e.g. [('AAA', 2000)]. Restore it."


@pytest.mark.parametrize("n_bad", [10, 11])
def test_the_codes_that_are_not_iso3_are_listed_up_to_ten(n_bad):
    codes = sorted(f"C{k:02d}x" for k in range(n_bad))
    frame = pd.DataFrame({"country": ["AAA", *codes], "year": 2000, "RQ": 1.0})
    with pytest.raises(TableError) as err:
        macro.check_source(frame, "wgi", ["RQ"])
    assert str(err.value) == f"wgi: country codes that are not ISO3: {codes[:10]}."


def test_a_file_without_rows_says_so_with_its_own_remedy():
    path = "data/macro/KOFGI_2019_index.xlsx"
    with pytest.raises(TableError) as err:
        macro._require_columns(pd.DataFrame(columns=["code", "year"]), ["code", "year"], path)
    assert str(err.value) == (f"{path}: holds no data rows; expected one row per country-year. "
                              f"{macro.how_to_get('macro/KOFGI_2019_index.xlsx')}")  # fmt: skip


@pytest.mark.parametrize("n_found", [12, 13])
def test_missing_columns_list_the_first_twelve_found(n_found):
    """The message lists at most twelve of the columns found, with ', ...' only when there are more."""
    path = "data/macro/KOFGI_2019_index.xlsx"
    frame = pd.DataFrame(columns=[f"c{k}" for k in range(n_found)])
    with pytest.raises(TableError) as err:
        macro._require_columns(frame, ["code", "c0"], path)
    found = [f"c{k}" for k in range(12)]
    assert str(err.value) == (f"{path}: missing columns ['code']; found {found}{', ...' if n_found > 12 else ''}. The "
                              f"file's layout differs from the original. {macro.how_to_get('macro/KOFGI_2019_index.xlsx')}")


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # pandas, while reading the damaged bytes
def test_a_stata_file_without_the_variables_or_damaged_names_what_it_found(tmp_path):
    path = tmp_path / "macro" / "pwt1001.dta"
    path.parent.mkdir()
    columns = [f"v{k:02d}" for k in range(14)]
    pd.DataFrame({c: [1.0, 2.0] for c in columns}).to_stata(path, write_index=False)
    assert list(macro._read_stata(path, ["v03", "v00"]).columns) == ["v03", "v00"]
    remedy = macro.how_to_get("macro/pwt1001.dta")
    with pytest.raises(TableError) as err:
        macro._read_stata(path, ["v00", "rgdpna"])
    assert str(err.value) == (f"{path}: missing variables ['rgdpna']; found {columns[:12]}, .... The file's layout "
                              f"differs from the original. {remedy}")  # fmt: skip
    path.write_bytes(b"not a Stata file at all" * 10)
    with pytest.raises(FileFormatError) as err:
        macro._read_stata(path, ["v00"])
    found = re.match(rf"{re.escape(str(path))}: cannot be read as a Stata \.dta file \((\w+): .*\)\. (.*)$", str(err.value))
    assert found and found.group(1).endswith(("Error", "Exception")) and found.group(2) == remedy, str(err.value)


@pytest.mark.parametrize("n, more", [(12, ""), (13, ", ...")], ids=["twelve", "thirteen"])
def test_the_list_of_variables_found_is_cut_after_twelve(tmp_path, n, more):
    path = tmp_path / "pwt1001.dta"
    columns = [f"v{k:02d}" for k in range(n)]
    pd.DataFrame({c: [1.0] for c in columns}).to_stata(path, write_index=False)
    with pytest.raises(TableError) as err:
        macro._read_stata(path, ["rgdpna"])
    assert f"; found {columns[:12]}{more}. The file's layout" in str(err.value)


def _loaded(tmp_path, monkeypatch, key, data):
    """The loader of source ``key`` run on the bytes ``data()`` in a sandbox (tests/fuzz_cases.py); it must not fail."""
    out = run_case(Case(f"{key}-edited", _source(key, data), None), tmp_path, monkeypatch)
    assert out.exc is None, out.exc
    return out.result


@pytest.mark.parametrize("cut, n_rows", [(lambda s: s.iloc[:, :3], 4), (lambda s: s.iloc[:16], 4)],
                         ids=["one-estimate-column", "one-country"])  # fmt: skip
def test_the_smallest_wgi_sheet_loads(tmp_path, monkeypatch, cut, n_rows):
    """At the edges of the layout check (three columns: name, code and one Estimate; sixteen rows: one country) the
    sheet is read, not refused: one year of four countries (the fifth is #N/A), or four years of one country."""
    loaded = _loaded(tmp_path, monkeypatch, "wgi", _wgi(cut))
    assert list(loaded.columns) == ["country", "year", "RQ"] and len(loaded) == n_rows


def test_pwt_country_codes_are_upper_case_iso3(tmp_path, monkeypatch):
    """PWT's countrycode goes through to_iso3 like every source: a padded, lower-case legacy 'rom' is Romania."""
    def legacy(frame):
        frame = frame.copy()
        frame["countrycode"] = frame["countrycode"].replace({"ROU": " rom "})
        return frame

    loaded = _loaded(tmp_path, monkeypatch, "pwt", _pwt(legacy))
    assert sorted(set(loaded["country"])) == ["AUS", "CHN", "DEU", "ROU", "USA"]
