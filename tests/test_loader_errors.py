"""Every bad input gives a clear error that names the file and what to do."""

import shutil
from dataclasses import replace

import numpy as np
import pytest

from lib.data import wiod
from lib.data.errors import ChecksumError, DataFileNotFound, TableError
from lib.data.checksums import read_sha256sums, record_sha256
from lib.data.config import DATA_DIR
from lib.data.iotable import IOTable, check_table, row_tolerance
from lib.mrio.toy import toy_table


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of data/ with the SHA256SUMS file and the 2000 table."""
    (tmp_path / "wiod2013").mkdir()
    shutil.copy(DATA_DIR / "SHA256SUMS", tmp_path / "SHA256SUMS")
    shutil.copy(DATA_DIR / "wiod2013" / "wiot_2000.RData", tmp_path / "wiod2013")
    return tmp_path


def test_missing_file(data_copy):
    (data_copy / "wiod2013" / "wiot_2000.RData").unlink()
    with pytest.raises(DataFileNotFound, match=r"wiot_2000\.RData[\s\S]*git checkout"):
        wiod.load_wiod2013(2000, data_dir=data_copy)


def test_bad_checksum(data_copy):
    path = data_copy / "wiod2013" / "wiot_2000.RData"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ChecksumError, match=r"wiot_2000\.RData[\s\S]*expected sha256"):
        wiod.load_wiod2013(2000, data_dir=data_copy)


@pytest.mark.filterwarnings("ignore:Wrong extension", "ignore:Unknown file type")
def test_not_an_r_file(data_copy):
    path = data_copy / "wiod2013" / "wiot_2000.RData"
    path.write_bytes(b"this is not R data")
    sums = data_copy / "SHA256SUMS"
    import hashlib

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    lines = [ln for ln in sums.read_text().splitlines() if "wiot_2000" not in ln]
    sums.write_text("\n".join([*lines, f"{digest}  wiod2013/wiot_2000.RData"]) + "\n")
    with pytest.raises(TableError, match=r"wiot_2000\.RData.*cannot be read"):
        wiod.load_wiod2013(2000, data_dir=data_copy)


def test_year_out_of_range():
    with pytest.raises(ValueError, match="1995-2011"):
        wiod.load_wiod2013(2014)


def _toy(**changes):
    t = toy_table()
    fields = dict(Z=t.Z, Y=t.Y, x=t.x, countries=t.countries, sectors=t.sectors, fd_categories=t.fd_categories)
    fields.update(changes)
    return IOTable(**fields, source="toy.RData")


def test_wrong_shape():
    with pytest.raises(TableError, match=r"toy\.RData: Z has shape \(3, 4\)"):
        check_table(_toy(Z=np.zeros((3, 4))))


def test_nan():
    Y = toy_table().Y.copy()
    Y[0, 0] = np.nan
    with pytest.raises(TableError, match="Y holds 1 NaN"):
        check_table(_toy(Y=Y))


def test_negative_output():
    x = toy_table().x.copy()
    x[1] = -5
    with pytest.raises(TableError, match="negative gross output"):
        check_table(_toy(x=x))


def test_unbalanced_rows():
    x = toy_table().x.copy()
    x[0] += 1.0
    with pytest.raises(TableError, match="rows do not balance.*H/goods"):
        check_table(_toy(x=x))


def test_duplicate_labels():
    with pytest.raises(TableError, match="duplicated country"):
        check_table(_toy(countries=("H", "H")))


def test_unknown_country_code():
    obj = {"inter": np.zeros((2, 2)), "final": np.zeros((2, 10)), "output": np.zeros(2),
           "countries": np.array(["XXX", "RoW"]), "industries": np.array(["c1"])}  # fmt: skip
    with pytest.raises(TableError, match=r"unknown country codes \['XXX'\]"):
        wiod.parse_wiod2013(obj, 2000, "wiot_2000.RData")


def test_romania_is_recoded():
    assert wiod.to_iso3(["ROM", "RoW"], wiod.WIOD2013_COUNTRIES, "t") == ("ROU", "ROW")


def test_not_a_wiod_object():
    with pytest.raises(TableError, match="not a WIOD 2013 table"):
        wiod.parse_wiod2013({"inter": 1}, 2000, "wiot_2000.RData")


# --------------------------------------------------------------------------- messages say what to do


def test_check_table_messages_end_with_a_remedy():
    Y = toy_table().Y.copy()
    Y[0, 0] = np.inf
    with pytest.raises(TableError, match=r"Y holds 1 NaN.*first at row H/goods.*expected finite numbers\. Restore"):
        check_table(_toy(Y=Y))
    with pytest.raises(TableError, match=r"negative gross output.*git checkout -- data/wiod2013"):
        x = toy_table().x.copy()
        x[1] = -5
        check_table(_toy(x=x), remedy=wiod.HOW_TO_GET_2013)


def test_text_in_a_2013_element_is_a_table_error():
    obj = {"inter": np.zeros((2, 2)), "final": np.zeros((2, 10)), "output": np.array(["1", "n/a"]),
           "countries": np.array(["AUS", "RoW"]), "industries": np.array(["c1"])}  # fmt: skip
    with pytest.raises(TableError, match=r"wiot_2000\.RData: element 'output' holds values that are not numbers"):
        wiod.parse_wiod2013(obj, 2000, "wiot_2000.RData")


# --------------------------------------------------------------------------- SHA256SUMS files


def test_sha256sums_formats(tmp_path):
    """sha256sum's text and binary modes, './' prefixes, comments, a BOM and CRLF are all read."""
    a, b = "a" * 64, "B" * 64
    sums = tmp_path / "SHA256SUMS"
    sums.write_bytes(f"\ufeff# comment\r\n{a}  ./x/one.csv\r\n\r\n{b} *two.dta\n".encode())
    assert read_sha256sums(sums) == {"x/one.csv": a, "two.dta": b.lower()}


