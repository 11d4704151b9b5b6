"""Generated sentences (lib.report.narrative) on both sides of each threshold, and the origin groups they read."""

import numpy as np
import pandas as pd
import pytest

from lib.mrio import gvc
from lib.report import narrative

from test_gvc import leather_table


def _origins(domestic, gross):
    gross = np.asarray(gross, dtype=float)
    domestic = np.asarray(domestic, dtype=float) / 100 * gross
    rest = gross - domestic
    frame = pd.DataFrame({"domestic value added": domestic, "partner's value added": 0.1 * rest,
                          "third countries' value added": 0.8 * rest, "double counting": 0.1 * rest,
                          "gross exports": gross}, index=pd.Index(["c14", "c15", "c3", "c1"], name="sector"))  # fmt: skip
    return frame


def _shares(first, last):
    return pd.DataFrame([first, last], index=[1995, 2011], columns=list(gvc.ORIGINS))


def test_origins_add_up_to_gross_exports_and_follow_the_groups():
    d = gvc.sector_decomposition(leather_table())
    o = gvc.value_added_origins(d, "Argentina", "Turkey")
    assert list(o.columns) == [*gvc.ORIGINS, "gross exports"] and len(o) == 3
    np.testing.assert_allclose(o[list(gvc.ORIGINS)].sum(axis=1), o["gross exports"], rtol=1e-12)
    rows = d[(d.Exporting_Country == "Argentina") & (d.Importing_Country == "Turkey")].set_index("Exporting_Industry")
    np.testing.assert_allclose(o["partner's value added"], rows[["MVA_FIN", "MVA_INT"]].sum(axis=1))
    np.testing.assert_allclose(o["third countries' value added"], rows[["OVA_FIN", "OVA_INT"]].sum(axis=1))
    np.testing.assert_allclose(o["double counting"], rows[["DDC_FIN", "DDC_INT", "ODC", "MDC"]].sum(axis=1))
    shares = gvc.origin_shares(o)
    assert shares.sum() == pytest.approx(100)
    assert shares["domestic value added"] == pytest.approx(100 * o["domestic value added"].sum() / rows["texp"].sum())
    with pytest.raises(ValueError, match="both 'Turkey'"):
        gvc.value_added_origins(d, "Turkey", "Turkey")
    with pytest.raises(ValueError, match="no rows for 'Chile'"):
        gvc.value_added_origins(d, "Chile", "Turkey")
    with pytest.raises(ValueError, match="no gross exports"):
        gvc.origin_shares(o * 0)


def test_wwz_sentences_follow_the_numbers():
    o = _origins([70, 80, 60, 90], [50, 30, 15, 5])  # c14 largest; c3 lowest domestic share among >= 5 %
    t = narrative.wwz_pair(o, _shares([80, 2, 15, 3], [70.0, 2.5, 24, 3.5]), "CHN", "USA", 2011)
    assert t["total"] == "0.1 billion dollars"
    assert t["split"].startswith("70.0 % was value added of China itself, 2.5 % value added of the United States")
    assert "Electrical and optical equipment (30t33), carried 50.0 % of these exports, and 70.0 %" in t["top"]
    assert t["lowest"] == ("the lowest domestic share among the 4 sectors that carry at least 5 % of the pair's "
                           "exports is that of Food, beverages, tobacco (15t16), 60.0 %")
    assert t["change"].startswith("Between 1995 and 2011, the domestic share fell by 10.0 percentage points (80.0 % in 1995")
    assert "the partner's share barely moved (2.0 % in 1995, 2.5 % in 2011)" in t["change"]
    assert "the third countries' share rose by 9.0 percentage points" in t["change"]
    assert "and the double-counting share barely moved" in t["change"]


def test_wwz_sentences_at_their_thresholds():
    # Largest sector is also the lowest; one point moves, 0.9 does not.
    o = _origins([50, 80, 90, 95], [50, 30, 15, 5])
    t = narrative.wwz_pair(o, _shares([80, 2, 15, 3], [79.1, 3.0, 15, 2.9]), "DEU", "FRA", 2011)
    assert t["lowest"].startswith("that is also the lowest domestic share among the 4 sectors")
    assert "domestic share barely moved (80.0 %" in t["change"]
    assert "partner's share rose by 1.0 percentage points" in t["change"]
    # A sector below 5 % is not a main sector, even with the lowest share.
    o = _origins([70, 80, 90, 10], [50, 30, 15.1, 4.9])
    assert narrative.wwz_pair(o, _shares([1, 1, 1, 1], [1, 1, 1, 1]), "DEU", "FRA", 2011)["lowest"] == (
        "that is also the lowest domestic share among the 3 sectors that carry at least 5 % of the pair's exports")
    # Only the largest sector passes 5 %.
    o = _origins([70, 80, 90, 10], [96, 2, 1, 1])
    assert narrative.wwz_pair(o, _shares([1, 1, 1, 1], [1, 1, 1, 1]), "DEU", "FRA", 2011)["lowest"] == (
        "no other sector carries at least 5 % of the pair's exports")
    with pytest.raises(ValueError, match="two years"):
        narrative.wwz_pair(o, _shares([1, 1, 1, 1], [1, 1, 1, 1]).iloc[:1], "DEU", "FRA", 2011)
    with pytest.raises(ValueError, match="not one of the years"):
        narrative.wwz_pair(o, _shares([1, 1, 1, 1], [1, 1, 1, 1]), "DEU", "FRA", 2005)
    # The split describes the year asked for, the first one too.
    o = _origins([70, 80, 60, 90], [50, 30, 15, 5])
    assert narrative.wwz_pair(o, _shares([80, 2, 15, 3], [70, 2.5, 24, 3.5]), "CHN", "USA", 1995)["split"].startswith(
        "80.0 % was value added of China itself")


