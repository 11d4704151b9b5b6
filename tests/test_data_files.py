"""Every input file in data/ is listed, with the right sha256, in SHA256SUMS and data/README.md."""

import re

from lib.data.checksums import read_sha256sums, sha256
from lib.data.config import DATA_DIR

DOCS = {"README.md", "SHA256SUMS"}


def test_every_data_file_has_a_verified_checksum():
    sums = read_sha256sums(DATA_DIR / "SHA256SUMS")
    files = {p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*") if p.is_file() and p.name not in DOCS}
    assert files == set(sums), f"unlisted: {files - set(sums)}, listed but absent: {set(sums) - files}"
    for name, digest in sums.items():
        assert sha256(DATA_DIR / name) == digest, name


def test_readme_documents_every_file_with_its_checksum():
    readme = (DATA_DIR / "README.md").read_text()
    documented = dict(re.findall(r"^\| (\S+) \| ([0-9a-f]{64}) \|$", readme, flags=re.M))
    assert documented == read_sha256sums(DATA_DIR / "SHA256SUMS")
