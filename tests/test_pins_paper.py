"""Pins of lib.data.paper (issue 21): the shape of the paper's Table 1 and the message for a damaged transcription."""

import re

import pytest

from lib.data import paper
from lib.data.errors import TableError


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
