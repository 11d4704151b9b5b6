"""The long-run WIOD (1965-2000): loader and its errors, the published identities and reference TBIs,
the ``tbi_panel(vintage="longrun")`` entry point, the join with WIOD 2013 and the long-run regression panel.

Reference numbers are those of the data README (``shared/data/wiod/longrun/README.md``). Every table is
read once per module; derived panels are computed once into a module-level cache folder.
"""

import hashlib
import shutil

import numpy as np
import pandas as pd
import pytest
import rdata

from lib.data import config, longrun, releases
from lib.econometrics import longrun_join
from lib.mrio import longrun_va
from lib.mrio import tbi
from lib.data.errors import ChecksumError, DataError, DataFileNotFound, TableError
from lib.data.config import DATA_DIR
from lib.data.iotable import balance

pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

TABLE1 = ("USA", "JPN", "DEU", "GBR", "KOR", "CHN")
# README: TBI with v = xVA / GO, unbalanced published tables.
README_TBI = {
    1965: (+0.160, +0.080, -0.131, +0.055, -0.358, +0.082),
    1970: (+0.106, +0.071, -0.060, +0.062, -0.335, +0.032),
    1975: (+0.129, +0.005, -0.050, -0.005, -0.188, +0.020),
    1980: (+0.030, -0.025, -0.122, +0.084, -0.151, -0.003),
    1985: (-0.119, +0.158, -0.043, +0.050, +0.065, -0.170),
    1990: (-0.015, +0.061, -0.007, -0.026, +0.003, +0.146),
    1995: (+0.008, +0.127, +0.017, +0.043, +0.004, +0.076),
    2000: (-0.131, +0.122, +0.014, -0.027, +0.080, +0.089),
}
# README: the same economies in WIOD 2013, with v = (output - sum of inputs) / output.
README_TBI_WIOD2013 = {
    1995: (-0.054, +0.160, +0.087, +0.036, +0.037, +0.102),
    2000: (-0.179, +0.149, +0.077, +0.009, +0.105, +0.109),
}
# README verification totals (trillion USD): world GO, world xVA, world GO - sum of inputs.
README_TOTALS = {
    1965: (3.667, 1.925, 1.931), 1970: (5.522, 2.904, 2.914), 1975: (11.492, 5.897, 5.926),
    1980: (22.491, 11.294, 11.363), 1985: (24.068, 12.548, 12.610), 1990: (41.576, 21.681, 21.789),
    1995: (56.130, 29.231, 29.386), 2000: (61.793, 31.551, 31.749),
}  # fmt: skip


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    """A cache folder shared by this module's fixtures (never the book's .cache)."""
    return tmp_path_factory.mktemp("longrun-cache")


