"""Pins of lib.data.paper (issue 21): the shape of the paper's Table 1 and the message for a damaged transcription."""

import re

import pytest

from lib.data import paper
from lib.data.errors import FileFormatError, TableError


def test_paper_table1_is_year_by_country():
    t1 = paper.paper_table1()
    assert (t1.index.name, t1.columns.name) == ("year", "country")
    assert list(t1.columns) == ["CHN", "USA", "GBR", "KOR", "DEU", "IND", "BRA", "JPN"]
    assert list(t1.index) == list(range(2000, 2015)) and t1.index.dtype.kind == "i"


def test_a_value_that_is_not_a_number_is_named_with_its_data_row(tmp_path, monkeypatch):
    shipped = paper.config.DATA_DIR / paper.PAPER_TABLES
    lines = shipped.read_text().splitlines()
    header, rows = lines[0], lines[1:]
    cells = rows[1].split(",")
    position = header.split(",").index("value")
    cells[position] = "n/a"
    damaged = tmp_path / "tables.csv"
    damaged.write_text("\n".join([header, rows[0], ",".join(cells), *rows[2:5]]) + "\n")
    monkeypatch.setattr(paper, "verify_listed", lambda *args: (damaged, "digest"))
    with pytest.raises(TableError, match=re.escape(f"{damaged}: column 'value' holds 1 entries that are not numbers, "
                                                   "e.g. 'n/a' (data row 2); expected a number in every row.")):  # fmt: skip
        paper.published_tables()


def _transcription(tmp_path, monkeypatch, lines) -> None:
    damaged = tmp_path / "tables.csv"
    damaged.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(paper, "verify_listed", lambda *args: (damaged, "digest"))


def test_variables_stay_text_when_every_one_looks_like_a_number(tmp_path, monkeypatch):
    # Table 1's variables are years: a transcription of Table 1 alone must still give text, as the full file does.
    lines = (paper.config.DATA_DIR / paper.PAPER_TABLES).read_text().splitlines()
    position = lines[0].split(",").index("table")
    _transcription(tmp_path, monkeypatch, [lines[0]] + [r for r in lines[1:] if r.split(",")[position] == "1"][:8])
    frame = paper.published_tables()
    assert len(frame) == 8 and frame["variable"].map(type).eq(str).all() and frame["table"].eq("1").all()
    assert frame["variable"].str.fullmatch(r"20\d\d").all()


def test_a_file_that_is_not_a_csv_names_the_expected_columns(tmp_path, monkeypatch):
    _transcription(tmp_path, monkeypatch, ['table,"column', "1,2"])
    with pytest.raises(FileFormatError, match=re.escape(f"expected columns {list(paper.PAPER_COLUMNS)}.")):
        paper.published_tables()
