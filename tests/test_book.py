"""Chapter helpers: the precision policy of numbers in prose, captioned tables, regression layout, checks."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from lib.report import book
from lib.econometrics.estimation import FEResult


def test_numbers_in_prose():
    assert book.num(-0.12345, ".3f") == "\u2212" + "0.123"  # a true minus sign
    assert book.num(1234.5, ",.1f") == "1,234.5"
    assert repr(book.num(2.5)) == "2.50"  # {eval} shows it without quotes
    assert book.signed(1.5) == "+1.50" and book.signed(-1.5) == "\u22121.50"
    assert book.pvalue(3.5e-5) == "3.5e-05" and book.pvalue(0.00099) == "9.9e-04"
    assert book.pvalue(0.001) == "0.001" and book.pvalue(0.0456) == "0.046"
    assert book.count(1234) == "1,234"
    assert book.coef(10.26012, 0.004) == "10.2601***" and book.se(3.31958) == "(3.3196)"
    for bad in (math.nan, math.inf):
        with pytest.raises(ValueError, match="nan or inf"):
            book.num(bad)
    with pytest.raises(ValueError):
        book.pvalue(1.5)
    with pytest.raises(ValueError):
        book.count(2.5)


def test_prose_namespace_accepts_only_formatted_values():
    txt = book.Prose()
    txt.a = book.num(1.5)
    txt.n = 39
    assert txt.a == "1.50" and txt.n == "39" and isinstance(txt.n, book.Shown)
    with pytest.raises(TypeError, match="format numbers first"):
        txt.b = 1.5
    with pytest.raises(TypeError, match="boolean"):
        txt.c = True


def test_table_is_a_numbered_myst_table():
    frame = pd.DataFrame({"coef": [1.5, -2.25], "p": [0.01, np.nan], "note": ["a|b", "x*y"]}, index=["TBI", "RQ"])
    text = book.table(frame, "Caption with p < 0.1*", "tbl-x", formats={"p": book.pvalue})._repr_markdown_()
    lines = text.splitlines()
    assert lines[0] == ":::{table} Caption with p < 0.1\\*" and lines[1] == ":name: tbl-x"
    assert lines[3] == "|  | coef | p | note |" and lines[4] == "| :-- | --: | --: | :-- |"
    assert lines[5] == "| TBI | 1.5000 | 0.010 | a\\|b |"
    assert lines[6] == "| RQ | \u22122.2500 |  | x\\*y |"  # true minus; missing value empty, never 'nan'
    assert lines[-1] == ":::"


def test_download_writes_the_csv(tmp_path, monkeypatch):
    folder = tmp_path / "new" / "downloads"  # created with its parents on first use
    monkeypatch.setattr(book, "DOWNLOADS", folder)
    frame = pd.DataFrame({"a": [1, 2]})
    link = book.download(frame, "x.csv", "the data")._repr_markdown_()
    assert "downloads/x.csv" in link and "2 rows" in link
    pd.testing.assert_frame_equal(pd.read_csv(folder / "x.csv"), frame)
    with pytest.raises(ValueError):
        book.download(frame, "../x.csv", "bad")


def test_download_writes_a_reproducible_gzip(tmp_path, monkeypatch):
    monkeypatch.setattr(book, "DOWNLOADS", tmp_path)
    frame = pd.DataFrame({"a": [1.5, 2.0], "b": ["x", "y"]})
    link = book.download(frame, "x.csv.gz", "the data")._repr_markdown_()
    assert "downloads/x.csv.gz" in link and "gzip-compressed, 2 rows" in link
    first = (tmp_path / "x.csv.gz").read_bytes()
    assert first[:2] == b"\x1f\x8b"  # gzip magic
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "x.csv.gz"), frame)
    book.download(frame, "x.csv.gz", "the data")
    assert (tmp_path / "x.csv.gz").read_bytes() == first  # no time stamp: same table, same bytes
    with pytest.raises(ValueError, match=r"\.csv\.gz"):
        book.download(frame, "x.gz", "bad")


def _result(coefs, ses, omitted=()):
    params, se = pd.Series(coefs, dtype=float), pd.Series(ses, dtype=float)
    return FEResult("KOFGIdj", params, se, pd.DataFrame(np.diag(se**2), params.index, params.index), 468, 39, 0.6, 38,
                    notes={"omitted": list(omitted)})  # fmt: skip


def test_regression_table_stacks_the_paper_below_ours():
    results = {"(3)": _result({"tbi": 9.429, "RQ": 2.8669, "const": -123.5}, {"tbi": 2.9037, "RQ": 1.3155, "const": 65.5})}
    table = book.regression_table(results, paper_table="3", terms=("TBI", "RQ", "developed"))
    labels = list(table[""])
    assert labels[:4] == ["TBI", "", "  paper", ""] and labels[4:8] == ["RQ", "", "  paper", ""]
    col = list(table["(3)"])
    assert col[0] == "9.4290***" and col[1] == "(2.9037)" and col[2] == "13.5286***" and col[3] == "(4.4743)"
    assert "developed" not in labels  # absent everywhere: no row
    omitted = {"(3)": _result({"tbi": 1.0}, {"tbi": 0.1}, omitted=["developed"])}
    shown = book.regression_table(omitted, terms=("TBI", "developed"))
    assert shown.loc[shown[""] == "developed", "(3)"].item() == "(omitted)"
    assert list(shown["(3)"])[list(shown[""]).index("developed") + 1] == ""  # no standard error under "(omitted)"
    bare = _result({"tbi": 1.0}, {"tbi": 0.1})
    bare.notes.clear()  # an estimator that reports no omitted regressors at all
    assert list(book.regression_table({"(3)": bare}, terms=("TBI",))["(3)"])[:2] == ["1.0000***", "(0.1000)"]
    # Another regressor in the TBI row is named as such (the DVA-based index of the robustness chapter).
    dva = {"(3)": _result({"tbi_dva": 2.0}, {"tbi_dva": 0.5})}
    assert list(book.regression_table(dva, terms=("TBI",), regressor="tbi_dva")[""])[:2] == ["TBI (DVA)", ""]


def test_checks():
    ch = book.setup("2013")
    ch.check(True, "fine")
    with pytest.raises(AssertionError, match="Check failed: broken"):
        ch.check(False, "broken")
    ch.check_if(False, lambda: 1 / 0, "only for the defaults")  # not evaluated when it does not apply
    assert ch.skipped == ["Not checked for these parameters: only for the defaults"]
    with pytest.raises(AssertionError):
        ch.check_if(True, lambda: False, "applies")
    ch.check_if(True, lambda: True, "applies and holds")  # a condition that holds passes, callable or not
    ch.check_if(True, 1 < 2, "applies and holds, given as a value")
    assert ch.label == "WIOD 2013 release (1995–2011)" and ch.txt.release_label == ch.label
    assert ch.years == tuple(range(1995, 2012)) and ch.release == "2013"
    with pytest.raises(ValueError, match="Parameter X"):
        book.require("z", ("a", "b"), "X")


def test_chapter_defaults_are_read_from_the_parameters_cell():
    d = book.chapter_defaults("baseline")
    assert d["RELEASE"] == "2013" and d["EXCLUDE"] == ("ROU",) and d["EXCHANGE_RATE"] == "real"
    assert book.changed_parameters("baseline", {**d, "EXCLUDE": ["ROU"]}) == {}  # a list from JSON equals the tuple
    assert book.changed_parameters("baseline", {**d, "EXCLUDE": []}) == {"EXCLUDE": []}
    assert book.changed_parameters("baseline", {"RELEASE": "2013"}) == {}  # names not in the namespace are skipped
    with pytest.raises(ValueError, match="no notebook"):
        book.chapter_defaults("no-such-chapter")


@pytest.mark.parametrize("n_tagged", [0, 2])
def test_chapter_defaults_needs_exactly_one_parameters_cell(tmp_path, monkeypatch, n_tagged):
    cells = [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": ["X = 1\n"]}] * n_tagged
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "x.ipynb").write_text(json.dumps({"cells": cells}))
    monkeypatch.setattr(book.config, "ROOT", tmp_path)
    with pytest.raises(ValueError) as err:
        book.chapter_defaults("x")
    assert str(err.value) == f"chapter_defaults: x.ipynb has {n_tagged} cells tagged 'parameters'; expected one."


def test_variant_downloads_never_replace_the_published_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(book, "DOWNLOADS", tmp_path)
    frame = pd.DataFrame({"a": [1]})
    d = book.chapter_defaults("baseline")
    book.setup("2013", chapter="baseline", namespace=d)
    assert "downloads/x.csv" in book.download(frame, "x.csv", "x")._repr_markdown_()
    book.setup("2013", chapter="baseline", namespace={**d, "EXCLUDE": ()})
    note = capsys.readouterr().out
    tag = book.variant_tag({"EXCLUDE": ()})
    assert tag.startswith("variant-") and len(tag) == 16 and f"*.{tag}.csv" in note and "EXCLUDE = ()" in note
    link = book.download(frame.assign(a=2), "x.csv", "x")._repr_markdown_()
    assert f"downloads/x.{tag}.csv" in link
    book.download(frame, "y.csv.gz", "y")
    assert (tmp_path / f"y.{tag}.csv.gz").is_file() and not (tmp_path / "y.csv.gz").exists()
    assert pd.read_csv(tmp_path / "x.csv")["a"].tolist() == [1]  # the published file is untouched
    assert book.variant_tag({"EXCLUDE": [], "TFP": "x"}) == book.variant_tag({"TFP": "x", "EXCLUDE": ()})  # stable
    book.setup("2013")  # no chapter: the book's own names again
    assert "downloads/z.csv" in book.download(frame, "z.csv", "z")._repr_markdown_()


def test_parameter_errors_list_every_value_and_suggest_one():
    years = range(1995, 2012)
    with pytest.raises(ValueError, match=r"YEAR = 2013 is not available; choose one of 1995–2011\.$"):
        book.require(2013, years, "YEAR")
    with pytest.raises(ValueError, match=r"choose one of 1965, 1970, 1975, 1980, 1985, 1990, 1995, 2000\."):
        book.require(1967, (1965, 1970, 1975, 1980, 1985, 1990, 1995, 2000), "YEAR")
    codes = ("AUS", "DEU", "POL", "PRT", "USA")
    with pytest.raises(ValueError) as err:
        book.require("pol", codes, "COUNTRY")
    message = str(err.value)
    assert "'AUS', 'DEU', 'POL', 'PRT', 'USA'" in message and "Did you mean 'POL'?" in message
    assert "appendix 'Country codes'" in message
    with pytest.raises(ValueError) as err:
        book.require("xyz", ("real", "nominal"), "EXCHANGE_RATE")
    assert "Did you mean" not in str(err.value) and "appendix" not in str(err.value)
    assert book.require(2005, years, "YEAR") == 2005


def test_country_code_table():
    from lib.data import countries

    table = countries.code_table({"A": ("DEU", "ROU", "ROW"), "B": ("DEU", "CHN", "USA", "ROW")},
                                 {"paper": {"DEU"}, "imf": {"DEU", "ROU"}}).set_index("code")
    assert list(table.index) == ["CHN", "DEU", "ROU", "USA", "ROW"]  # ROW last, after USA
    assert table.at["ROU", "releases"] == "A" and table.at["DEU", "releases"] == "A, B"
    assert table.at["ROU", "group (paper rule)"] == "developing" and table.at["ROU", "group (imf rule)"] == "developed"
    assert table.at["ROW", "group (paper rule)"] == "—" and table.at["CHN", "name"] == "China"


def test_passage_carries_phrases_and_guards_into_the_chapter():
    passage = book.Passage()
    passage.say("b3", book.num(9.4321, ".2f")).say("n", 456)
    passage.check(True, "holds")
    passage.check_if(False, lambda: 1 / 0, "not evaluated when it does not apply")
    assert passage["b3"] == "9.43" and passage["n"] == "456" and "b3" in passage and passage.failed == []
    ch = book.Chapter(release="2013", years=(2000,), label="x")
    ch.add(passage)
    assert ch.txt.b3 == "9.43" and ch.skipped == ["Not checked for these parameters: not evaluated when it does not apply"]
    bad = book.Passage()
    bad.check(False, "the coefficient is positive")
    assert bad.failed == ["the coefficient is positive"]
    with pytest.raises(AssertionError, match="the coefficient is positive"):
        ch.add(bad)
    with pytest.raises(TypeError, match="format numbers first"):
        book.Passage().say("x", 0.5)


def test_integers_in_prose_use_the_true_minus():
    txt = book.Prose()
    txt.n = -3
    txt.m = 12345
    assert txt.n == "\u22123" and txt.m == "12,345"


def test_table_shows_a_missing_text_cell_empty():
    """A missing value in a text column (None or NaN, not formatted as a number) is empty too, never 'None' or 'nan'."""
    frame = pd.DataFrame({"source": ["WIOD", None, np.nan]}, dtype=object)
    rows = [line for line in book.table(frame, "Sources.", "tbl-x", index=False).text.splitlines() if line.startswith("| ")]
    assert rows[2:] == ["| WIOD |", "|  |", "|  |"]


def test_table_refuses_an_infinite_number_in_any_column():
    """Like book.num, a table never prints inf: the cell's column and the table are named (a NaN stays empty)."""
    for value in (np.inf, -np.inf, np.float32(np.inf)):
        frame = pd.DataFrame({"x": [1.0, value]})
        for formats in ({}, {"x": ".1f"}, {"x": lambda v: "shown"}):
            with pytest.raises(ValueError, match=r"table tbl-x: column 'x' holds -?inf; the book never prints inf"):
                book.table(frame, "Caption.", "tbl-x", formats=formats, index=False)
    rows = book.table(pd.DataFrame({"x": [np.nan, 2.0]}), "Caption.", "tbl-x", index=False).text.splitlines()
    assert [r for r in rows if r.startswith("| ")][2:] == ["|  |", "| 2.0000 |"]


