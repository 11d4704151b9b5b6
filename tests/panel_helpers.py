"""A small balanced panel with known structure, and the message matchers, shared by the estimator tests
(test_pins_estimation, test_pins_robustness)."""

import re

import numpy as np
import pandas as pd
import pytest


def small_panel(G=8, T=6, seed=0):
    """y = x1 - 0.5 x2 + country effect + noise, with a 0/1 ``developed`` (time-invariant); returns the frame and
    the generator, so a caller can draw further columns from the same stream."""
    rng = np.random.default_rng(seed)
    country = np.repeat([f"C{g}" for g in range(G)], T)
    year = np.tile(np.arange(2000, 2000 + T), G)
    alpha = np.repeat(rng.normal(0, 2, G), T)
    x1, x2 = rng.normal(size=(2, G * T))
    y = 1.0 * x1 - 0.5 * x2 + alpha + rng.normal(size=G * T)
    d = pd.DataFrame({"country": country, "year": year, "y": y, "x1": x1, "x2": x2})
    d["developed"] = np.repeat(np.arange(G) % 2 == 0, T).astype(float)
    return d, rng


def raises_exactly(exc, message):
    """``pytest.raises`` for exactly this message (no regular expression in it)."""
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


def raises_starting(exc, message):
    """``pytest.raises`` for a message that starts with this text."""
    return pytest.raises(exc, match="^" + re.escape(message))
