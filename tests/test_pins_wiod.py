"""Behaviour of lib.data.wiod that mutmut found unpinned (issue 21): the warnings read_rda silences and its
default remedy, the exact messages of the checks on region codes, years, folders and failed records."""

import re
import warnings

import numpy as np
import pytest
import rdata

from lib.data import config, wiod
from lib.data.checksums import sha256
from lib.data.config import DATA_DIR
from lib.data.errors import ChecksumError, DataFileNotFound, FileFormatError, TableError
from lib.mrio.synthetic import random_table, wiod2016_frame

COUNTRIES = ("AUS", "CHN", "DEU", "USA", "ROW")


def write_year(folder, year, frame=None):
    table = random_table(COUNTRIES, n_sectors=3, seed=year, year=year)
    rdata.write_rda(folder / wiod.wiod2016_filename(year), {"wiot": wiod2016_frame(table) if frame is None else frame})
    return table


# --------------------------------------------------------------------------- read_rda


def test_read_rda_hides_rdatas_warning_about_the_iot_class():
    """The 2013 objects have the S3 class "iot": rdata warns, read_rda silences that warning (and only reads)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        objects = wiod.read_rda(DATA_DIR / "wiod2013" / "wiot_2000.RData")
    assert list(objects) == ["wiot_2000"]


def test_read_rda_turns_a_damaged_file_into_a_file_format_error_without_warnings(tmp_path):
    """rdata warns 'Unknown file type' and 'Wrong extension' before failing: only the error reaches the user,
    with the default remedy when none is given."""
    path = tmp_path / "damaged.RData"
    path.write_bytes(b"this is not R data")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FileFormatError) as err:
            wiod.read_rda(path)
    assert str(err.value) == (f"{path}: cannot be read as an R data file (NotImplementedError: Unknown file format); "
                              "expected a file written by R's save(). Restore or re-download the file.")  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(FileFormatError, match=r"save\(\)\. Get it again\.$"):
            wiod.read_rda(path, "Get it again.")


def test_read_rda_lets_other_warnings_through(monkeypatch, tmp_path):
    """Only the three known warnings are silenced: any other warning of rdata still reaches the user."""

    def reader(path):
        warnings.warn("Missing constructor for R class \"foo\"; something new", UserWarning)
        return {"x": 1}

    monkeypatch.setattr(rdata, "read_rda", reader)
    with pytest.warns(UserWarning, match='class "foo"; something new'):
        assert wiod.read_rda(tmp_path / "any.RData") == {"x": 1}


# --------------------------------------------------------------------------- codes and years


def test_region_code_messages():
    known = wiod.WIOD2013_COUNTRIES
    with pytest.raises(TableError) as err:
        wiod.to_iso3([], known, "f.RData", "Fix it.")
    assert str(err.value) == "f.RData: no regions found; expected WIOD country codes such as ('AUS', 'AUT', 'BEL', 'BGR'). Fix it."
    with pytest.raises(TableError) as err:
        wiod.to_iso3(["AUS", "RoW", "DEU"], known, "f.RData", "Fix it.")
    assert str(err.value) == "f.RData: the rest of the world (ROW) must be the last region, found 'DEU'. Fix it."
    with pytest.raises(TableError) as err:
        wiod.to_iso3(["AUS", "XX", "ROW"], known, "f.RData")
    assert str(err.value) == "f.RData: unknown country codes ['XX']; expected WIOD codes such as ('AUS', 'AUT', 'BEL', 'BGR')."
    assert wiod.to_iso3(np.array(["ROM", "AUS", "RoW"]), known, "f.RData") == ("ROU", "AUS", "ROW")


@pytest.mark.parametrize("year, vintage, years", [(2014, "2013", wiod.WIOD2013_YEARS), (1999, "2016", wiod.WIOD2016_YEARS)])
def test_year_message_names_the_release_and_the_others(year, vintage, years):
    with pytest.raises(ValueError) as err:
        wiod._check_year(year, years, vintage)
    assert str(err.value) == (
        f"year={year}: WIOD {vintage} covers {years[0]}-{years[-1]}; choose one of its years (or another release: "
        "'2013' 1995-2011, '2016' 2000-2014, 'longrun' 1965-2000 every 5 years)."
    )
    assert wiod._check_year(str(years[-1]), years, vintage) == years[-1]
    assert wiod._check_year(years[0], years, vintage) == years[0]


# --------------------------------------------------------------------------- folders and records of WIOD 2016


def test_folder_messages_name_the_setting_and_what_is_there(tmp_path, monkeypatch):
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    with pytest.raises(DataFileNotFound) as err:
        wiod.wiod2016_folder(file)
    assert str(err.value) == (f"path={str(file)!r}: found a file at {file}; expected the folder holding the WIOD 2016 "
                              f"files. {wiod.HOW_TO_GET_2016}")  # fmt: skip
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("TBI_WIOD2016_DIR", str(missing))
    with pytest.raises(DataFileNotFound) as err:
        wiod.wiod2016_folder(None)
    assert str(err.value) == (f"TBI_WIOD2016_DIR={str(missing)!r}: found nothing at {missing}; expected the folder "
                              f"holding the WIOD 2016 files. {wiod.HOW_TO_GET_2016}")  # fmt: skip
    monkeypatch.delenv("TBI_WIOD2016_DIR")
    with pytest.raises(DataFileNotFound) as err:
        wiod.wiod2016_folder(None)
    assert str(err.value) == f"No folder given for the WIOD 2016 files. {wiod.HOW_TO_GET_2016}"
    assert wiod.wiod2016_folder(tmp_path) == tmp_path


def test_a_record_that_cannot_be_written_is_reported_and_the_table_still_loads(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "wiod2016"
    folder.mkdir()
    table = write_year(folder, 2000)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    sums = blocker / "sums.txt"
    monkeypatch.setenv("TBI_WIOD2016_SUMS", str(sums))
    loaded = wiod.load_wiod2016(2000, path=folder, expected_shape=None, balance_method="none")
    np.testing.assert_array_equal(loaded.Z, table.Z)
    err = capsys.readouterr().err
    file = folder / wiod.wiod2016_filename(2000)
    assert err.startswith(f"WIOD 2016: could not record the sha256 of {file} in {sums} (")
    assert re.match(r"\((FileExistsError|NotADirectoryError): ", err[len(f"WIOD 2016: could not record the sha256 of {file} in {sums} "):])
    assert err.endswith("; set TBI_WIOD2016_SUMS to a writable file to have it verified next time.\n")
    assert wiod._record_wiod2016(file, "0" * 64) is None


def test_the_object_must_be_called_wiot(tmp_path):
    rdata.write_rda(tmp_path / wiod.wiod2016_filename(2000), {"other": wiod2016_frame(random_table(COUNTRIES, 3))})
    with pytest.raises(TableError) as err:
        wiod.load_wiod2016(2000, path=tmp_path, expected_shape=None)
    file = tmp_path / wiod.wiod2016_filename(2000)
    assert str(err.value) == f"{file}: holds ['other']; expected the object wiot. {wiod.HOW_TO_GET_2016}"
    assert not (tmp_path / "SHA256SUMS").exists()


def test_a_malformed_checksum_line_beside_the_files_says_how_to_fix_it(tmp_path):
    from lib.data.errors import ChecksumError

    write_year(tmp_path, 2000)
    (tmp_path / "SHA256SUMS").write_text("not a checksum line\n")
    with pytest.raises(ChecksumError, match=re.escape(f"Fix or delete that line of {tmp_path / 'SHA256SUMS'} (each line: "
                                                      "'sha256sum <file>'); a deleted line is recorded afresh")):  # fmt: skip
        wiod.wiod2016_checksum(tmp_path / wiod.wiod2016_filename(2000))


def test_a_wiod2013_table_that_fails_its_checks_says_how_to_get_the_file(monkeypatch):
    """check_table's message ends with the 2013 download instructions (the cached arrays stand in for the file)."""
    from lib.mrio.toy import toy_table

    arrays = wiod.table_arrays(toy_table())
    arrays["x"] = -arrays["x"]  # negative output fails the checks
    monkeypatch.setattr(wiod, "wiod2013_checksum", lambda year, data_dir: "digest")
    monkeypatch.setattr(wiod, "cached_arrays", lambda stem, payload, compute: arrays)
    with pytest.raises(TableError, match=re.escape(wiod.HOW_TO_GET_2013) + "$"):
        wiod.load_wiod2013(2000)


