"""The on-disk cache (lib/data/cache.py): verified reads, atomic writes, same result hit or miss (issue 10).

The damaged-file cases themselves are in ``tests/fuzz_cases.py``; these tests
pin the format and the behaviour around them.
"""

import multiprocessing
import sys

import numpy as np
import pandas as pd
import pytest

from lib.data import cache, config
from lib.data.errors import SettingError


def _frames():
    return (
        pd.DataFrame({"country": ["AUS", "CHN"], "year": [2000, 2001], "v": [0.1, 1 / 3], "flag": [True, False]}),
        pd.DataFrame({"a": np.arange(3.0) / 7}),
    )


def _cached(calls):
    def build():
        calls.append(1)
        return _frames()

    return cache.cached_frames("unit", {"x": 1}, ("first", "second"), build)


def test_hit_equals_miss_and_file_stays_readable():
    calls = []
    miss = _cached(calls)
    hit = _cached(calls)
    assert len(calls) == 1
    for a, b, original in zip(miss, hit, _frames()):
        pd.testing.assert_frame_equal(a, b)  # same values and dtypes whether or not the cache was hit
        pd.testing.assert_frame_equal(a, original, check_dtype=False)
    (first,) = config.cache_dir().glob("unit-*-first.csv")
    assert first.read_text().startswith(f"# tbi-book cache {cache.CACHE_VERSION} {first.name} sha256=")
    pd.testing.assert_frame_equal(pd.read_csv(first, skiprows=1), miss[0])  # plain CSV after one header line


def test_older_cache_version_is_recomputed(capsys):
    calls = []
    _cached(calls)
    (first,) = config.cache_dir().glob("unit-*-first.csv")
    head, body = first.read_text().split("\n", 1)
    first.write_text(head.replace(f"cache {cache.CACHE_VERSION} ", "cache 2 ") + "\n" + body)
    _cached(calls)
    assert len(calls) == 2 and "written by cache version 2" in capsys.readouterr().err


def test_unwritable_at_save_time_returns_the_result(monkeypatch, capsys):
    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(cache, "atomic_write_bytes", refuse)
    result = _cached([])
    pd.testing.assert_frame_equal(result[0], _frames()[0], check_dtype=False)
    assert "the result is not cached" in capsys.readouterr().err
    assert not list(config.cache_dir().glob("*.tmp"))


@pytest.mark.parametrize(
    "value, match", [("", "set but empty"), ("{file}", "is a file"), ("{file}/sub", "Not a directory")]
)
def test_unusable_cache_setting(tmp_path, monkeypatch, value, match):
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv("TBI_CACHE_DIR", value.format(file=tmp_path / "f"))
    with pytest.raises(SettingError, match=rf"TBI_CACHE_DIR[\s\S]*{match}[\s\S]*unset it"):
        _cached([])


def _worker(folder, queue):
    import os

    os.environ["TBI_CACHE_DIR"] = folder
    try:
        frames = cache.cached_frames("race", {"x": 2}, ("big",), lambda: (pd.DataFrame({"v": np.arange(50_000) / 3}),))
        queue.put(float(frames[0]["v"].sum()))
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        queue.put(repr(exc))


@pytest.mark.skipif(sys.platform != "linux", reason="uses fork")
def test_several_processes_build_at_once(tmp_path):
    """Four first runs write the same cache file at the same time: all succeed, the file is whole."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [context.Process(target=_worker, args=(str(tmp_path / "race"), queue)) for _ in range(4)]
    for p in processes:
        p.start()
    results = [queue.get(timeout=60) for _ in processes]
    for p in processes:
        p.join(timeout=60)
    expected = float((np.arange(50_000) / 3).sum())
    assert results == [expected] * 4
    (file,) = (tmp_path / "race").glob("race-*-big.csv")
    assert len(cache.read_verified(file)) == 50_000
    assert not list((tmp_path / "race").glob(".*.tmp"))


def test_a_table_without_columns_is_cached_and_read_back(capsys):
    """An empty result (no columns) is a valid result: the second call reads it without recomputing."""
    calls = []

    def build():
        calls.append(1)
        return (pd.DataFrame(),)

    first = cache.cached_frames("empty", {"k": 1}, ("t",), build)
    again = cache.cached_frames("empty", {"k": 1}, ("t",), build)
    assert first[0].empty and again[0].empty and len(calls) == 1
    assert "recomput" not in capsys.readouterr().err


def _arrays(calls, payload=None):
    def build():
        calls.append(1)
        return {"Z": np.arange(6.0).reshape(2, 3) / 7, "labels": np.asarray(["AUS", "CHN"])}

    return cache.cached_arrays("unit-arrays", payload or {"x": 1}, build)


def test_arrays_hit_equals_miss_and_damage_is_recomputed(capsys):
    calls = []
    miss = _arrays(calls)
    hit = _arrays(calls)
    assert len(calls) == 1 and miss.keys() == hit.keys() == {"Z", "labels"}
    for name in miss:
        np.testing.assert_array_equal(miss[name], hit[name])
        assert miss[name].dtype == hit[name].dtype
    (file,) = config.cache_dir().glob("unit-arrays-*.npz")
    assert file.read_bytes().startswith(f"# tbi-book cache {cache.CACHE_VERSION} {file.name} sha256=".encode())
    data = bytearray(file.read_bytes())
    data[-20] ^= 1  # one flipped bit in the arrays
    file.write_bytes(bytes(data))
    again = _arrays(calls)
    assert len(calls) == 2 and "does not match its sha256" in capsys.readouterr().err
    np.testing.assert_array_equal(again["Z"], miss["Z"])
    _arrays(calls, {"x": 2})  # another payload is another file
    assert len(calls) == 3 and len(list(config.cache_dir().glob("unit-arrays-*.npz"))) == 2


def test_arrays_that_verify_but_do_not_load_are_recomputed(capsys):
    calls = []
    _arrays(calls)
    (file,) = config.cache_dir().glob("unit-arrays-*.npz")
    file.write_bytes(cache._header(file.name, b"not an npz") + b"not an npz")  # a valid header, junk content
    _arrays(calls)
    assert len(calls) == 2 and "cannot be loaded" in capsys.readouterr().err


def test_arrays_refuse_objects():
    with pytest.raises(ValueError):
        cache.cached_arrays("unit-objects", {}, lambda: {"o": np.array([{"a": 1}], dtype=object)})
