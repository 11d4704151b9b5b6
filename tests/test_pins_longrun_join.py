"""Pins for lib.econometrics.longrun_join: behaviour mutmut found unpinned (issue 21).

The real TBI panels take a minute to compute, so these tests replace the module's inputs with small synthetic
panels whose answers are known by construction: ``tbi_panel`` (the LR-WIOD and WIOD 2013 panels), the KOF file and
the controls. What is pinned: which years and options reach ``tbi_panel``; the overlap comparison's rows, columns,
order and gaps of every measure; the join shifts for each choice of overlap years; the spliced panel's rows, sources,
shifts and messages; the long-run regression panel's TBI rule, drop log (with its exact reasons), summary sentence
and the options it passes on; ``longrun_panel``'s printing.

Synthetic data: LR-WIOD has the 25 LR-WIOD countries (country number ``i`` in ``LONGRUN_COUNTRIES``) in 1965-2000
with ``tbi = 0.01 i - 0.002 k`` (``k`` = five-year steps since 1965); WIOD 2013 lacks HKG, has one extra country
(LUX), and adds a gap ``0.001 (i+1)`` in 1995 and ``0.003 (i+1)`` in 2000 (so the default shift is ``0.002 (i+1)``);
its ``tbi_gross``, ``gross_balance`` and ``va_balance`` gaps are the TBI gap plus 0.1, 7 and -3.
"""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from lib.data import macro
from lib.data.longrun import LONGRUN_COUNTRIES, LONGRUN_YEARS
from lib.econometrics import longrun_join
from lib.econometrics.panel import DEVELOPED

LR = LONGRUN_COUNTRIES[:-1]  # the 25 countries (rest of the world excluded)
NUM = {c: i for i, c in enumerate(LR)}
W13 = tuple(c for c in LR if c != "HKG") + ("LUX",)
GAP = {1995: 0.001, 2000: 0.003}


def trend(country, year):
    return 0.01 * NUM.get(country, 30) - 0.002 * (year - 1965) / 5


def w13_tbi(country, year):
    i = NUM.get(country, 30)
    return trend(country, year) + (GAP[year] if year in GAP else 0.02) * (i + 1)


def lr_frame(years=LONGRUN_YEARS):
    rows = [(c, y, trend(c, y)) for c in LR for y in years]
    f = pd.DataFrame(rows, columns=["country", "year", "tbi"])
    return f.assign(tbi_gross=f["tbi"] + 0.5, gross_balance=f["tbi"] * 1000, va_balance=f["tbi"] * 100, value_added=1.0)


def w13_frame(years):
    rows = [(c, y, w13_tbi(c, y), trend(c, y)) for c in W13 for y in years]
    f = pd.DataFrame(rows, columns=["country", "year", "tbi", "trend"])
    f = f.assign(
        tbi_gross=f["tbi"] + 0.6,
        gross_balance=f["trend"] * 1000 + (f["tbi"] - f["trend"]) + 7,
        va_balance=f["trend"] * 100 + (f["tbi"] - f["trend"]) - 3,
        value_added=2.0,
    )
    return f.drop(columns="trend")


@pytest.fixture
def fake_panels(monkeypatch):
    """Replace tbi_panel by the synthetic panels (rows in reverse order, as no sort is promised); record the calls."""
    calls = []

    def tbi_panel(*args, **kwargs):
        calls.append((args, kwargs))
        vintage, years = args[0], args[2]
        frame = lr_frame() if vintage == "longrun" else w13_frame(years)
        return frame.iloc[::-1].reset_index(drop=True)

    monkeypatch.setattr(longrun_join, "tbi_panel", tbi_panel)
    return calls