def test_a_fractional_sector_number_is_named_as_such(tmp_path):
    frame = wiod2016_frame(random_table(("AUS", "ROW"), 2, year=2000))
    frame["RNr"] = frame["RNr"].astype(float)
    frame.loc[1, "RNr"] = 1.5
    write_year(tmp_path, 2000, frame)
    with pytest.raises(TableError, match=re.escape("e.g. 1.5 in industry row 2; expected sector numbers 1..N.")):
        wiod.load_wiod2016(2000, path=tmp_path, expected_shape=None)


def test_a_missing_2016_file_says_how_to_get_it(tmp_path):
    with pytest.raises(DataFileNotFound, match=re.escape(wiod.HOW_TO_GET_2016)):
        wiod.wiod2016_checksum(tmp_path / wiod.wiod2016_filename(2000))


# --------------------------------------------------------------------------- found by the complete mutmut run


def test_load_wiod2016_names_its_release_for_a_year_it_lacks(tmp_path):
    with pytest.raises(ValueError, match=r"^year=1999: WIOD 2016 covers 2000-2014; choose one of its years"):
        wiod.load_wiod2016(1999, tmp_path)


def test_parse_wiod2016_checks_the_official_shape_by_default():
    frame = wiod2016_frame(random_table(COUNTRIES, n_sectors=3, seed=1, year=2000))
    with pytest.raises(TableError) as err:
        wiod.parse_wiod2016(frame, 2000, "small.rda")
    assert str(err.value).startswith("small.rda: ") and "5 regions" in str(err.value)
    assert wiod.parse_wiod2016(frame, 2000, "small.rda", expected_shape=None).G == 5


