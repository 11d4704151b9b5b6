"""The regression panel: the merge keeps and drops exactly the expected rows, and says why."""

import numpy as np
import pandas as pd
import pytest

from lib.data import wiod
from lib.econometrics import panel
from lib.data.errors import TableError

pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)


def grid(countries, years):
    return pd.DataFrame([(c, y) for c in countries for y in years], columns=["country", "year"])


def test_merge_keeps_and_drops_exactly():
    base = grid(["AAA", "BBB", "CCC"], [2000, 2001, 2002]).assign(tbi=0.1)
    src1 = grid(["AAA", "BBB"], [2000, 2001, 2002]).assign(v1=1.0)  # CCC absent
    src2 = grid(["AAA", "BBB", "CCC"], [2000, 2001, 2002]).assign(v2=2.0)
    src2.loc[(src2.country == "BBB") & (src2.year == 2001), "v2"] = np.nan
    src2 = src2[~((src2.country == "AAA") & (src2.year == 2002))]  # AAA 2002 row missing
    data, dropped = panel.merge_panel(base, {"S1": src1, "S2": src2}, {"S1": ("v1",), "S2": ("v2",)})
    assert sorted(map(tuple, data[["country", "year"]].to_numpy())) == [
        ("AAA", 2000), ("AAA", 2001), ("BBB", 2000), ("BBB", 2002)]  # fmt: skip
    reasons = dict(zip(zip(dropped.country, dropped.year), dropped.reason))
    assert reasons == {
        ("AAA", 2002): "no v2 in S2 for 2002",
        ("BBB", 2001): "no v2 in S2 for 2001",
        ("CCC", 2000): "CCC absent from S1",
        ("CCC", 2001): "CCC absent from S1",
        ("CCC", 2002): "CCC absent from S1",
    }
    assert len(data) + len(dropped) == len(base)


def test_merge_rejects_bad_sources():
    base = grid(["AAA"], [2000, 2001])
    with pytest.raises(TableError, match=r"S: missing columns \['v'\]"):
        panel.merge_panel(base, {"S": grid(["AAA"], [2000])}, {"S": ("v",)})
    with pytest.raises(TableError, match="S: 2 rows share a country-year"):
        panel.merge_panel(base, {"S": grid(["AAA", "AAA"], [2000]).assign(v=1.0)}, {"S": ("v",)})
    with pytest.raises(TableError, match=r"not ISO3: \['Romania'\]"):
        panel.merge_panel(base, {"S": grid(["Romania"], [2000]).assign(v=1.0)}, {"S": ("v",)})


def test_developed_classification_reproduces_paper_counts():
    """22 developed and 19 developing on the paper's 41 countries (WIOD 2016 without TWN and ROU)."""
    paper_set = set(wiod.WIOD2016_COUNTRIES) - {"ROW", "TWN", "ROU"}
    assert len(paper_set) == 41
    assert len(paper_set & panel.DEVELOPED) == 22 and len(paper_set - panel.DEVELOPED) == 19
    assert panel.DEVELOPED <= paper_set


@pytest.fixture(scope="module")
def built():
    return panel.build_country_panel("2013", exclude=())


def test_default_sample_is_the_papers_reconstruction(built):
    """By default Romania is left out (lib.econometrics.panel.PAPER_EXCLUDE), and the summary says so; exclude=() keeps it."""
    default = panel.build_country_panel("2013")
    assert panel.PAPER_EXCLUDE == ("ROU",)
    assert "ROU" not in set(default.data["country"]) and len(default.data) == 468 - 12
    assert "N = 456" in default.summary and "Left out: ['ROU'] (the paper's sample as the book reconstructs it)" in default.summary
    assert "Every country kept" in built.summary
    other = panel.build_country_panel("2013", exclude=("MLT",))
    assert "ROU" in set(other.data["country"]) and "Left out: ['MLT']." in other.summary


def test_real_panel_size_and_drop_log(built):
    d = built.data
    assert len(d) == 468 and d["country"].nunique() == 39
    assert set(built.dropped["country"]) == {"TWN"} and len(built.dropped) == 12
    assert built.dropped["reason"].str.contains("TWN absent from KOF 2019").all()
    assert "ROU" in set(d["country"]) and not d.duplicated(["country", "year"]).any()
    assert d.groupby("developed")["country"].nunique().to_dict() == {False: 19, True: 20}
    assert d[["tbi", *panel.CONTROLS, "KOFGIdj", "KOFEcGIdj"]].notna().all().all()
    assert "N = 468" in built.summary and "39 countries" in built.summary


def test_rq_2001_interpolated_or_dropped(built):
    d = built.data.set_index(["country", "year"])["RQ"]
    mid = (d.xs(2000, level="year") + d.xs(2002, level="year")) / 2
    np.testing.assert_allclose(d.xs(2001, level="year"), mid)
    dropped = panel.build_country_panel("2013", rq_2001="drop", exclude=())
    assert len(dropped.data) == 468 - 39 and 2001 not in set(dropped.data["year"])
    no_rq = dropped.dropped[dropped.dropped["reason"].str.contains("no RQ in WGI for 2001")]
    assert len(no_rq) == 40  # the 39 sample countries, plus Taiwan, whose row lists both reasons
    assert no_rq.query("country == 'TWN'")["reason"].item() == (
        "TWN absent from KOF 2019; no RQ in WGI for 2001; TWN absent from WDI"
    )


def test_real_exchange_rate_is_zero_for_usa():
    d = panel.build_country_panel("2013", exchange_rate="real").data
    np.testing.assert_allclose(d.loc[d.country == "USA", "lnEXR"], 0.0, atol=1e-12)


def test_bad_options():
    with pytest.raises(ValueError, match="tfp='foo'"):
        panel.build_country_panel("2013", tfp="foo")
    with pytest.raises(ValueError, match="outside the WIOD 2013"):
        panel.build_country_panel("2013", years=range(2005, 2014))


def test_default_exclusion_is_silent_only_when_the_country_is_absent(monkeypatch):
    """The default leaves out Romania where it is in the data; a release without it has nothing to leave out,
    while an explicit exclusion of an absent country is still an error."""
    from lib.econometrics import panel as P

    real = P.tbi_panel
    monkeypatch.setattr(P, "tbi_panel", lambda *a, **k: real(*a, **k).query("country != 'ROU'"))
    built = P.build_country_panel("2013")
    assert "ROU" not in set(built.data["country"]) and "Every country kept" in built.summary
    with pytest.raises(ValueError, match=r"\['MLT', 'ROU'\]: \['ROU'\] not in the WIOD 2013 sample"):
        P.build_country_panel("2013", exclude=("MLT", "ROU"))
