"""Helpers for the chapters: setup, numbers in the prose, captioned tables, downloads, checks.

How a chapter uses them::

    # parameters cell (tag: parameters): plain values a reader may change
    RELEASE = "2013"
    COUNTRY = "CHN"

    # hidden setup cell: find the book, then
    from lib.report import book
    ch = book.setup(release=RELEASE)   # plot style, release facts
    txt = ch.txt                       # numbers and phrases for the prose

    txt.b3 = book.num(result.params["tbi"], ".2f")

and in a markdown cell: ``the coefficient is {eval}`txt.b3```. The ``{eval}`` role is evaluated by
MyST-NB when the book is built (``nb_execution_mode: inline``) and by jupyterlab-myst when a reader
runs the notebook in JupyterLab, so the numbers show in both. Every value in ``txt`` is a string
formatted here, with the book's precision policy:

* coefficients and standard errors as the paper prints them (4 decimals), SE in parentheses, stars
  at 10/5/1 % (:mod:`lib.report.claims`);
* p-values with 3 decimals, below 0.001 in scientific notation (``3.5e-05``);
* counts as integers with thousands separators; negative numbers with a true minus sign in prose.

Tables are rendered by :func:`table` as MyST ``{table}`` directives, so they are numbered by
Jupyter Book (from ``_toc.yml``), captioned, and can be cited with ``{numref}``.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..data import config, releases
from ..data.paper import published_tables
from ..econometrics.estimation import FEResult, published_column
from . import claims, plotting

DOWNLOADS = config.ROOT / "chapters" / "downloads"
TERMS = ("TBI", "RQ", "lnEXR", "TFP", "INFR", "lnCK", "lnGDP", "lnPOP", "const")
DISPLAY_NAMES = {"tbi": "TBI", "tbi_gross": "TBI (customs)", "tbi_dva": "TBI (DVA)"}
MINUS = "\u2212"


# --------------------------------------------------------------------------- numbers in prose


class Shown(str):
    """A string that represents itself: ``{eval}`` shows it without quotes, in the book and in JupyterLab."""

    def __repr__(self) -> str:
        return str(self)


def _finite(x, what: str) -> float:
    try:
        value = float(x)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what}: {x!r} is not a number.") from exc
    if not math.isfinite(value):
        raise ValueError(f"{what}: {x!r} is not finite; the book never prints nan or inf.")
    return value


def num(x, spec: str = ".2f") -> Shown:
    """Format a number for the prose, with a true minus sign (``num(-0.1234, ".3f")`` -> ``−0.123``)."""
    value = _finite(x, "num")
    text = format(value, spec)
    return Shown(text.replace("-", MINUS, 1) if text.startswith("-") else text)


def signed(x, spec: str = ".2f") -> Shown:
    """Like :func:`num`, with an explicit ``+`` for positive values (changes)."""
    return num(x, "+" + spec)


def pvalue(p) -> Shown:
    """A p-value: 3 decimals, or scientific notation below 0.001 (``3.5e-05``)."""
    value = _finite(p, "pvalue")
    if not 0 <= value <= 1:
        raise ValueError(f"pvalue: {p!r} is not a probability.")
    return Shown(f"{value:.1e}" if value < 0.001 else f"{value:.3f}")


def count(n) -> Shown:
    """An integer count with thousands separators."""
    value = _finite(n, "count")
    if value != int(value):
        raise ValueError(f"count: {n!r} is not a whole number.")
    return Shown(f"{int(value):,}")


def coef(b, p, digits: int = 4) -> str:
    """A coefficient as the paper prints it: ``10.2601***``."""
    return f"{_finite(b, 'coef'):.{digits}f}{claims.stars(p)}"


def se(s, digits: int = 4) -> str:
    """A standard error as the paper prints it: ``(3.3196)``."""
    return f"({_finite(s, 'se'):.{digits}f})"


class Prose:
    """The numbers and phrases a chapter's text shows with ``{eval}`txt.name```.

    Setting an attribute stores a :class:`Shown` string. Strings and integers are accepted;
    other numbers must be formatted first (``book.num``, ``book.pvalue``), so that every number
    in the text follows the precision policy.
    """

    def __setattr__(self, name, value):
        if isinstance(value, (bool, np.bool_)):
            raise TypeError(f"txt.{name}: write a phrase, not a boolean.")
        if isinstance(value, (int, np.integer)):
            value = f"{int(value):,}".replace("-", "\u2212")  # the book's true minus, as book.num
        if not isinstance(value, str):
            raise TypeError(f"txt.{name} = {value!r}: format numbers first, e.g. book.num(x, '.2f').")
        object.__setattr__(self, name, Shown(value))

    def __repr__(self) -> str:
        return "Prose(" + ", ".join(f"{k}={v!r}" for k, v in vars(self).items()) + ")"


class Passage:
    """The sentences and guards that one section of a chapter generates, returned by a function of
    :mod:`lib.report.chapters` and handed to the notebook with ``ch.add(passage)``.

    ``passage.say(name, phrase)`` stores what the text shows as ``{eval}`txt.name``` (the rules of
    :class:`Prose`: strings and integers, numbers formatted first); ``check`` and ``check_if`` record
    guards, evaluated at once, so that a unit test can read ``passage.failed`` without a notebook and
    :meth:`Chapter.add` fails the build on any of them.
    """

    def __init__(self):
        self.text = Prose()
        self.guards: list[tuple[str, bool]] = []
        self.skipped: list[str] = []

    def say(self, name: str, value) -> "Passage":
        setattr(self.text, name, value)
        return self

    def __getitem__(self, name: str) -> str:
        return vars(self.text)[name]

    def __contains__(self, name: str) -> bool:
        return name in vars(self.text)

    def check(self, condition, message: str) -> None:
        self.guards.append((message, bool(condition)))

    def check_if(self, applies: bool, condition, message: str) -> None:
        """Like :meth:`Chapter.check_if`: a guard known to hold for some parameters only."""
        if not applies:
            self.skipped.append(f"Not checked for these parameters: {message}")
            return
        self.check(condition() if callable(condition) else condition, message)

    @property
    def failed(self) -> list[str]:
        """Messages of the guards that do not hold."""
        return [message for message, holds in self.guards if not holds]

    def __repr__(self) -> str:
        return f"Passage({vars(self.text)!r}, failed={self.failed!r})"


APPENDICES = "Appendices"  # the caption of the _toc.yml part that holds the appendix pages


def toc_parts() -> dict[str, list[str]]:
    """Caption -> files of each part of ``_toc.yml`` (the one place where the book's order is set)."""
    toc = yaml.safe_load((config.ROOT / "_toc.yml").read_text())
    return {part.get("caption", ""): [c["file"] for c in part.get("chapters", [])] for part in toc.get("parts", [])}


def is_appendix(page: str) -> bool:
    """Whether ``page`` (``"chapters/robustness_iv"`` or its stem) is an appendix: technical detail moved out of a
    chapter, with no exercises of its own."""
    stems = {Path(f).name for f in toc_parts().get(APPENDICES, [])}
    return Path(page).name in stems


# --------------------------------------------------------------------------- chapter setup


@dataclass
class Chapter:
    """What a chapter's setup returns: the release it runs on and the prose namespace ``txt``."""

    release: str
    years: tuple[int, ...]
    label: str
    txt: Prose = field(default_factory=Prose)
    skipped: list[str] = field(default_factory=list)

    def check(self, condition, message: str) -> None:
        """A hidden check that must hold for every parameter value (fails the build if not)."""
        if not bool(condition):
            raise AssertionError(f"Check failed: {message}")

    def check_if(self, applies: bool, condition, message: str) -> None:
        """A check that is known to hold only for some parameter values (usually the defaults).

        When ``applies`` is false the check is skipped and a visible note says so; ``condition``
        may be a callable so that it is not even evaluated then.
        """
        if not applies:
            note = f"Not checked for these parameters: {message}"
            self.skipped.append(note)
            print(note)
            return
        self.check(condition() if callable(condition) else condition, message)

    def add(self, *passages: Passage) -> None:
        """Put each passage's phrases into ``txt`` and enforce its guards (the first failed one raises)."""
        for passage in passages:
            for message in passage.failed:
                raise AssertionError(f"Check failed: {message}")
            for note in passage.skipped:
                self.skipped.append(note)
                print(note)
            for name, value in vars(passage.text).items():
                setattr(self.txt, name, value)


def setup(release: str | None = None, chapter: str | None = None, namespace: dict | None = None) -> Chapter:
    """Plot style and the facts of the WIOD release a chapter runs on (``txt.release_label``).

    ``release`` is ``"2013"`` (shipped), ``"2016"`` (the paper's; your download), ``"longrun"``
    (the long-run WIOD, shipped) or ``None`` (the ``TBI_VINTAGE`` setting, else 2013).

    With ``chapter`` (the notebook's name) and ``namespace`` (its ``globals()``), the values of the
    chapter's parameters are compared with the defaults written in its parameters cell. When any differs,
    the run is a *variant*: every :func:`download` of it gets a name that carries the parameters
    (``…​.variant-<hash>.csv``), so a re-run with other parameters never replaces the book's published files,
    and a note says so.
    """
    plotting.set_style()
    plotting.use_svg()
    facts = releases.release(release)  # None: the TBI_VINTAGE setting
    years = facts.years
    label = f"{facts.label} release ({facts.coverage.replace('-', '–')})"
    chapter_ = Chapter(release=facts.name, years=tuple(years), label=label)
    chapter_.txt.release_label = label
    global _VARIANT
    _VARIANT = ""
    if chapter is not None and namespace is not None:
        changed = changed_parameters(chapter, namespace)
        if changed:
            _VARIANT = variant_tag(changed)
            shown = ", ".join(f"{k} = {v!r}" for k, v in changed.items())
            print(f"Parameters differ from the book's ({shown}): this run's downloads are written as "
                  f"*.{_VARIANT}.csv and leave the book's published files alone.")
    return chapter_


# The variant tag of the running chapter ("" for the book's own parameters), set by setup().
_VARIANT = ""


def _plain(value):
    """Lists and tuples compared alike (test parameters come from JSON)."""
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def chapter_defaults(chapter: str) -> dict:
    """The default parameter values of a chapter, read from its notebook's ``parameters`` cell (literal
    assignments only; a parameter built by an expression is not compared).

    Raises
    ------
    ValueError
        If the notebook does not exist or has no single ``parameters`` cell.
    """
    path = config.ROOT / "chapters" / f"{chapter}.ipynb"
    if not path.is_file():
        raise ValueError(f"chapter_defaults: no notebook {path}; give the chapter's file name without .ipynb.")
    cells = [c for c in json.loads(path.read_text())["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"chapter_defaults: {path.name} has {len(cells)} cells tagged 'parameters'; expected one.")
    out = {}
    for node in ast.parse("".join(cells[0]["source"])).body:
        if isinstance(node, ast.Assign):
            try:
                value = _plain(ast.literal_eval(node.value))
            except ValueError:  # not a literal (e.g. an array built in the cell): compared by no one
                continue
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = value
    return out


def changed_parameters(chapter: str, namespace: dict) -> dict:
    """The parameters whose value in ``namespace`` differs from the chapter's default, in cell order."""
    return {k: namespace[k] for k, v in chapter_defaults(chapter).items() if k in namespace and _plain(namespace[k]) != v}


def variant_tag(changed: dict) -> str:
    """``"variant-<8 hex>"``: a short, stable name for a set of changed parameters."""
    text = json.dumps({k: _plain(v) for k, v in sorted(changed.items())}, default=repr, sort_keys=True)
    return "variant-" + hashlib.sha256(text.encode()).hexdigest()[:8]


COUNTRY_APPENDIX = "the book's appendix 'Country codes' (country_codes.ipynb) lists every code with its name and releases"


def valid_values(allowed) -> str:
    """The valid values in words: a range ``"1995–2011"`` for consecutive years, else the full list."""
    allowed = list(allowed)
    if allowed and all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in allowed):
        ordered = sorted(int(a) for a in allowed)
        if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
            return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(repr(a) for a in allowed)


def require(value, allowed, name: str):
    """Return ``value`` if it is one of ``allowed``; else a ValueError naming the parameter.

    The message lists every valid value (a range for consecutive years), suggests the closest match
    ("did you mean 'POL'?") and, for country codes, points to the country-code appendix.
    """
    allowed = list(allowed)
    if value in allowed:
        return value
    shown = [str(a) for a in allowed]
    close = (difflib.get_close_matches(value.strip().upper(), [a.upper() for a in shown], n=1, cutoff=0.6)
             if isinstance(value, str) else [])
    hint = ""
    if close:
        match = allowed[[a.upper() for a in shown].index(close[0])]
        hint = f" Did you mean {match!r}?"
    codes = all(isinstance(a, str) and len(a) == 3 and a.isupper() for a in allowed)
    where = f" ({COUNTRY_APPENDIX})" if codes else ""
    raise ValueError(f"Parameter {name} = {value!r} is not available; choose one of {valid_values(allowed)}{where}.{hint}")


# --------------------------------------------------------------------------- tables


# A cell that starts like a number (also "(3.52)", "−0.12", "10.26\\*\\*\\*", "1,234") is right-aligned.
_NUMBER = re.compile(r"^[(+\-\u2212]?\d[\d,.]*(e[+\-]\d+)?\)?(\\\*)*( %)?$")


def _cell(text: str) -> str:
    """A formatted cell or header with Markdown's special characters escaped."""
    for char in ("\\", "*", "|", "$", "`"):
        text = text.replace(char, "\\" + char)
    return text


def _true_minus(text: str) -> str:
    """A number's leading hyphen as a true minus sign (``-2.25`` -> ``−2.25``, ``(-0.5)`` -> ``(−0.5)``)."""
    return re.sub(r"^(\(?)-(?=\d)", lambda m: m.group(1) + MINUS, text)


class MystMarkdown:
    """MyST markdown shown as a cell output (parsed as MyST by the book and by jupyterlab-myst)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def table(
    frame: pd.DataFrame, caption: str, name: str, formats: dict | None = None, index: bool = True,
    notes: str = "", align: dict | None = None,
) -> MystMarkdown:  # fmt: skip
    """A numbered, captioned table (MyST ``{table}``) from a DataFrame.

    Parameters
    ----------
    frame
        The data; the index becomes the first column unless ``index=False``.
    caption
        Caption: what the table shows, the sample, the units.
    name
        Label for ``{numref}`` (e.g. ``"tbl-table3"``).
    formats
        ``{column: format spec or callable}``; other float columns use ``.4f``, integers ``,d``.
        A missing value (NaN) is rendered empty, so nothing prints ``nan``; an infinite one is an error (ValueError).
    notes
        A line shown under the table (e.g. how SEs are computed).
    align
        ``{column: "left"|"right"|"center"}``; numbers are right-aligned by default.
    """
    if not isinstance(index, (bool, np.bool_)):
        raise TypeError(f"table {name}: index must be True or False, not {index!r}.")
    formats = formats or {}
    body = frame.reset_index() if index else frame.copy()
    if index and body.columns[0] == "index":
        body = body.rename(columns={"index": ""})
    out = {}
    for col in body.columns:
        spec = formats.get(col)
        values = body[col]

        def fmt(v, spec=spec, numeric=pd.api.types.is_numeric_dtype(values), col=col):
            if v is None or (isinstance(v, (float, np.floating)) and np.isnan(v)):
                return ""
            if isinstance(v, (float, np.floating)) and np.isinf(v):
                raise ValueError(f"table {name}: column {col!r} holds {v!r}; the book never prints inf.")
            if callable(spec):
                return spec(v)
            if spec is not None:
                return format(v, spec)
            if numeric and isinstance(v, (float, np.floating)):
                return format(v, ".4f")
            if numeric and isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
                return format(int(v), ",d")
            return str(v)

        out[str(col)] = [_cell(_true_minus(fmt(v))) for v in values]
    header = "| " + " | ".join(_cell(c) for c in out) + " |"
    aligns = []
    for col, cells in out.items():
        side = (align or {}).get(col)
        filled = [c for c in cells if c]
        numeric = bool(filled) and all(_NUMBER.match(c) for c in filled)
        side = side or ("right" if numeric else "left")
        aligns.append({"left": ":--", "right": "--:", "center": ":-:"}[side])
    rule = "| " + " | ".join(aligns) + " |"
    rows = ["| " + " | ".join(cells) + " |" for cells in zip(*out.values())]
    caption = caption.replace("*", "\\*")  # stars in captions are literal, not emphasis
    text = f":::{{table}} {caption}\n:name: {name}\n\n" + "\n".join([header, rule, *rows]) + "\n:::\n"
    if notes:
        text += f"\n<small>{notes}</small>\n"
    return MystMarkdown(text)


def download(frame: pd.DataFrame, filename: str, what: str) -> MystMarkdown:
    """Write ``frame`` to ``chapters/downloads/filename`` and return a download link for the page.

    ``filename`` ends in ``.csv``, or in ``.csv.gz`` for a large table (gzip, with no time stamp inside, so
    the same table always gives the same bytes). In a run whose parameters differ from the book's (see
    :func:`setup`), the name carries the variant tag before the extension, so the book's published file is
    never replaced.
    """
    if not filename.endswith((".csv", ".csv.gz")) or "/" in filename:
        raise ValueError(f"download: {filename!r} must be a plain file name ending in .csv or .csv.gz.")
    if _VARIANT:
        stem, ext = filename.split(".csv", 1)
        filename = f"{stem}.{_VARIANT}.csv{ext}"
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    gzip = filename.endswith(".gz")
    frame.to_csv(DOWNLOADS / filename, index=False, compression={"method": "gzip", "mtime": 0} if gzip else None)
    rows, cols = frame.shape
    kind = "CSV, gzip-compressed" if gzip else "CSV"
    return MystMarkdown(f"{{download}}`Download {what} ({kind}, {rows:,} rows × {cols} columns) <downloads/{filename}>`")


# --------------------------------------------------------------------------- regression tables


def _display_name(term: str) -> str:
    return DISPLAY_NAMES.get(term, term)


def regression_table(
    results: dict[str, FEResult], paper_table: str | None = None, terms=TERMS, regressor: str = "tbi"
) -> pd.DataFrame:
    """Our estimates in the paper's layout, with the paper's numbers stacked below ours.

    For each term: our coefficient (with stars) and standard error, then, if ``paper_table`` is
    given, the paper's coefficient and SE in rows labelled ``paper``. Then N, countries, within
    R². Stacking (instead of putting paper columns beside ours) keeps the table as wide as the
    paper's, so it fits a laptop screen and a printed page.
    """
    published = published_tables() if paper_table else None
    papers = {col: published_column(published, paper_table, col) for col in results} if paper_table else {}
    rows: list[tuple[str, dict]] = []
    def shown(r: FEResult, name: str) -> tuple[str, str]:
        """Coefficient and SE cells; "(omitted)" for a dropped regressor, "(n/a)" for an SE that
        clustering cannot estimate (see lib.econometrics.estimation)."""
        if name in r.notes.get("omitted", ()):
            return "(omitted)", ""
        if name not in r.params.index:
            return "", ""
        if not np.isfinite(r.se[name]):
            return f"{r.params[name]:.4f}", "(n/a)"
        return coef(r.params[name], r.pvalues[name]), se(r.se[name])

    for term in terms:
        ours_name = regressor if term == "TBI" else term
        cells = {c: shown(r, ours_name) for c, r in results.items()}
        if not any(a for a, _ in cells.values()):
            continue
        label = _display_name(ours_name) if term == "TBI" else term
        rows.append((label, {c: a for c, (a, _) in cells.items()}))
        rows.append(("", {c: b for c, (_, b) in cells.items()}))
        if paper_table:
            pub = {c: p for c, p in papers.items() if term in p.params.index}
            if pub:
                rows.append(("  paper", {c: (f"{pub[c].params[term]:.4f}" + "*" * int(pub[c].stars_published[term]))
                                         if c in pub else "" for c in results}))
                rows.append(("", {c: se(pub[c].se[term]) if c in pub else "" for c in results}))
    rows.append(("Country and year FE", {c: "yes" for c in results}))
    rows.append(("Observations", {c: f"{r.nobs:,}" for c, r in results.items()}))
    if paper_table:
        rows.append(("  paper", {c: f"{papers[c].nobs:,}" for c in results}))
    rows.append(("Countries (clusters)", {c: f"{r.n_clusters}" for c, r in results.items()}))
    rows.append(("Within R²", {c: f"{r.r2_within:.4f}" for c, r in results.items()}))
    if paper_table:
        rows.append(("  paper", {c: f"{papers[c].r2_within:.4f}" for c in results}))
    frame = pd.DataFrame([values for _, values in rows], columns=list(results))
    frame.insert(0, "", [label for label, _ in rows])
    return frame


def dependent_header(results: dict[str, FEResult]) -> dict[str, str]:
    """Column labels ``(1) KOFGIdj`` for a regression table."""
    return {c: f"{c} {r.dependent}" for c, r in results.items()}


def years_of(frame: pd.DataFrame, column: str = "year") -> str:
    """``"2000–2011"`` for the years in ``frame``."""
    years = sorted(frame[column].unique())
    return f"{years[0]}–{years[-1]}"
