"""Pins of lib.econometrics.panel: behaviour mutmut found unpinned (issue 21).

The regression panel is built here from small synthetic sources (the TBI panel and the KOF, PWT, WGI and WDI
loaders are replaced by hand-made frames), so every number, drop reason and summary sentence is known by
hand: the exact summary, the columns and index of the merged panel and of the drop log, each option's
validation message, the real and nominal exchange rates, the RQ interpolation flag, and which release,
years, path and KOF release reach the sources.
"""

import numpy as np
import pandas as pd
import pytest

from lib.data import macro
from lib.econometrics import panel

COUNTRIES = ("AUS", "BRA", "CHN", "ROU", "TWN", "USA")  # AUS and USA developed; TWN absent from KOF and WDI
YEARS = range(1998, 2016)


def grid(countries, years):
    return pd.DataFrame([(c, y) for c in countries for y in years], columns=["country", "year"])


def code(country):
    return COUNTRIES.index(country) + 1


class Sources:
    """Synthetic sources; records the arguments the builder passes to them."""

    def __init__(self, monkeypatch):
        self.calls = {}
        monkeypatch.setattr(panel, "tbi_panel", self.tbi_panel)
        for name in ("load_kof", "load_pwt", "load_wgi_rq", "load_inflation"):
            monkeypatch.setattr(macro, name, getattr(self, name))

    def tbi_panel(self, rel, path=None):
        self.calls["tbi_panel"] = (rel, path)
        g = grid(COUNTRIES, YEARS)
        return g.assign(
            tbi=g.country.map(code) + g.year / 1e4, tbi_gross=2.0 * g.country.map(code), other=1.0
        ).iloc[::-1].reset_index(drop=True)  # unsorted, as a merge might return it

    def load_kof(self, release="2019"):
        self.calls["load_kof"] = release
        g = grid([c for c in COUNTRIES if c != "TWN"], YEARS)
        shift = 0.0 if release == "2019" else 0.5
        return g.assign(**{k: 10.0 * g.country.map(code) + i + shift for i, k in enumerate(macro.KOF_ALL)})

    def load_pwt(self):
        g = grid(COUNTRIES, YEARS)
        c, t = g.country.map(code).astype(float), (g.year - 2000).astype(float)
        pwt = g.assign(
            rgdpna=100.0 * c, rnna=200.0 * c, ck=1.0 + 0.1 * c, ctfp=0.5 + 0.01 * c, rtfpna=1.0 + 0.02 * t,
            xr=1.0 + c, pl_gdpo=np.where(g.country == "USA", 1.0 + 0.05 * t, 0.2 * c + 0.01 * t), pop=c + 0.0 * t,
        )  # fmt: skip
        pwt.loc[(pwt.country == "BRA") & (pwt.year == 2005), "pop"] = 0.0  # log -> NaN: BRA 2005 is dropped
        return pwt

    def load_wgi_rq(self):
        g = grid(COUNTRIES, [y for y in YEARS if y not in (1999, 2001)])  # WGI has no 2001
        return g.assign(RQ=g.country.map(code) + 0.1 * (g.year - 2000))

    def load_inflation(self):
        g = grid([c for c in COUNTRIES if c != "TWN"], YEARS)
        return g.assign(INFR=2.0 + g.country.map(code))


@pytest.fixture()
def sources(monkeypatch):
    return Sources(monkeypatch)


TWN = "TWN absent from KOF 2019; TWN absent from WDI"


# ---------------------------------------------------------------- build_country_panel: summary, rows, columns


