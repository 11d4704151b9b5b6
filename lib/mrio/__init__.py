"""Layer 2, mrio: input-output economics on checked tables (imports from :mod:`lib.data` only).

algebra     coefficients, Leontief solves, value added absorbed (V̂BY)
tbi         the Trade Benefit Index and the cached country-year and bilateral panels
gvc         gross-exports decompositions: KWW/WWZ country pairs, the 16 WWZ terms, DVA-based TBI
longrun_va  value-added definitions of the long-run tables, and their diagnostics
rounding    the rounding experiment (how to balance tables stored in whole millions)
toy         a 2 x 2 table solvable by hand
synthetic   random tables and the WIOD 2016 file layout, for tests and benchmarks
"""

from .algebra import (
    aggregate_blocks,
    aggregate_rows,
    bilateral_gross,
    bilateral_va,
    leontief_diagonal_blocks,
    leontief_factor,
    leontief_inverse,
    leontief_solve,
    output_by_destination,
    safe_reciprocal,
    technical_coefficients,
    va_absorption,
    value_added_coefficients,
    zero_output_final_demand,
)

__all__ = [
    "aggregate_blocks",
    "aggregate_rows",
    "bilateral_gross",
    "bilateral_va",
    "leontief_diagonal_blocks",
    "leontief_factor",
    "leontief_inverse",
    "leontief_solve",
    "output_by_destination",
    "safe_reciprocal",
    "technical_coefficients",
    "va_absorption",
    "value_added_coefficients",
    "zero_output_final_demand",
]