@pytest.fixture(scope="module")
def computed(module_cache):
    """Everything derived from the files, computed once with the module's cache folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TBI_CACHE_DIR", str(module_cache))
        mp.delenv("TBI_VINTAGE", raising=False)
        tables = {y: longrun.read_longrun(y) for y in longrun.LONGRUN_YEARS}
        panel = tbi.tbi_panel("longrun", progress=False)
        bilateral = tbi.bilateral_panel("longrun", progress=False)
        comparison = longrun_join.overlap_comparison()
        yield {"tables": tables, "panel": panel, "bilateral": bilateral, "comparison": comparison}


@pytest.fixture
def tables(computed):
    return computed["tables"]


@pytest.fixture
def use_module_cache(monkeypatch, module_cache):
    monkeypatch.setenv("TBI_CACHE_DIR", str(module_cache))


# --------------------------------------------------------------------------- layout and identities


def test_layout_constants():
    G, N, K = len(longrun.LONGRUN_COUNTRIES), len(longrun.LONGRUN_SECTORS), len(longrun.LONGRUN_FD_CATEGORIES)
    assert G * N + len(longrun.LONGRUN_SUMMARY_ROWS) == longrun.LONGRUN_SHAPE[0] == 606
    assert 4 + G * N + G * K + 4 == longrun.LONGRUN_SHAPE[1] == 710


def test_labels(tables):
    for year, lr in tables.items():
        t = lr.table
        assert (t.G, t.N, t.K) == (26, 23, 4) and t.year == year and t.vintage == "longrun"
        assert t.countries[-1] == "ROW" and {"HKG", "TWN"} <= set(t.countries) and "xROW" not in t.countries
        assert t.fd_categories == ("CONS_h", "CONS_g", "GFCF", "INVEN")


def test_published_identities(tables):
    """Row balance, column balance with margins, xII = column sums; README totals to 3 decimals."""
    for year, lr in tables.items():
        t = lr.table
        row_gap = np.abs(t.row_gap()).max()
        assert row_gap < (0.27 if year == 1985 else 6e-4), year  # README: "0.0005"; 2000 has 0.00052
        col = t.Z.sum(axis=0)
        np.testing.assert_allclose(col + lr.xva + lr.margins, t.x, rtol=0, atol=1e-3)
        np.testing.assert_allclose(lr.xii, col, rtol=0, atol=1e-3)
        np.testing.assert_allclose(t.va, lr.xva + lr.margins, rtol=0, atol=1e-3)  # the book's VA
        assert (lr.margins >= 0).all() and (lr.xva > 0).all() and (t.x > 0).all()
        go, xva, resid = README_TOTALS[year]
        assert t.x.sum() / 1e6 == pytest.approx(go, abs=5e-4)
        assert lr.xva.sum() / 1e6 == pytest.approx(xva, abs=5e-4)
        assert t.va.sum() / 1e6 == pytest.approx(resid, abs=5e-4)


def test_reference_tbis_with_readme_va_definition(computed):
    """README's TBIs (v = xVA/GO, published table) to its 3 decimals; the book's VA moves them by at most 0.009."""
    book = computed["panel"].set_index(["country", "year"])["tbi"]
    for year, expected in README_TBI.items():
        lr = computed["tables"][year]
        readme = longrun_va.country_tbi(lr.table, lr.xva).set_index("country")["tbi"]
        for country, value in zip(TABLE1, expected):
            assert readme[country] == pytest.approx(value, abs=5e-4 + 1e-12), (year, country)
            assert abs(book[(country, year)] - readme[country]) <= 0.009, (year, country)


def test_country_tbi_matches_book_flows(computed):
    lr = computed["tables"][1985]
    ours = longrun_va.country_tbi(balance(lr.table, "discrepancy")).set_index("country")["tbi"].drop("ROW")
    panel = computed["panel"].query("year == 1985").set_index("country")["tbi"]
    np.testing.assert_allclose(ours.loc[panel.index], panel, rtol=0, atol=1e-12)


def test_va_definition_effect_documented(use_module_cache):
    effect = longrun_va.va_definition_effect(years=(1985,))
    assert len(effect) == 25 and "ROW" not in set(effect["country"])
    np.testing.assert_allclose(effect["difference"], effect["tbi_residual"] - effect["tbi_xva"])
    assert effect["difference"].abs().max() < 0.02
    worst = effect.loc[effect["difference"].abs().idxmax()]
    assert (worst["country"], worst["year"]) == ("BEL", 1985) and worst["difference"] == pytest.approx(0.0175, abs=5e-4)
    assert effect["margins_share"].between(0.001, 0.03).all()


def test_final_demand_diagnostics(use_module_cache):
    d = longrun_va.final_demand_diagnostics(years=(1975, 2000)).set_index("year")
    assert d.loc[1975, "neg_inventory_cells"] == 232 and d.loc[2000, "neg_other_cells"] == 3
    assert (d["neg_inventory"] < 0).all() and (d["margins_share"].between(0.003, 0.007)).all()


# --------------------------------------------------------------------------- entry points


def test_tbi_panel_shape_and_columns(computed):
    panel = computed["panel"]
    assert panel.shape == (25 * 8, len(tbi.COUNTRY_COLUMNS))
    assert list(panel.columns) == tbi.COUNTRY_COLUMNS
    assert "ROW" not in set(panel["country"]) and tuple(sorted(panel["year"].unique())) == longrun.LONGRUN_YEARS
    assert panel.groupby("year").size().eq(25).all()
    # the book's identity: with VA = GO - Z'1 and balanced rows, VA balance = gross balance
    scale = panel["gross_exports"].max()
    np.testing.assert_allclose(panel["va_balance"], panel["gross_balance"], rtol=0, atol=1e-9 * scale)
    assert panel["tbi"].between(-1, 1).all()


def test_bilateral_panel(computed):
    b = computed["bilateral"]
    assert len(b) == 26 * 26 * 8 and list(b.columns) == ["origin", "destination", "year", "va", "gross"]


def test_same_columns_as_2013_panel(use_module_cache):
    assert list(tbi.tbi_panel("2013", years=[2000], progress=False).columns) == tbi.COUNTRY_COLUMNS


def test_release_registry():
    rel = releases.release("longrun")
    assert rel.years == longrun.LONGRUN_YEARS and rel.countries == longrun.LONGRUN_COUNTRIES
    assert releases.release(rel) is rel and releases.vintage_years("longrun") == tuple(range(1965, 2001, 5))
    assert set(releases.RELEASES) == set(releases.VINTAGES)
    assert releases.check_vintage("LongRun") == "longrun"
    with pytest.raises(ValueError, match=r"outside the long-run WIOD \(LR-WIOD\) release \(1965-2000, every 5 years\)"):
        releases.resolve_years("longrun", [1966])
    with pytest.raises(ValueError, match="'longrun'"):
        releases.check_vintage("1965")


def test_default_vintage_from_environment(monkeypatch):
    monkeypatch.setenv(config.VINTAGE_ENV, "longrun")
    assert releases.default_vintage() == "longrun"
    monkeypatch.setenv(config.VINTAGE_ENV, " 2016 ")
    assert releases.default_vintage() == "2016"
    monkeypatch.delenv(config.VINTAGE_ENV)
    assert releases.default_vintage() == "2013", "unset means the paper's 2013 release"


def test_load_table_dispatch(tables):
    t = releases.load_table("longrun", 1970, balance_method="rowsum")
    np.testing.assert_array_equal(t.Z, tables[1970].table.Z)
    assert t.K == 4 and np.abs(t.row_gap()).max() < 1e-6
    assert releases.load_table("longrun", 1970).fd_categories[-1] == "DISC"


def test_cached_panel_is_reused(computed, use_module_cache, monkeypatch):
    """A second call reads the cache (keyed by the input checksums), without loading any table."""
    monkeypatch.setattr(releases, "load_table", lambda *a, **k: pytest.fail("recomputed instead of cached"))
    pd.testing.assert_frame_equal(tbi.tbi_panel("longrun", progress=False), computed["panel"])


# --------------------------------------------------------------------------- loader errors


@pytest.fixture
def data_copy(tmp_path):
    """A private data folder with SHA256SUMS and the 1965 table."""
    (tmp_path / "longrun").mkdir()
    shutil.copy(DATA_DIR / "SHA256SUMS", tmp_path / "SHA256SUMS")
    shutil.copy(DATA_DIR / "longrun" / "WIODlr_WIOT_1965.rda", tmp_path / "longrun")
    return tmp_path


def _register(folder, rel, content: bytes):
    """Write ``content`` to ``folder/rel`` and record its sha256 in the folder's SHA256SUMS."""
    (folder / rel).write_bytes(content)
    sums = folder / "SHA256SUMS"
    lines = [ln for ln in sums.read_text().splitlines() if not ln.endswith(rel)]
    sums.write_text("\n".join([*lines, f"{hashlib.sha256(content).hexdigest()}  {rel}"]) + "\n")


