"""Behaviour of lib.data.longrun that mutmut found unpinned (issue 21): the exact messages of the year and
layout checks, and the tolerance of the published column identities on both sides of the bound."""

import re

import pytest
import rdata

from lib.data import longrun
from lib.data.config import DATA_DIR
from lib.data.errors import TableError

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
