"""Figure style and small plotting helpers shared by the chapters."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt


# The eight economies of the paper's Table 1, each with a fixed colour.
TABLE1_COUNTRIES = ("CHN", "USA", "GBR", "KOR", "DEU", "IND", "BRA", "JPN")
# tab10 without its gray (index 7), which is kept for "all other countries".
COUNTRY_COLORS = dict(zip(TABLE1_COUNTRIES, [plt.get_cmap("tab10").colors[i] for i in (0, 1, 2, 3, 4, 5, 6, 8)]))
# Figures are drawn at most WIDTH inches wide, the width of the book's content column, so that
# SVG text keeps its point size on the page (>= 9 pt; the base font is 10 pt).
WIDTH = 7.0


def set_style() -> None:
    """Book-wide matplotlib defaults: readable sizes, light grid, no top/right spines."""
    mpl.rcParams.update(
        {
            "figure.figsize": (WIDTH, 4.0),
            "figure.dpi": 110,
            "savefig.dpi": 200,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "xtick.labelsize": 9.5,
            "ytick.labelsize": 9.5,
            "legend.fontsize": 9.5,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "svg.fonttype": "none",  # text stays text in SVG: crisp, searchable, selectable
        }
    )


def use_svg() -> None:
    """Show notebook figures as SVG (sharp at any size, in the book and in JupyterLab)."""
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # outside IPython there is nothing to configure
        return
    set_matplotlib_formats("svg")


def zero_line(ax) -> None:
    """Draw a thin horizontal line at zero (balanced trade)."""
    ax.axhline(0.0, color="0.3", linewidth=0.8, zorder=1)
