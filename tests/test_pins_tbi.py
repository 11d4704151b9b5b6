"""Pins of lib.mrio.tbi (issue 21): compute_flows on a release of two synthetic years, with and without the cache."""

import types

import pytest

from lib.data import releases
from lib.mrio import tbi
from lib.mrio.synthetic import random_table

REGIONS = ("AUS", "CHN", "ROW")


def synthetic_release():
    tables = {y: random_table(REGIONS, 2, seed=y, year=y) for y in (2000, 2001)}
    return releases.Release("synthetic", "synthetic", (2000, 2001), REGIONS, lambda year, path, bm: tables[year],
                            lambda years, path: {y: f"digest{y}" for y in years}, "")  # fmt: skip


@pytest.mark.parametrize("cache", [True, False])
def test_compute_flows_stacks_the_years_with_a_fresh_index(cache):
    countries, bilateral = tbi.compute_flows(synthetic_release(), cache=cache, progress=False)
    assert list(countries.index) == list(range(6)) and list(bilateral.index) == list(range(18))
    assert list(countries["year"]) == [2000] * 3 + [2001] * 3 and list(countries["country"]) == [*REGIONS, *REGIONS]


def test_compute_flows_reports_progress_only_when_asked_or_computing(capsys):
    tbi.compute_flows(synthetic_release(), progress=False)
    assert capsys.readouterr().err == ""
    tbi.compute_flows(synthetic_release(), balance_method="rowsum")  # default: one line per computed year
    err = capsys.readouterr().err
    assert err.count("WIOD synthetic") == 2 and "2000: done (1/2" in err and "2001: done (2/2" in err
    tbi.compute_flows(synthetic_release(), balance_method="rowsum")  # read from the cache: nothing to report
    assert capsys.readouterr().err == ""
    tbi.compute_flows(synthetic_release(), cache=False)
    assert capsys.readouterr().err == ""
    tbi.compute_flows(synthetic_release(), cache=False, progress=True)  # asked for without the cache
    assert capsys.readouterr().err.count("WIOD synthetic") == 2


def test_bilateral_panel_passes_its_years_and_progress_on(capsys):
    """bilateral_panel is compute_flows' second frame: the years asked for, and a progress line only when asked."""
    panel = tbi.bilateral_panel(synthetic_release(), years=[2001], cache=False, progress=True)
    assert capsys.readouterr().err.count("WIOD synthetic") == 1
    _, bilateral = tbi.compute_flows(synthetic_release(), years=[2001], cache=False, progress=False)
    assert set(panel["year"]) == {2001} and panel.equals(bilateral)


def test_the_progress_line_gives_the_seconds_since_the_start(capsys, monkeypatch):
    clock = iter([100.0, 102.5, 104.0])
    monkeypatch.setattr(tbi, "time", types.SimpleNamespace(perf_counter=lambda: next(clock)))
    tbi.compute_flows(synthetic_release(), cache=False, progress=True)
    err = capsys.readouterr().err
    assert "2000: done (1/2, 2.5 s)" in err and "2001: done (2/2, 4.0 s)" in err, err


def recording_release(calls: list):
    """The synthetic release, noting the folder and balance method each of its loaders is handed."""
    plain = synthetic_release()

    def load(year, path, balance_method):
        calls.append(("load", year, path, balance_method))
        return plain.load(year, path, balance_method)

    def checksums(years, path):
        calls.append(("checksums", tuple(years), path))
        return plain.checksums(years, path)

    return releases.Release("synthetic", "synthetic", plain.years, REGIONS, load, checksums, "")


@pytest.mark.parametrize("cache", [True, False])
@pytest.mark.parametrize("entry", [tbi.tbi_panel, tbi.bilateral_panel, tbi.compute_flows])
def test_the_folder_balance_method_and_progress_reach_the_release(entry, cache, capsys):
    """Every entry point hands the folder (the 2016 files) and the balance method down to the release's loaders, and
    keeps quiet when asked to (progress=False), even while it computes."""
    calls = []
    entry(recording_release(calls), path="folder", years=[2001], balance_method="rowsum", cache=cache, progress=False)
    read = [("checksums", (2001,), "folder")] if cache else []  # the cache key: the digests of the files read
    assert calls == [*read, ("load", 2001, "folder", "rowsum")]
    assert capsys.readouterr().err == ""


def test_each_progress_line_is_flushed_as_it_is_written(monkeypatch):
    """A buffered stderr (a notebook's, a pipe) must show each year's line when the year is done, not at the end."""

    class Stream:
        def __init__(self):
            self.text, self.shown = "", []

        def write(self, text):
            self.text += text

        def flush(self):
            self.shown.append(self.text)

    stream = Stream()
    monkeypatch.setattr(tbi, "sys", types.SimpleNamespace(stderr=stream))
    tbi.compute_flows(synthetic_release(), cache=False, progress=True)
    assert [text.count("WIOD synthetic") for text in stream.shown] == [1, 2]