def test_default_build_summary_rows_and_drop_log(sources):
    built = panel.build_country_panel("2013")
    assert built.summary == (
        "WIOD 2013, 2000-2011: N = 47 country-years, 4 countries (2 developed, 2 developing). "
        f"Dropped in the merge: 13 country-years ({TWN}: 12; no lnPOP in PWT 10.01 for 2005: 1). "
        "Left out: ['ROU'] (the paper's sample as the book reconstructs it)."
    )
    d = built.data
    assert list(d.columns) == ["country", "year", "tbi", "tbi_gross", *macro.KOF_ALL, "lnEXR", "TFP", "lnCK",
                               "lnGDP", "lnPOP", "RQ", "RQ_interpolated", "INFR", "developed"]  # fmt: skip
    expected_rows = [(c, y) for c in ("AUS", "BRA", "CHN", "USA") for y in range(2000, 2012) if (c, y) != ("BRA", 2005)]
    assert list(zip(d.country, d.year)) == expected_rows
    assert list(d.index) == list(range(47))
    assert d.developed.tolist() == [c in ("AUS", "USA") for c, _ in expected_rows]
    np.testing.assert_allclose(d.tbi, [code(c) + y / 1e4 for c, y in expected_rows])
    dropped = built.dropped
    assert list(dropped.columns) == ["country", "year", "reason"] and list(dropped.index) == list(range(13))
    assert sorted(zip(dropped.country, dropped.year, dropped.reason)) == sorted(
        [("BRA", 2005, "no lnPOP in PWT 10.01 for 2005")] + [("TWN", y, TWN) for y in range(2000, 2012)]
    )
    rel, path = sources.calls["tbi_panel"]
    assert rel.name == "2013" and path is None
    assert sources.calls["load_kof"] == "2019"


def test_release_years_path_and_kof_release_reach_the_sources(sources, tmp_path):
    built = panel.build_country_panel("2016", path=tmp_path, years=[2005, 2003, 2004], exclude=(), kof_release="2023")
    assert built.summary == (
        "WIOD 2016, 2003-2005: N = 14 country-years, 5 countries (2 developed, 3 developing). "
        "Dropped in the merge: 4 country-years (TWN absent from KOF 2023; TWN absent from WDI: 3; "
        "no lnPOP in PWT 10.01 for 2005: 1). Every country kept."
    )
    rel, path = sources.calls["tbi_panel"]
    assert rel.name == "2016" and path == tmp_path
    assert sources.calls["load_kof"] == "2023"
    assert sorted(set(built.data.year)) == [2003, 2004, 2005]
    assert set(built.data.country) == {"AUS", "BRA", "CHN", "ROU", "USA"}
    np.testing.assert_allclose(built.data.KOFGIdf, 10.0 * built.data.country.map(code) + 1 + 0.5)  # the 2023 values


def test_release_2016_defaults_to_its_sample_years_2000_2014(sources):
    built = panel.build_country_panel("2016")
    assert built.summary.startswith("WIOD 2016, 2000-2014: N = 59 country-years, 4 countries")
    assert sorted(set(built.data.year)) == list(range(2000, 2015))


@pytest.mark.parametrize(
    "exclude, tail, countries",
    [
        ("BRA", "Left out: ['BRA'].", {"AUS", "CHN", "ROU", "USA"}),
        (("CHN", "BRA"), "Left out: ['BRA', 'CHN'].", {"AUS", "ROU", "USA"}),
        (("ROU",), "Left out: ['ROU'] (the paper's sample as the book reconstructs it).", {"AUS", "BRA", "CHN", "USA"}),
        ((), "Every country kept.", {"AUS", "BRA", "CHN", "ROU", "USA"}),
    ],
)
def test_exclude_leaves_out_exactly_those_countries_and_says_so(sources, exclude, tail, countries):
    built = panel.build_country_panel("2013", exclude=exclude)
    assert set(built.data.country) == countries
    assert built.summary.endswith(". " + tail)
    assert built.summary.count("Left out") == ("Left out" in tail)


def test_excluding_a_country_outside_the_sample_is_an_error(sources):
    with pytest.raises(ValueError) as info:
        panel.build_country_panel("2013", exclude=("BRA", "XYZ"))
    assert str(info.value) == (
        "exclude=['BRA', 'XYZ']: ['XYZ'] not in the WIOD 2013 sample, so excluding them would do nothing. "
        "Use ISO3 codes of sample countries, e.g. ['AUS', 'BRA', 'CHN', 'ROU', 'TWN']."
    )


def test_default_exclusion_without_romania_in_the_data_keeps_every_country(sources, monkeypatch):
    real = sources.tbi_panel
    monkeypatch.setattr(panel, "tbi_panel", lambda rel, path=None: real(rel, path).query("country != 'ROU'"))
    built = panel.build_country_panel("2013")
    assert built.summary.endswith("Every country kept.") and set(built.data.country) == {"AUS", "BRA", "CHN", "USA"}


