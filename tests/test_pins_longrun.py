"""Behaviour of lib.data.longrun that mutmut found unpinned (issue 21): the exact messages of the year and
layout checks, and the tolerance of the published column identities on both sides of the bound."""

import dataclasses
import re

import numpy as np
import pytest
import rdata

from lib.data import longrun
from lib.data.config import DATA_DIR
from lib.data.errors import TableError
from lib.data.iotable import balance
from lib.mrio.toy import toy_table

TAIL = (" This is not an LR-WIOD table in the expected layout. The long-run WIOD files ship with the book in "
        "data/longrun/. Restore them with 'git checkout -- data/longrun' (source: LR-WIOD, GGDC, DataverseNL "
        "doi:10.34894/A7AXDN; see data/README.md).")  # fmt: skip


@pytest.fixture(scope="module")
def frame_1965():
    return rdata.read_rda(DATA_DIR / "longrun" / "WIODlr_WIOT_1965.rda")["WIODlr_WIOT_1965"]


def _message(call):
    with pytest.raises((TableError, ValueError)) as err:
        call()
    return str(err.value)


def test_year_message():
    assert _message(lambda: longrun._check_year(1966)) == (
        "The long-run WIOD files in the book cover 1965-2000 every fifth year (1965, 1970, 1975, 1980, 1985, "
        "1990, 1995, 2000); year 1966 is not available."
    )
    assert longrun._check_year("2000") == 2000 and longrun._check_year(1965) == 1965


def _swap_rows(frame):
    out = frame.copy()
    out.iloc[[0, 23]] = out.iloc[[23, 0]].to_numpy()
    return out


def _years(frame):
    out = frame.copy()
    out.iloc[5, 3], out.iloc[7, 3] = 1966.0, 1970.0
    return out


def _go(frame):
    out = frame.copy()
    out.iloc[605, 4] += 1.0
    return out


@pytest.mark.parametrize("edit, message", [
    (lambda f: f.drop(columns="xTOT_xM"), "lr.rda: 606 rows x 709 columns, expected 606 x 710." + TAIL),
    (lambda f: f.rename(columns={"Country": "country"}),
     "lr.rda: label columns ['IndustryCode_isic3', 'IndustryDescription', 'country', 'Year'], expected "
     "['IndustryCode_isic3', 'IndustryDescription', 'Country', 'Year']." + TAIL),
    (_swap_rows, "lr.rda: row 1 has Country 'AUT', expected 'AUS' (2 rows differ; rows must be country-major with "
                 "xROW last, then the summary rows)." + TAIL),
    (lambda f: f.rename(columns={"AUS_C": "AUS_B", "AUS_D23": "AUS_X"}),
     "lr.rda: column 6 is 'AUS_B', expected 'AUS_C' (2 columns differ)." + TAIL),
    (_years, "lr.rda: the Year column holds [1966.0, 1970.0], not 1965 in every row."),
    (_go, "lr.rda: the xGO row differs from the xTOT_xGO column by 1 at AUS_AtB."),
], ids=["shape", "labels", "rows", "columns", "year", "go-row"])  # fmt: skip
def test_layout_messages(frame_1965, edit, message):
    assert _message(lambda: longrun.parse_longrun(edit(frame_1965), 1965, "lr.rda")) == message


@pytest.mark.parametrize("identity", ["xii", "xva"])
@pytest.mark.parametrize("factor, passes", [(1 - 1e-4, True), (1 + 1e-4, False), (-(1 - 1e-4), True), (-(1 + 1e-4), False)])
def test_identity_tolerance_is_one_unit_per_summed_cell(frame_1965, identity, factor, passes):
    """Tolerance of column k: 1e-3 x (598 + 2) + 1e-9 x GO_k; a gap just inside passes, just outside fails."""
    lr = longrun.parse_longrun(frame_1965, 1965, "lr.rda")
    t = lr.table
    k = 2
    col = t.Z.sum(axis=0)
    tolerance = 1e-3 * (598 + 2) + 1e-9 * abs(t.x[k])
    xii, xva = col.copy(), t.x - col - lr.margins  # both identities hold exactly
    if identity == "xii":
        xii[k] += factor * tolerance
    else:
        xva[k] += factor * tolerance
    table = longrun.LongRunTable(table=t, xva=xva, margins=lr.margins, xii=xii)
    if passes:
        gaps = longrun.check_longrun_identities(table)
        name = "xII - Z'1" if identity == "xii" else "Z'1 + xVA + xMRG_int - GO"
        assert gaps[name] == pytest.approx(abs(factor) * tolerance, rel=1e-9)
    else:
        name = "xII - Z'1" if identity == "xii" else "Z'1 + xVA + xMRG_int - GO"
        assert _message(lambda: longrun.check_longrun_identities(table)).startswith(
            f"lr.rda: the published identity {name} = 0 fails at AUS/D15t16 (gap {factor * tolerance:.6g}, "
            f"tolerance {tolerance:.3g}). The file may be damaged. The long-run WIOD files ship with the book"
        )


