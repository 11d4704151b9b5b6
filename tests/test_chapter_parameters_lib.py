"""Every chapter parameter that its setup cell checks, set to a value that is not allowed, stops the chapter with a
ValueError that names the parameter ("Parameter CAPITAL = 'no-such-value' ..."): read from each notebook's own
``words.validate...(...)`` call, so a parameter added to a chapter is covered without editing this file. Also the
words the regression chapters share (lib.report.chapters.common): EXCLUDE given as one code, and the both-SE
difference test at its 5 % edge. (chapters/test_chapter_parameters.py runs whole notebooks on other values.)"""

import json
import re

import pandas as pd
import pytest

from lib.data import config, releases
from lib.report import book
from lib.report.chapters import common

WRONG = "no-such-value"
# Checked before the chapter's own validation: book.setup refuses an unknown release (tests/test_book.py).
CHECKED_BY_SETUP = {"RELEASE"}


def _calls():
    """(chapter, module, function name, argument expressions) of every notebook's validation call."""
    for path in sorted((config.ROOT / "chapters").glob("*.ipynb")):
        code = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
        module = re.search(r"from lib\.report\.chapters import (\w+) as words", code)
        call = re.search(r"words\.(validate\w*)\(([^)]*)\)", code)
        if module and call:
            yield path.stem, module.group(1), call.group(1), [a.strip() for a in call.group(2).split(",") if a.strip()]


CASES = [(chapter, module, function, args, name) for chapter, module, function, args in _calls()
         for name in args if name.isupper() and name not in CHECKED_BY_SETUP]  # fmt: skip


def test_every_chapter_with_parameters_validates_them():
    assert {chapter for chapter, *_ in CASES} >= {"baseline", "decomposition", "heterogeneity", "longrun", "mechanisms",
                                                  "policy", "robustness", "tbi", "theory", "trends"}  # fmt: skip


@pytest.mark.parametrize("chapter, module, function, args, name", CASES, ids=[f"{c[0]}-{c[4]}" for c in CASES])
def test_a_wrong_parameter_is_named(chapter, module, function, args, name):
    validate = getattr(__import__(f"lib.report.chapters.{module}", fromlist=[function]), function)
    defaults = book.chapter_defaults(chapter)
    years = releases.release(defaults.get("RELEASE", "2013")).years
    values = [years if a == "ch.years" else WRONG if a == name else defaults[a] for a in args]
    validate(*[years if a == "ch.years" else defaults[a] for a in args])  # the defaults pass
    with pytest.raises(ValueError, match=rf"^Parameter {name} = '?{WRONG[0]}"):
        validate(*values)


def test_exclude_as_one_code_means_that_code():
    params = common.validate_panel("2013", "real", "rnna", "ctfp", "2019", "ROU")
    assert params.exclude == ("ROU",) and params.paper_definitions
    with pytest.raises(ValueError, match="Parameter EXCLUDE = 'XYZ' is not available; choose one of 'AUS'"):
        common.validate_panel("2013", "real", "rnna", "ctfp", "2019", ("XYZ",))


def test_exclude_is_checked_against_the_release_chosen(monkeypatch):
    """Norway is in WIOD 2016, not in 2013: it can be left out of a 2016 panel, whatever TBI_VINTAGE says."""
    monkeypatch.setenv("TBI_VINTAGE", "2013")
    assert common.validate_panel("2016", "real", "rnna", "ctfp", "2019", "NOR").exclude == ("NOR",)
    with pytest.raises(ValueError, match="Parameter EXCLUDE = 'NOR' is not available"):
        common.validate_panel("2013", "real", "rnna", "ctfp", "2019", "NOR")
    monkeypatch.setenv("TBI_VINTAGE", "2016")
    with pytest.raises(ValueError, match="Parameter EXCLUDE = 'NOR' is not available"):
        common.validate_panel("2013", "real", "rnna", "ctfp", "2019", "NOR")


def test_the_both_se_difference_test_rejects_below_5_percent_only():
    row = {"ours": 1.0, "ours_se": 0.5, "ours_p": 0.05, "paper": 2.0, "paper_stars": 2, "verdict": "v",
           "paper_se": 0.5, "z": -2.0, "diff_z": -1.96}  # fmt: skip
    card = pd.DataFrame([{**row, "diff_p": 0.05}, {**row, "diff_p": 0.0499}], index=["(1)", "(2)"])
    out = common.coefficient_phrases(card, detail=True)
    assert out["diff1"].endswith("(p = 0.050) and does not reject equality at 5 %")
    assert out["diff2"].endswith("and rejects equality at 5 %")
