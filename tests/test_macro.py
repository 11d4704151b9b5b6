"""Small known answers for the helpers that turn the macro sources into controls."""

import numpy as np
import pandas as pd

from lib.data import macro


def test_log_or_nan_never_gives_minus_infinity():
    out = macro.log_or_nan(pd.Series([np.e, 1.0, 0.0, -2.0, np.nan, "n/a"]))
    np.testing.assert_allclose(out[:2], [1.0, 0.0])
    assert out[2:].isna().all()  # zero, negative, missing and text are missing, not -inf


def test_interpolate_years_fills_only_inner_gaps_linearly():
    frame = pd.DataFrame({"country": ["AAA"] * 3 + ["BBB"] * 2, "year": [2000, 2002, 2005, 2001, 2002],
                          "RQ": [1.0, 2.0, 5.0, 7.0, 8.0]})  # fmt: skip
    out = macro.interpolate_years(frame, "RQ", [2000, 2001, 2003, 2006]).set_index(["country", "year"])
    assert out.loc[("AAA", 2001), "RQ"] == 1.5 and out.loc[("AAA", 2003), "RQ"] == 3.0
    assert out.loc[("AAA", 2001), "RQ_interpolated"] and not out.loc[("AAA", 2002), "RQ_interpolated"]
    assert ("AAA", 2006) not in out.index and ("BBB", 2000) not in out.index  # no extrapolation
    assert ("BBB", 2001) in out.index and not out.loc[("BBB", 2001), "RQ_interpolated"]


def test_legacy_country_codes():
    codes = macro.to_iso3(pd.Series(["rom", " ZAR", "DEU", "TMP"]))
    assert list(codes) == ["ROU", "COD", "DEU", "TLS"]