def test_headline_follows_the_scorecard():
    from lib.report import claims

    rows = [
        {"table": "3", "column": "(3)", "term": "TBI", "paper": 13.53, "paper_stars": 3, "ours": 9.89, "ours_p": 0.002},
        {"table": "3", "column": "(4)", "term": "TBI", "paper": 29.99, "paper_stars": 3, "ours": 14.94, "ours_p": 0.079},
        {"table": "4", "column": "(4)", "term": "TBI", "paper": 17.65, "paper_stars": 2, "ours": -2.62, "ours_p": 0.86},
        {"table": "3", "column": "(3)", "term": "RQ", "paper": 1.0, "paper_stars": 0, "ours": 2.0, "ours_p": 0.5},
    ]
    card = pd.DataFrame(rows)
    card["verdict"] = [claims.verdict(r["paper"], r["paper_stars"], r["ours"], r["ours_p"]) for r in rows]
    h = narrative.headline(card)
    assert h["tbi"] == ("of the 3 TBI coefficients of the paper's Tables 3–6, 1 is reproduced, 1 is significant with the "
                        "paper's sign but fewer stars, 1 is not significant where the paper's estimate is and none is "
                        "significant with the opposite sign")
    assert h["h1"] == ("overall index 9.89*** against the paper's 13.53***: reproduced; economic index 14.94* against "
                       "the paper's 29.99***: same sign, weaker")
    assert h["h3"] == "\u22122.62 against the paper's 17.65**: not significant"
    assert h["n_all"] == "4" and "1 is not significant in either study" in h["all"]
    with pytest.raises(ValueError, match="no TBI rows"):
        narrative.headline(card[card["term"] != "TBI"])
    passage = narrative.headline_passage(card)
    assert passage["head_h3"] == h["h3"] and passage["head_n_all"] == "4" and passage.failed == []


def test_country_profile_phrases():
    panel = pd.DataFrame({"country": ["POL"] * 3 + ["DEU"] * 3, "year": [2000, 2001, 2002] * 2,
                          "tbi": [-0.1, 0.05, 0.02, 0.1, 0.1, 0.1], "tbi_gross": [-0.08, 0.04, 0.015, 0.09, 0.09, 0.09],
                          "va_balance": [-5e3, 2e3, 1e3, 1, 1, 1], "gross_balance": [-5e3, 2e3, 1.2e3, 1, 1, 1]})
    flows = pd.DataFrame({"origin": ["POL", "POL", "POL", "DEU", "USA"], "destination": ["DEU", "USA", "POL", "POL", "POL"],
                          "year": [2002] * 5, "va": [160e3, 40e3, 999.0, 40e3, 10e3]})
    kof = pd.DataFrame({"country": ["POL"] * 3, "year": [2000, 2001, 2002], "KOFGIdj": [70.0, 70.2, 75.5]})
    p = narrative.country_profile(panel, flows, kof, "POL", 2002, n_partners=2)
    assert p["path"] == ("Poland's TBI went from \u22120.100 in 2000 to 0.020 in 2002, between \u22120.100 (2000) and "
                         "0.050 (2001); it was in surplus in 2 of 3 years")
    assert p["balance"] == ("In 2002 its value-added balance with the world was 1.0 billion dollars and its gross "
                            "balance 1.2 billion; they differ by 200 million (TBI 0.020, customs TBI 0.015)")
    assert "the two are equal (to the million)" in narrative.country_profile(panel, flows, kof, "POL", 2001)["balance"]
    assert p["partners"] == ("Its main destinations for value-added exports in 2002 were Germany (80 %, balance 120.0 bn) "
                             "and the United States (20 %, balance 30.0 bn)")
    assert p["kof"] == "Its overall de jure globalisation index (KOF) rose from 70.0 in 2000 to 75.5 in 2002"
    d = narrative.country_profile(panel, flows, None, "DEU", 2002)
    assert d["path"].endswith("a value-added surplus in every year") and d["kof"] == ""
    assert narrative.country_profile(panel, flows, kof.iloc[:0], "DEU", 2002)["kof"] == "KOF has no de jure index for Germany"
    assert narrative.country_profile(panel, flows, kof.iloc[1:2], "POL", 2002)["kof"] == (
        "KOF has the de jure index for Poland in 2001 only (70.2), so it shows no change over 2000–2002")
    with pytest.raises(ValueError, match="no TBI for 'POL' in 1999"):
        narrative.country_profile(panel, flows, kof, "POL", 1999)
