"""The WIOD 2016 opt-in path, exercised on small synthetic files with the official layout."""

import io
import zipfile

import numpy as np
import pytest
import rdata

from lib import mrio
from lib.data import wiod
from lib.mrio import tbi
from lib.data.errors import ChecksumError, DataFileNotFound, SettingError, TableError
from lib.data.checksums import read_sha256sums
from lib.mrio.synthetic import random_table, wiod2016_frame

COUNTRIES = ("AUS", "CHN", "DEU", "USA", "ROW")


def write_year(folder, year, frame=None, seed=None):
    """Write one synthetic WIOT{year}_October16_ROW.RData; return the table it holds."""
    table = random_table(COUNTRIES, n_sectors=3, seed=year if seed is None else seed, year=year)
    frame = wiod2016_frame(table) if frame is None else frame
    rdata.write_rda(folder / wiod.wiod2016_filename(year), {"wiot": frame})
    return table


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "wiod2016"
    path.mkdir()
    return path


def test_roundtrip_through_official_layout(folder):
    table = write_year(folder, 2003)
    frame = wiod2016_frame(table)
    assert list(frame.columns[:5]) == list(wiod.WIOD2016_META) and frame.columns[-1] == "TOT"
    assert frame.shape == (5 * 3 + 8, 5 + 5 * 3 + 5 * 5 + 1)
    loaded = wiod.load_wiod2016(2003, path=folder, expected_shape=None, balance_method="none")
    np.testing.assert_array_equal(loaded.Z, table.Z)
    np.testing.assert_array_equal(loaded.Y, table.Y)
    np.testing.assert_array_equal(loaded.x, table.x)
    assert loaded.countries == COUNTRIES and loaded.vintage == "2016" and loaded.year == 2003


def test_full_size_layout_constants():
    """The official file: 2472 rows x 2690 columns for 44 regions x 56 sectors."""
    G, N = wiod.WIOD2016_SHAPE
    assert len(wiod.WIOD2016_COUNTRIES) == G
    assert G * N + len(wiod.WIOD2016_SUMMARY_ROWS) == 2472
    assert len(wiod.WIOD2016_META) + G * N + G * len(wiod.FD_CATEGORIES) + 1 == 2690


def test_panel_from_2016_files(folder, monkeypatch):
    monkeypatch.setattr(wiod, "WIOD2016_SHAPE", None)  # accept the small synthetic tables
    tables = {y: write_year(folder, y) for y in (2000, 2001)}
    monkeypatch.setenv("TBI_WIOD2016_DIR", str(folder))
    panel = tbi.tbi_panel("2016", years=[2000, 2001], progress=False)
    assert set(panel["country"]) == set(COUNTRIES) - {"ROW"} and len(panel) == 8
    for year, table in tables.items():
        va = mrio.bilateral_va(table)
        off = va - np.diag(np.diag(va))
        expected = (off.sum(1) - off.sum(0)) / (off.sum(1) + off.sum(0))
        ours = panel.query("year == @year").set_index("country").loc[list(COUNTRIES[:-1]), "tbi"]
        np.testing.assert_allclose(ours, expected[:-1], rtol=1e-12)
        np.testing.assert_allclose(  # the identity holds on the 2016 path too
            panel.query("year == @year")["va_balance"], panel.query("year == @year")["gross_balance"], atol=1e-9
        )


def test_env_var_selects_vintage(folder, monkeypatch):
    monkeypatch.setattr(wiod, "WIOD2016_SHAPE", None)
    write_year(folder, 2000)
    monkeypatch.setenv("TBI_VINTAGE", "2016")
    monkeypatch.setenv("TBI_WIOD2016_DIR", str(folder))
    assert tbi.tbi_panel(years=[2000], progress=False)["country"].nunique() == 4
    monkeypatch.setenv("TBI_VINTAGE", "2015")
    with pytest.raises(ValueError, match="TBI_VINTAGE='2015' is not a WIOD release"):
        tbi.tbi_panel(years=[2000])


def test_official_shape_is_enforced_by_default(folder):
    write_year(folder, 2000)
    with pytest.raises(TableError, match="5 regions x 3 sectors.*44 x 56"):
        wiod.load_wiod2016(2000, path=folder)


def test_no_folder_configured():
    with pytest.raises(DataFileNotFound, match="TBI_WIOD2016_DIR"):
        wiod.load_wiod2016(2000)


def test_missing_year_file(folder):
    with pytest.raises(DataFileNotFound, match=r"WIOT2005_October16_ROW\.RData[\s\S]*TBI_WIOD2016_DIR"):
        wiod.load_wiod2016(2005, path=folder, expected_shape=None)


