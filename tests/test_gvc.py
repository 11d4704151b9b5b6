"""The gross-exports decomposition against published results of decompr and exvatools, and identities."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lib.data import wiod
from lib.mrio import gvc, tbi
from lib.data.iotable import IOTable

FIX = Path(__file__).parent / "fixtures"


def exvatools_table():
    d = FIX / "exvatools_wiodtest"
    Z = pd.read_csv(d / "wiodtest_Z.csv", index_col=0)
    Y = pd.read_csv(d / "wiodtest_Yfd.csv", index_col=0)
    x = pd.read_csv(d / "wiodtest_X_VA.csv", index_col=0)["X"]
    countries = tuple(dict.fromkeys(c.split("_")[0] for c in Z.index))
    sectors = tuple(dict.fromkeys(c.split("_", 1)[1] for c in Z.index))
    return IOTable(Z=Z.to_numpy(), Y=Y.to_numpy(), x=x.to_numpy(), countries=countries, sectors=sectors,
                   fd_categories=("CONS", "INVST"))  # fmt: skip


def leather_table():
    d = FIX / "decompr_leather"
    inter = pd.read_csv(d / "inter.csv", index_col=0)
    final = pd.read_csv(d / "final.csv", index_col=0)
    out = pd.read_csv(d / "out.csv", index_col=0)["out"]
    return IOTable(Z=inter.to_numpy(), Y=final.to_numpy(), x=out.to_numpy(), countries=tuple(final.columns),
                   sectors=("Agriculture", "Textile_and_Leather", "Transport_Equipment"), fd_categories=("total",))  # fmt: skip


def test_bilateral_components_match_exvatools_wwz():
    """exvatools 0.9.0 make_exvadec(method = "wwz", output = "standard") on its wiodtest table."""
    ours = gvc.bilateral_decomposition(exvatools_table()).set_index(["exporter", "importer"])
    expected = pd.read_csv(FIX / "exvatools_wiodtest" / "wiodtest_wwz_standard_all.csv")
    expected = expected.groupby(["exporter", "importer"])[list(gvc.STANDARD)].sum().loc[ours.index]
    np.testing.assert_allclose(ours[list(gvc.STANDARD)], expected, rtol=1e-10, atol=1e-9)


def test_country_totals_match_exvatools_kww():
    ours = gvc.country_decomposition(gvc.bilateral_decomposition(exvatools_table()))
    expected = pd.read_csv(FIX / "exvatools_wiodtest" / "wiodtest_kww_standard_all.csv")
    expected = expected.groupby("exporter")[list(gvc.STANDARD)].sum().loc[ours.index]
    np.testing.assert_allclose(ours[list(gvc.STANDARD)], expected, rtol=1e-10)


def test_country_totals_match_decompr_kww():
    """decompr 6.8.0 kww() on the leather example: the nine KWW (2014) terms, grouped."""
    ours = gvc.country_decomposition(gvc.bilateral_decomposition(leather_table()))
    k = pd.read_csv(FIX / "decompr_leather" / "kww_out.csv", index_col=0).loc[ours.index]
    np.testing.assert_allclose(ours["DVA_FIN"], k["DVA_FIN"], rtol=1e-10)
    np.testing.assert_allclose(ours["VAX"], k[["DVA_FIN", "DVA_INT", "DVA_INTrex"]].sum(axis=1), rtol=1e-10)
    np.testing.assert_allclose(ours["REF"], k[["RDV_FIN", "RDV_INT"]].sum(axis=1), rtol=1e-10)
    np.testing.assert_allclose(ours["DDC"], k["DDC"], rtol=1e-10)
    np.testing.assert_allclose(ours["FVA_FIN"], k["FVA_FIN"], rtol=1e-10)
    np.testing.assert_allclose(ours["FVA"], k[["FVA_FIN", "FVA_INT"]].sum(axis=1), rtol=1e-10)
    np.testing.assert_allclose(ours["FDC"], k["FDC"], rtol=1e-10)


def test_bilateral_components_match_decompr_wwz():
    """decompr 6.8.0 wwz(): the 16 WWZ terms by exporting industry, summed per exporter-importer pair."""
    w = pd.read_csv(FIX / "decompr_leather" / "wwz_out.csv")
    w = w[w.Exporting_Country != w.Importing_Country].groupby(["Exporting_Country", "Importing_Country"]).sum(
        numeric_only=True
    )
    ours = gvc.bilateral_decomposition(leather_table()).set_index(["exporter", "importer"]).loc[w.index]
    groups = {
        "EXGR": ["texp"],
        "DVA_FIN": ["DVA_FIN"],
        "VAX": ["DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2"],
        "REF": ["RDV_INT", "RDV_FIN", "RDV_FIN2"],
        "DDC": ["DDC_FIN", "DDC_INT"],
        "FVA": ["OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT"],
        "FDC": ["ODC", "MDC"],
    }
    for ours_name, terms in groups.items():
        np.testing.assert_allclose(ours[ours_name], w[terms].sum(axis=1), rtol=1e-10, err_msg=ours_name)


@pytest.mark.parametrize("year", [2000, 2011])
def test_identities_on_wiod(year):
    table = wiod.load_wiod2013(year)
    b = gvc.bilateral_decomposition(table)
    # Components add up to gross exports, except exports of products with zero recorded output
    # (served from inventories; no value added in the model): 11 M USD LUX -> ROW in 2000.
    zero = table.x == 0
    yz = pd.DataFrame(table.final_demand()[zero], index=np.array(table.countries)[table.row_country[zero]],
                      columns=table.countries).groupby(level=0).sum()  # fmt: skip
    unexplained = [yz.at[e, i] if e in yz.index else 0.0 for e, i in zip(b["exporter"], b["importer"])]
    np.testing.assert_allclose(b["EXGR"] - (b["DVA"] + b["DDC"] + b["FVA"] + b["FDC"]), unexplained, atol=1e-6)
    np.testing.assert_allclose(b["DC"], b["DVA"] + b["DDC"], rtol=1e-9, atol=1e-6)
    assert (b[["EXGR", "DC", "VAX", "FC"]] >= -1e-6).all().all()
    # Cross-check with an independent method: VAX summed over importers is the value added
    # absorbed abroad from the V̂BY decomposition (the TBI's value-added exports).
    vax = gvc.country_decomposition(b)["VAX"]
    va_x = tbi.country_flows(table)[0].set_index("country")["va_exports"]
    np.testing.assert_allclose(vax.loc[va_x.index], va_x, rtol=1e-9)
    # Gross exports equal those of lib.mrio.
    exgr = gvc.country_decomposition(b)["EXGR"]
    np.testing.assert_allclose(exgr.loc[va_x.index], tbi.country_flows(table)[0].set_index("country")["gross_exports"], rtol=1e-12)


def test_dva_tbi_definition():
    b = gvc.bilateral_decomposition(leather_table())
    d = gvc.dva_trade(b).set_index("country")
    np.testing.assert_allclose(d["dva_exports"], b.groupby("exporter")["DVA"].sum().loc[d.index])
    assert d["tbi_dva"].between(-1, 1).all()
    assert abs((d["dva_exports"] - d["dva_imports"]).sum()) < 1e-9  # world DVA exports = world DVA imports


@pytest.mark.parametrize("fixture", ["exvatools", "decompr"])
def test_dva_exports_and_imports_match_published_decompositions(fixture):
    """DVA in each country's exports (by exporter) and in its imports (partners' DVA, by importer),
    summed independently from the published bilateral WWZ outputs of exvatools and decompr."""
    if fixture == "exvatools":
        table = exvatools_table()
        pub = pd.read_csv(FIX / "exvatools_wiodtest" / "wiodtest_wwz_standard_all.csv")
        pub = pub[pub["exporter"] != pub["importer"]]
        exports, imports = pub.groupby("exporter")["DVA"].sum(), pub.groupby("importer")["DVA"].sum()
    else:
        table = leather_table()
        w = pd.read_csv(FIX / "decompr_leather" / "wwz_out.csv")
        w = w[w.Exporting_Country != w.Importing_Country]
        dva_terms = ["DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN", "RDV_FIN2"]
        w = w.assign(DVA=w[dva_terms].sum(axis=1))
        exports, imports = w.groupby("Exporting_Country")["DVA"].sum(), w.groupby("Importing_Country")["DVA"].sum()
    ours = gvc.dva_trade(gvc.bilateral_decomposition(table)).set_index("country")
    np.testing.assert_allclose(ours["dva_exports"], exports.loc[ours.index], rtol=1e-10)
    np.testing.assert_allclose(ours["dva_imports"], imports.loc[ours.index], rtol=1e-10)
    expected_tbi = (exports - imports) / (exports + imports)
    np.testing.assert_allclose(ours["tbi_dva"], expected_tbi.loc[ours.index], rtol=1e-10)
    assert ours["tbi_dva"].abs().max() > 0.01  # a non-trivial index (a wrong grouping would make it 0)
    # world DVA exports equal world DVA imports
    assert ours["dva_exports"].sum() == pytest.approx(ours["dva_imports"].sum(), rel=1e-12)


# ------------------------------------------------------------------ the 16 WWZ terms at decompr's grain


def _decompr_wwz(path):
    return pd.read_csv(path)


@pytest.mark.parametrize(
    "table, published",
    [
        (leather_table, FIX / "decompr_leather" / "wwz_out.csv"),
        (exvatools_table, FIX / "exvatools_wiodtest" / "wiodtest_decompr_wwz_out.csv"),
    ],
    ids=["decompr-leather", "decompr-wiodtest"],
)
def test_sector_decomposition_equals_decompr_cell_by_cell(table, published):
    """decompr 6.8.0 decomp(method = "wwz"): every term, every exporter sector x importer, in decompr's order."""
    tab = table()
    ours = gvc.sector_decomposition(tab)
    ref = pd.read_csv(published)
    assert list(ours.columns[:3]) == list(gvc.WWZ_KEYS) and len(ours) == tab.G * tab.N * tab.G == len(ref)
    # Same rows in the same order (decompr prefixes sector codes that start with a digit with "D").
    assert (ours["Exporting_Country"] == ref["Exporting_Country"]).all()
    assert (ours["Importing_Country"] == ref["Importing_Country"]).all()
    assert (ref["Exporting_Industry"].str.removeprefix("D") == ours["Exporting_Industry"]).all()
    for term in (*gvc.WWZ_TERMS, "texp", "texpint", "texpfd"):
        np.testing.assert_allclose(ours[term], ref[term], rtol=1e-10, atol=1e-10, err_msg=term)
        assert ours[term].sum() == pytest.approx(ref[term].sum(), rel=1e-10)
    assert ref[list(gvc.WWZ_TERMS)].abs().min().min() == 0  # own-country rows are zero in both
    assert (ours[list(gvc.WWZ_TERMS)].abs().sum() > 0).all()  # and no term is zero throughout


