"""The Stata and R scripts of the course page reproduce Table 3, column 3, from the book's CSV.

``teaching/table3_col3.do`` and ``teaching/table3_col3.R`` are shown on the course page, not run:
neither Stata nor R is available where the book is built. What can be checked without them is
checked here:

* the CSV that the baseline chapter writes for them (``book.download``) holds the regression panel
  exactly: estimating column 3 on the CSV read back gives the in-memory estimate to 1e-10;
* the scripts read that file, and the baseline chapter writes it under that name;
* every variable the scripts use is a column of the CSV, and the regression they run is the
  paper's column 3: KOFGIdj on the TBI and the seven controls, country and year effects, standard
  errors clustered by country.
"""

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lib.report import book, scorecard
from lib.econometrics.estimation import xtreg_fe
from lib.econometrics.panel import CONTROLS, country_panel

pytestmark = pytest.mark.shared_cache  # reads shipped data only (see conftest.py)

ROOT = Path(__file__).resolve().parent.parent
DO_FILE = ROOT / "teaching" / "table3_col3.do"
R_FILE = ROOT / "teaching" / "table3_col3.R"
CSV_NAME = "regression_panel_wiod2013.csv"
DEPENDENT, _, _ = scorecard.PAPER_SPECS[("3", "(3)")]
REGRESSORS = ["tbi", *CONTROLS]


def _code_lines(path: Path, comment: str) -> list[str]:
    """Lines of a script without comments and blank lines (``comment`` starts a comment anywhere)."""
    lines = []
    for line in path.read_text().splitlines():
        if comment == "//" and line.rstrip().endswith("///"):
            line = line.rstrip()  # Stata's continuation marker is not a comment
        else:
            line = line.split(comment, 1)[0]
        line = line.strip()
        if line:
            lines.append(line)
    return lines


def parse_do(path: Path = DO_FILE) -> dict:
    """What the do-file reads, regresses and clusters on, in CSV column names."""
    lines = [line for line in _code_lines(path, "//") if not line.startswith("*")]
    joined = []  # a line ending in /// continues on the next one
    for line in lines:
        if joined and joined[-1].endswith("///"):
            joined[-1] = joined[-1][:-3].rstrip() + " " + line
        else:
            joined.append(line)
    lines = joined
    (read,) = [line for line in lines if line.startswith("import delimited")]
    (encode,) = [line for line in lines if line.startswith("encode ")]
    (xtset,) = [line for line in lines if line.startswith("xtset ")]
    (xtreg,) = [line for line in lines if line.startswith("xtreg ")]
    source, generated = re.fullmatch(r"encode (\w+), generate\((\w+)\)", encode).groups()
    panel_var, time_var = xtset.split()[1:3]
    variables, options = xtreg[len("xtreg "):].split(",", 1)
    names = variables.split()
    factors = [n[2:] for n in names if n.startswith("i.")]
    cluster = re.search(r"vce\(cluster (\w+)\)", options).group(1)
    to_csv = {generated: source}  # the encoded identifier stands for the country column
    return {
        "file": re.search(r'"([^"]+)"', read).group(1),
        "dependent": names[0],
        "regressors": [n for n in names[1:] if not n.startswith("i.")],
        "effects": sorted({to_csv.get(panel_var, panel_var), *factors}),
        "fixed_effects": "fe" in options.split() and time_var == "year",
        "cluster": to_csv.get(cluster, cluster),
        "columns": {source, time_var, *factors, *[n for n in names if not n.startswith("i.")]},
    }


def parse_r(path: Path = R_FILE) -> dict:
    """What the R script reads, regresses and clusters on."""
    code = " ".join(_code_lines(path, "#"))
    read = re.search(r'read\.csv\("([^"]+)"\)', code).group(1)
    formula = re.search(r"feols\(\s*([^,]+?)\s*,", code).group(1)
    lhs, rhs = (part.strip() for part in formula.split("~"))
    regressors, effects = (part.strip() for part in rhs.split("|"))
    regressors = [t.strip() for t in regressors.split("+")]
    effects = [t.strip() for t in effects.split("+")]
    cluster = re.search(r"cluster\s*=\s*~\s*(\w+)", code).group(1)
    return {
        "file": read, "dependent": lhs, "regressors": regressors, "effects": sorted(effects),
        "fixed_effects": True, "cluster": cluster, "columns": {lhs, *regressors, *effects, cluster},
    }


@pytest.fixture(scope="module")
def panel():
    return country_panel("2013", verbose=False)


@pytest.fixture(scope="module")
def csv_back(panel, tmp_path_factory):
    """The panel written exactly as the baseline chapter writes it, and read back as Stata or R would."""
    folder = tmp_path_factory.mktemp("downloads")
    saved = book.DOWNLOADS
    book.DOWNLOADS = folder
    try:
        book.download(panel, CSV_NAME, "the regression panel")
    finally:
        book.DOWNLOADS = saved
    return pd.read_csv(folder / CSV_NAME)


def test_csv_gives_the_same_estimate(panel, csv_back):
    ours = xtreg_fe(panel, DEPENDENT, REGRESSORS)
    back = xtreg_fe(csv_back, DEPENDENT, REGRESSORS)
    assert back.nobs == ours.nobs and back.n_clusters == ours.n_clusters
    np.testing.assert_allclose(back.params.to_numpy(), ours.params.reindex(back.params.index).to_numpy(),
                               rtol=0, atol=1e-10)
    np.testing.assert_allclose(back.se.to_numpy(), ours.se.reindex(back.se.index).to_numpy(), rtol=0, atol=1e-10)
    assert abs(back.r2_within - ours.r2_within) < 1e-10


@pytest.mark.parametrize("parse", [parse_do, parse_r], ids=["stata", "r"])
def test_script_runs_column_3_on_the_csv_columns(parse, csv_back):
    script = parse()
    assert script["file"] == CSV_NAME
    missing = sorted(script["columns"] - set(csv_back.columns))
    assert not missing, f"the script uses {missing}, which are not columns of {CSV_NAME}"
    assert script["dependent"] == DEPENDENT
    assert script["regressors"] == REGRESSORS, "the regressors must be the TBI and the controls, in the paper's order"
    assert script["effects"] == ["country", "year"]
    assert script["fixed_effects"]
    assert script["cluster"] == "country"


def test_baseline_chapter_writes_the_file_the_scripts_read():
    nb = json.loads((ROOT / "chapters" / "baseline.ipynb").read_text())
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    parameters = next("".join(c["source"]) for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    assert re.search(r'^RELEASE = "2013"', parameters, re.M), "the baseline's default release is 2013"
    assert 'f"regression_panel_wiod{RELEASE}.csv"' in source, "the baseline chapter no longer writes the CSV"
