"""Pins for lib.data.checksums: behaviour mutmut found unpinned (issue 21).

Known digests, the exact messages of every error (missing file or folder, damaged or unlisted file, malformed or
unreadable checksum list), duplicate and byte-order-marked checksum lists, what record_sha256 writes (other lines,
./name, new folders), and what atomic_write_bytes leaves behind (content, permissions, no temporary files).
"""

import hashlib
import os
import stat
import tempfile

import pandas as pd
import pytest

from lib.data import checksums
from lib.data.checksums import (
    DATA_SUMS_REMEDY,
    atomic_write_bytes,
    read_csv,
    read_sha256sums,
    record_sha256,
    require_file,
    sha256,
    verify_file,
    verify_listed,
)
from lib.data.errors import ChecksumError, DataFileNotFound, FileFormatError

ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # sha256(b"abc"), FIPS 180-2
DEFAULT_REMEDY = "Fix or delete that line (create lines with 'sha256sum <file>')."
HOW = "Get it from the publisher."


# --------------------------------------------------------------------------- sha256


def test_sha256_of_known_content_small_and_over_one_block(tmp_path):
    """The digest of b'abc' is the FIPS test vector; a file of 2.5 MiB (three 1-MiB blocks) hashes as a whole."""
    small = tmp_path / "abc.txt"
    small.write_bytes(b"abc")
    assert sha256(small) == ABC and sha256(str(small)) == ABC
    data = bytes(range(256)) * (10 * 1024 + 7)  # 2.5 MiB and a bit
    big = tmp_path / "big.bin"
    big.write_bytes(data)
    assert sha256(big) == hashlib.sha256(data).hexdigest()
    assert sha256(big) == hashlib.sha256(data).hexdigest()  # a second call (memoised) gives the same digest


def test_sha256_sees_a_rewritten_file(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"abc")
    assert sha256(path) == ABC
    path.write_bytes(b"abcd")
    assert sha256(path) == hashlib.sha256(b"abcd").hexdigest()


# --------------------------------------------------------------------------- read_sha256sums


def test_missing_checksum_list_message(tmp_path):
    path = tmp_path / "SHA256SUMS"
    with pytest.raises(DataFileNotFound) as caught:
        read_sha256sums(path)
    assert str(caught.value) == f"{path}: checksum file not found; expected a SHA256SUMS file there. {DEFAULT_REMEDY}"
    with pytest.raises(DataFileNotFound, match="there. Do this.$"):
        read_sha256sums(path, remedy="Do this.")


def test_malformed_line_message_with_the_default_remedy(tmp_path):
    """The message quotes the line (at most 120 characters) and numbers lines from 1, blank and comment lines
    included."""
    path = tmp_path / "SHA256SUMS"
    bad = "z" * 200
    path.write_text(f"# a comment\n\n{'a' * 64}  x.csv\n{bad}\n")
    with pytest.raises(ChecksumError) as caught:
        read_sha256sums(path)
    assert str(caught.value) == (
        f"{path}, line 4: found {'z' * 120!r}; expected '<64 hex digits>  <file name>' (the format of sha256sum). "
        + DEFAULT_REMEDY
    )


def test_a_file_twice_with_different_digests_message(tmp_path):
    path = tmp_path / "SHA256SUMS"
    path.write_text(f"{'a' * 64}  x.csv\n{'b' * 64}  x.csv\n")
    with pytest.raises(ChecksumError) as caught:
        read_sha256sums(path, remedy="Fix it.")
    assert str(caught.value) == (
        f"{path}, line 2: x.csv is listed a second time with a different sha256; expected one line per file. Fix it."
    )


def test_same_line_twice_and_a_byte_order_mark_are_accepted(tmp_path):
    """A repeated identical line is harmless (one entry); a UTF-8 byte-order mark (Windows editors) is not part
    of the first file name; digests are returned in lower case."""
    path = tmp_path / "SHA256SUMS"
    path.write_bytes(("\ufeff" + f"{'A' * 64}  x.csv\n{'a' * 64}  x.csv\n\n   \n{'b' * 64} *./y.csv\n").encode())
    assert read_sha256sums(path) == {"x.csv": "a" * 64, "y.csv": "b" * 64}


