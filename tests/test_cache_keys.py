"""Every cache key includes every argument that changes the result (issue 21, point 3).

Each cached entry point is called twice with arguments that differ in one option only; the payload it hands to the
cache must then give another key. The cache itself is replaced by a spy that records the key and stops the call, so
nothing is computed here: what is tested is the key, and `tests/test_fuzz_cache.py` tests that a key is honoured.
"""

from __future__ import annotations

import pytest

from lib.data import cache, releases
from lib.mrio import gvc, longrun_va, rounding, tbi


class _Stop(Exception):
    """Raised by the spy once the key is recorded."""


@pytest.fixture
def keys(monkeypatch):
    seen = []

    def spy(stem, payload, names, build):
        seen.append(f"{stem}-{cache.cache_key(payload)}")
        raise _Stop

    for module in (tbi, gvc, rounding, longrun_va):
        monkeypatch.setattr(module, "cached_frames", spy)
    return seen


def _key(seen, call, **options):
    with pytest.raises(_Stop):
        call(**options)
    return seen[-1]


YEARS = releases.release("2013").years


@pytest.mark.parametrize("call", [tbi.compute_flows, gvc.dva_panel], ids=["compute_flows", "dva_panel"])
def test_wiod_keys_change_with_years_and_balance(keys, call):
    base = _key(keys, call, vintage="2013", years=YEARS[:2])
    assert _key(keys, call, vintage="2013", years=YEARS[:2]) == base, "the same call must find its own entry"
    assert _key(keys, call, vintage="2013", years=YEARS[1:3]) != base
    assert _key(keys, call, vintage="2013", years=YEARS[:3]) != base
    for method in ("rowsum", "none"):
        assert _key(keys, call, vintage="2013", years=YEARS[:2], balance_method=method) != base, method


def test_wiod_keys_of_the_two_entry_points_never_collide(keys):
    assert _key(keys, tbi.compute_flows, years=YEARS[:1]) != _key(keys, gvc.dva_panel, years=YEARS[:1])


def test_wiod_cache_files_carry_a_readable_prefix(keys):
    """A reader browsing .cache/ sees what each file holds: entry point, release and balancing lead the name."""
    assert _key(keys, tbi.compute_flows, vintage="2013", years=YEARS[:1]).startswith("flows-wiod2013-discrepancy-")
    assert _key(keys, gvc.dva_panel, vintage="2013", years=YEARS[:1]).startswith("dva-wiod2013-discrepancy-")
    assert _key(keys, gvc.dva_panel, vintage="2013", years=YEARS[:1], balance_method="none").startswith("dva-wiod2013-none-")


def test_rounding_key_changes_with_years_modes_and_methods(keys):
    call = rounding.longrun_rounding_experiment
    base = _key(keys, call, years=(1965, 1970))
    assert _key(keys, call, years=(1965, 1970)) == base
    assert _key(keys, call, years=(1965, 1975)) != base
    assert _key(keys, call, years=(1965, 1970), modes=("trunc",)) != base
    assert _key(keys, call, years=(1965, 1970), modes=("nearest", "trunc")) != base, "order of modes is the row order"
    assert _key(keys, call, years=(1965, 1970), methods=("none", "spread")) != base


def test_longrun_diagnostics_key_is_the_files_content(keys, monkeypatch):
    base = _key(keys, longrun_va.diagnostics)
    assert _key(keys, longrun_va.diagnostics) == base
    changed = dict(longrun_va.input_checksums())
    changed[min(changed)] = "0" * 64
    monkeypatch.setattr(longrun_va, "input_checksums", lambda data_dir=None: changed)
    assert _key(keys, longrun_va.diagnostics) != base, "a changed input file must give another entry"


def test_cache_false_bypasses_the_cache(keys, monkeypatch):
    monkeypatch.setattr(tbi, "_compute", lambda *a: "computed")
    assert tbi.compute_flows(years=YEARS[:1], cache=False) == "computed"
    assert keys == []


def test_longrun_diagnostics_hands_data_dir_to_both_tables(monkeypatch, tmp_path):
    """diagnostics() returns (va_effect, final_demand) built from ``data_dir``, computed or through the cache."""
    import pandas as pd

    seen = []
    monkeypatch.setattr(longrun_va, "va_definition_effect", lambda data_dir=None: seen.append(("va", data_dir)) or pd.DataFrame({"a": [1.0]}))
    monkeypatch.setattr(longrun_va, "final_demand_diagnostics", lambda data_dir=None: seen.append(("fd", data_dir)) or pd.DataFrame({"b": [2]}))
    monkeypatch.setattr(longrun_va, "input_checksums", lambda data_dir=None: seen.append(("sums", data_dir)) or {1965: "0" * 64})
    va, fd = longrun_va.diagnostics(data_dir=tmp_path, cache=False)
    assert list(va.columns) == ["a"] and list(fd.columns) == ["b"] and seen == [("va", tmp_path), ("fd", tmp_path)]
    seen.clear()
    va, fd = longrun_va.diagnostics(data_dir=tmp_path)
    assert list(va.columns) == ["a"] and list(fd.columns) == ["b"]
    assert seen == [("sums", tmp_path), ("va", tmp_path), ("fd", tmp_path)]


def test_the_cache_version_cannot_be_overridden_by_a_payload(monkeypatch):
    """Bumping CACHE_VERSION must retire every entry, even one whose payload happens to hold a "version" key."""
    before = cache.cache_key({"version": "mine", "x": 1})
    monkeypatch.setattr(cache, "CACHE_VERSION", cache.CACHE_VERSION + 1)
    assert cache.cache_key({"version": "mine", "x": 1}) != before
