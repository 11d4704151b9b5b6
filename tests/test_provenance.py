"""The replication-package tables (lib.report.provenance): every input has a source, versions and seeds are read
from the environment and the code, the deviations follow the panel."""

import json

import numpy as np
import pandas as pd
import pytest

from lib.report import provenance
from lib.data.checksums import read_sha256sums
from lib.data import config


def test_every_shipped_file_has_exactly_one_source():
    sums = read_sha256sums(config.DATA_DIR / "SHA256SUMS")
    files = provenance.source_files(sums)
    assert len(files) == len(sums) and set(files["sha256"]) == set(sums.values())
    table = provenance.provenance_table(files)
    assert table["files"].sum() == len(sums) and (table["files"] > 0).all()
    assert table.loc[table["source"].str.startswith("World Input"), "files"].item() == 17
    assert list(provenance.provenance_table(files, "checks").columns) == ["source", "checked", "not checked"]
    with pytest.raises(ValueError, match="part='x'"):
        provenance.provenance_table(files, "x")
    with pytest.raises(ValueError, match="data/extra.csv: belongs to 0 sources"):
        provenance.source_files({**sums, "extra.csv": "0" * 64})


def test_software_versions_are_those_running():
    table = provenance.software(("numpy", "no-such-package-xyz")).set_index("software")["version"]
    assert table["numpy"] == np.__version__ and table["no-such-package-xyz"] == "not installed"
    assert table["Python"].count(".") == 2


def test_seeds_are_read_from_the_chapters(tmp_path):
    def notebook(name, params, *code):
        cells = [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": params}]
        cells += [{"cell_type": "code", "metadata": {}, "source": c} for c in code]
        (tmp_path / f"{name}.ipynb").write_text(json.dumps({"cells": cells}))

    notebook("a", "SEED = 7\nREPS = 9", "boot(x, seed=SEED)", "boot(y, seed=99)")
    notebook("b", "X = 1", "for k in range(3):\n    boot(seed=k)", "boot(seed=other)")
    notebook("c", "X = 1", "no randomness here")
    notebook("d", "X = 1", "rng = np.random.default_rng(1)")
    got = provenance.seeds(tmp_path)
    assert got.values.tolist() == [["a", 7, "parameter SEED"], ["a", 99, "fixed in the code"],
                                   ["b", "range(3)", "loop over k in an exercise"], ["b", "other", "set in the code"],
                                   ["d", 1, "fixed in the code"]]
    book_seeds = provenance.seeds()
    assert ("robustness", 2021, "parameter SEED") in [tuple(r) for r in book_seeds.values]


def test_deviations_follow_the_panel(monkeypatch):
    panel = pd.DataFrame({"country": ["AUT", "AUT", "ROU", "ROU", "CHN", "CHN"], "year": [2000, 2001] * 3,
                          "developed": [True, True, False, False, False, False]})  # fmt: skip
    table = provenance.deviations(panel).set_index("item")["this book (default)"]
    assert table["Regression years"].startswith("2000–2001 (2 years")
    assert table["Countries"] == "3 (N = 6)" and table["Romania"] == "kept"
    assert table["Developed / developing"].startswith("1 / 2: ")
    assert provenance.deviations(panel[panel.country != "ROU"]).set_index("item").at["Romania", "this book (default)"] == (
        "left out by default (lib.econometrics.panel.PAPER_EXCLUDE); exclude=() or EXCLUDE = () keeps it")
    assert table["Regulatory quality 2001"] == "interpolated: mean of 2000 and 2002"
    monkeypatch.setitem(provenance.DEFAULTS, "rq_2001", "drop")
    assert provenance.deviations(panel).set_index("item").at["Regulatory quality 2001", "this book (default)"] == "dropped"


def test_runtime_times_the_two_computations_and_reports_resources(monkeypatch):
    calls = []
    monkeypatch.setattr(provenance, "tbi_panel", lambda *a, **k: calls.append(("tbi", a, k)))
    monkeypatch.setattr(provenance, "sector_decomposition", lambda table: calls.append(("wwz", table.year)))
    out = provenance.runtime("2013", 2011)
    assert calls[0] == ("tbi", ("2013",), {"cache": False, "progress": False}) and calls[1] == ("wwz", 2011)
    assert {"tbi_seconds", "wwz_seconds", "peak_mib", "data_mb", "cache_mb"} <= set(vars(out.text))
    assert float(out["tbi_seconds"]) >= 0 and float(out["data_mb"].replace(",", "")) > 10


def test_the_about_pages_tables_as_published(snapshot):
    """The deviations table (on a small panel, with and without Romania), the two provenance tables and the seeds of
    the chapters, compared with their snapshot (tests/chapter_snapshots.py; ``make snapshots`` after a change)."""
    panel = pd.DataFrame({"country": ["AUT", "AUT", "ROU", "ROU", "CHN", "CHN"], "year": [2000, 2001] * 3,
                          "developed": [True, True, False, False, False, False]})  # fmt: skip
    snapshot("deviations", provenance.deviations(panel))
    snapshot("deviations without Romania", provenance.deviations(panel[panel["country"] != "ROU"]))
    files = provenance.source_files()
    snapshot("source files", files)
    snapshot("origin", provenance.provenance_table(files))
    snapshot("checks", provenance.provenance_table(files, "checks"))
    snapshot("seeds", provenance.seeds())
