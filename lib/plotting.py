"""Figure style and small plotting helpers shared by the chapters."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

# The eight economies of the paper's Table 1, each with a fixed colour.
TABLE1_COUNTRIES = ("CHN", "USA", "GBR", "KOR", "DEU", "IND", "BRA", "JPN")
# tab10 without its gray (index 7), which is kept for "all other countries".
COUNTRY_COLORS = dict(zip(TABLE1_COUNTRIES, [plt.get_cmap("tab10").colors[i] for i in (0, 1, 2, 3, 4, 5, 6, 8)]))
COUNTRY_NAMES = {
    "CHN": "China", "USA": "United States", "GBR": "United Kingdom", "KOR": "Korea", "DEU": "Germany",
    "IND": "India", "BRA": "Brazil", "JPN": "Japan", "ROW": "Rest of world",
}  # fmt: skip


def set_style() -> None:
    """Book-wide matplotlib defaults: readable sizes, light grid, no top/right spines."""
    mpl.rcParams.update(
        {
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 110,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "legend.frameon": False,
        }
    )


def zero_line(ax) -> None:
    """Draw a thin horizontal line at zero (balanced trade)."""
    ax.axhline(0.0, color="0.3", linewidth=0.8, zorder=1)
