"""The published numbers of Gao, Li & Zhu (2021), read from ``data/paper/``.

The tables were transcribed once from the paper into a long CSV with one row
per published number and a ``source`` column giving table, column and row.
Chapters read them from here to show them *beside* our estimates; they are
never used as inputs to a computation.
"""

from __future__ import annotations

import pandas as pd

from . import config
from .checksums import read_csv, verify_listed
from .errors import TableError

PAPER_TABLES = "paper/gao_li_zhu_2021_tables.csv"
PAPER_COLUMNS = ("table", "column", "dependent", "sample", "variable", "stat", "value", "source")
HOW_TO_GET = (
    f"It ships with the book; restore it with 'git checkout -- data/{PAPER_TABLES}' "
    f"(how it was made: data/README.md)."
)


def published_tables() -> pd.DataFrame:
    """All transcribed numbers: columns table, column, dependent, sample, variable, stat, value, source.

    Raises
    ------
    DataError
        If the file is missing, not listed in ``data/SHA256SUMS``, damaged, or
        its columns or values differ from the shipped file (message names the
        file and the column).
    """
    path, _ = verify_listed(config.DATA_DIR, PAPER_TABLES, HOW_TO_GET)
    frame = read_csv(path, f"columns {list(PAPER_COLUMNS)}", HOW_TO_GET,
                     dtype={"table": str, "variable": str}, keep_default_na=False)
    missing = [c for c in PAPER_COLUMNS if c not in frame.columns]
    if missing:
        raise TableError(f"{path}: missing columns {missing}; found {list(frame.columns)}. {HOW_TO_GET}")
    values = pd.to_numeric(frame["value"], errors="coerce")
    if values.isna().any():
        row = int(values.isna().to_numpy().argmax())
        raise TableError(
            f"{path}: column 'value' holds {int(values.isna().sum())} entries that are not numbers, "
            f"e.g. {frame['value'].iloc[row]!r} (data row {row + 1}); expected a number in every row. {HOW_TO_GET}"
        )
    return frame.assign(value=values.astype(float))


def paper_table1() -> pd.DataFrame:
    """The paper's Table 1 (TBI of eight economies, 2000-2014) as year x ISO3 country."""
    t1 = published_tables().query("table == '1'")
    wide = t1.pivot(index="variable", columns="column", values="value").astype(float)
    wide.index = wide.index.astype(int).rename("year")
    wide.columns.name = "country"
    return wide[["CHN", "USA", "GBR", "KOR", "DEU", "IND", "BRA", "JPN"]]