def test_checksum_recorded_then_verified(folder):
    write_year(folder, 2000)
    wiod.load_wiod2016(2000, path=folder, expected_shape=None)  # first use: recorded
    write_year(folder, 2000, seed=99)  # the file changes afterwards
    with pytest.raises(ChecksumError, match="WIOT2000_October16_ROW.RData"):
        wiod.load_wiod2016(2000, path=folder, expected_shape=None)


def test_checksum_from_folder_sums(folder):
    write_year(folder, 2000)
    (folder / "SHA256SUMS").write_text("0" * 64 + "  WIOT2000_October16_ROW.RData\n")
    with pytest.raises(ChecksumError, match="expected sha256 0000"):
        wiod.load_wiod2016(2000, path=folder, expected_shape=None)


def _frame(year=2000):
    return wiod2016_frame(random_table(COUNTRIES, n_sectors=3, seed=1, year=year))


def test_missing_column():
    with pytest.raises(TableError, match=r"missing columns \['TOT'\]"):
        wiod.parse_wiod2016(_frame().drop(columns="TOT"), 2000, "f.RData", None)


def test_unknown_country_code():
    frame = _frame()
    frame["Country"] = frame["Country"].replace("DEU", "XXX")
    frame.columns = [c.replace("DEU", "XXX") for c in frame.columns]
    with pytest.raises(TableError, match=r"unknown country codes \['XXX'\]"):
        wiod.parse_wiod2016(frame, 2000, "f.RData", None)


def test_rows_out_of_order():
    frame = _frame()
    frame.loc[0, "RNr"], frame.loc[1, "RNr"] = 2, 1
    with pytest.raises(TableError, match="not ordered"):
        wiod.parse_wiod2016(frame, 2000, "f.RData", None)


def test_wrong_year():
    with pytest.raises(TableError, match="does not hold 2001"):
        wiod.parse_wiod2016(_frame(2000), 2001, "f.RData", None)


def test_go_row_must_match_output():
    frame = _frame()
    frame.loc[frame["IndustryCode"] == "GO", "AUS1"] += 5.0
    with pytest.raises(TableError, match="GO row differs.*AUS1"):
        wiod.parse_wiod2016(frame, 2000, "f.RData", None)


def test_nan_in_file(folder):
    frame = _frame()
    frame.loc[3, "CHN2"] = np.nan
    write_year(folder, 2000, frame=frame)
    with pytest.raises(TableError, match="Z holds 1 NaN"):
        wiod.load_wiod2016(2000, path=folder, expected_shape=None)


def test_unbalanced_file(folder):
    frame = _frame()
    frame.loc[2, "TOT"] += 1.0
    frame.loc[frame["IndustryCode"] == "GO", frame.columns[5 + 2]] += 1.0
    write_year(folder, 2000, frame=frame)
    with pytest.raises(TableError, match="rows do not balance"):
        wiod.load_wiod2016(2000, path=folder, expected_shape=None)


def archive_downloader(name, content):
    """A stand-in for pooch's downloader (no network): it 'downloads' a zip archive holding one file."""
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        archive.writestr(name, content)

    def downloader(url, output_file, pooch_obj):
        assert url == wiod.WIOD2016_ARCHIVE_URL
        with open(output_file, "wb") as handle:
            handle.write(payload.getvalue())

    return downloader


def test_fetch_unzips_archive(tmp_path):
    """fetch_wiod2016 with a stand-in downloader (no network): unzip and locate the files."""
    downloader = archive_downloader("WIOTS_in_R/WIOT2000_October16_ROW.RData", b"placeholder")
    found = wiod.fetch_wiod2016(tmp_path / "dl", downloader=downloader)
    assert found == tmp_path / "dl" / f"{wiod.WIOD2016_ARCHIVE}.unzip" / "WIOTS_in_R", "dest is where the files go"
    assert (found / "WIOT2000_October16_ROW.RData").is_file()


def test_regression_panel_from_2016_files(folder, monkeypatch):
    """The opt-in reaches the regressions: 2000-2014 sample, lags and estimation on 2016-layout files."""
    from lib.econometrics.estimation import xtreg_fe
    from lib.econometrics.panel import build_country_panel

    monkeypatch.setattr(wiod, "WIOD2016_SHAPE", None)
    for year in wiod.WIOD2016_YEARS:
        write_year(folder, year)
    built = build_country_panel("2016", path=folder)
    data = built.data
    assert sorted(data["year"].unique()) == list(range(2000, 2015))
    assert set(data["country"]) == {"AUS", "CHN", "DEU", "USA"} and len(data) == 4 * 15
    assert built.dropped.empty and "WIOD 2016, 2000-2014: N = 60" in built.summary
    assert data.groupby("country")["developed"].first().to_dict() == {"AUS": True, "CHN": False, "DEU": True, "USA": True}
    result = xtreg_fe(data, "KOFGIdj", ["tbi", "RQ"])
    assert result.nobs == 60 and result.n_clusters == 4 and np.isfinite(result.se["tbi"])