@pytest.fixture(scope="module")
def frame_1965():
    return rdata.read_rda(DATA_DIR / "longrun" / "WIODlr_WIOT_1965.rda")["WIODlr_WIOT_1965"]


def test_missing_file(data_copy):
    (data_copy / "longrun" / "WIODlr_WIOT_1965.rda").unlink()
    with pytest.raises(DataFileNotFound, match=r"WIODlr_WIOT_1965\.rda[\s\S]*git checkout -- data/longrun"):
        longrun.load_longrun(1965, data_copy)


def test_bad_checksum(data_copy):
    path = data_copy / "longrun" / "WIODlr_WIOT_1965.rda"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ChecksumError, match=r"WIODlr_WIOT_1965\.rda[\s\S]*expected sha256[\s\S]*data/longrun"):
        longrun.load_longrun(1965, data_copy)


def test_checksum_not_listed(data_copy):
    sums = data_copy / "SHA256SUMS"
    sums.write_text("\n".join(ln for ln in sums.read_text().splitlines() if "longrun/" not in ln) + "\n")
    with pytest.raises(ChecksumError, match=r"WIODlr_WIOT_1965\.rda: not listed in .*SHA256SUMS"):
        longrun.load_longrun(1965, data_copy)


def test_year_not_shipped():
    with pytest.raises(ValueError, match=r"every fifth year"):
        longrun.load_longrun(1966)