def test_sector_decomposition_equals_exvatools_terms():
    """exvatools 0.9.0 make_exvadec(method = "wwz", output = "terms"), under the shipped name map."""
    names = pd.read_csv(FIX / "exvatools_wiodtest" / "wwz_term_names_decompr_vs_exvatools.csv")
    rename = dict(zip(names["exvatools"], names["decompr"]))
    assert sorted(rename.values()) == sorted(gvc.WWZ_TERMS)
    ref = pd.read_csv(FIX / "exvatools_wiodtest" / "wiodtest_wwz_terms_all.csv").rename(columns=rename)
    ref["Exporting_Industry"] = ref["exporter_sector"].str.split("_", n=1).str[1]
    ref = ref.set_index(["exporter", "Exporting_Industry", "importer"])
    ours = gvc.sector_decomposition(exvatools_table()).set_index(list(gvc.WWZ_KEYS))
    ref = ref.loc[ours.index]
    for term in gvc.WWZ_TERMS:
        np.testing.assert_allclose(ours[term], ref[term], rtol=1e-10, atol=1e-10, err_msg=term)
    np.testing.assert_allclose(ours["texp"], ref["EXGR"], rtol=1e-12)


@pytest.mark.parametrize("year", [2000, 2011])
def test_sector_decomposition_on_wiod_adds_up_and_equals_the_bilateral_one(year):
    table = wiod.load_wiod2013(year)
    d = gvc.sector_decomposition(table)
    assert len(d) == 41 * 35 * 41 == 58_835
    own = d["Exporting_Country"] == d["Importing_Country"]
    assert (d.loc[own, [*gvc.WWZ_TERMS, "texp"]] == 0).all().all()
    np.testing.assert_allclose(d["texpint"] + d["texpfd"], d["texp"], rtol=1e-12)
    # The 16 terms add up to gross exports in every cell, except exports of zero-output products
    # (no value added in the model: LUX -> ROW, 11 M USD, in 2000).
    gap = d["texp"] - d[list(gvc.WWZ_TERMS)].sum(axis=1)
    zero = pd.Series(table.x == 0, index=pd.MultiIndex.from_product([table.countries, table.sectors]))
    at_zero = zero.loc[list(zip(d["Exporting_Country"], d["Exporting_Industry"]))].to_numpy()
    np.testing.assert_allclose(gap[~at_zero], 0, atol=1e-6)
    np.testing.assert_allclose(gap[at_zero], d.loc[at_zero, "texpfd"], atol=1e-6)
    # Country-pair totals equal the tested bilateral decomposition, group by group.
    pairs = d[~own].groupby(["Exporting_Country", "Importing_Country"], sort=False).sum(numeric_only=True)
    b = gvc.bilateral_decomposition(table).set_index(["exporter", "importer"])
    pairs.index.names = b.index.names
    pairs = pairs.loc[b.index]
    np.testing.assert_allclose(pairs["texp"], b["EXGR"], rtol=1e-12)
    for group, terms in gvc.WWZ_GROUPS.items():
        if group in b:
            np.testing.assert_allclose(pairs[list(terms)].sum(axis=1), b[group], rtol=1e-9, atol=1e-3, err_msg=group)
    np.testing.assert_allclose(pairs["DVA_FIN"], b["DVA_FIN"], rtol=1e-9, atol=1e-3)
    np.testing.assert_allclose(pairs[["DDC_FIN"]].sum(axis=1), b["DDC_FIN"], rtol=1e-9, atol=1e-3)
    np.testing.assert_allclose(pairs[["OVA_FIN", "MVA_FIN"]].sum(axis=1), b["FVA_FIN"], rtol=1e-9, atol=1e-3)