def test_identities_of_the_published_file(frame_1965):
    gaps = longrun.check_longrun_identities(longrun.parse_longrun(frame_1965, 1965, "lr.rda"))
    assert list(gaps) == ["xII - Z'1", "Z'1 + xVA + xMRG_int - GO"]
    assert 0 < gaps["xII - Z'1"] < 1e-4 and 0 < gaps["Z'1 + xVA + xMRG_int - GO"] < 1e-4


def test_a_damaged_longrun_file_says_how_to_get_it(monkeypatch, tmp_path):
    from lib.data.errors import FileFormatError

    damaged = tmp_path / "WIODlr_WIOT_1965.RData"
    damaged.write_bytes(b"not an R file")
    monkeypatch.setattr(longrun, "longrun_checksum", lambda year, data_dir=None: "digest")
    monkeypatch.setattr(longrun, "longrun_path", lambda year, data_dir=None: damaged)
    with pytest.raises(FileFormatError, match=re.escape(longrun.HOW_TO_GET_LONGRUN)):
        longrun.read_longrun(1965)


# --------------------------------------------------------------------------- found by the complete mutmut run


def _toy_longrun(rounding_unit, xii_gap=None, source="toy.rda"):
    """The hand-solved toy table as an LR-WIOD table whose identities hold exactly (integers), plus ``xii_gap``."""
    t = dataclasses.replace(toy_table(), rounding_unit=rounding_unit, source=source)
    col = t.Z.sum(axis=0)  # [50, 10, 0, 10]; x = [100, 50, 80, 40]
    xii = col + (np.zeros(4) if xii_gap is None else np.asarray(xii_gap, dtype=float))
    return longrun.LongRunTable(table=t, xva=t.x - col, margins=np.zeros(4), xii=xii)


def test_without_a_rounding_unit_the_column_tolerance_is_a_billionth_of_output():
    """rounding_unit 0: tolerance 1e-9 x GO_k. Exact identities pass; a gap of half of it passes, twice fails."""
    assert longrun.check_longrun_identities(_toy_longrun(0.0)) == {"xII - Z'1": 0.0, "Z'1 + xVA + xMRG_int - GO": 0.0}
    x = 80.0  # column 2, F/goods, whose Z column sums to 0, so the gap is exact
    gaps = longrun.check_longrun_identities(_toy_longrun(0.0, [0, 0, 0.5e-9 * x, 0]))
    assert gaps["xII - Z'1"] == pytest.approx(0.5e-9 * x, rel=1e-12)
    with pytest.raises(TableError, match=r"toy\.rda: the published identity xII - Z'1 = 0 fails at F/goods \(gap 1\.6e-07, "
                                         r"tolerance 8e-08\)"):
        longrun.check_longrun_identities(_toy_longrun(0.0, [0, 0, 2e-9 * x, 0]))


def test_a_gap_equal_to_the_tolerance_passes():
    """The bound is inclusive: a gap of exactly rounding_unit x (GN + 2) + 1e-9 GO is within it."""
    t = _toy_longrun(0.5).table
    tolerance = t.rounding_unit * (t.Z.shape[0] + 2) + 1e-9 * np.abs(t.x)  # 3 + 1e-9 x
    gaps = longrun.check_longrun_identities(_toy_longrun(0.5, [0, 0, tolerance[2], 0]))
    assert gaps["xII - Z'1"] == tolerance[2]
    with pytest.raises(TableError, match="fails at F/goods"):
        longrun.check_longrun_identities(_toy_longrun(0.5, [0, 0, np.nextafter(tolerance[2], 4.0), 0]))


