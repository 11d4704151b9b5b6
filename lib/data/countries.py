"""Country names for the ISO3 codes of every WIOD release (2013, 2016 and the long-run tables)."""

from __future__ import annotations

import pandas as pd

NAMES = {
    "AUS": "Australia", "AUT": "Austria", "BEL": "Belgium", "BGR": "Bulgaria", "BRA": "Brazil",
    "CAN": "Canada", "CHE": "Switzerland", "CHN": "China", "CYP": "Cyprus", "CZE": "Czech Republic",
    "DEU": "Germany", "DNK": "Denmark", "ESP": "Spain", "EST": "Estonia", "FIN": "Finland",
    "FRA": "France", "GBR": "United Kingdom", "GRC": "Greece", "HKG": "Hong Kong", "HRV": "Croatia",
    "HUN": "Hungary", "IDN": "Indonesia", "IND": "India", "IRL": "Ireland", "ITA": "Italy",
    "JPN": "Japan", "KOR": "Korea", "LTU": "Lithuania", "LUX": "Luxembourg", "LVA": "Latvia",
    "MEX": "Mexico", "MLT": "Malta", "NLD": "Netherlands", "NOR": "Norway", "POL": "Poland",
    "PRT": "Portugal", "ROU": "Romania", "RUS": "Russia", "SVK": "Slovakia", "SVN": "Slovenia",
    "SWE": "Sweden", "TUR": "Turkey", "TWN": "Taiwan", "USA": "United States", "ROW": "rest of the world",
}  # fmt: skip

# Names that read better with an article inside a sentence ("the United States").
_WITH_ARTICLE = {"USA", "GBR", "NLD", "CZE", "ROW"}


def name(code: str, article: bool = False) -> str:
    """English name of an ISO3 code (``"DEU"`` -> ``"Germany"``); ``article=True`` gives
    ``"the United States"`` where English needs it. Unknown codes raise a clear error."""
    code = str(code).upper()
    if code not in NAMES:
        raise ValueError(f"Unknown country code {code!r}: use an ISO3 code of the WIOD tables, e.g. 'CHN', 'DEU', 'USA'.")
    text = NAMES[code]
    return f"the {text}" if article and code in _WITH_ARTICLE else text


# Short English names of the 35 sectors of WIOD 2013 (NACE rev. 1.1 based; WIOD's codes c1-c35 and the
# NACE codes in brackets, as the release documents them, Timmer et al. 2015).
SECTORS_2013 = {
    "c1": "Agriculture, forestry, fishing (AtB)", "c2": "Mining and quarrying (C)", "c3": "Food, beverages, tobacco (15t16)",
    "c4": "Textiles (17t18)", "c5": "Leather, footwear (19)", "c6": "Wood and cork (20)",
    "c7": "Paper, printing, publishing (21t22)", "c8": "Coke, refined petroleum (23)", "c9": "Chemicals (24)",
    "c10": "Rubber and plastics (25)", "c11": "Other non-metallic minerals (26)", "c12": "Basic and fabricated metals (27t28)",
    "c13": "Machinery n.e.c. (29)", "c14": "Electrical and optical equipment (30t33)", "c15": "Transport equipment (34t35)",
    "c16": "Manufacturing n.e.c., recycling (36t37)", "c17": "Electricity, gas, water (E)", "c18": "Construction (F)",
    "c19": "Motor vehicle trade and repair (50)", "c20": "Wholesale trade (51)", "c21": "Retail trade (52)",
    "c22": "Hotels and restaurants (H)", "c23": "Inland transport (60)", "c24": "Water transport (61)",
    "c25": "Air transport (62)", "c26": "Transport services, travel agencies (63)", "c27": "Post and telecommunications (64)",
    "c28": "Financial intermediation (J)", "c29": "Real estate (70)", "c30": "Business services, renting (71t74)",
    "c31": "Public administration, defence (L)", "c32": "Education (M)", "c33": "Health and social work (N)",
    "c34": "Other personal services (O)", "c35": "Private households (P)",
}  # fmt: skip


def sector(code: str) -> str:
    """Short name of a WIOD 2013 sector code (``"c14"`` -> ``"Electrical and optical equipment (30t33)"``);
    codes of the other releases are returned as they are (their files name them already)."""
    return SECTORS_2013.get(str(code), str(code))


def code_table(releases: dict, splits: dict) -> "pd.DataFrame":
    """Every region code of the releases: ISO3 code, English name, the releases that contain it, and its group
    under each developed/developing rule.

    Parameters
    ----------
    releases
        ``{label: tuple of codes}`` (e.g. from :data:`lib.data.releases.RELEASES`).
    splits
        ``{rule name: set of developed codes}`` (e.g. :data:`lib.econometrics.panel.SPLITS`).
    """
    codes = sorted({c for members in releases.values() for c in members}, key=lambda c: (c == "ROW", c))
    rows = []
    for code in codes:
        row = {"code": code, "name": name(code),
               "releases": ", ".join(label for label, members in releases.items() if code in members)}  # fmt: skip
        for rule, developed in splits.items():
            row[f"group ({rule} rule)"] = "—" if code == "ROW" else "developed" if code in developed else "developing"
        rows.append(row)
    return pd.DataFrame(rows)
