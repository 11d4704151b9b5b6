"""Agreement with the paper's Table 1 (lib.report.compare) and the shared coefficient phrases."""

import numpy as np
import pandas as pd
import pytest

from lib.report import claims, compare
from lib.report.chapters.common import coefficient_phrases

YEARS = range(2000, 2006)


def _frames(shift=0.0, flip=None):
    rng = np.random.default_rng(3)
    paper = pd.DataFrame(rng.normal(0, 0.1, (len(YEARS), 3)), index=YEARS, columns=["CHN", "DEU", "USA"])
    ours = paper + shift
    if flip:
        ours[flip] = -ours[flip]
    return ours, paper


def test_a_constant_shift_keeps_every_within_measure_and_shows_in_levels():
    ours, paper = _frames(shift=0.02)
    agree = compare.agreement(ours, paper)
    assert np.allclose(agree["within correlation"], 1) and np.allclose(agree["correlation of changes"], 1)
    assert np.allclose(agree["mean |difference|"], 0.02) and np.allclose(agree["largest |difference|"], 0.02)
    pooled = compare.pooled_agreement(ours, paper)
    assert pooled["within correlation"] == pytest.approx(1) and pooled["mean |difference|"] == pytest.approx(0.02)
    assert tuple(agree.columns) == compare.AGREEMENT_COLUMNS == tuple(pooled.index)


def test_a_mirrored_series_disagrees():
    ours, paper = _frames(flip="DEU")
    agree = compare.agreement(ours, paper)
    assert agree.loc["DEU", "within correlation"] == pytest.approx(-1)
    assert agree.loc["DEU", "same sign (% of years)"] == 0 and agree.loc["CHN", "same sign (% of years)"] == 100
    assert compare.pooled_agreement(ours, paper)["same sign (% of years)"] == pytest.approx(100 * 2 / 3)


def test_table1_frames_cover_the_common_years_of_the_table1_economies():
    tbi = pd.DataFrame([{"country": c, "year": y, "tbi": 0.1} for c in ("CHN", "USA", "XXX") for y in (1999, 2000, 2001)])
    ours, paper = compare.table1_frames(tbi, ["CHN", "USA"])
    assert list(ours.columns) == ["CHN", "USA"] == list(paper.columns)
    assert list(ours.index) == list(paper.index) == [2000, 2001]


def test_coefficient_phrases():
    card = pd.DataFrame({"ours": [9.43, -1.0], "ours_se": [3.3, 2.0], "ours_p": [0.008, 0.62], "paper": [12.1, 4.0],
                         "paper_se": [4.0, 1.5], "paper_stars": [3, 2], "verdict": [claims.REPRODUCED, claims.NOT_SIGNIFICANT],
                         "z": [-0.67, -3.3], "diff_z": [-0.5, -2.0], "diff_p": [0.6, 0.045]},
                        index=["(3)", "(4)"])  # fmt: skip
    short = coefficient_phrases(card)
    assert short["b3"] == "9.43" and short["sig3"] == "significant at 1 %" and short["verdict4"] == "not significant"
    assert short["paper_sig4"] == "significant at 5 %" and "z4" not in short
    full = coefficient_phrases(card, detail=True)
    assert full["z4"] == "3.3" and "rejects equality" in full["diff4"] and "does not reject" in full["diff3"]
