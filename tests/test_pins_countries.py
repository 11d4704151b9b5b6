"""Behaviour of lib.data.countries that mutmut found unpinned (issue 21): upper-casing of codes, where the
article goes, the exact message for an unknown code, and sector names of the other releases."""

import pytest

from lib.data import countries


@pytest.mark.parametrize("code, plain, with_article", [
    ("usa", "United States", "the United States"), ("GBR", "United Kingdom", "the United Kingdom"),
    ("nld", "Netherlands", "the Netherlands"), ("CZE", "Czech Republic", "the Czech Republic"),
    ("ROW", "rest of the world", "the rest of the world"), ("DEU", "Germany", "Germany"), ("chn", "China", "China"),
])  # fmt: skip
def test_names_and_articles(code, plain, with_article):
    assert countries.name(code) == plain
    assert countries.name(code, article=False) == plain
    assert countries.name(code, article=True) == with_article


def test_unknown_code_message():
    with pytest.raises(ValueError) as err:
        countries.name("xyz")
    assert str(err.value) == "Unknown country code 'XYZ': use an ISO3 code of the WIOD tables, e.g. 'CHN', 'DEU', 'USA'."


def test_sector_names():
    assert countries.sector("c14") == "Electrical and optical equipment (30t33)"
    assert countries.sector("D24") == "D24" and countries.sector(5) == "5"  # other releases: as they are