@pytest.fixture
def fake_sources(monkeypatch, fake_panels):
    """Synthetic KOF and controls: TWN absent from KOF and from WDI (as in the shipped files), the rest complete."""
    seen = {"kof": [], "controls": [], "panels": fake_panels}
    years = range(1960, 2016)

    def load_kof(release="2019"):
        seen["kof"].append(release)
        rows = [(c, y) for c in LR if c != "TWN" for y in years]
        f = pd.DataFrame(rows, columns=["country", "year"])
        for j, col in enumerate(macro.KOF_ALL):
            f[col] = 50.0 + j
        return f.assign(KOFnotkept=1.0)

    def controls(**options):
        seen["controls"].append(options)
        base = pd.DataFrame([(c, y) for c in LR for y in years], columns=["country", "year"])
        pwt = base.assign(lnEXR=0.1, TFP=1.0, lnCK=2.0, lnGDP=3.0, lnPOP=4.0)
        wdi = base.loc[base["country"] != "TWN"].assign(INFR=5.0)
        wgi = base.assign(RQ=np.nan, RQ_interpolated=False)
        return {"PWT 10.01": pwt, "WGI": wgi, "WDI": wdi}

    monkeypatch.setattr(macro, "load_kof", load_kof)
    monkeypatch.setattr(longrun_join, "controls", controls)
    return seen


MEASURES = ("tbi", "tbi_gross", "gross_balance", "va_balance")


# --------------------------------------------------------------------------- overlap comparison


def test_overlap_comparison_asks_both_sources_with_the_callers_options(fake_panels):
    longrun_join.overlap_comparison(data_dir="somewhere", balance_method="rowsum", cache=False)
    assert fake_panels == [
        (("longrun", "somewhere", None, "rowsum", False), {"progress": False}),
        (("2013", "somewhere", (1995, 2000), "rowsum", False), {"progress": False}),
    ]
    fake_panels.clear()
    longrun_join.overlap_comparison()
    assert fake_panels == [
        (("longrun", None, None, "discrepancy", True), {"progress": False}),
        (("2013", None, (1995, 2000), "discrepancy", True), {"progress": False}),
    ]


def test_overlap_comparison_rows_columns_and_gaps(fake_panels):
    c = longrun_join.overlap_comparison()
    assert list(c.columns) == ["country", "year"] + [f"{m}_{s}" for m in MEASURES for s in ("longrun", "wiod2013", "gap")]
    # countries in both sources only (no HKG, no LUX), overlap years only, sorted, fresh index
    expected_rows = sorted((k, y) for k in LR if k != "HKG" for y in (1995, 2000))
    assert list(zip(c["country"], c["year"])) == expected_rows and len(c) == 48
    assert list(c.index) == list(range(48))
    i = np.array([NUM[k] for k in c["country"]])
    gap = np.where(c["year"] == 1995, 0.001, 0.003) * (i + 1)
    np.testing.assert_allclose(c["tbi_longrun"], [trend(k, y) for k, y in expected_rows], atol=1e-15)
    np.testing.assert_allclose(c["tbi_wiod2013"], [w13_tbi(k, y) for k, y in expected_rows], atol=1e-15)
    np.testing.assert_allclose(c["tbi_gap"], gap, atol=1e-12)
    np.testing.assert_allclose(c["tbi_gross_gap"], gap + 0.1, atol=1e-12)
    np.testing.assert_allclose(c["tbi_gross_longrun"], c["tbi_longrun"] + 0.5, atol=1e-12)
    np.testing.assert_allclose(c["gross_balance_gap"], gap + 7, atol=1e-9)
    np.testing.assert_allclose(c["va_balance_gap"], gap - 3, atol=1e-9)
    for m in MEASURES:
        np.testing.assert_allclose(c[f"{m}_gap"], c[f"{m}_wiod2013"] - c[f"{m}_longrun"], atol=1e-12)


def test_compare_keeps_only_the_overlap_years_when_wiod2013_has_more():
    lr, w13 = lr_frame(), w13_frame((1995, 1996, 2000, 2005))
    c = longrun_join._compare(lr.iloc[::-1], w13.iloc[::-1])
    assert set(c["year"]) == {1995, 2000} and len(c) == 48
    assert c["country"].is_monotonic_increasing


# --------------------------------------------------------------------------- join shifts


def comparison():
    return longrun_join._compare(lr_frame(), w13_frame((1995, 2000)))


