"""What an editor needs to accept the package: deviations from the paper, data provenance, software,
seeds, and measured resources (the elements of the Social Science Data Editors' template README).

Every table here is built from the code and the files at build time where it can be: the sample years
and the control definitions come from :mod:`lib.econometrics.panel`, the checksums from ``data/SHA256SUMS``, the
package versions from the running environment, the seeds from the chapters' code. The book's page
"About this replication" shows them.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import platform
import re
import sys
import time
from pathlib import Path

import pandas as pd

from ..data import config, releases
from ..data.checksums import read_sha256sums
from ..econometrics.panel import DEFAULTS, SAMPLE_YEARS, SPLIT_DESCRIPTIONS
from ..mrio.gvc import sector_decomposition
from ..mrio.tbi import tbi_panel
from . import book

#: Where each shipped input comes from. ``prefix`` selects its files in ``data/SHA256SUMS``.
SOURCES = (
    {
        "source": "World Input–Output Database, 2013 release",
        "prefix": "wiod2013/",
        "shipped copy": "R data package wiod (B. Quast, O. Reiter; GitHub bquast/wiod, commit 59a28ac), which "
                        "took the files from wiod.org; copied byte for byte",
        "licence": "free to use with citation (Timmer et al. 2015); the R package is GPL-3",
        "checked": "row balance of every table within rounding (loader); TBI beside the paper's Table 1; "
                   "decompositions against decompr and exvatools",
        "not checked": "byte identity with the files on wiod.org (no checksum published there)",
    },
    {
        "source": "Long-run WIOD (LR-WIOD), 1965–2000 every fifth year",
        "prefix": "longrun/",
        "shipped copy": "GitHub Carol-seven/ionet_ext, commit cfce85a (data of the R package ionet); copied byte "
                        "for byte",
        "licence": "CC BY 4.0 (Woltjer, Gouma & Timmer 2021)",
        "checked": "git blob ids match that commit; row balance; overlap years against WIOD 2013",
        "not checked": "which DataverseNL version (1.0 or 1.1) the copies were made from",
    },
    {
        "source": "KOF Globalisation Index, 2019 release (and 2023 for a sensitivity check)",
        "prefix": "macro/KOFGI_",
        "shipped copy": "KOF Swiss Economic Institute spreadsheets, from public GitHub mirrors (2019: "
                        "hpham22/Globalization-ASEAN-W, commit 2f3f7fc; 2023: philjungwirth/ Environmental_Kuznets_Curve, "
                        "commit 03fb620); copied byte for byte, git blob ids checked",
        "licence": "free for research with citation (Gygli et al. 2019)",
        "checked": "sheet layout and codes (loader); every index the paper uses is present",
        "not checked": "which KOF vintage the paper used (it does not say)",
    },
    {
        "source": "Penn World Table 10.01",
        "prefix": "macro/pwt1001",
        "shipped copy": "GitHub jaromsy/Data-Assignment-3---388, commit 62cf8d0; copied byte for byte",
        "licence": "CC BY 4.0 (Feenstra, Inklaar & Timmer 2015)",
        "checked": "variables and country codes (loader); real exchange rate recomputed for every country-year",
        "not checked": "byte identity with the file on ggdc.net (the mirror's git blob id was checked)",
    },
    {
        "source": "Worldwide Governance Indicators, 2019 update",
        "prefix": "macro/wgidataset",
        "shipped copy": "GitHub Karagul/WorldBank_GrantGovernance, commit 43bce1b; copied byte for byte",
        "licence": "CC BY 4.0 (Kaufmann, Kraay & Mastruzzi 2010)",
        "checked": "sheet layout and codes (loader)",
        "not checked": "byte identity with the World Bank's file (the mirror's git blob id was checked)",
    },
    {
        "source": "World Development Indicators, CPI inflation (FP.CPI.TOTL.ZG)",
        "prefix": "macro/inflation",
        "shipped copy": "Frictionless datasets/inflation, commit fc1dbea (a 2025 vintage of WDI); copied byte for byte",
        "licence": "ODC-PDDL-1.0 (repackaging); World Bank WDI terms (CC BY 4.0)",
        "checked": "columns and codes (loader)",
        "not checked": "the vintage the paper used (later WDI revisions can differ)",
    },
    {
        "source": "The paper's published tables (Gao, Li & Zhu 2021)",
        "prefix": "paper/",
        "shipped copy": "transcribed once from the paper's text with a parser, then checked against the text",
        "licence": "numbers quoted for comparison (scholarly citation)",
        "checked": "all 451 regression cells and 120 Table 1 values against the paper's text",
        "not checked": "—",
    },
)


def source_files(sums: dict[str, str] | None = None) -> pd.DataFrame:
    """Every shipped input file with its sha256 and source (one row per file of ``data/SHA256SUMS``).

    Raises
    ------
    ValueError
        If a listed file belongs to no source of :data:`SOURCES` (every input must have its provenance).
    """
    sums = read_sha256sums(config.DATA_DIR / "SHA256SUMS") if sums is None else sums
    rows = []
    for file, digest in sorted(sums.items()):
        owners = [s["source"] for s in SOURCES if file.startswith(s["prefix"])]
        if len(owners) != 1:
            raise ValueError(f"data/{file}: belongs to {len(owners)} sources of lib.report.provenance.SOURCES; expected one.")
        rows.append({"file": f"data/{file}", "sha256": digest, "source": owners[0]})
    return pd.DataFrame(rows)


def provenance_table(files: pd.DataFrame, part: str = "origin") -> pd.DataFrame:
    """One row per source. ``part="origin"``: number of files, where the copy comes from, licence;
    ``part="checks"``: what was and was not checked against the official release."""
    columns = {"origin": ["files", "shipped copy", "licence"], "checks": ["checked", "not checked"]}
    if part not in columns:
        raise ValueError(f"provenance_table: part={part!r}; choose one of {list(columns)}.")
    frame = pd.DataFrame(SOURCES).drop(columns="prefix")
    frame["files"] = frame["source"].map(files.groupby("source").size()).fillna(0).astype(int)
    return frame[["source", *columns[part]]]


def deviations(panel: pd.DataFrame) -> pd.DataFrame:
    """The deviations of the book's default analysis from the paper, in one table.

    ``panel`` is the default regression panel (:func:`lib.country_panel`); its years and countries are
    read from it, so the table follows the data.
    """
    years = sorted(panel["year"].unique())
    n_countries = panel["country"].nunique()
    n_dev = panel.loc[panel["developed"], "country"].nunique()
    romania = ("kept" if "ROU" in set(panel["country"]) else
               "left out by default (lib.econometrics.panel.PAPER_EXCLUDE); exclude=() or EXCLUDE = () keeps it")
    rows = [
        ("WIOD release", "2016 release: 43 countries + RoW × 56 sectors", "2013 release: 40 countries + RoW × 35 "
         "sectors (shipped); 2016 is an opt-in", "the 2016 files are too large to ship"),
        ("Regression years", "2000–2014", f"{years[0]}–{years[-1]} ({len(years)} years; the 2013 release ends in "
         f"{SAMPLE_YEARS['2013'][-1]})", "the 2013 release"),
        ("Countries", "41 (N = 615 = 41 × 15)", f"{n_countries} (N = {len(panel)})", "WIOD 2013 has 40 countries; "
         "Taiwan is absent from KOF" + ("" if romania == "kept" else "; Romania is left out (next row)")),
        ("Romania", "most likely lost in a merge on KOF's code ROM (41 × 15 = 615)", romania,
         "the book's reconstruction of the paper's sample; the evidence is indirect, so the policy chapter shows "
         "the scorecard on both samples"),
        ("Developed / developing", "22 / 19, no list given", f"{n_dev} / {n_countries - n_dev}: "
         f"{SPLIT_DESCRIPTIONS['paper']}", "a rule that reproduces the paper's counts"),
        ("Regulatory quality 2001", "not stated (WGI has no 2001)", "interpolated: mean of 2000 and 2002"
         if DEFAULTS["rq_2001"] == "interpolate" else "dropped", "the panel option rq_2001='drop' removes the 2001 observations instead"),
        ("Exchange rate (lnEXR)", "data section: real effective rate; model section: real rate against the "
         "dollar", "ln(pl_gdpo_USA / pl_gdpo_i), the real rate against the dollar (PWT); nominal xr as an option",
         "no real effective rate is shipped"),
        ("Capital (lnCK)", "capital stock, PWT", f"PWT {DEFAULTS['capital']}", "the paper's words"),
        ("TFP", "PWT, series not named", f"PWT {DEFAULTS['tfp']} (rtfpna as an option)", "a level comparable "
         "across countries"),
        ("Inflation (INFR)", "not named", "WDI CPI inflation (2025 vintage)", "the paper names no source"),
        ("KOF index", "vintage not stated", "2019 release (2023 as a sensitivity check)", "the paper does not say which release it used"),
        ("Estimator", "two-way fixed effects, clustered by country", "within estimator with country and year "
         "effects; Stata's xtreg, fe vce(cluster) small-sample factor; p-values from t(G − 1)",
         "Stata's conventions, checked against pyfixest and linearmodels"),
        ("Rounding gaps of WIOD 2013", "—", "each row's gap booked as a statistical discrepancy in its own "
         "country's final demand", "WIOD 2013 is stored in whole millions (TBI chapter)"),
    ]
    return pd.DataFrame(rows, columns=["item", "paper", "this book (default)", "why"])


#: The packages whose versions the page reports (the rest are in requirements.txt).
KEY_PACKAGES = ("numpy", "scipy", "pandas", "statsmodels", "linearmodels", "pyfixest", "matplotlib", "rdata",
                "openpyxl", "wildboottest", "jupyter-book", "myst-nb", "sphinx")  # fmt: skip


def software(packages=KEY_PACKAGES) -> pd.DataFrame:
    """Python, the platform and the installed versions of ``packages`` (read from the running environment)."""
    rows = [("Python", platform.python_version()), ("platform", platform.platform(terse=True))]
    for name in packages:
        try:
            rows.append((name, importlib.metadata.version(name)))
        except importlib.metadata.PackageNotFoundError:
            rows.append((name, "not installed"))
    return pd.DataFrame(rows, columns=["software", "version"])


_SEED_ARG = re.compile(r"(?:\bseed\s*=\s*|\bdefault_rng\(\s*)([A-Za-z_]\w*|\d+)")


def seeds(chapters: Path | None = None) -> pd.DataFrame:
    """Every seed the chapters pass to a random generator, read from their code.

    A ``seed=`` argument or ``default_rng(...)`` seed that names a variable is resolved in the chapter's parameters cell; a literal is
    reported as fixed. Chapters without randomness do not appear.
    """
    chapters = chapters or config.ROOT / "chapters"
    rows = []
    for path in sorted(chapters.glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        params = next(("".join(c["source"]) for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])), "")
        values = {t.id: node.value.value for node in ast.parse(params).body if isinstance(node, ast.Assign)
                  and isinstance(node.value, ast.Constant) for t in node.targets if isinstance(t, ast.Name)}  # fmt: skip
        found = dict.fromkeys(m for source in code for m in _SEED_ARG.findall(source))
        for arg in found:
            if arg.isdigit():
                rows.append((path.stem, int(arg), "fixed in the code"))
            elif arg in values:
                rows.append((path.stem, values[arg], f"parameter {arg}"))
            else:
                loop = next((m.group(1).strip() for src in code
                             for m in re.finditer(rf"for\s+{arg}\s+in\s+([^:\n]+):", src)), None)  # fmt: skip
                rows.append((path.stem, loop or arg, f"loop over {arg} in an exercise" if loop else "set in the code"))
    return pd.DataFrame(rows, columns=["chapter", "seed", "where"])


def resources() -> dict[str, float]:
    """Peak memory of this process (MiB) and the disk the data and the cache take (MB)."""
    import resource

    def size(folder: Path) -> float:
        return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6 if folder.is_dir() else 0.0

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return {"peak_mib": peak if sys.platform != "darwin" else peak / 1024, "data_mb": size(config.DATA_DIR),
            "cache_mb": size(config.cache_dir())}  # fmt: skip


def runtime(release: str = "2013", year: int = 2011) -> book.Passage:
    """The About page's measured costs: ``tbi_seconds`` (the TBI panel of every year, computed afresh),
    ``wwz_seconds`` (the 16 WWZ terms of one year), ``peak_mib``, ``data_mb`` and ``cache_mb``."""
    out = book.Passage()
    start = time.perf_counter()
    tbi_panel(release, cache=False, progress=False)
    out.say("tbi_seconds", book.num(time.perf_counter() - start, ".1f"))
    table = releases.load_table(release, year)
    start = time.perf_counter()
    sector_decomposition(table)
    out.say("wwz_seconds", book.num(time.perf_counter() - start, ".2f"))
    used = resources()
    for name in ("peak_mib", "data_mb", "cache_mb"):
        out.say(name, book.num(used[name], ",.0f"))
    return out