def test_the_identity_error_names_the_column_worst_relative_to_its_tolerance():
    """Column H/goods (GO 100) is 2 tolerances off, F/services (GO 40) 10: the message names F/services, although
    H/goods' gap is larger in millions and larger times its tolerance."""
    gaps = [2 * 1e-9 * 100.0, 0, 0, 10 * 1e-9 * 40.0]
    with pytest.raises(TableError, match=r"fails at F/services \(gap 4e-07, tolerance 4e-08\)"):
        longrun.check_longrun_identities(_toy_longrun(0.0, gaps))


def _column(frame, code):
    """Position (0-based, in the value block after the four label columns) of intermediate column ``code``."""
    return [str(c) for c in frame.columns].index(code) - 4


def test_the_go_row_check_is_relative_1e9_plus_one_rounding_unit(frame_1965):
    """xGO row vs xTOT_xGO column: allowed |diff| <= 1e-3 + 1e-9 |GO|. Half a rounding unit passes anywhere; 0.5
    million fails in the largest column (GO about 1e5 there, so 1e-5 relative would have let it pass)."""
    lr = longrun.parse_longrun(frame_1965, 1965, "lr.rda")
    small = int(np.argmin(np.where(lr.table.x > 0, lr.table.x, np.inf)))
    out = frame_1965.copy()
    out.iloc[605, 4 + small] += 0.5e-3
    longrun.parse_longrun(out, 1965, "lr.rda")  # passes
    big = int(np.argmax(lr.table.x))
    assert 5e4 < lr.table.x[big] < 5e5
    out = frame_1965.copy()
    out.iloc[605, 4 + big] += 0.5
    label = "_".join(lr.table.labels[big])
    assert big != 0 and _column(frame_1965, label) == big
    assert _message(lambda: longrun.parse_longrun(out, 1965, "lr.rda")) == (
        f"lr.rda: the xGO row differs from the xTOT_xGO column by 0.5 at {label}.")


def test_non_numeric_values_are_named(frame_1965):
    out = frame_1965.copy()
    out["AUS_C"] = out["AUS_C"].astype(object)
    out.loc[out.index[3], "AUS_C"] = "n/a"
    assert _message(lambda: longrun.parse_longrun(out, 1965, "lr.rda")) == (
        "lr.rda: non-numeric values in the table (could not convert string to float: 'n/a').")


def test_a_column_stored_as_objects_reads_as_numbers(frame_1965):
    """rdata can hand over a column of Python floats (dtype object); its values are read as floats all the same."""
    out = frame_1965.copy()
    out["AUS_C"] = out["AUS_C"].astype(object)
    lr, expected = longrun.parse_longrun(out, 1965, "lr.rda"), longrun.parse_longrun(frame_1965, 1965, "lr.rda")
    assert lr.table.Z.dtype == np.float64
    np.testing.assert_array_equal(lr.table.Z, expected.table.Z)


def test_the_year_message_lists_at_most_three_wrong_years(frame_1965):
    out = frame_1965.copy()
    for row, year in enumerate((1966.0, 1967.0, 1968.0, 1969.0)):
        out.iloc[row, 3] = year
    assert _message(lambda: longrun.parse_longrun(out, 1965, "lr.rda")) == (
        "lr.rda: the Year column holds [1966.0, 1967.0, 1968.0], not 1965 in every row.")


def test_read_longrun_checks_the_table_with_the_longrun_remedy(monkeypatch, frame_1965):
    """A negative intermediate flow is caught by check_table, whose message ends with how to restore LR-WIOD files."""
    out = frame_1965.copy()
    out.iloc[0, 5] = -1.0
    monkeypatch.setattr(longrun, "longrun_checksum", lambda year, data_dir=None: "digest")
    monkeypatch.setattr(longrun, "read_rda", lambda path, remedy: {"WIODlr_WIOT_1965": out})
    message = _message(lambda: longrun.read_longrun(1965))
    assert "Z holds 1 negative intermediate flows" in message and message.endswith(longrun.HOW_TO_GET_LONGRUN)


def test_load_longrun_closes_the_gaps_in_a_discrepancy_column_by_default():
    table = longrun.load_longrun(1965)
    expected = balance(longrun.read_longrun(1965).table, "discrepancy")
    assert table.fd_categories == expected.fd_categories and table.fd_categories[-1] == "DISC"
    np.testing.assert_array_equal(table.Y, expected.Y)