def test_wrong_object_name(data_copy, frame_1965, tmp_path):
    scratch = tmp_path / "scratch.rda"
    rdata.write_rda(scratch, {"wiot": frame_1965.iloc[:3, :6]})
    _register(data_copy, "longrun/WIODlr_WIOT_1965.rda", scratch.read_bytes())
    with pytest.raises(TableError, match=r"WIODlr_WIOT_1965\.rda: holds \['wiot'\], not the object WIODlr_WIOT_1965"):
        longrun.load_longrun(1965, data_copy)


def test_wrong_labels_in_file(data_copy, frame_1965, tmp_path):
    """A file with the right checksum but rows out of order fails the layout check, naming row and file."""
    bad = frame_1965.copy()
    bad.iloc[[0, 23]] = bad.iloc[[23, 0]].to_numpy()  # AUS_AtB <-> AUT_AtB
    scratch = tmp_path / "scratch.rda"
    rdata.write_rda(scratch, {"WIODlr_WIOT_1965": bad})
    _register(data_copy, "longrun/WIODlr_WIOT_1965.rda", scratch.read_bytes())
    with pytest.raises(TableError, match=r"WIODlr_WIOT_1965\.rda: row 1 has Country 'AUT', expected 'AUS'[\s\S]*git checkout"):
        longrun.load_longrun(1965, data_copy)


def _set(frame, row, col, value):
    """A copy of ``frame`` with one cell changed."""
    out = frame.copy()
    out.iloc[row, col] = value
    return out


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda f: f.drop(columns="xTOT_xM"), r"606 rows x 709 columns, expected 606 x 710"),
        (lambda f: f.rename(columns={"AUS_C": "AUS_B"}), r"column 6 is 'AUS_B', expected 'AUS_C'"),
        (lambda f: f.rename(columns={"Country": "country"}), r"label columns"),
        (lambda f: _set(f, 600, 0, "xFOO"), r"row 601 has IndustryCode_isic3 'xFOO', expected 'xTXSP'"),
        (lambda f: _set(f, 5, 3, 1966.0), r"Year column holds \[1966"),
        (lambda f: _set(f, 605, 4, 1.0), r"xGO row differs from the xTOT_xGO column"),
    ],
    ids=["shape", "column-name", "label-columns", "summary-row", "year", "go-row"],
)
def test_wrong_layout(frame_1965, edit, message):
    with pytest.raises(TableError, match=message):
        longrun.parse_longrun(edit(frame_1965), 1965, "lr1965.rda")


def test_not_a_data_frame():
    with pytest.raises(TableError, match=r"lr\.rda: the object is a dict, not a data frame"):
        longrun.parse_longrun({}, 1965, "lr.rda")


def test_identity_check_names_the_column(frame_1965):
    lr = longrun.parse_longrun(frame_1965, 1965, "lr1965.rda")
    xva = lr.xva.copy()
    xva[30] += 5.0
    broken = longrun.LongRunTable(table=lr.table, xva=xva, margins=lr.margins, xii=lr.xii)
    with pytest.raises(TableError, match=r"lr1965\.rda: the published identity Z'1 \+ xVA \+ xMRG_int - GO = 0 fails at AUT/D25"):
        longrun.check_longrun_identities(broken)
    assert issubclass(TableError, DataError)


# --------------------------------------------------------------------------- join with WIOD 2013