def test_join_shifts_by_overlap_years():
    both = longrun_join.join_shifts(comparison())
    assert list(both.columns) == ["country", "shift", "gap_1995", "gap_2000", "gap_change"]
    assert list(both["country"]) == sorted(W13[:-1]) and list(both.index) == list(range(24))
    num = np.array([NUM[c] for c in both["country"]])
    np.testing.assert_allclose(both["shift"], 0.002 * (num + 1), atol=1e-12)  # mean of the two gaps
    np.testing.assert_allclose(both["gap_1995"], 0.001 * (num + 1), atol=1e-12)
    np.testing.assert_allclose(both["gap_2000"], 0.003 * (num + 1), atol=1e-12)
    np.testing.assert_allclose(both["gap_change"], 0.002 * (num + 1), atol=1e-12)  # 2000 minus 1995, not the reverse
    only_1995 = longrun_join.join_shifts(comparison(), years=(1995,))
    only_2000 = longrun_join.join_shifts(comparison(), years=["2000"])  # years are read as integers
    np.testing.assert_allclose(only_1995["shift"], 0.001 * (num + 1), atol=1e-12)
    np.testing.assert_allclose(only_2000["shift"], 0.003 * (num + 1), atol=1e-12)
    pd.testing.assert_frame_equal(only_1995.drop(columns="shift"), both.drop(columns="shift"))


def test_join_shifts_refuses_years_outside_the_overlap():
    with pytest.raises(ValueError) as info:
        longrun_join.join_shifts(comparison(), years=(1995, 2005, 1990))
    assert str(info.value) == "Years [1990, 2005] are not in the overlap (1995, 2000) of LR-WIOD and WIOD 2013."


def test_join_shifts_computes_the_comparison_with_the_options_given(fake_panels):
    shifts = longrun_join.join_shifts(balance_method="rowsum", cache=False)
    assert [call[0][3:5] for call in fake_panels] == [("rowsum", False), ("rowsum", False)]
    pd.testing.assert_frame_equal(shifts, longrun_join.join_shifts(comparison()))


# --------------------------------------------------------------------------- spliced panel


def test_spliced_panel_default_rows_sources_and_shifts(fake_panels):
    s = longrun_join.spliced_tbi_panel(years=(1990, 2000, 2005), data_dir="d", balance_method="rowsum", cache=False)
    assert fake_panels == [
        (("longrun", "d", None, "rowsum", False), {"progress": False}),
        (("2013", "d", (1995, 2000, 2005), "rowsum", False), {"progress": False}),
    ]
    assert list(s.columns) == ["country", "year", "source", "tbi", "tbi_gross", "shift", "tbi_adjusted"]
    assert list(s.index) == list(range(len(s)))
    # 1990: the 25 LR-WIOD countries; 2000 and 2005: the 25 WIOD 2013 countries (overlap -> WIOD 2013 only)
    assert len(s) == 25 + 25 + 25 and not s.duplicated(["country", "year"]).any()
    assert list(zip(s["country"], s["year"])) == sorted(zip(s["country"], s["year"]))
    lr = s.loc[s["source"] == "LR-WIOD"]
    w13 = s.loc[s["source"] == "WIOD 2013"]
    assert set(lr["year"]) == {1990} and set(w13["year"]) == {2000, 2005}
    assert set(lr["country"]) == set(LR) and set(w13["country"]) == set(W13)
    assert (w13["shift"] == 0.0).all() and (w13["tbi_adjusted"] == w13["tbi"]).all()
    np.testing.assert_allclose(w13["tbi"], [w13_tbi(c, y) for c, y in zip(w13["country"], w13["year"])], atol=1e-15)
    np.testing.assert_allclose(w13["tbi_gross"], w13["tbi"] + 0.6, atol=1e-12)
    has = lr.loc[lr["country"] != "HKG"]
    num = np.array([NUM[c] for c in has["country"]])
    np.testing.assert_allclose(has["shift"], 0.002 * (num + 1), atol=1e-12)
    np.testing.assert_allclose(has["tbi"], [trend(c, 1990) for c in has["country"]], atol=1e-15)
    np.testing.assert_allclose(has["tbi_adjusted"], has["tbi"] + has["shift"], atol=1e-15)
    np.testing.assert_allclose(has["tbi_gross"], has["tbi"] + 0.5, atol=1e-12)
    hkg = lr.loc[lr["country"] == "HKG"].iloc[0]
    assert np.isnan(hkg["shift"]) and np.isnan(hkg["tbi_adjusted"]) and hkg["tbi"] == pytest.approx(trend("HKG", 1990))


