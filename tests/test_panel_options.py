"""Every option of the regression panel changes the columns it names, and only them, to the raw values.

The raw files are read here independently of ``lib.data.macro`` (pandas on the shipped files), so an
option that is silently ignored, or a control built from the wrong series, fails a test.
"""

import numpy as np
import pandas as pd
import pytest

from lib.econometrics import panel
from lib.data.config import DATA_DIR

KOF_COLUMNS = ("KOFGIdj", "KOFEcGIdj", "KOFTrGIdj", "KOFFiGIdj", "KOFPoGIdj")
CONTROL_COLUMNS = ("RQ", "lnEXR", "TFP", "INFR", "lnCK", "lnGDP", "lnPOP")
pytestmark = pytest.mark.shared_cache


@pytest.fixture(scope="module")
def pwt():
    raw = pd.read_stata(DATA_DIR / "macro" / "pwt1001.dta",
                        columns=["countrycode", "year", "rgdpna", "rnna", "ck", "ctfp", "rtfpna", "xr", "pl_gdpo", "pop"])
    raw["year"] = raw["year"].astype(int)
    raw = raw.astype({c: float for c in raw.columns if c not in ("countrycode", "year")})  # dta stores float32
    return raw.rename(columns={"countrycode": "country"}).replace({"country": {"ROM": "ROU"}}).set_index(["country", "year"])


def build(**options):
    return panel.build_country_panel("2013", **{"exclude": (), **options}).data.set_index(["country", "year"]).sort_index()


@pytest.fixture(scope="module")
def default(session_cache):
    mp = pytest.MonkeyPatch()
    mp.setenv("TBI_CACHE_DIR", str(session_cache))
    try:
        yield build()
    finally:
        mp.undo()


def _same_except(a: pd.DataFrame, b: pd.DataFrame, changed) -> None:
    """Equal rows and columns, except the ``changed`` columns."""
    common = a.index.intersection(b.index)
    keep = [c for c in a.columns if c not in changed]
    pd.testing.assert_frame_equal(a.loc[common, keep], b.loc[common, keep], check_exact=False, rtol=1e-12)


def test_default_controls_are_the_papers_definitions(default, pwt):
    raw = pwt.loc[default.index]
    np.testing.assert_allclose(default["lnCK"], np.log(raw["rnna"]), rtol=1e-12)  # capital stock
    np.testing.assert_allclose(default["TFP"], raw["ctfp"], rtol=1e-12)
    np.testing.assert_allclose(default["lnGDP"], np.log(raw["rgdpna"]), rtol=1e-12)
    np.testing.assert_allclose(default["lnPOP"], np.log(raw["pop"]), rtol=1e-12)
    # real exchange rate against the dollar: ln(pl_USA / pl_i), by hand for each row
    us_price = pwt.xs("USA", level="country")["pl_gdpo"]
    expected = np.log(us_price.loc[default.index.get_level_values("year")].to_numpy() / raw["pl_gdpo"].to_numpy())
    np.testing.assert_allclose(default["lnEXR"], expected, rtol=1e-12)
    assert default.loc["DEU", "lnEXR"].std() > 0.05  # not the nominal rate, not a constant


@pytest.mark.parametrize(
    "options, column, raw_column, transform",
    [
        ({"tfp": "rtfpna"}, "TFP", "rtfpna", None),
        ({"capital": "ck"}, "lnCK", "ck", np.log),
        ({"exchange_rate": "nominal"}, "lnEXR", "xr", np.log),
    ],
    ids=["tfp", "capital", "exchange_rate"],
)
def test_pwt_option_changes_its_column_only(default, pwt, options, column, raw_column, transform):
    variant = build(**options)
    values = pwt.loc[variant.index, raw_column]
    np.testing.assert_allclose(variant[column], transform(values) if transform else values, rtol=1e-12)
    assert not np.allclose(variant[column], default.loc[variant.index, column]), f"{options} left {column} unchanged"
    _same_except(variant, default, {column})


def test_rq_2001_drop_removes_only_2001(default):
    variant = build(rq_2001="drop")
    assert 2001 not in variant.index.get_level_values("year")
    assert set(default.index) - set(variant.index) == {i for i in default.index if i[1] == 2001}
    _same_except(variant, default, {"RQ_interpolated"})


def test_exclude_removes_only_that_country(default):
    variant = build(exclude=("ROU",))
    assert "ROU" not in variant.index.get_level_values("country")
    assert len(variant) == len(default) - len(default.loc["ROU"])
    _same_except(variant, default, set())
    with pytest.raises(ValueError, match="XXX"):
        build(exclude=("XXX",))


def test_kof_release_changes_the_kof_columns_only(default):
    variant = build(kof_release="2023")
    raw = pd.read_excel(DATA_DIR / "macro" / "KOFGI_2023_public.xlsx", sheet_name=0)
    raw = raw.drop(columns="country").rename(columns={"code": "country"}).replace({"country": {"ROM": "ROU"}}).set_index(["country", "year"])
    for column in KOF_COLUMNS:
        np.testing.assert_allclose(variant[column], raw.loc[variant.index, column], rtol=1e-12)
        assert not np.allclose(variant[column], default.loc[variant.index, column]), column
    changed = {c for c in default.columns if c.startswith("KOF")}
    _same_except(variant, default, changed)
