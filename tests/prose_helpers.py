"""What the tests of the chapters' words share: a chapter's two parameter sets, and the regression sample its
visible cells build (tests/test_prose_*.py)."""

import json

import pandas as pd

from lib.data import config
from lib.econometrics import panel
from lib.report import book
from lib.report.chapters.common import PanelParameters, validate_panel


def parameter_sets(chapter: str) -> tuple[dict, dict]:
    """(the defaults of the chapter's parameters cell, the second set of its metadata ``book.test_parameters``)."""
    defaults = book.chapter_defaults(chapter)
    notebook = json.loads((config.ROOT / "chapters" / f"{chapter}.ipynb").read_text())
    return defaults, {**defaults, **notebook["metadata"]["book"]["test_parameters"]}


def validated(values: dict) -> PanelParameters:
    """A regression chapter's parameters, checked as its setup cell checks them."""
    return validate_panel(values["RELEASE"], values["EXCHANGE_RATE"], values["CAPITAL"], values["TFP"],
                          values["KOF_RELEASE"], values["EXCLUDE"], values.get("SPLIT", "paper"))  # fmt: skip


def regression_sample(params: PanelParameters) -> pd.DataFrame:
    """The chapter's regression panel with the ``developed`` column of its split."""
    built = panel.build_country_panel(params.release, exchange_rate=params.exchange_rate, capital=params.capital,
                                      tfp=params.tfp, kof_release=params.kof_release, exclude=params.exclude)  # fmt: skip
    return built.data.assign(developed=built.data["country"].isin(panel.SPLITS[params.split]))