def test_spliced_panel_overlap_choices(fake_panels):
    years = (1995, 2000)
    lr_only = longrun_join.spliced_tbi_panel(overlap="longrun", years=years)
    assert set(lr_only["source"]) == {"LR-WIOD"} and len(lr_only) == 25 * 2
    both = longrun_join.spliced_tbi_panel(overlap="both", years=years)
    assert len(both) == 25 * 2 + 25 * 2
    assert (both.groupby("source").size() == 50).all()
    # sorted by country, year, then source: LR-WIOD before WIOD 2013
    aus = both.loc[both["country"] == "AUS"]
    assert list(zip(aus["year"], aus["source"])) == [(1995, "LR-WIOD"), (1995, "WIOD 2013"), (2000, "LR-WIOD"), (2000, "WIOD 2013")]
    # in the overlap with shift_years=(2000,), the adjusted LR-WIOD 2000 value equals WIOD 2013's exactly
    exact = longrun_join.spliced_tbi_panel(overlap="both", shift_years=(2000,), years=(2000,)).set_index(["country", "source"])
    deu = exact.loc["DEU"]
    assert deu.loc["LR-WIOD", "tbi_adjusted"] == pytest.approx(deu.loc["WIOD 2013", "tbi"], abs=1e-12)
    assert deu.loc["LR-WIOD", "tbi"] != pytest.approx(deu.loc["WIOD 2013", "tbi"], abs=1e-6)


def test_spliced_panel_every_year_by_default(fake_panels):
    s = longrun_join.spliced_tbi_panel()
    assert tuple(sorted(s["year"].unique())) == (1965, 1970, 1975, 1980, 1985, 1990, *range(1995, 2012))
    assert fake_panels == [
        (("longrun", None, None, "discrepancy", True), {"progress": False}),
        (("2013", None, tuple(range(1995, 2012)), "discrepancy", True), {"progress": False}),
    ]
    assert set(s.loc[s["year"] <= 1990, "source"]) == {"LR-WIOD"} and set(s.loc[s["year"] >= 1995, "source"]) == {"WIOD 2013"}
    assert len(s) == 25 * 6 + 25 * 17


def test_spliced_panel_messages(fake_panels):
    with pytest.raises(ValueError) as info:
        longrun_join.spliced_tbi_panel(overlap="chain")
    assert str(info.value) == "overlap='chain': choose 'wiod2013', 'longrun' or 'both'."
    with pytest.raises(ValueError) as info:
        longrun_join.spliced_tbi_panel(years=[2012, 1966, 1970])
    assert str(info.value) == (
        "Years [1966, 2012] are in neither LR-WIOD ((1965, 1970, 1975, 1980, 1985, 1990, 1995, 2000)) "
        "nor WIOD 2013 (1995-2011)."
    )
    assert fake_panels == []  # refused before any table is read


# --------------------------------------------------------------------------- long-run regression panel

SUMMARY = (
    "Long-run panel, 1970, 1975, 1980, 1985, 1990, 1995, 2000, 2005, 2010, TBI adjusted: N = 207 country-years, "
    "23 countries. Controls: lnEXR, TFP, lnCK, lnGDP, lnPOP, INFR (no RQ: WGI starts in 1996). "
    "Dropped in the merge: 18 country-years ("
    "TWN absent from KOF 2019; TWN absent from WDI: 9; "
    "no tbi: HKG absent from WIOD 2013 (no WIOD 2013 value after 2000, no join shift): 9)."
)


