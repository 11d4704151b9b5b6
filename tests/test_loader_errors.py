"""Every bad input gives a clear error that names the file and what to do."""

import shutil

import numpy as np
import pytest

from lib import wiod
from lib.checksums import ChecksumError, DataFileNotFound, TableError
from lib.config import DATA_DIR
from lib.iotable import IOTable, check_table
from lib.toy import toy_table


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
