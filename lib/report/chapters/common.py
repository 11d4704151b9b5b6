"""Words that several chapters share."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...data import releases
from ...econometrics import panel
from .. import book, claims


@dataclass(frozen=True)
class PanelParameters:
    """The parameters of a chapter that estimates the paper's regressions (baseline, heterogeneity, mechanisms)."""

    release: str
    exchange_rate: str
    capital: str
    tfp: str
    kof_release: str
    exclude: tuple
    split: str = "paper"

    def __post_init__(self):  # EXCLUDE = "ROU" means ("ROU",), as in panel.build_country_panel, not ("R", "O", "U")
        object.__setattr__(self, "exclude", (self.exclude,) if isinstance(self.exclude, str) else tuple(self.exclude))

    @property
    def paper_controls(self) -> bool:
        """The control series as the paper's text defines them (the panel's defaults)."""
        return (self.exchange_rate, self.capital, self.tfp) == tuple(
            panel.DEFAULTS[k] for k in ("exchange_rate", "capital", "tfp"))

    @property
    def paper_definitions(self) -> bool:
        """The paper's controls, KOF release and sample (Romania left out)."""
        return self.paper_controls and self.kof_release == "2019" and self.exclude == panel.PAPER_EXCLUDE

    @property
    def paper_default(self) -> bool:
        """The book's parameters: the paper's definitions, our developed/developing split, WIOD 2013."""
        return self.paper_definitions and self.split == "paper" and self.release == "2013"


def validate_panel(release, exchange_rate, capital, tfp, kof_release, exclude, split="paper") -> PanelParameters:
    """Check a regression chapter's parameters (a ValueError names the first invalid one) and return them."""
    book.require(exchange_rate, panel.OPTIONS["exchange_rate"], "EXCHANGE_RATE")
    book.require(capital, panel.OPTIONS["capital"], "CAPITAL")
    book.require(tfp, panel.OPTIONS["tfp"], "TFP")
    book.require(kof_release, ("2019", "2023"), "KOF_RELEASE")
    book.require(split, panel.SPLITS, "SPLIT")
    params = PanelParameters(release, exchange_rate, capital, tfp, kof_release, exclude, split)
    for code in params.exclude:
        book.require(code, releases.release(release).countries, "EXCLUDE")
    return params


def split_phrase(params: PanelParameters) -> book.Passage:
    """``split``: the developed/developing rule in words (the note at the top of a chapter)."""
    return book.Passage().say("split", panel.SPLIT_DESCRIPTIONS[params.split])


def coefficient_phrases(tbi_card: pd.DataFrame, detail: bool = False) -> book.Passage:
    """The phrases of every TBI coefficient of a scorecard, one set per column ``(k)``.

    ``b{k}``, ``se{k}``, ``p{k}``, ``sig{k}`` (ours), ``paper{k}``, ``paper_sig{k}``, ``verdict{k}`` and
    ``dist{k}`` (the distance in the paper's standard errors, with the both-SE test); with ``detail``
    also ``paper_se{k}``, ``z{k}`` (|distance| in paper SEs) and ``diff{k}`` (the both-SE difference test
    as a clause). ``tbi_card`` is indexed by column, as :func:`lib.report.scorecard.scorecard` rows.
    """
    out = book.Passage()
    for col, row in tbi_card.iterrows():
        k = str(col).strip("()")
        out.say(f"b{k}", book.num(row["ours"], ".2f")).say(f"se{k}", book.num(row["ours_se"], ".2f"))
        out.say(f"p{k}", book.pvalue(row["ours_p"])).say(f"sig{k}", claims.significance(row["ours_p"]))
        out.say(f"paper{k}", book.num(row["paper"], ".2f"))
        out.say(f"paper_sig{k}", claims.significance_of_stars(int(row["paper_stars"])))
        out.say(f"verdict{k}", row["verdict"])
        out.say(f"dist{k}", claims.distance(row["ours"], row["paper"], row["paper_se"], row["ours_se"]))
        if detail:
            out.say(f"paper_se{k}", book.num(row["paper_se"], ".2f")).say(f"z{k}", book.num(abs(row["z"]), ".1f"))
            out.say(f"diff{k}", f"counting both standard errors, the difference test gives z = "
                    f"{book.num(row['diff_z'], '.2f')} (p = {book.pvalue(row['diff_p'])}) and "
                    f"{claims.rejection_words(row['diff_p'], 'equality')}")
    return out
