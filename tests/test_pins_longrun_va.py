"""Pins what mutmut found unpinned in lib.mrio.longrun_va (issue 21): the columns and known values of
``final_demand_diagnostics`` and ``va_definition_effect``, the ``data_dir`` and ``balance_method`` they honour,
and the strict thresholds (negative, not zero, not below one) of the negative-final-demand counts.

The published LR-WIOD files are replaced by small hand-made tables (``read_longrun`` is monkeypatched), so the
expected numbers are worked by hand or by an explicit Leontief inverse, and nothing is read from disk.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from lib.data.iotable import IOTable
from lib.data.longrun import LONGRUN_FD_CATEGORIES
from lib.mrio import longrun_va

FD_COLUMNS = ["year", "max_row_gap", "margins", "margins_share", "neg_inventory_cells", "neg_inventory",
              "neg_other_cells", "neg_fd_cells", "neg_fd"]  # fmt: skip
VA_COLUMNS = ["country", "year", "va_residual", "va_xva", "margins_share", "tbi_residual", "tbi_xva", "difference"]


def _fake_reader(monkeypatch, tables):
    """Replace read_longrun by one serving ``tables[year]`` and recording (year, data_dir)."""
    calls = []

    def read(year, data_dir=None):
        calls.append((year, data_dir))
        return tables[year]

    monkeypatch.setattr(longrun_va, "read_longrun", read)
    return calls


# --------------------------------------------------------------------------- final_demand_diagnostics


def _hand_table(year):
    """Two countries, one sector, the four LR-WIOD categories (CONS_h, CONS_g, GFCF, INVEN) per buyer.

    Final demand by (producer, buyer), summed over categories: H->H -2, H->F 0.75, F->H 0, F->F 14.
    Inventories: -3, 0.5, 0, -30; one other negative cell (F->F CONS_g = -1).
    Rows: H 3 - 1.25 = 1.75 against x 4 (gap 2.25); F 2 + 14 = 16 against x 15.5 (gap -0.5).
    Value added x - Z'1: 4 - 2 = 2 and 15.5 - 3 = 12.5 (total 14.5); margins 0.5 + 1 = 1.5.
    """
    assert LONGRUN_FD_CATEGORIES.index("INVEN") == 3
    Z = np.array([[1.0, 2.0], [1.0, 1.0]])
    Y = np.array([[1.0, 0.0, 0.0, -3.0, 0.25, 0.0, 0.0, 0.5],
                  [0.0, 0.0, 0.0, 0.0, 40.0, -1.0, 5.0, -30.0]])  # fmt: skip
    x = np.array([4.0, 15.5])
    table = IOTable(Z=Z, Y=Y, x=x, countries=("H", "F"), sectors=("all",), fd_categories=LONGRUN_FD_CATEGORIES,
                    year=year, source="hand-made LR table")  # fmt: skip
    return SimpleNamespace(table=table, margins=np.array([0.5, 1.0]), xva=table.va - np.array([0.5, 1.0]))


def test_final_demand_diagnostics_worked_by_hand_and_read_from_data_dir(monkeypatch, tmp_path):
    calls = _fake_reader(monkeypatch, {1965: _hand_table(1965), 1970: _hand_table(1970)})
    d = longrun_va.final_demand_diagnostics(years=(1965, 1970), data_dir=tmp_path)
    assert calls == [(1965, tmp_path), (1970, tmp_path)]
    assert list(d.columns) == FD_COLUMNS and d["year"].tolist() == [1965, 1970]
    row = d.iloc[0].to_dict()
    assert row["max_row_gap"] == 2.25
    assert row["margins"] == 1.5 and row["margins_share"] == pytest.approx(1.5 / 14.5, rel=1e-15)
    assert row["neg_inventory_cells"] == 2 and row["neg_inventory"] == -33.0  # 0.5 and 0 are not negative
    assert row["neg_other_cells"] == 1
    assert row["neg_fd_cells"] == 1 and row["neg_fd"] == -2.0  # 0.75 and 0 are not negative
    assert d.iloc[1].drop("year").to_dict() == pytest.approx(d.iloc[0].drop("year").to_dict(), rel=0, abs=0)


# --------------------------------------------------------------------------- va_definition_effect


def _lr_table(year, seed):
    """Three regions (two countries and ROW), two sectors, four categories, rows off by up to 5 %."""
    rng = np.random.default_rng(seed)
    G, N, K = 3, 2, 4
    GN = G * N
    Z = rng.uniform(1.0, 10.0, (GN, GN))
    Y = rng.uniform(5.0, 40.0, (GN, G * K))
    x = (Z.sum(axis=1) + Y.sum(axis=1)) * rng.uniform(0.95, 1.05, GN)
    table = IOTable(Z=Z, Y=Y, x=x, countries=("AAA", "BBB", "ROW"), sectors=("s1", "s2"),
                    fd_categories=LONGRUN_FD_CATEGORIES, year=year, source=f"fake LR {year}")  # fmt: skip
    margins = rng.uniform(0.01, 0.05, GN) * table.va
    return SimpleNamespace(table=table, margins=margins, xva=table.va - margins)


def _tbi_by_hand(Z, fd, x, va, N):
    """TBI per region with an explicit inverse: VA = aggregate(diag(va / x) (I - Z diag(x)^-1)^-1 Y)."""
    B = np.linalg.inv(np.eye(len(x)) - Z / x[None, :])
    absorbed = (va / x)[:, None] * (B @ fd)
    VA = absorbed.reshape(-1, N, absorbed.shape[1]).sum(axis=1)
    exports = VA.sum(axis=1) - np.diag(VA)
    imports = VA.sum(axis=0) - np.diag(VA)
    return (exports - imports) / (exports + imports)


def _expected(lr, method):
    t = lr.table
    G, N, K = 3, 2, 4
    fd = t.Y.reshape(G * N, G, K).sum(axis=2)
    gap = t.x - t.Z.sum(axis=1) - t.Y.sum(axis=1)
    if method == "discrepancy":  # the gap goes to the row's own country's final demand; x unchanged
        x = t.x
        fd = fd + gap[:, None] * (np.repeat(np.arange(G), N)[:, None] == np.arange(G)[None, :])
    elif method == "rowsum":  # x := row sums
        x = t.Z.sum(axis=1) + t.Y.sum(axis=1)
    else:  # "none"
        x = t.x
    va = x - t.Z.sum(axis=0)
    resid = _tbi_by_hand(t.Z, fd, x, va, N)
    published = _tbi_by_hand(t.Z, fd, x, lr.xva, N)
    va_country = va.reshape(G, N).sum(axis=1)
    return pd.DataFrame({
        "country": ["AAA", "BBB"], "year": t.year, "va_residual": va_country[:2],
        "va_xva": lr.xva.reshape(G, N).sum(axis=1)[:2],
        "margins_share": lr.margins.reshape(G, N).sum(axis=1)[:2] / va_country[:2],
        "tbi_residual": resid[:2], "tbi_xva": published[:2], "difference": resid[:2] - published[:2],
    })  # fmt: skip


@pytest.mark.parametrize("method", ["discrepancy", "rowsum", "none"])
def test_va_definition_effect_by_explicit_inverse_for_each_balance_method(monkeypatch, tmp_path, method):
    tables = {1965: _lr_table(1965, 1), 1970: _lr_table(1970, 2)}
    calls = _fake_reader(monkeypatch, tables)
    kwargs = {} if method == "discrepancy" else {"balance_method": method}
    out = longrun_va.va_definition_effect(years=(1965, 1970), data_dir=tmp_path, **kwargs)
    assert calls == [(1965, tmp_path), (1970, tmp_path)]
    assert list(out.columns) == VA_COLUMNS
    assert isinstance(out.index, pd.RangeIndex) and out.index.tolist() == [0, 1, 2, 3]
    expected = pd.concat([_expected(tables[1965], method), _expected(tables[1970], method)], ignore_index=True)
    pd.testing.assert_frame_equal(out, expected, check_dtype=False, rtol=1e-10, atol=0)


def test_va_definition_effect_balance_methods_differ_on_unbalanced_rows(monkeypatch):
    """The option is not silently ignored: with rows off, each method gives other TBIs."""
    _fake_reader(monkeypatch, {1965: _lr_table(1965, 1)})
    tbi = {m: longrun_va.va_definition_effect(years=(1965,), balance_method=m)["tbi_residual"].to_numpy()
           for m in ("discrepancy", "rowsum", "none")}  # fmt: skip
    assert np.abs(tbi["discrepancy"] - tbi["rowsum"]).min() > 1e-6
    assert np.abs(tbi["discrepancy"] - tbi["none"]).min() > 1e-6


def test_country_tbi_names_its_columns_and_reproduces_the_book_flows():
    from lib.mrio.tbi import country_flows
    from lib.mrio.toy import toy_table

    table = toy_table()
    ours = longrun_va.country_tbi(table)
    assert list(ours.columns) == ["country", "va_exports", "va_imports", "tbi"]
    book = country_flows(table)[0].set_index("country")
    for column in ("va_exports", "va_imports", "tbi"):
        np.testing.assert_allclose(ours.set_index("country")[column], book.loc[ours["country"], column], rtol=1e-12)