def test_table_index_is_true_or_false():
    frame = pd.DataFrame({"x": [1.0]}, index=["a"])
    assert "| a |" in book.table(frame, "Caption.", "tbl-x", index=True).text
    assert "| a |" not in book.table(frame, "Caption.", "tbl-x", index=np.False_).text
    for bad in (None, 0, 1, "no"):
        with pytest.raises(TypeError, match=f"table tbl-x: index must be True or False, not {bad!r}"):
            book.table(frame, "Caption.", "tbl-x", index=bad)
    # An unnamed index gets an empty header; a named one keeps its name, and so does a column called "index".
    assert "|  | x |" in book.table(frame, "Caption.", "tbl-x").text
    assert "| country | x |" in book.table(frame.rename_axis("country"), "Caption.", "tbl-x").text
    assert "| index | x |" in book.table(frame.reset_index(), "Caption.", "tbl-x", index=False).text


def test_toc_parts_of_a_toc_without_parts(tmp_path, monkeypatch):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    monkeypatch.setattr(book.config, "ROOT", tmp_path)
    assert book.toc_parts() == {}
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nparts:\n  - caption: A\n    chapters:\n"
                                       "      - file: chapters/x\n  - chapters: []\n")
    assert book.toc_parts() == {"A": ["chapters/x"], "": []}


@pytest.mark.parametrize("call, what", [(lambda v: book.coef(v, 0.01), "coef"), (book.pvalue, "pvalue"),
                                        (lambda v: book.num(v), "num")])  # fmt: skip
def test_a_number_that_is_not_finite_is_refused_by_name(call, what):
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError) as err:
            call(bad)
        assert str(err.value) == f"{what}: {bad!r} is not finite; the book never prints nan or inf."