def test_build_longrun_panel_defaults(fake_sources):
    built = longrun_join.build_longrun_panel()
    calls = fake_sources.pop("controls")
    assert calls == [{"years": longrun_join.PANEL_YEARS}]
    assert fake_sources["kof"] == ["2019"]
    assert fake_sources["panels"] == [
        (("longrun", None, None, "discrepancy", True), {"progress": False}),
        (("2013", None, (1995, 2000, 2005, 2010), "discrepancy", True), {"progress": False}),
    ]
    data, dropped = built.data, built.dropped
    assert built.summary == SUMMARY
    assert list(data.columns) == [
        "country", "year", "tbi", "tbi_raw", "tbi_gross", "source", "shift", "tbi_longrun", "tbi_wiod2013",
        *macro.KOF_ALL, "lnEXR", "TFP", "lnCK", "lnGDP", "lnPOP", "INFR", "developed",
    ]  # fmt: skip
    kept = sorted(set(LR) - {"HKG", "TWN"})
    assert list(zip(data["country"], data["year"])) == [(c, y) for c in kept for y in longrun_join.PANEL_YEARS]
    assert list(data.index) == list(range(207))
    # TBI rule: LR-WIOD up to 2000 (both sources' values kept in the overlap), WIOD 2013 after
    lr_years = data["year"] <= 2000
    assert set(data.loc[lr_years, "source"]) == {"LR-WIOD"} and set(data.loc[~lr_years, "source"]) == {"WIOD 2013"}
    num = data["country"].map(NUM).to_numpy()
    expected_lr = [trend(c, y) for c, y in zip(data["country"], data["year"])]
    expected_w13 = [w13_tbi(c, y) for c, y in zip(data["country"], data["year"])]
    np.testing.assert_allclose(data["tbi_raw"], np.where(lr_years, expected_lr, expected_w13), atol=1e-15)
    np.testing.assert_allclose(data["tbi_gross"], data["tbi_raw"] + np.where(lr_years, 0.5, 0.6), atol=1e-12)
    np.testing.assert_allclose(data["shift"], np.where(lr_years, 0.002 * (num + 1), 0.0), atol=1e-12)
    np.testing.assert_allclose(data["tbi"], data["tbi_raw"] + data["shift"], atol=1e-15)
    overlap = data["year"].isin([1995, 2000])
    np.testing.assert_allclose(data.loc[overlap, "tbi_longrun"], np.array(expected_lr)[overlap], atol=1e-15)
    np.testing.assert_allclose(data.loc[overlap, "tbi_wiod2013"], np.array(expected_w13)[overlap], atol=1e-15)
    assert data.loc[data["year"] < 1995, "tbi_wiod2013"].isna().all()
    assert data.loc[data["year"] > 2000, "tbi_longrun"].isna().all()
    assert (data["developed"] == data["country"].isin(DEVELOPED)).all() and data["developed"].sum() == 9 * 19
    assert not data.loc[data["country"].isin(["CHN", "BRA", "IND", "MEX"]), "developed"].any()
    # drop log: every lost row with its reason, HKG's generic "no tbi in TBI" replaced by the reason
    assert list(dropped.columns) == ["country", "year", "reason"] and len(dropped) == 18
    hkg = dropped.loc[dropped["country"] == "HKG"]
    assert list(hkg["year"]) == list(longrun_join.PANEL_YEARS)
    assert set(hkg["reason"]) == {"no tbi: HKG absent from WIOD 2013 (no WIOD 2013 value after 2000, no join shift)"}
    assert set(dropped.loc[dropped["country"] == "TWN", "reason"]) == {"TWN absent from KOF 2019; TWN absent from WDI"}


def test_build_longrun_panel_raw_series(fake_sources):
    built = longrun_join.build_longrun_panel(tbi_series="raw")
    data, dropped = built.data, built.dropped
    assert (data["tbi"] == data["tbi_raw"]).all() and len(data) == 24 * 9 - 2
    assert (data.loc[data["country"] == "HKG", "year"] <= 2000).all()  # HKG kept where LR-WIOD has it
    hkg = dropped.loc[dropped["country"] == "HKG"]
    assert list(hkg["year"]) == [2005, 2010]
    assert set(hkg["reason"]) == {"no tbi: HKG absent from WIOD 2013 (no WIOD 2013 value after 2000)"}
    assert built.summary.startswith(
        "Long-run panel, 1970, 1975, 1980, 1985, 1990, 1995, 2000, 2005, 2010, TBI raw: N = 214 country-years, 24 countries."
    )
    assert built.summary.endswith(
        "Dropped in the merge: 11 country-years (TWN absent from KOF 2019; TWN absent from WDI: 9; "
        "no tbi: HKG absent from WIOD 2013 (no WIOD 2013 value after 2000): 2)."
    )


