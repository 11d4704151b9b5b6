"""The WIOD 2016 opt-in path, exercised on small synthetic files with the official layout."""

import io
import zipfile

import numpy as np
import pytest
import rdata

from lib import mrio, tbi, wiod
from lib.checksums import ChecksumError, DataFileNotFound, TableError
from lib.synthetic import random_table, wiod2016_frame

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
    with pytest.raises(ValueError, match="Unknown WIOD vintage '2015'"):
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


def test_fetch_unzips_archive(tmp_path):
    """fetch_wiod2016 with a stand-in downloader (no network): unzip and locate the files."""
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        archive.writestr("WIOTS_in_R/WIOT2000_October16_ROW.RData", b"placeholder")

    def downloader(url, output_file, pooch_obj):
        assert url == wiod.WIOD2016_ARCHIVE_URL
        with open(output_file, "wb") as handle:
            handle.write(payload.getvalue())

    found = wiod.fetch_wiod2016(tmp_path / "dl", downloader=downloader)
    assert (found / "WIOT2000_October16_ROW.RData").is_file()


def test_regression_panel_from_2016_files(folder, monkeypatch):
    """The opt-in reaches the regressions: 2000-2014 sample, lags and estimation on 2016-layout files."""
    from lib.estimation import xtreg_fe
    from lib.panel import build_country_panel

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
