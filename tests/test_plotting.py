"""The book's figure style: what a figure made with matplotlib's defaults looks like after set_style."""

import matplotlib
import matplotlib.pyplot as plt

from lib.report import plotting


def test_a_default_figure_is_the_text_width_and_four_inches_high():
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        plotting.set_style()
        fig, ax = plt.subplots()
        try:
            assert tuple(fig.get_size_inches()) == (plotting.WIDTH, 4.0) and fig.dpi == 110
            assert matplotlib.rcParams["savefig.dpi"] == 200 and matplotlib.rcParams["svg.fonttype"] == "none"
            assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
            assert ax.title.get_fontsize() == 11 and ax.xaxis.label.get_fontsize() == 10
        finally:
            plt.close(fig)
