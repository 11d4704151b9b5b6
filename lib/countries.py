"""Country names for the ISO3 codes of every WIOD release (2013, 2016 and the long-run tables)."""

from __future__ import annotations

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