def test_overlap_comparison(computed):
    c = computed["comparison"]
    assert len(c) == 24 * 2 and "HKG" not in set(c["country"]) and set(c["year"]) == {1995, 2000}
    np.testing.assert_allclose(c["tbi_gap"], c["tbi_wiod2013"] - c["tbi_longrun"])
    w = c.set_index(["country", "year"])
    # WIOD 2013 side: the README's numbers, which use the published output ("none"); the book's
    # default balancing ("discrepancy") moves these six economies by at most 0.0013.
    for year, expected in README_TBI_WIOD2013.items():
        for country, value in zip(TABLE1, expected):
            assert w.loc[(country, year), "tbi_wiod2013"] == pytest.approx(value, abs=5e-4 + 0.0013)
    for year in (1995, 2000):  # LR side: README (xVA) within the VA-definition bound
        for country, value in zip(TABLE1, README_TBI[year]):
            assert w.loc[(country, year), "tbi_longrun"] == pytest.approx(value, abs=0.0095)
    # documented gaps: the US sign differs in 1995; gross balances (bn USD) as in the README
    assert w.loc[("USA", 1995), "tbi_longrun"] > 0 > w.loc[("USA", 1995), "tbi_wiod2013"]
    assert w.loc[("USA", 1995), "gross_balance_longrun"] / 1e3 == pytest.approx(5, abs=0.5)
    assert w.loc[("USA", 1995), "gross_balance_wiod2013"] / 1e3 == pytest.approx(-71, abs=0.5)
    assert w.loc[("DEU", 1995), "gross_balance_wiod2013"] / 1e3 == pytest.approx(74, abs=0.5)
    assert c["tbi_gap"].abs().max() == pytest.approx(0.207, abs=1e-3)  # Greece 2000
    assert np.corrcoef(c["tbi_gap"], c["tbi_gross_gap"])[0, 1] > 0.98


def test_join_shifts(computed):
    c = computed["comparison"]
    shifts = longrun_join.join_shifts(c).set_index("country")
    assert len(shifts) == 24
    gaps = c.pivot(index="country", columns="year", values="tbi_gap")
    np.testing.assert_allclose(shifts["shift"], gaps.mean(axis=1).loc[shifts.index])
    assert shifts["gap_change"].abs().max() < 0.05  # stable gaps: a level shift fits
    only_1995 = longrun_join.join_shifts(c, years=(1995,)).set_index("country")["shift"]
    np.testing.assert_allclose(only_1995, gaps[1995].loc[only_1995.index])
    with pytest.raises(ValueError, match="not in the overlap"):
        longrun_join.join_shifts(c, years=(1990,))


SPLICE_YEARS = (1965, 1990, 1995, 2000, 2005, 2010)  # WIOD 2013 years as in the long-run panel: one cache entry


def test_spliced_panel(computed, use_module_cache):
    s = longrun_join.spliced_tbi_panel(years=SPLICE_YEARS)
    assert not s.duplicated(["country", "year"]).any() and tuple(sorted(s["year"].unique())) == SPLICE_YEARS
    assert set(s.loc[s["year"] < 1995, "source"]) == {"LR-WIOD"} and set(s.loc[s["year"] >= 1995, "source"]) == {"WIOD 2013"}
    assert s.groupby("year").size().to_dict() == {1965: 25, 1990: 25, 1995: 40, 2000: 40, 2005: 40, 2010: 40}
    np.testing.assert_allclose(s["tbi_adjusted"], s["tbi"] + s["shift"])
    assert s.loc[s["country"] == "HKG", "tbi_adjusted"].isna().all()
    usa = s.set_index(["country", "year"]).loc["USA"]
    shift = longrun_join.join_shifts(computed["comparison"]).set_index("country").loc["USA", "shift"]
    assert usa.loc[1990, "tbi_adjusted"] == pytest.approx(usa.loc[1990, "tbi"] + shift)
    both = longrun_join.spliced_tbi_panel(overlap="both", years=SPLICE_YEARS)
    dup = both.loc[both.duplicated(["country", "year"], keep=False)]
    assert set(dup["year"]) == {1995, 2000} and len(dup) == 24 * 2 * 2  # 24 countries in both sources
    with pytest.raises(ValueError, match="overlap="):
        longrun_join.spliced_tbi_panel(overlap="chain")
    with pytest.raises(ValueError, match=r"Years \[1966\] are in neither"):
        longrun_join.spliced_tbi_panel(years=[1966])


