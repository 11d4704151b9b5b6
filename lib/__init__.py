"""Shared code of the book *Did trade imbalances cause de-globalisation?*

The package is arranged in four layers, in the order the book's data flow:
raw release files -> input-output tables -> country-year panels -> estimates -> words and tables.

lib/data/          releases (WIOD 2013, 2016, long-run), loaders, table checks, macro sources, the paper's
                   tables, checksums, cache, settings, errors
lib/mrio/          input-output algebra (solves, V̂BY), TBI, WWZ/KWW decompositions, rounding experiment
lib/econometrics/  panels (annual, long-run join), significance stars, fixed effects, IV, bootstrap,
                   Driscoll-Kraay
lib/report/        claims, scorecard, narrative, chapter helpers, provenance, plots, and the words of each
                   chapter (lib/report/chapters/, one module per notebook, returning Passages)

Layer rules
-----------
1. A module imports only from its own layer and the layers listed before it
   (data < mrio < econometrics < report); ``tests/test_architecture.py`` enforces it.
2. No import circle, and no import inside a function except of optional packages
   (``matplotlib_inline`` in a notebook, ``resource`` on POSIX).
3. A release is resolved once: a public entry point turns the user's vintage into a
   :class:`~lib.data.releases.Release` (``releases.release(vintage)``) and passes the object down.
4. The table type and its checks sit with the loaders (data), as the design's layer list says:
   "data (releases, loaders, checks, cache, errors)"; mrio starts with the algebra on checked tables.
5. A notebook holds what a reader reads: its prose and guards come from lib/report/chapters as
   ``ch.add(passage)``; no function, no ``txt.x = ...``, at most 40 hidden lines and no cell over
   15 lines (``tests/test_chapter_sources.py``).

The public API is importable from ``lib`` itself, e.g. ``from lib import tbi_panel``.
"""

from .data.errors import ChecksumError, DataError, DataFileNotFound, FileFormatError, SettingError, TableError
from .data.iotable import IOTable, balance, check_table
from .data.releases import RELEASES, Release, load_table, release
from .data.wiod import load_wiod2013, load_wiod2016
from .econometrics.estimation import xtreg_fe
from .econometrics.panel import country_panel
from .econometrics.robustness import iv_fe, wild_cluster_bootstrap
from .mrio.gvc import sector_decomposition
from .mrio.tbi import bilateral_panel, tbi_panel, trade_balance_index

__all__ = [
    "ChecksumError", "DataError", "DataFileNotFound", "FileFormatError", "SettingError", "TableError",
    "IOTable", "balance", "check_table", "RELEASES", "Release", "load_table", "release",
    "load_wiod2013", "load_wiod2016", "bilateral_panel", "tbi_panel", "trade_balance_index",
    "sector_decomposition", "country_panel", "xtreg_fe", "iv_fe", "wild_cluster_bootstrap",
]  # fmt: skip