@pytest.mark.parametrize(
    "line", ["0" * 64, "z" * 64 + "  f.csv", "0" * 63 + "  f.csv", "f.csv  " + "0" * 64, "0" * 64 + "f.csv"]
)
def test_malformed_sha256sums_line_names_file_and_line(tmp_path, line):
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{'1' * 64}  ok.csv\n{line}\n")
    with pytest.raises(ChecksumError, match=r"SHA256SUMS, line 2: found .*expected '<64 hex digits>  <file name>'"):
        read_sha256sums(sums)


def test_record_sha256_keeps_other_lines(tmp_path):
    sums = tmp_path / "sub" / "SHA256SUMS"
    record_sha256(sums, "a.RData", "1" * 64)
    sums.write_text(sums.read_text() + "# my note\n")
    record_sha256(sums, "b.RData", "2" * 64)
    record_sha256(sums, "a.RData", "3" * 64)
    assert read_sha256sums(sums) == {"a.RData": "3" * 64, "b.RData": "2" * 64}
    assert "# my note" in sums.read_text() and not list(sums.parent.glob("*.tmp"))


# --------------------------------------------------------------------------- the row-balance tolerance (issue 14)


def _gap_table(gap: float, rounding_unit: float, scale: float = 100.0):
    """G=2 regions, N=3 sectors, K=2 categories; row 0 is off by ``gap``, the others balance."""
    G, N, K = 2, 3, 2
    rng = np.random.default_rng(0)
    Z = rng.uniform(0, 1, (G * N, G * N)) * scale / 10
    Y = rng.uniform(0, 1, (G * N, G * K)) * scale
    x = Z.sum(axis=1) + Y.sum(axis=1)
    x[0] += gap
    return IOTable(Z=Z, Y=Y, x=x, countries=("A", "B"), sectors=("s1", "s2", "s3"), fd_categories=("c", "i"),
                   source="gap.RData", rounding_unit=rounding_unit)  # fmt: skip


def test_row_tolerance_is_the_documented_formula():
    """rounding_unit x (GN + G*K + 1) + 1e-9 x max(|x|, 1), row by row."""
    table = _gap_table(0.0, rounding_unit=1.0)
    GN, GK = 6, 4
    expected = 1.0 * (GN + GK + 1) + 1e-9 * np.maximum(np.abs(table.x), 1.0)
    np.testing.assert_allclose(row_tolerance(table), expected, rtol=1e-12)
    tiny = replace(table, x=np.full(6, 0.25), rounding_unit=0.0)
    np.testing.assert_allclose(row_tolerance(tiny), 1e-9, rtol=1e-12)  # max(|x|, 1) floors the relative term