def test_a_release_without_sample_years_is_refused_with_the_remedy(sources):
    with pytest.raises(ValueError) as info:
        panel.build_country_panel("longrun")
    assert str(info.value) == (
        "The regression panel of the paper is annual, 2000-2014, on WIOD 2013 or 2016; vintage='longrun' has no such "
        "years. For the five-yearly long-run panel use lib.econometrics.longrun_join.build_longrun_panel()."
    )
    assert "tbi_panel" not in sources.calls


def test_country_panel_prints_the_summary_unless_quiet(sources, capsys):
    data = panel.country_panel("2013", exclude=("CHN",))
    built = panel.build_country_panel("2013", exclude=("CHN",))
    assert capsys.readouterr().out == built.summary + "\n"
    pd.testing.assert_frame_equal(data, built.data)
    quiet = panel.country_panel("2016", verbose=False, years=[2003])
    assert capsys.readouterr().out == ""
    assert set(quiet.year) == {2003} and "ROU" not in set(quiet.country)


def test_country_panel_passes_release_and_folder_on(sources, tmp_path):
    """country_panel is build_country_panel(...).data: the release and the folder of its files reach tbi_panel."""
    data = panel.country_panel("2016", tmp_path, verbose=False, years=[2003])
    rel, path = sources.calls["tbi_panel"]
    assert rel.name == "2016" and path == tmp_path
    pd.testing.assert_frame_equal(data, panel.build_country_panel("2016", tmp_path, years=[2003]).data)


# ---------------------------------------------------------------- controls: the definitions and options


def test_controls_real_and_nominal_exchange_rates_and_pwt_series(sources):
    c = panel.controls()
    assert list(c) == ["PWT 10.01", "WGI", "WDI"]
    pwt = c["PWT 10.01"]
    assert list(pwt.columns) == ["country", "year", "lnEXR", "TFP", "lnCK", "lnGDP", "lnPOP"]
    row = pwt.set_index(["country", "year"]).loc[("CHN", 2004)]
    # real rate ln(pl_USA / pl_CHN) = ln((1 + 0.05*4) / (0.2*3 + 0.01*4))
    assert row["lnEXR"] == pytest.approx(np.log(1.2 / 0.64), rel=1e-12)
    assert row["TFP"] == pytest.approx(0.53) and row["lnCK"] == pytest.approx(np.log(600.0))
    assert row["lnGDP"] == pytest.approx(np.log(300.0)) and row["lnPOP"] == pytest.approx(np.log(3.0))
    assert (pwt.loc[pwt.country == "USA", "lnEXR"].abs() < 1e-15).all()
    other = panel.controls(tfp="rtfpna", capital="ck", exchange_rate="nominal").pop("PWT 10.01")
    row = other.set_index(["country", "year"]).loc[("CHN", 2004)]
    assert row["lnEXR"] == pytest.approx(np.log(4.0)) and row["TFP"] == pytest.approx(1.08)
    assert row["lnCK"] == pytest.approx(np.log(1.3))


def test_controls_rq_2001_is_interpolated_and_flagged_or_left_missing(sources):
    rq = panel.controls()["WGI"].set_index(["country", "year"])
    assert rq.loc[("BRA", 2001), "RQ"] == pytest.approx(2.1)  # mean of 2000 (2.0) and 2002 (2.2)
    assert rq["RQ_interpolated"].dtype == bool
    assert set(rq.index[rq["RQ_interpolated"]].get_level_values("year")) == {2001}  # 1999 is outside 2000-2014
    assert rq["RQ_interpolated"].sum() == len(COUNTRIES)
    dropped = panel.controls(rq_2001="drop")["WGI"].set_index(["country", "year"])
    assert ("BRA", 2001) not in dropped.index
    assert dropped["RQ_interpolated"].dtype == bool and not dropped["RQ_interpolated"].any()
    only_2001 = panel.controls(years=(2001,))["WGI"]
    assert only_2001.loc[only_2001.RQ_interpolated, "year"].tolist() == [2001] * len(COUNTRIES)
    none = panel.controls(years=(2005,))["WGI"]
    assert not none.RQ_interpolated.any() and 2001 not in set(none.year)


