"""Pins for lib.data.cache: behaviour mutmut found unpinned (issue 21).

The cache returns the same frames on a hit as on a miss (several rows, floats to the last bit, float32 included),
the exact bytes of a cache file, the key (16 hex digits, independent of the payload's order), every kind of damaged
file with the exact line written to stderr (and nothing on stdout), and what cached_arrays refuses to load.
"""

import hashlib
import io
import json

import numpy as np
import pandas as pd
import pytest

from lib.data import cache, config


# --------------------------------------------------------------------------- the key


def test_cache_key_is_16_hex_digits_of_the_sorted_payload_and_version():
    key = cache.cache_key({"b": 2, "a": [1, "x"]})
    assert len(key) == 16 and int(key, 16) >= 0
    assert key == cache.cache_key({"a": [1, "x"], "b": 2})  # the order of the payload does not matter
    expected = json.dumps({"a": [1, "x"], "b": 2, "version": cache.CACHE_VERSION}, sort_keys=True)
    assert key == hashlib.sha256(expected.encode()).hexdigest()[:16]
    assert cache.cache_key({"a": 1}) != cache.cache_key({"a": 2}) != cache.cache_key({})


def test_cache_key_accepts_paths_and_changes_with_the_version(tmp_path, monkeypatch):
    """Values JSON cannot hold are hashed as their text (a Path as its path)."""
    assert cache.cache_key({"p": tmp_path}) == cache.cache_key({"p": str(tmp_path)})
    before = cache.cache_key({"a": 1})
    monkeypatch.setattr(cache, "CACHE_VERSION", cache.CACHE_VERSION + 1)
    assert cache.cache_key({"a": 1}) != before


# --------------------------------------------------------------------------- file format


def test_encode_writes_the_documented_bytes():
    """Header line, then CSV without index, floats with 17 significant digits, lines ending in \\n."""
    frame = pd.DataFrame({"c": ["A", "B"], "v": [0.1, 1e-20], "n": [1, 2]})
    body = b"c,v,n\nA,0.10000000000000001,1\nB,9.9999999999999995e-21,2\n"
    header = f"# tbi-book cache {cache.CACHE_VERSION} t.csv sha256={hashlib.sha256(body).hexdigest()}\n".encode()
    assert cache.encode(frame, "t.csv") == header + body


def _calls_and_build(frames):
    calls = []

    def build():
        calls.append(1)
        return tuple(f.copy() for f in frames)

    return calls, build


def test_hit_equals_miss_with_several_rows_and_float32():
    """Both calls return the frame as it reads back from the CSV: a float32 0.1 comes back as its exact value."""
    frames = (
        pd.DataFrame({"k": ["a", "b", "c"], "v": [1 / 3, 2 / 3, 1e300], "w": np.array([0.1, 0.2, 0.3], dtype="float32")}),
        pd.DataFrame({"z": [1, 2]}),
    )
    calls, build = _calls_and_build(frames)
    miss = cache.cached_frames("pin", {"x": 1}, ("one", "two"), build)
    hit = cache.cached_frames("pin", {"x": 1}, ("one", "two"), build)
    assert len(calls) == 1 and len(miss) == len(hit) == 2
    for a, b in zip(miss, hit):
        pd.testing.assert_frame_equal(a, b)
    assert list(miss[0]["k"]) == ["a", "b", "c"] and list(miss[0]["v"]) == [1 / 3, 2 / 3, 1e300]
    assert list(miss[0]["w"]) == [float(np.float32(v)) for v in (0.1, 0.2, 0.3)]
    assert miss[0]["w"].dtype == np.float64
    pd.testing.assert_frame_equal(miss[1], pd.DataFrame({"z": [1, 2]}))
    names = sorted(p.name for p in config.cache_dir().iterdir())
    assert names == [f"pin-{cache.cache_key({'x': 1})}-one.csv", f"pin-{cache.cache_key({'x': 1})}-two.csv"]


def test_build_returning_the_wrong_number_of_frames():
    with pytest.raises(ValueError) as caught:
        cache.cached_frames("pin", {}, ("a", "b"), lambda: (pd.DataFrame({"x": [1]}),))
    assert str(caught.value) == "cached_frames('pin'): build() returned 1 frames for names ('a', 'b')."


# --------------------------------------------------------------------------- damaged files


def _first_file():
    calls, build = _calls_and_build((pd.DataFrame({"v": [1.5, 2.5]}),))
    cache.cached_frames("dmg", {"x": 1}, ("t",), build)
    (file,) = config.cache_dir().glob("dmg-*-t.csv")
    return file, calls, build


def _again_message(file, calls, build, capsys):
    capsys.readouterr()
    result = cache.cached_frames("dmg", {"x": 1}, ("t",), build)
    pd.testing.assert_frame_equal(result[0], pd.DataFrame({"v": [1.5, 2.5]}))
    assert len(calls) == 2  # recomputed
    assert cache.read_verified(file).equals(result[0])  # and rewritten whole
    out, err = capsys.readouterr()
    assert out == ""
    return err


