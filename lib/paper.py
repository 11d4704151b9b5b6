"""The published numbers of Gao, Li & Zhu (2021), read from ``data/paper/``.

The tables were transcribed once from the paper into a long CSV with one row
per published number and a ``source`` column giving table, column and row.
Chapters read them from here to show them *beside* our estimates; they are
never used as inputs to a computation.
"""

from __future__ import annotations

import pandas as pd

from . import config
from .checksums import read_sha256sums, verify_file

PAPER_TABLES = "paper/gao_li_zhu_2021_tables.csv"
HOW_TO_GET = "It ships with the book; restore it with 'git checkout -- data/paper'."


def published_tables() -> pd.DataFrame:
    """All transcribed numbers: columns table, column, dependent, sample, variable, stat, value, source."""
    path = config.DATA_DIR / PAPER_TABLES
    expected = read_sha256sums(config.DATA_DIR / "SHA256SUMS").get(PAPER_TABLES)
    verify_file(path, expected, HOW_TO_GET)
    return pd.read_csv(path, dtype={"table": str, "variable": str}, keep_default_na=False)


def paper_table1() -> pd.DataFrame:
    """The paper's Table 1 (TBI of eight economies, 2000-2014) as year x ISO3 country."""
    t1 = published_tables().query("table == '1'")
    wide = t1.pivot(index="variable", columns="column", values="value").astype(float)
    wide.index = wide.index.astype(int).rename("year")
    wide.columns.name = "country"
    return wide[["CHN", "USA", "GBR", "KOR", "DEU", "IND", "BRA", "JPN"]]


def side_by_side(ours: pd.DataFrame, published: pd.DataFrame, names=("paper", "ours", "difference")) -> pd.DataFrame:
    """Interleave published and our numbers column by column, with ``ours - paper``.

    Both frames share index and columns (e.g. year x country); only the cells
    present in both are compared. Returns columns ``(column, paper|ours|difference)``.
    """
    index = published.index.intersection(ours.index)
    columns = [c for c in published.columns if c in ours.columns]
    p, o = published.loc[index, columns], ours.loc[index, columns]
    parts = {name: frame for name, frame in zip(names, (p, o, o - p))}
    out = pd.concat(parts, axis=1).swaplevel(axis=1)
    return out[[(c, n) for c in columns for n in names]]