@pytest.mark.parametrize(
    "option, value, choices",
    [
        ("tfp", "TFP", "('ctfp', 'rtfpna')"),
        ("capital", "cK", "('rnna', 'ck')"),
        ("gdp", "rgdpe", "('rgdpna',)"),
        ("exchange_rate", "Nominal", "('real', 'nominal')"),
        ("rq_2001", "keep", "('interpolate', 'drop')"),
    ],
)
def test_every_option_is_validated_with_its_choices(sources, option, value, choices):
    message = f"{option}={value!r} is not available; choose one of {choices}."
    with pytest.raises(ValueError) as info:
        panel.controls(**{option: value})
    assert str(info.value) == message
    with pytest.raises(ValueError) as info:
        panel.build_country_panel("2013", **{option: value})
    assert str(info.value) == message


# ---------------------------------------------------------------- merge_panel and dropped_summary


def test_merge_panel_columns_index_and_joined_reasons():
    base = grid(["AAA", "BBB", "CCC"], [2000, 2001]).assign(v0=0.5)
    base.index = [10, 11, 12, 20, 21, 22]  # a filtered sample keeps its labels
    s1 = grid(["AAA", "BBB"], [2000, 2001]).assign(v1=1.0, v0=9.9)  # v0 is already in the sample: not taken
    s1.loc[s1.index[1], "v1"] = np.nan  # AAA 2001
    s2 = grid(["AAA", "CCC"], [2000, 2001]).assign(v2=2.0, w=3.0)
    s2.loc[s2.index[1], "v2"] = np.nan  # AAA 2001 again
    data, dropped = panel.merge_panel(base, {"S1": s1, "S2": s2}, {"S1": ("v1",), "S2": ("v2",)})
    assert list(data.columns) == ["country", "year", "v0", "v1", "v2", "w"]
    assert list(data.index) == [0] and data.iloc[0].tolist() == ["AAA", 2000, 0.5, 1.0, 2.0, 3.0]
    assert list(dropped.columns) == ["country", "year", "reason"] and list(dropped.index) == list(range(5))
    assert list(zip(dropped.country, dropped.year, dropped.reason)) == [
        ("AAA", 2001, "no v1 in S1 for 2001; no v2 in S2 for 2001"),
        ("BBB", 2000, "BBB absent from S2"),
        ("BBB", 2001, "BBB absent from S2"),
        ("CCC", 2000, "CCC absent from S1"),
        ("CCC", 2001, "CCC absent from S1"),
    ]
    assert panel.missing_reason("v1", "S1", 2001) == "no v1 in S1 for 2001"


def test_merge_panel_without_sources_keeps_every_row():
    base = grid(["AAA", "BBB"], [2000]).assign(v0=1.0)
    base.index = [5, 7]
    data, dropped = panel.merge_panel(base, {}, {})
    pd.testing.assert_frame_equal(data, base.reset_index(drop=True))
    assert len(dropped) == 0 and list(dropped.columns) == ["country", "year", "reason"]


def test_merge_panel_checks_the_sample_itself():
    from lib.data.errors import TableError

    with pytest.raises(TableError, match=r"^sample: missing columns \['year'\]\.$"):
        panel.merge_panel(pd.DataFrame({"country": ["AAA"]}), {}, {})
    with pytest.raises(TableError, match=r"^sample: 2 rows share a country-year"):
        panel.merge_panel(grid(["AAA", "AAA"], [2000]), {}, {})


def test_dropped_summary_counts_each_reason():
    dropped = pd.DataFrame({"country": ["B", "A", "A"], "year": [1, 1, 2], "reason": ["r2", "r1; r3", "r1; r3"]})
    assert panel.dropped_summary(dropped) == "Dropped in the merge: 3 country-years (r1; r3: 2; r2: 1)"
    assert panel.dropped_summary(dropped.iloc[:0]) == "Dropped in the merge: 0 country-years"


def test_merge_panel_names_the_bad_source():
    from lib.data.errors import TableError

    base = grid(["AAA"], [2000])
    with pytest.raises(TableError) as info:
        panel.merge_panel(base, {"Src": grid(["AAA"], [2000])}, {"Src": ("v",)})
    assert str(info.value) == "Src: missing columns ['v']."
