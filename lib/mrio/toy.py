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

from ..data.iotable import IOTable


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
