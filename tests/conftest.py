"""Shared fixtures: an isolated cache folder for every test session."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    """Point TBI_CACHE_DIR at a fresh folder so tests never read or pollute the book's cache."""
    monkeypatch.setenv("TBI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TBI_WIOD2016_DIR", raising=False)
    monkeypatch.delenv("TBI_VINTAGE", raising=False)
