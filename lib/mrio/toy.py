"""A two-country, two-sector table small enough to solve by hand.

Used by the decomposition chapter to build the method step by step, and by the
tests as a known answer. Countries ``H`` (home) and ``F`` (foreign), sectors
``goods`` and ``services``; flows in millions of US dollars.

Technical coefficients (column = buyer): H-goods buys 0.5 per unit of output
from F-goods; H-services buys 0.2 from H-goods; F-services buys 0.25 from
H-services. ``A`` is nilpotent (``A**4 = 0``), so ``B = I + A + A² + A³``:

    B = [[1.0, 0.2, 0, 0.05 ],
         [0,   1.0, 0, 0.25 ],
         [0.5, 0.1, 1, 0.025],
         [0,   0,   0, 1.0  ]]

Worked by hand in the chapter: value added absorbed ``VA = [[70.5, 19.5],
[59.5, 50.5]]`` (origin x destination), so ``TBI_H = (19.5 - 59.5) / 79 = -40/79``,
and the gross trade balance of H is also -40 (exports 40, imports 80).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.iotable import IOTable
from .algebra import bilateral_gross, bilateral_va


def toy_table() -> IOTable:
    """The hand-solvable 2 x 2 table described in the module docstring."""
    x = np.array([100.0, 50.0, 80.0, 40.0])
    Z = np.zeros((4, 4))
    Z[2, 0] = 50.0  # F-goods -> H-goods
    Z[0, 1] = 10.0  # H-goods -> H-services
    Z[1, 3] = 10.0  # H-services -> F-services
    Y = np.array(
        [
            [60.0, 30.0],  # H-goods: bought by H, by F
            [40.0, 0.0],  # H-services
            [10.0, 20.0],  # F-goods
            [20.0, 20.0],  # F-services
        ]
    )
    return IOTable(
        Z=Z, Y=Y, x=x, countries=("H", "F"), sectors=("goods", "services"), fd_categories=("total",),
        year=None, vintage="toy", source="toy table (lib.mrio.toy)",
    )  # fmt: skip


# --------------------------------------------------------------------------- the theory chapter's example

COUNTRIES_3 = ("J", "C", "U")  # components maker, assembler, consumer (think Japan, China, the United States)


def three_country_world(components_j_to_c, assembly_va_c, share_c_to_u, j_final_to_u, u_final_to_j) -> IOTable:
    """The theory chapter's three-country example as an input-output table, one sector per country.

    Rows produce, columns buy; J, C, U in this order. J makes ``components_j_to_c`` of components from its
    own value added and sells them to C; C adds ``assembly_va_c`` and sells a share ``share_c_to_u`` of its
    final goods to U, the rest at home; J sells ``j_final_to_u`` of final goods to U, U sells
    ``u_final_to_j`` to J. Every row balances by construction.
    """
    output_c = components_j_to_c + assembly_va_c
    Z = np.zeros((3, 3))  # intermediate inputs
    Z[0, 1] = components_j_to_c  # J -> C: components
    Y = np.zeros((3, 3))  # final demand
    Y[1, 2] = share_c_to_u * output_c  # C's goods consumed in U
    Y[1, 1] = output_c - Y[1, 2]  # ... and in C
    Y[0, 2] = j_final_to_u  # J's goods consumed in U
    Y[2, 0] = u_final_to_j  # U's goods consumed in J
    x = Z.sum(axis=1) + Y.sum(axis=1)  # gross output: every row balances
    return IOTable(Z=Z, Y=Y, x=x, countries=COUNTRIES_3, sectors=("all",), fd_categories=("total",),
                   source="three-country example")  # fmt: skip


def bilateral_balances(world: IOTable, pairs=(("C", "U"), ("J", "U"), ("J", "C"))) -> pd.DataFrame:
    """Balance of the first country with the second: gross and value added."""
    names = world.countries
    gross = pd.DataFrame(bilateral_gross(world), index=names, columns=names)
    va = pd.DataFrame(bilateral_va(world), index=names, columns=names)
    out = pd.DataFrame({
        "gross balance": [gross.loc[a, b] - gross.loc[b, a] for a, b in pairs],
        "value-added balance": [va.loc[a, b] - va.loc[b, a] for a, b in pairs],
    }, index=[f"{a} with {b}" for a, b in pairs])  # fmt: skip
    out["value added minus gross"] = out["value-added balance"] - out["gross balance"]
    return out