@pytest.mark.parametrize("fraction, passes", [(0.9, True), (1.1, False)])
def test_rounding_bound_just_inside_and_outside(fraction, passes):
    """A gap of 0.9 x the bound passes, 1.1 x fails: a bound ten times looser or tighter fails one of these."""
    bound = 1.0 * (6 + 4 + 1)  # the relative term is < 1e-6 here
    table = _gap_table(fraction * bound, rounding_unit=1.0)
    if passes:
        assert check_table(table).max_gap_over_tolerance == pytest.approx(fraction, rel=1e-6)
    else:
        with pytest.raises(TableError, match=r"gap\.RData: rows do not balance\. Row A/s1"):
            check_table(table)


@pytest.mark.parametrize("fraction, passes", [(0.9, True), (1.1, False)])
def test_relative_term_just_inside_and_outside(fraction, passes):
    """Without rounding, a row of 1e12 may be off by 1e-9 x 1e12 = 1000, not more."""
    table = _gap_table(0.0, rounding_unit=0.0, scale=1e11)
    x = table.x.copy()
    x[0] = 1e12
    Y = table.Y.copy()
    Y[0] += (x[0] - fraction * 1e3 - table.Z[0].sum() - Y[0].sum()) / Y.shape[1]
    table = replace(table, x=x, Y=Y)
    assert abs(table.row_gap()[0] - fraction * 1e3) < 1e-3
    if passes:
        check_table(table)
    else:
        with pytest.raises(TableError, match="rows do not balance"):
            check_table(table)


def test_recording_a_checksum_replaces_a_dot_slash_line(tmp_path):
    """sha256sum ./* writes './name'; recording 'name' must replace that line, not add a second one."""
    from lib.data.checksums import read_sha256sums, record_sha256

    sums = tmp_path / "SHA256SUMS"
    sums.write_text("a" * 64 + "  ./WIOT2000_October16_ROW.RData\n" + "c" * 64 + "  *other.RData\n")
    record_sha256(sums, "WIOT2000_October16_ROW.RData", "b" * 64)
    assert read_sha256sums(sums) == {"WIOT2000_October16_ROW.RData": "b" * 64, "other.RData": "c" * 64}


def test_a_checksum_list_with_a_file_twice(tmp_path):
    """A repeated line is harmless; the same file (also as ./name or *name, digest in any case) with another
    digest is an error that names the line (issue 21: duplicate lines in a checksum list)."""
    from lib.data.checksums import read_sha256sums
    from lib.data.errors import ChecksumError

    a, b = "a" * 64, "b" * 64
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{a}  data/x.csv\n{a.upper()} *./data/x.csv\n\n# comment\n{b}  data/y.csv\n")
    assert read_sha256sums(sums) == {"data/x.csv": a, "data/y.csv": b}
    sums.write_text(f"{a}  data/x.csv\n{b}  data/y.csv\n{b}  ./data/x.csv\n")
    with pytest.raises(ChecksumError, match=r"line 3: data/x.csv is listed a second time with a different sha256"):
        read_sha256sums(sums)


@pytest.mark.parametrize("fraction, passes", [(-0.9, True), (-1.1, False)])
def test_negative_gaps_are_bounded_like_positive_ones(fraction, passes):
    """Output short of its uses by 0.9 x the bound passes, by 1.1 x fails (issue 21: the check's handling of
    negative gaps); the report keeps the sign of the total gap."""
    bound = 1.0 * (6 + 4 + 1)
    table = _gap_table(fraction * bound, rounding_unit=1.0)
    if passes:
        report = check_table(table)
        assert report.max_gap_over_tolerance == pytest.approx(abs(fraction), rel=1e-6)
        assert report.total_gap == pytest.approx(fraction * bound, rel=1e-6) and report.worst_row == "A/s1"
    else:
        with pytest.raises(TableError, match=r"gap\.RData: rows do not balance\. Row A/s1"):
            check_table(table)


def test_not_a_wiod_object_names_what_was_found():
    with pytest.raises(TableError, match=r"expected elements \('inter', 'final', 'output', 'countries', 'industries'\), "
                                         r"found list\)"):  # fmt: skip
        wiod.parse_wiod2013([1, 2], 2000, "wiot_2000.RData")
    with pytest.raises(TableError, match=r"found \['inter'\]\)"):
        wiod.parse_wiod2013({"inter": 1}, 2000, "wiot_2000.RData")