def test_parse_wiod2016_names_what_it_was_given():
    with pytest.raises(TableError, match=r"^x\.rda: the object wiot is a list; expected a data frame\. "):
        wiod.parse_wiod2016([1, 2], 2000, "x.rda")


def test_a_changed_2016_file_is_reported_with_both_digests(tmp_path):
    write_year(tmp_path, 2000)
    file = tmp_path / wiod.wiod2016_filename(2000)
    recorded = "0" * 64
    (tmp_path / "SHA256SUMS").write_text(f"{recorded}  {file.name}\n")
    with pytest.raises(ChecksumError) as err:
        wiod.wiod2016_checksum(file)
    assert recorded in str(err.value) and sha256(file) in str(err.value) and "SHA256SUMS" in str(err.value)


def test_the_default_cache_folder_is_dot_cache_under_the_book(monkeypatch, tmp_path):
    monkeypatch.delenv(config.CACHE_ENV, raising=False)
    assert wiod._inside_cache(config.ROOT / ".cache" / "wiod2016")
    assert not wiod._inside_cache(config.ROOT / "data") and not wiod._inside_cache(tmp_path)
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path))
    assert wiod._inside_cache(tmp_path / "sub") and not wiod._inside_cache(config.ROOT / ".cache" / "wiod2016")


def test_a_folder_that_cannot_be_resolved_is_not_inside_the_cache():
    class Unresolvable:
        def resolve(self):
            raise OSError("too many levels of symbolic links")

    assert wiod._inside_cache(Unresolvable()) is False


def _frame2016():
    return wiod2016_frame(random_table(COUNTRIES, n_sectors=3, seed=7, year=2000))  # 5 x 3: GN = 15


def _parse(frame):
    return wiod.parse_wiod2016(frame, 2000, "t.rda", expected_shape=None)


def _error(frame):
    with pytest.raises(TableError) as err:
        _parse(frame)
    return str(err.value)