# --------------------------------------------------------------------------- long-run regression panel


def test_longrun_panel(use_module_cache):
    built = longrun_join.build_longrun_panel()
    data, dropped = built.data, built.dropped
    assert len(data) == 23 * 9 and data["country"].nunique() == 23
    assert tuple(sorted(data["year"].unique())) == longrun_join.PANEL_YEARS
    assert "RQ" not in data.columns and {"KOFGIdj", "KOFEcGIdj", "lnEXR", "TFP", "lnCK", "lnGDP", "lnPOP", "INFR"} <= set(data.columns)
    assert set(data.loc[data["year"] <= 2000, "source"]) == {"LR-WIOD"} and set(data.loc[data["year"] > 2000, "source"]) == {"WIOD 2013"}
    np.testing.assert_allclose(data["tbi"], data["tbi_raw"] + data["shift"])
    both = data.loc[data["year"].isin([1995, 2000])]
    assert both["tbi_wiod2013"].notna().all() and (both["tbi_raw"] == both["tbi_longrun"]).all()
    # every lost observation has a reason: Taiwan (no KOF, no WDI) and Hong Kong (no WIOD 2013)
    assert len(dropped) == 18 and set(dropped["country"]) == {"TWN", "HKG"}
    assert dropped.loc[dropped["country"] == "TWN", "reason"].str.contains("absent from KOF 2019").all()
    assert dropped.loc[dropped["country"] == "HKG", "reason"].str.contains("absent from WIOD 2013").all()
    assert "N = 207" in built.summary and "no RQ" in built.summary
    raw = longrun_join.build_longrun_panel(tbi_series="raw")
    assert len(raw.data) == 24 * 9 - 2 and (raw.data["tbi"] == raw.data["tbi_raw"]).all()
    with pytest.raises(ValueError, match="tbi_series"):
        longrun_join.build_longrun_panel(tbi_series="chained")


def test_longrun_panel_prints_its_summary_unless_told_not_to(use_module_cache, capsys):
    built = longrun_join.build_longrun_panel(tbi_series="raw")
    data = longrun_join.longrun_panel(tbi_series="raw")
    assert capsys.readouterr().out == built.summary + "\n"
    pd.testing.assert_frame_equal(data, built.data)
    longrun_join.longrun_panel(verbose=False, tbi_series="raw")
    assert capsys.readouterr().out == ""


def test_splice_options_are_used(computed, use_module_cache):
    """overlap='longrun' keeps LR-WIOD in the overlap years, shift_years moves the level shift, and WIOD 2013 rows are
    never shifted (issue 21: an option silently ignored, a shift applied to the wrong rows)."""
    lr_first = longrun_join.spliced_tbi_panel(overlap="longrun", years=SPLICE_YEARS)
    assert set(lr_first.loc[lr_first["year"] <= 2000, "source"]) == {"LR-WIOD"}
    assert set(lr_first.loc[lr_first["year"] > 2000, "source"]) == {"WIOD 2013"}
    only_1995 = longrun_join.spliced_tbi_panel(shift_years=(1995,), years=SPLICE_YEARS)
    expected = longrun_join.join_shifts(computed["comparison"], years=(1995,)).set_index("country")["shift"]
    lr_rows = only_1995.loc[only_1995["source"] == "LR-WIOD"].dropna(subset=["shift"])
    np.testing.assert_allclose(lr_rows["shift"], lr_rows["country"].map(expected))
    default = longrun_join.spliced_tbi_panel(years=SPLICE_YEARS)
    assert not np.allclose(default.loc[lr_rows.index, "shift"], lr_rows["shift"])  # the two years' mean differs
    w13 = default.loc[default["source"] == "WIOD 2013"]
    assert (w13["shift"] == 0).all() and np.allclose(w13["tbi_adjusted"], w13["tbi"])
