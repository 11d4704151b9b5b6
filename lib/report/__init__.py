"""Layer 4, report: words, tables and figures from the numbers (imports from every layer below).

claims      words that judge numbers (significance, verdicts, counts), from explicit thresholds
scorecard   the paper's regressions re-estimated, and a scorecard against every published coefficient
narrative   sentences of the landing page and the country profile, generated from the numbers
book        chapter helpers: setup, numbers in prose, captioned tables, downloads, checks
provenance  sources, checksums, deviations, software, seeds and resources of the About page
plotting    figure style and small helpers
"""