def test_a_checksum_list_that_is_not_text(tmp_path):
    path = tmp_path / "SHA256SUMS"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ChecksumError) as caught:
        read_sha256sums(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot be read as a text file (UnicodeDecodeError: ")
    assert message.endswith(f"); expected lines '<sha256>  <file name>'. {DEFAULT_REMEDY}")


# --------------------------------------------------------------------------- require_file, verify_file


def test_require_file_says_what_is_there(tmp_path):
    (tmp_path / "f.txt").write_text("x")
    assert require_file(str(tmp_path / "f.txt"), HOW) == tmp_path / "f.txt"
    with pytest.raises(DataFileNotFound) as caught:
        require_file(tmp_path / "none.txt", HOW)
    assert str(caught.value) == f"Input file not found: {tmp_path / 'none.txt'} (found nothing there).\n{HOW}"
    with pytest.raises(DataFileNotFound) as caught:
        require_file(tmp_path, HOW)
    assert str(caught.value) == f"Input file not found: {tmp_path} (found a folder there).\n{HOW}"


def test_verify_file_accepts_any_case_and_returns_the_digest(tmp_path):
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    assert verify_file(path, ABC, HOW) == ABC
    assert verify_file(path, ABC.upper(), HOW) == ABC
    assert verify_file(path, None, HOW) == ABC  # nothing recorded: only existence is checked


def test_verify_file_mismatch_message_names_both_digests_and_no_record(tmp_path):
    """Without ``where`` the message says nothing about where the digest was recorded."""
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    with pytest.raises(ChecksumError) as caught:
        verify_file(path, "0" * 64, HOW)
    assert str(caught.value) == (
        f"Checksum mismatch for {path}:\n  expected sha256 {'0' * 64}\n  found    sha256 {ABC}\n"
        f"The file is damaged or is not the version this book was written for. {HOW}"
    )
    with pytest.raises(DataFileNotFound, match=r"\(found nothing there\)\.\nGet it"):
        verify_file(tmp_path / "none.txt", ABC, HOW)


def test_checksum_mismatch_names_where_the_digest_was_recorded(tmp_path):
    error = checksums.checksum_mismatch(tmp_path / "f", "0" * 64, ABC, HOW, where="/x/SHA256SUMS")
    assert str(error) == (
        f"Checksum mismatch for {tmp_path / 'f'}:\n  expected sha256 {'0' * 64} (recorded in /x/SHA256SUMS)\n"
        f"  found    sha256 {ABC}\nThe file is damaged or is not the version this book was written for. {HOW}"
    )
    assert "recorded in" not in str(checksums.checksum_mismatch("f", "0" * 64, ABC, HOW))


# --------------------------------------------------------------------------- verify_listed


@pytest.fixture
def listed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "abc.txt").write_bytes(b"abc")
    (tmp_path / "SHA256SUMS").write_text(f"{ABC}  sub/abc.txt\n")
    return tmp_path


def test_verify_listed_returns_path_and_digest(listed):
    assert verify_listed(str(listed), "sub/abc.txt", HOW) == (listed / "sub" / "abc.txt", ABC)


def test_verify_listed_refuses_a_damaged_file(listed):
    (listed / "sub" / "abc.txt").write_bytes(b"abd")
    with pytest.raises(ChecksumError) as caught:
        verify_listed(listed, "sub/abc.txt", HOW)
    assert str(caught.value).startswith(f"Checksum mismatch for {listed / 'sub' / 'abc.txt'}:\n  expected sha256 {ABC}\n")
    assert str(caught.value).endswith(HOW)


def test_verify_listed_refuses_an_unlisted_file(listed):
    (listed / "sub" / "other.txt").write_bytes(b"abc")
    with pytest.raises(ChecksumError) as caught:
        verify_listed(listed, "sub/other.txt", HOW)
    assert str(caught.value) == (
        f"{listed / 'sub' / 'other.txt'}: not listed in {listed / 'SHA256SUMS'}; every input file must have its "
        f"sha256 there, so an unlisted file is not read. {DATA_SUMS_REMEDY}"
    )


def test_verify_listed_missing_file_and_damaged_list(listed):
    with pytest.raises(DataFileNotFound) as caught:
        verify_listed(listed, "sub/none.txt", HOW)
    assert str(caught.value) == f"Input file not found: {listed / 'sub' / 'none.txt'} (found nothing there).\n{HOW}"
    (listed / "SHA256SUMS").write_text("not a checksum line\n")
    with pytest.raises(ChecksumError) as caught:
        verify_listed(listed, "sub/abc.txt", HOW)
    assert str(caught.value).startswith(f"{listed / 'SHA256SUMS'}, line 1: found 'not a checksum line'")
    assert str(caught.value).endswith(DATA_SUMS_REMEDY)  # the book's remedy, not the generic one


def test_verify_listed_reads_the_upper_case_sha256sums_file(listed):
    """The list is data_dir/SHA256SUMS exactly: a file of another name is not read."""
    (listed / "SHA256SUMS").rename(listed / "sha256sums")
    with pytest.raises(DataFileNotFound, match="SHA256SUMS: checksum file not found"):
        verify_listed(listed, "sub/abc.txt", HOW)


# --------------------------------------------------------------------------- record_sha256


def test_record_sha256_writes_exact_lines(tmp_path):
    """Other lines (comments, other files) stay in order; the recorded line goes last with two spaces."""
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"# list\n{'a' * 64}  x.csv\n{'c' * 64}  ./y.csv\n")
    record_sha256(sums, "./y.csv", "d" * 64)
    assert sums.read_text() == f"# list\n{'a' * 64}  x.csv\n{'d' * 64}  y.csv\n"
    record_sha256(sums, "z.csv", "e" * 64)
    assert sums.read_text() == f"# list\n{'a' * 64}  x.csv\n{'d' * 64}  y.csv\n{'e' * 64}  z.csv\n"
    assert read_sha256sums(sums) == {"x.csv": "a" * 64, "y.csv": "d" * 64, "z.csv": "e" * 64}


