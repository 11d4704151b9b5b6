"""The checks that the tests of the chapters' words run on every call (tests/chapter_snapshots.py): a phrase no page
reads fails, a snapshot names its first difference, and only calls made in the test body are recorded."""

import json
import types

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import chapter_snapshots as cs
from lib.report import book


def _fake_chapter(tmp_path, monkeypatch):
    """A chapter module ``fakechapter`` with a notebook that reads ``txt.shown``, and a test module for it."""
    chapters = tmp_path / "chapters"
    chapters.mkdir(exist_ok=True)
    cell = {"cell_type": "markdown", "source": ["It reads {eval}`txt.shown`."], "metadata": {}}
    (chapters / "fakechapter.ipynb").write_text(json.dumps({"cells": [cell]}))
    monkeypatch.setattr(cs, "ROOT", tmp_path / "tests")
    monkeypatch.setattr(cs, "SNAPSHOTS", tmp_path / "tests" / "snapshots")
    words = types.ModuleType("lib.report.chapters.fakechapter")

    def passage(key="shown", value="one"):
        return book.Passage().say(key, value)

    def table(value):
        return book.table(pd.DataFrame({"a": [value]}), "A caption.", "tbl-fake", index=False)

    for f in (passage, table):
        f.__module__ = words.__name__
        setattr(words, f.__name__, f)
    test_module = types.SimpleNamespace(__name__="test_prose_fakechapter", __file__=__file__, words=words,
                                        UNREAD_KEYS={"said_on_purpose"})  # fmt: skip
    return words, test_module


def test_a_phrase_no_page_reads_fails_unless_listed(tmp_path, monkeypatch):
    monkeypatch.setenv(cs.UPDATE, "1")
    words, module = _fake_chapter(tmp_path, monkeypatch)
    cs.watch(monkeypatch, module, "t", "test_a_phrase_no_page_reads_fails_unless_listed")
    assert words.passage()["shown"] == "one"
    assert words.passage("said_on_purpose")["said_on_purpose"] == "one"
    with pytest.raises(AssertionError, match=r"says \['XXshownXX'\], which no notebook of the chapter 'fakechapter'"):
        words.passage("XXshownXX")


def test_a_snapshot_is_written_then_compared_and_names_its_first_difference(tmp_path, monkeypatch):
    name = "test_a_snapshot_is_written_then_compared_and_names_its_first_difference"
    monkeypatch.setenv(cs.UPDATE, "1")
    words, module = _fake_chapter(tmp_path, monkeypatch)
    w = cs.watch(monkeypatch, module, "t[x]", name)
    words.passage(value="one")
    words.table(1.5)
    w.save()
    stored = json.loads((tmp_path / "tests" / "snapshots" / "test_prose_fakechapter" / "t_x.json").read_text())
    assert stored["passage#1"]["passage"] == {"shown": "one"} and "| 1.5000 |" in stored["table#1"]["table"]
    monkeypatch.delenv(cs.UPDATE)
    words, module = _fake_chapter(tmp_path, monkeypatch)
    cs.watch(monkeypatch, module, "t[x]", name)
    words.passage(value="one")
    with pytest.raises(AssertionError, match=r"table \(call 1\) differs from its snapshot .*: table\[5\]: "
                                             r"'\| 1\.5000 \|' != '\| 1\.5001 \|'"):  # fmt: skip
        words.table(1.5001)
    with pytest.raises(AssertionError, match=r"has no entry passage#2: run `make snapshots`"):
        words.passage(value="one")
    words, module = _fake_chapter(tmp_path, monkeypatch)
    cs.watch(monkeypatch, module, "another test", name)
    with pytest.raises(AssertionError, match=r"no snapshot .*another_test\.json: run `make snapshots`"):
        words.passage()


def test_the_frame_walk_tells_the_test_body_from_a_helper():
    w = cs.Watch.__new__(cs.Watch)
    w.test_file, w.test_function = __file__, "test_the_frame_walk_tells_the_test_body_from_a_helper"
    w.helpers = set()

    def probe():  # stands for the wrapper: _from_test_body looks two frames up, at the wrapper's caller
        return w._from_test_body()

    assert probe() is True
    assert [probe() for _ in range(2)] == [True, True]  # a comprehension of the test body
    assert _module_helper(probe) is False  # a helper of the test module, which may be cached: left out
    w.helpers = {"_module_helper"}
    assert _module_helper(probe) is True  # unless the module lists it in SNAPSHOT_HELPERS (computes afresh)


def _module_helper(probe):
    return probe()


def test_figure_summary_holds_what_a_reader_sees():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2], [0.5, 1 / 3], color="red", label="a line")
    ax.bar([1], [2.0], color="0.5")
    ax.set_title("Title")
    ax.set_xlabel("x")
    ax.legend()
    ax.text(1, 1, "note", fontsize=8)
    s = cs.figure_summary(fig)
    axes = s["axes"][0]
    assert s["size"] == ["4", "3"] and axes["title"][1] == "Title" and axes["xlabel"]["text"] == "x"
    assert axes["lines"][0]["y"] == ["0.5", "0.333333"] and axes["lines"][0]["colour"] == "#ff0000ff"
    assert axes["patches"][0]["box"] == ["0.6", "0", "0.8", "2"] and axes["patches"][0]["face"] == "#808080ff"
    assert axes["legend"]["texts"] == ["a line"] and axes["texts"][0]["text"] == "note"
    assert axes["texts"][0]["size"] == "8"
    plt.close(fig)


def test_long_arrays_are_stored_by_digest_and_differences_are_located():
    long = cs._values(range(100))
    assert long["n"] == 100 and long["first"] == ["0", "1", "2", "3", "4"] and len(long["sha256"]) == 16
    assert cs._values([float("nan"), 1e-7]) == ["nan", "1e-07"]
    assert cs.first_difference({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}) == "a[1].b: 2 != 3"
    assert cs.first_difference({"a": 1}, {"a": 1, "c": 2}) == "c: None != 2"
    assert cs.first_difference([1], [1, 2]) == ": [1] != [1, 2]"
