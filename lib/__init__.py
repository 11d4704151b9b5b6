"""Shared code of the book *Did trade imbalances cause de-globalisation?*

Modules
-------
config     paths and settings (``TBI_VINTAGE``, ``TBI_WIOD2016_DIR``, ``TBI_CACHE_DIR``)
checksums  input-file verification and the errors raised on bad data
iotable    the :class:`IOTable` structure, its checks and balancing
wiod       the release registry and loaders: WIOD 2013 (shipped), 2016 (opt-in), long-run WIOD
longrun    the long-run WIOD 1965-2000: loader, join with WIOD 2013, five-year regression panel
rounding   the rounding experiment (how to balance tables stored in whole millions)
mrio       input-output algebra: coefficients, Leontief solves, value added absorbed
tbi        the Trade Benefit Index and the cached country-year panel
paper      the published tables of Gao, Li & Zhu (2021), for comparison only
toy        a 2 x 2 table solvable by hand
macro      KOF, Penn World Table, WGI and WDI loaders
panel      the merged country-year regression panel (``country_panel``)
estimation fixed-effects regressions with Stata's clustered SEs, publication tables
robustness 2SLS with identification tests, wild cluster bootstrap, leave-one-out, Driscoll-Kraay
gvc        decomposition of gross exports (KWW/WWZ): country pairs, the 16 WWZ terms by exporter sector, DVA-based TBI
scorecard  the paper's regressions re-estimated, and a scorecard against every published coefficient
claims     words that judge numbers (significance, verdicts, counts), from explicit thresholds
countries  country names
book       chapter helpers: setup, numbers in prose ({eval}), captioned tables, downloads, checks
cache      checksum-keyed on-disk cache of derived tables
synthetic  random tables and the WIOD 2016 file layout, for tests and benchmarks
plotting   figure style and small helpers
"""

from .checksums import ChecksumError, DataError, DataFileNotFound, FileFormatError, SettingError, TableError
from .estimation import xtreg_fe
from .gvc import sector_decomposition
from .iotable import IOTable, balance, check_table
from .panel import country_panel
from .tbi import bilateral_panel, tbi_panel, trade_balance_index
from .wiod import load_table, load_wiod2013, load_wiod2016

__all__ = [
    "ChecksumError", "DataError", "DataFileNotFound", "FileFormatError", "SettingError", "TableError", "IOTable", "balance", "check_table",
    "bilateral_panel", "tbi_panel", "trade_balance_index", "load_table", "load_wiod2013", "load_wiod2016",
    "country_panel", "xtreg_fe", "sector_decomposition",
]  # fmt: skip