@pytest.mark.parametrize(
    "damage, why",
    [
        (lambda data, name: b"", "is empty"),
        (lambda data, name: b"\n" + data, "has no valid header line"),
        (lambda data, name: data.split(b"\n", 1)[0], "has no valid header line"),  # header without newline
        (lambda data, name: data.split(b"\n", 1)[1], "has no valid header line"),  # plain CSV
        (lambda data, name: data.replace(b"cache 3 ", b"cache 2 ", 1), "was written by cache version 2, not 3"),
        (lambda data, name: data.replace(name.encode(), b"other.csv", 1), "holds the table of other.csv (copied or renamed)"),
        (lambda data, name: data[:-2], "content does not match its sha256 (truncated or edited)"),
        (lambda data, name: data.replace(b"1.5", b"1.6"), "content does not match its sha256 (truncated or edited)"),
    ],
    ids=["empty", "blank-first-line", "header-only", "no-header", "old-version", "renamed", "truncated", "edited"],
)
def test_damaged_file_is_recomputed_with_one_line_on_stderr(damage, why, capsys):
    assert cache.CACHE_VERSION == 3
    file, calls, build = _first_file()
    file.write_bytes(damage(file.read_bytes(), file.name))
    assert _again_message(file, calls, build, capsys) == f"cache: {file} {why}; recomputing.\n"


def test_a_header_naming_a_file_in_bytes_that_are_not_utf8(capsys):
    file, calls, build = _first_file()
    head, body = file.read_bytes().split(b"\n", 1)
    file.write_bytes(head.replace(file.name.encode(), b"\xff\xfe.csv") + b"\n" + body)
    err = _again_message(file, calls, build, capsys)
    assert err == f"cache: {file} holds the table of \ufffd\ufffd.csv (copied or renamed); recomputing.\n"


def test_a_verified_file_that_does_not_parse(capsys):
    file, calls, build = _first_file()
    body = b'v\n"unterminated\n'
    file.write_bytes(cache._header(file.name, body) + body)
    err = _again_message(file, calls, build, capsys)
    assert err.startswith(f"cache: {file} cannot be parsed (ParserError: ") and err.endswith("; recomputing.\n")


def test_an_unreadable_file(monkeypatch, capsys):
    file, calls, build = _first_file()
    real = type(file).read_bytes
    refused = []

    def refuse(path):
        if path == file and not refused:  # once: the rewritten file reads normally
            refused.append(path)
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(type(file), "read_bytes", refuse)
    err = _again_message(file, calls, build, capsys)
    assert err == f"cache: {file} cannot be read (PermissionError: [Errno 13] Permission denied); recomputing.\n"


def test_unwritable_folder_at_save_time_says_so_on_stderr_only(monkeypatch, capsys):
    def refuse(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache, "atomic_write_bytes", refuse)
    calls, build = _calls_and_build((pd.DataFrame({"v": [1.5]}),))
    result = cache.cached_frames("ro", {}, ("t",), build)
    pd.testing.assert_frame_equal(result[0], pd.DataFrame({"v": [1.5]}))
    file = config.cache_dir() / f"ro-{cache.cache_key({})}-t.csv"
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"cache: cannot write {file} (PermissionError: [Errno 13] Permission denied); the result is not cached. "
        "Set TBI_CACHE_DIR to a writable folder.\n"
    )


# --------------------------------------------------------------------------- arrays


def _array_build(calls):
    def build():
        calls.append(1)
        return {"Z": np.arange(6.0).reshape(2, 3) / 7}

    return build


def test_arrays_file_name_and_damage_message(capsys):
    calls = []
    cache.cached_arrays("arr", {"y": 1}, _array_build(calls))
    file = config.cache_dir() / f"arr-{cache.cache_key({'y': 1})}.npz"
    assert file.is_file()
    data = file.read_bytes()
    file.write_bytes(data[:-3])
    capsys.readouterr()
    again = cache.cached_arrays("arr", {"y": 1}, _array_build(calls))
    np.testing.assert_array_equal(again["Z"], np.arange(6.0).reshape(2, 3) / 7)
    out, err = capsys.readouterr()
    assert len(calls) == 2 and out == ""
    assert err == f"cache: {file} content does not match its sha256 (truncated or edited); recomputing.\n"
    assert file.read_bytes() == data  # rewritten whole


def test_arrays_that_verify_but_do_not_load_message(capsys):
    calls = []
    cache.cached_arrays("arr", {}, _array_build(calls))
    file = config.cache_dir() / f"arr-{cache.cache_key({})}.npz"
    file.write_bytes(cache._header(file.name, b"junk") + b"junk")
    capsys.readouterr()
    cache.cached_arrays("arr", {}, _array_build(calls))
    err = capsys.readouterr().err
    assert len(calls) == 2
    assert err.startswith(f"cache: {file} cannot be loaded (") and err.endswith("; recomputing.\n")


def test_a_pickle_in_a_verified_arrays_file_is_not_loaded(capsys):
    """No pickles in the cache: a file holding an object array, even with a valid header, is recomputed."""
    calls = []
    cache.cached_arrays("arr", {}, _array_build(calls))
    file = config.cache_dir() / f"arr-{cache.cache_key({})}.npz"
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=True, Z=np.array([{"a": 1}], dtype=object))
    body = buffer.getvalue()
    file.write_bytes(cache._header(file.name, body) + body)
    result = cache.cached_arrays("arr", {}, _array_build(calls))
    assert len(calls) == 2 and result["Z"].dtype == np.float64
    assert "cannot be loaded (ValueError: " in capsys.readouterr().err


def test_object_arrays_are_refused_before_anything_is_written():
    """An object array is refused when saving (numpy's 'cannot be saved' error), so no pickle reaches the cache."""
    with pytest.raises(ValueError, match="Object arrays cannot be saved when allow_pickle=False"):
        cache.cached_arrays("objects", {}, lambda: {"o": np.array([{"a": 1}], dtype=object)})
    assert not config.cache_dir().exists() or list(config.cache_dir().iterdir()) == []