def test_parse_wiod2016_messages_for_years_columns_and_values():
    frame = _frame2016()
    years = frame.copy()
    years.loc[:5, "Year"] = np.arange(2001, 2007, dtype=years["Year"].dtype)
    assert _error(years).startswith("t.rda: the Year column does not hold 2000 in every row (found [2000, 2001, 2002, "
                                    "2003, 2004]). ")
    fraction = frame.copy()
    fraction["Year"] = fraction["Year"].astype(float)
    fraction.loc[2, "Year"] = 2000.5
    assert "expected the year 2000. " in _error(fraction)
    absent = frame.drop(columns=["AUS1", "AUS2", "CHN3", "USA5"])
    assert _error(absent).startswith("t.rda: 4 expected columns are missing, e.g. ['AUS1', 'AUS2', 'CHN3']. ")
    text = frame.copy()
    for c in ("CHN1", "CHN2", "DEU1", "DEU3", "USA1", "USA2"):
        text[c] = text[c].astype(object)
        text.loc[1, c] = "n/a"
    assert _error(text).startswith("t.rda: non-numeric values in columns ['CHN1', 'CHN2', 'DEU1', 'DEU3', 'USA1'] (")
    assert _parse(frame).rounding_unit == 1e-3


def _go_gap(frame, k, x, gap):
    """Set industry row k's TOT to ``x`` and the GO row's entry of column k to ``x + gap``."""
    out = frame.copy()
    column = [str(c) for c in out.columns if str(c) not in (*wiod.WIOD2016_META, "TOT")][k]
    out.loc[k, "TOT"] = x
    out.loc[out["IndustryCode"] == "GO", column] = x + gap
    return out, column


def test_go_row_tolerance_is_one_thousand_dollars_per_cell_plus_1e9_of_output():
    """Allowed |GO - TOT| = 1e-3 x (GN + 10) + 1e-9 x |TOT|: with GN = 15 that is 0.025 where TOT is 0 (inclusive),
    and 0.025 + 1 where TOT is 1e9."""
    frame = _frame2016()
    tolerance = 1e-3 * (15 + 10) + 1e-9 * np.abs(0.0)
    _parse(_go_gap(frame, 4, 0.0, tolerance)[0])  # exactly the bound: passes
    _parse(_go_gap(frame, 4, 0.0, 0.0245)[0])
    out, column = _go_gap(frame, 4, 0.0, 0.0255)
    assert _error(out).startswith(f"t.rda: the GO row differs from the TOT column by 0.0255 at {column}; ")
    _parse(_go_gap(frame, 4, 1e9, 0.5)[0])  # 0.5 < 0.025 + 1e-9 x 1e9
    out, column = _go_gap(frame, 4, 1e9, 1.5)
    assert _error(out).startswith(f"t.rda: the GO row differs from the TOT column by 1.5 at {column}; ")


def test_a_damaged_2016_file_and_a_table_failing_its_checks_say_how_to_get_the_files(tmp_path):
    (tmp_path / wiod.wiod2016_filename(2000)).write_bytes(b"not an R file")
    with pytest.raises(FileFormatError) as err:
        wiod.load_wiod2016(2000, tmp_path, expected_shape=None)
    assert wiod.HOW_TO_GET_2016 in str(err.value)
    other = tmp_path / "other"
    other.mkdir()
    frame = _frame2016()
    frame.loc[0, "AUS2"] = -5.0
    write_year(other, 2000, frame)
    with pytest.raises(TableError) as err:
        wiod.load_wiod2016(2000, other, expected_shape=None)
    assert "negative intermediate flows" in str(err.value) and wiod.HOW_TO_GET_2016 in str(err.value)


def test_the_sums_setting_replaces_the_default_checksum_files(monkeypatch, tmp_path):
    sums = tmp_path / "my-sums"
    monkeypatch.setenv(config.WIOD2016_SUMS_ENV, str(sums))
    assert wiod._sums_files(tmp_path / "wiod") == [sums]
    monkeypatch.delenv(config.WIOD2016_SUMS_ENV)
    assert wiod._sums_files(tmp_path / "wiod")[0] == tmp_path / "wiod" / "SHA256SUMS"