def test_record_sha256_replaces_the_first_line_of_a_list_with_a_byte_order_mark(tmp_path):
    sums = tmp_path / "SHA256SUMS"
    sums.write_bytes(("\ufeff" + f"{'a' * 64}  x.csv\n{'b' * 64}  y.csv\n").encode())
    record_sha256(sums, "x.csv", "c" * 64)
    assert read_sha256sums(sums) == {"x.csv": "c" * 64, "y.csv": "b" * 64}


def test_record_sha256_creates_the_file_and_its_folders(tmp_path):
    sums = tmp_path / "a" / "b" / "SHA256SUMS"
    record_sha256(sums, "x.csv", "a" * 64)
    assert sums.read_text() == f"{'a' * 64}  x.csv\n"
    other = tmp_path / "a" / "OTHER"  # the folder exists already
    record_sha256(other, "y.csv", "b" * 64)
    assert other.read_text() == f"{'b' * 64}  y.csv\n"


# --------------------------------------------------------------------------- atomic_write_bytes


def test_atomic_write_leaves_only_the_file(tmp_path):
    target = tmp_path / "f.bin"
    atomic_write_bytes(str(target), b"one")
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.bin"]


def test_atomic_write_uses_the_target_folder_not_the_system_temp_folder(tmp_path, monkeypatch):
    """The temporary file lives beside the target (so os.replace never crosses file systems)."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    target = tmp_path / "f.bin"
    atomic_write_bytes(target, b"data")
    assert target.read_bytes() == b"data"


def test_atomic_write_keeps_the_permissions_of_the_replaced_file(tmp_path):
    target = tmp_path / "f.bin"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_atomic_write_gives_a_new_file_the_usual_permissions(tmp_path):
    """0666 minus the umask (tempfile alone would give 0600), and the umask is left as it was."""
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "f.bin", b"new")
        assert stat.S_IMODE((tmp_path / "f.bin").stat().st_mode) == 0o644
        os.umask(0o027)
        atomic_write_bytes(tmp_path / "g.bin", b"new")
        assert stat.S_IMODE((tmp_path / "g.bin").stat().st_mode) == 0o640
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(old)


def test_a_failed_atomic_write_raises_oserror_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_text("x")  # a non-empty folder cannot be replaced by a file
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


# --------------------------------------------------------------------------- read_csv


def test_read_csv_passes_options_and_reports_failures(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a;b\n1;2\n")
    frame = read_csv(path, "columns a, b", "Fix it.", sep=";")
    pd.testing.assert_frame_equal(frame, pd.DataFrame({"a": [1], "b": [2]}))
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(FileFormatError) as caught:
        read_csv(empty, "columns a, b", "Fix it.")
    message = str(caught.value)  # pandas words the reason itself
    assert message.startswith(f"{empty}: cannot be read as a CSV file (EmptyDataError: ")
    assert message.endswith("); expected columns a, b. Fix it.")