# --------------------------------------------------------------------------- recorded checksums (issue 10)


def _replace_later(folder, year, seed):
    """Replace a year's file as a later download would (new content, later modification time)."""
    import os

    file = folder / wiod.wiod2016_filename(year)
    stamp = file.stat().st_mtime_ns + 2_000_000_000
    write_year(folder, year, seed=seed)
    os.utime(file, ns=(stamp, stamp))
    return file


def test_checksum_recorded_beside_the_files_after_the_checks(folder, tmp_path):
    frame = _frame()
    frame.loc[3, "CHN2"] = np.nan
    write_year(folder, 2000, frame=frame)
    with pytest.raises(TableError):
        wiod.load_wiod2016(2000, path=folder, expected_shape=None)
    assert not (folder / "SHA256SUMS").exists()  # a file that fails its checks is never recorded
    write_year(folder, 2000)
    wiod.load_wiod2016(2000, path=folder, expected_shape=None)
    assert list(read_sha256sums(folder / "SHA256SUMS")) == ["WIOT2000_October16_ROW.RData"]
    assert not (tmp_path / "cache" / "wiod2016-SHA256SUMS").exists()  # nothing in the cache: make clean keeps it


def test_accept_a_replaced_file(folder, capsys):
    write_year(folder, 2000)
    wiod.load_wiod2016(2000, path=folder, expected_shape=None)
    _replace_later(folder, 2000, seed=99)
    with pytest.raises(ChecksumError, match=r"recorded in .*SHA256SUMS[\s\S]*accept_wiod2016"):
        wiod.load_wiod2016(2000, path=folder, expected_shape=None)
    digests = wiod.accept_wiod2016(folder, expected_shape=None)
    assert "replaces" in capsys.readouterr().out
    assert read_sha256sums(folder / "SHA256SUMS") == {"WIOT2000_October16_ROW.RData": digests[2000]}
    wiod.load_wiod2016(2000, path=folder, expected_shape=None)


def test_accept_refuses_a_damaged_file(folder):
    write_year(folder, 2000)
    wiod.load_wiod2016(2000, path=folder, expected_shape=None)
    before = (folder / "SHA256SUMS").read_text()
    frame = _frame()
    frame.loc[0, "AUS1"] = -1.0
    write_year(folder, 2000, frame=frame)
    with pytest.raises(TableError, match="negative intermediate flows"):
        wiod.accept_wiod2016(folder, years=[2000], expected_shape=None)
    assert (folder / "SHA256SUMS").read_text() == before


def test_sums_setting(folder, tmp_path, monkeypatch):
    sums = tmp_path / "elsewhere" / "wiod-sums.txt"
    monkeypatch.setenv("TBI_WIOD2016_SUMS", str(sums))
    write_year(folder, 2000)
    wiod.load_wiod2016(2000, path=folder, expected_shape=None)
    assert list(read_sha256sums(sums)) == ["WIOT2000_October16_ROW.RData"] and not (folder / "SHA256SUMS").exists()
    monkeypatch.setenv("TBI_WIOD2016_SUMS", str(tmp_path))
    with pytest.raises(SettingError, match="TBI_WIOD2016_SUMS=.*is a folder; expected a file"):
        wiod.load_wiod2016(2000, path=folder, expected_shape=None)


def test_read_only_folder_records_in_user_config(folder, tmp_path, monkeypatch):
    import os

    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) == str(folder) else real_access(p, mode, **kw))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    write_year(folder, 2000)
    wiod.load_wiod2016(2000, path=folder, expected_shape=None)
    user = tmp_path / "xdg" / "tbi-book" / "wiod2016-SHA256SUMS"
    assert list(read_sha256sums(user)) == ["WIOT2000_October16_ROW.RData"] and not (folder / "SHA256SUMS").exists()
    _replace_later(folder, 2000, seed=7)
    with pytest.raises(ChecksumError, match="wiod2016-SHA256SUMS"):
        wiod.load_wiod2016(2000, path=folder, expected_shape=None)


