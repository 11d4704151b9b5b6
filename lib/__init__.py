"""Shared code of the book *Did trade imbalances cause de-globalisation?*

Modules
-------
config     paths and settings (``TBI_VINTAGE``, ``TBI_WIOD2016_DIR``, ``TBI_CACHE_DIR``)
checksums  input-file verification and the errors raised on bad data
iotable    the :class:`IOTable` structure, its checks and balancing
wiod       loaders for the WIOD 2013 (shipped) and 2016 (opt-in) releases
mrio       input-output algebra: coefficients, Leontief solves, value added absorbed
tbi        the Trade Benefit Index and the cached country-year panel
paper      the published tables of Gao, Li & Zhu (2021), for comparison only
toy        a 2 x 2 table solvable by hand
macro      KOF, Penn World Table, WGI and WDI loaders
panel      the merged country-year regression panel (``country_panel``)
estimation fixed-effects regressions with Stata's clustered SEs, publication tables
book       chapter helpers (setup, side-by-side tables with the paper)
cache      checksum-keyed on-disk cache of derived tables
synthetic  random tables and the WIOD 2016 file layout, for tests and benchmarks
plotting   figure style and small helpers
"""

from .checksums import ChecksumError, DataError, DataFileNotFound, TableError
from .estimation import xtreg_fe
from .iotable import IOTable, balance, check_table
from .panel import country_panel
from .tbi import bilateral_panel, tbi_panel, trade_balance_index
from .wiod import load_table, load_wiod2013, load_wiod2016

__all__ = [
    "ChecksumError", "DataError", "DataFileNotFound", "TableError", "IOTable", "balance", "check_table",
    "bilateral_panel", "tbi_panel", "trade_balance_index", "load_table", "load_wiod2013", "load_wiod2016",
    "country_panel", "xtreg_fe",
]  # fmt: skip