def test_build_longrun_panel_options_reach_their_sources(fake_sources):
    built = longrun_join.build_longrun_panel(
        years=[2005, "1990"], kof_release="2023", inflation=False, data_dir="d", balance_method="rowsum", cache=False,
        exchange_rate="nominal", capital="ck",
    )
    assert fake_sources["controls"] == [{"years": (1990, 2005), "exchange_rate": "nominal", "capital": "ck"}]
    assert fake_sources["kof"] == ["2023"]
    data, dropped = built.data, built.dropped
    assert "INFR" not in data.columns
    assert tuple(sorted(data["year"].unique())) == (1990, 2005)
    assert set(dropped.loc[dropped["country"] == "TWN", "reason"]) == {"TWN absent from KOF 2023"}
    assert "Controls: lnEXR, TFP, lnCK, lnGDP, lnPOP (no RQ: WGI starts in 1996)." in built.summary
    assert built.summary.startswith("Long-run panel, 1990, 2005, TBI adjusted: N = 46 country-years, 23 countries.")


def test_build_longrun_panel_passes_data_options_to_both_panels(fake_sources, fake_panels):
    longrun_join.build_longrun_panel(years=(2000, 2010), data_dir="d", balance_method="rowsum", cache=False)
    assert fake_panels == [
        (("longrun", "d", None, "rowsum", False), {"progress": False}),
        (("2013", "d", (1995, 2000, 2010), "rowsum", False), {"progress": False}),
    ]


def test_build_longrun_panel_messages(fake_sources, fake_panels):
    with pytest.raises(ValueError) as info:
        longrun_join.build_longrun_panel(tbi_series="chained")
    assert str(info.value) == "tbi_series='chained': choose 'adjusted' or 'raw'."
    with pytest.raises(ValueError) as info:
        longrun_join.build_longrun_panel(years=(2012, 1970, 1966))
    assert str(info.value) == (
        "Years [1966, 2012] are in neither LR-WIOD ((1965, 1970, 1975, 1980, 1985, 1990, 1995, 2000)) "
        "nor WIOD 2013 (1995-2011)."
    )
    assert fake_panels == []


def test_longrun_panel_prints_the_summary_by_default(fake_sources, capsys):
    data = longrun_join.longrun_panel(tbi_series="raw")
    out = capsys.readouterr().out
    assert out.startswith("Long-run panel, 1970,") and "TBI raw: N = 214" in out and out.endswith(".\n")
    assert len(data) == 214 and (data["tbi"] == data["tbi_raw"]).all()
    assert len(longrun_join.longrun_panel(verbose=False)) == 207
    assert capsys.readouterr().out == ""


def test_every_country_missing_from_wiod2013_gets_the_reason(fake_sources, monkeypatch):
    """Not only HKG: any LR-WIOD country absent from WIOD 2013 (here also the USA, last in the list) is named."""
    fake = longrun_join.tbi_panel

    def without_usa(*args, **kwargs):
        frame = fake(*args, **kwargs)
        return frame if args[0] == "longrun" else frame.loc[frame["country"] != "USA"]

    monkeypatch.setattr(longrun_join, "tbi_panel", without_usa)
    built = longrun_join.build_longrun_panel(tbi_series="raw")
    usa = built.dropped.loc[built.dropped["country"] == "USA"]
    assert list(usa["year"]) == [2005, 2010]
    assert set(usa["reason"]) == {"no tbi: USA absent from WIOD 2013 (no WIOD 2013 value after 2000)"}


def test_join_shifts_refuses_no_years():
    """An empty selection used to give NaN shifts, and so an all-NaN adjusted series, without a word."""
    with pytest.raises(ValueError, match=r"No overlap years to average the shift over; choose from \(1995, 2000\)"):
        longrun_join.join_shifts(comparison(), years=())


def test_longrun_panel_returns_the_data_and_prints_the_summary_only_when_verbose(monkeypatch, capsys):
    seen = {}

    def build(**options):
        seen.update(options)
        return SimpleNamespace(data=pd.DataFrame({"x": [1.0]}), summary="the summary")

    monkeypatch.setattr(longrun_join, "build_longrun_panel", build)
    out = longrun_join.longrun_panel(kof_release="2023")
    assert out.equals(pd.DataFrame({"x": [1.0]})) and seen == {"kof_release": "2023"}
    assert capsys.readouterr().out == "the summary\n"
    longrun_join.longrun_panel(verbose=False)
    assert capsys.readouterr().out == ""