def test_files_inside_the_cache_are_recorded_outside_it(tmp_path, monkeypatch):
    """fetch_wiod2016's default folder is in the cache; its sums must survive 'make clean'."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    inside = tmp_path / "cache" / "wiod2016"  # conftest points TBI_CACHE_DIR at tmp_path / "cache"
    inside.mkdir(parents=True)
    write_year(inside, 2000)
    wiod.load_wiod2016(2000, path=inside, expected_shape=None)
    assert (tmp_path / "xdg" / "tbi-book" / "wiod2016-SHA256SUMS").is_file() and not (inside / "SHA256SUMS").exists()


def test_country_sets_must_agree_across_years(folder, monkeypatch):
    monkeypatch.setattr(wiod, "WIOD2016_SHAPE", None)
    write_year(folder, 2000)
    table = random_table(("AUS", "CHN", "USA", "JPN", "ROW"), n_sectors=3, seed=1, year=2001)
    rdata.write_rda(folder / wiod.wiod2016_filename(2001), {"wiot": wiod2016_frame(table)})
    with pytest.raises(TableError, match=r"WIOT2001.*lacks \['DEU'\] and adds \['JPN'\].*2000: 5 regions, 2001: 5"):
        tbi.tbi_panel("2016", path=folder, years=[2000, 2001], progress=False)


@pytest.mark.parametrize("column, value", [("Year", "2000a"), ("RNr", "x")])
def test_text_in_year_or_rnr(column, value):
    frame = _frame()
    frame[column] = frame[column].astype(str)
    frame.loc[2, column] = value
    with pytest.raises(TableError, match=rf"f\.RData: column '{column}' holds 1 values that are not whole numbers"):
        wiod.parse_wiod2016(frame, 2000, "f.RData", None)


# --------------------------------------------------------------------------- options of accept and fetch (issue 21)


def test_accept_reports_new_unchanged_and_replaced(folder, capsys):
    write_year(folder, 2000)
    first = wiod.accept_wiod2016(folder, expected_shape=None)
    assert capsys.readouterr().out.rstrip().endswith(f"sha256 {first[2000]} recorded in {folder / 'SHA256SUMS'} (new)")
    wiod.accept_wiod2016(folder, expected_shape=None)
    assert capsys.readouterr().out.rstrip().endswith("(unchanged)")
    _replace_later(folder, 2000, seed=5)
    wiod.accept_wiod2016(folder, expected_shape=None)
    assert capsys.readouterr().out.rstrip().endswith(f"(replaces {first[2000]})")


def test_accept_checks_the_official_shape_by_default(folder):
    write_year(folder, 2000)  # a small synthetic table, not 2472 x 2690
    with pytest.raises(TableError, match="5 regions x 3 sectors, but the official release has 44 x 56"):
        wiod.accept_wiod2016(folder)
    with pytest.raises(ValueError, match="expected_shape='Official': use 'official', a \\(regions, sectors\\) pair or None"):
        wiod.accept_wiod2016(folder, expected_shape="Official")
    assert not (folder / "SHA256SUMS").exists()


def test_accept_explains_an_empty_folder_a_missing_year_and_a_year_outside_2016(folder):
    with pytest.raises(DataFileNotFound, match=r"holds no WIOT\{year\}_October16_ROW.RData files[\s\S]*fetch_wiod2016\(\)"):
        wiod.accept_wiod2016(folder)
    write_year(folder, 2000)
    with pytest.raises(DataFileNotFound, match=r"WIOT2001_October16_ROW.RData[\s\S]*fetch_wiod2016\(\)"):
        wiod.accept_wiod2016(folder, years=[2001], expected_shape=None)
    with pytest.raises(ValueError, match="year=1999: WIOD 2016 covers 2000-2014"):
        wiod.accept_wiod2016(folder, years=[1999], expected_shape=None)


def test_fetch_defaults_to_the_cache_and_reports_the_archive(tmp_path, monkeypatch, capsys):
    downloader = archive_downloader("WIOTS_in_R/README.txt", b"no tables here")
    from lib.data.checksums import sha256

    with pytest.raises(TableError, match=r"cache/wiod2016/.*: the archive holds no WIOT\*_October16_ROW.RData files"):
        wiod.fetch_wiod2016(downloader=downloader)  # conftest points TBI_CACHE_DIR at tmp_path / "cache"
    archive_file = tmp_path / "cache" / "wiod2016" / wiod.WIOD2016_ARCHIVE
    assert capsys.readouterr().out.strip() == f"{wiod.WIOD2016_ARCHIVE}: sha256 {sha256(archive_file)}"
