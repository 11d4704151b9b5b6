"""Words that several chapters share."""

from __future__ import annotations

import pandas as pd

from .. import book, claims


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
                    f"{'rejects' if row['diff_p'] < 0.05 else 'does not reject'} equality at 5 %")
    return out
