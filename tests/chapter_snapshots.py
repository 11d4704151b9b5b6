"""What the tests of the chapters' words (tests/test_prose_*.py) check on every call of a chapter function, on
top of their own assertions (issue 21):

1. **Every phrase a passage says is read by the chapter's notebooks** (``{eval}`txt.name``` in a page, or
   ``txt.name`` in a cell), unless the test module lists it in ``UNREAD_KEYS`` (phrases said for every column or
   episode of which the page reads some). A renamed phrase would break the page; this finds it without a build.
2. **What the readers see is frozen in a snapshot**: every passage (phrases, guard messages, failed guards), table (the MyST
   text), figure (axes, labels, limits, legend, ticks, lines, markers, bars, colours, texts, size and dpi) and
   small frame a chapter function returns is compared with ``tests/snapshots/<module>/<test>.json``. Numbers are
   compared to 6 significant digits. A change of wording, styling or numbers therefore fails a test until the
   snapshot is regenerated on purpose: ``make snapshots`` (``TBI_UPDATE_SNAPSHOTS=1``), then review the diff of
   ``tests/snapshots/`` like any other change of the book.

Other tests compare what they build with the ``snapshot`` fixture of conftest (``snapshot("deviations", frame)``),
stored the same way.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import math
import os
import re
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import colors as mcolors
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lib.report import book

ROOT = Path(__file__).resolve().parent
SNAPSHOTS = ROOT / "snapshots"
UPDATE = "TBI_UPDATE_SNAPSHOTS"
LONG = 60  # arrays with more values are stored as (length, first, last, digest of all)


def notebook_keys(chapter: str) -> set[str]:
    """The phrase names the notebooks of ``chapter`` (``chapters/<chapter>*.ipynb``) read from ``txt``."""
    names = set()
    for path in sorted((ROOT.parent / "chapters").glob(f"{chapter}*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            names |= set(re.findall(r"\btxt\.(\w+)", "".join(cell["source"])))
    return names


def _g(value) -> str | None:
    """A number as 6 significant digits (the precision snapshots compare at); NaN and infinities spelled out."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    return f"{value:.6g}"


def _values(values) -> list | dict:
    flat = [_g(v) for v in np.ravel(np.asarray(values, dtype=float))]
    if len(flat) <= LONG:
        return flat
    return {"n": len(flat), "first": flat[:5], "last": flat[-5:],
            "sha256": hashlib.sha256(" ".join(flat).encode()).hexdigest()[:16]}  # fmt: skip


def _colour(c) -> str | list:
    array = np.asarray(c, dtype=float) if not isinstance(c, str) else None
    if array is not None and array.ndim == 2:
        return [mcolors.to_hex(row, keep_alpha=True) for row in array]
    return mcolors.to_hex(c, keep_alpha=True)


def _text(t) -> dict:
    out = {"text": t.get_text(), "xy": _values(t.get_position()), "size": _g(t.get_fontsize()),
           "colour": _colour(t.get_color()), "ha": t.get_ha(), "va": t.get_va(), "weight": str(t.get_weight()),
           "rotation": _g(t.get_rotation()), "visible": t.get_visible()}  # fmt: skip
    box = t.get_bbox_patch()
    if box is not None:  # the box behind a label (its colours; the shape follows the text)
        out["box"] = {"face": _colour(box.get_facecolor()), "edge": _colour(box.get_edgecolor())}
    return out


def _handle(h) -> dict:
    """A legend's key: what distinguishes the series (colour, transparency, line style, marker and its size)."""
    out = {"type": type(h).__name__, "alpha": h.get_alpha()}
    if isinstance(h, Line2D):
        out.update(colour=_colour(h.get_color()), style=str(h.get_linestyle()), width=_g(h.get_linewidth()),
                   marker=str(h.get_marker()), size=_g(h.get_markersize()))  # fmt: skip
    elif hasattr(h, "get_facecolor"):
        out.update(face=_colour(h.get_facecolor()), edge=_colour(h.get_edgecolor()))
    return out


def _legend(legend) -> dict | None:
    if legend is None:
        return None
    return {"texts": [t.get_text() for t in legend.get_texts()], "title": legend.get_title().get_text(),
            "size": [_g(t.get_fontsize()) for t in legend.get_texts()[:1]], "loc": str(legend._loc),
            "ncols": legend._ncols, "frame": legend.get_frame_on(),
            "handles": [_handle(h) for h in legend.legend_handles]}  # fmt: skip


def _outline(patch) -> np.ndarray:
    """A patch in data coordinates: (x, y, width, height) of a bar, the vertices of any other shape."""
    if all(hasattr(patch, f) for f in ("get_x", "get_y", "get_width", "get_height")):
        return np.array([patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()])
    return patch.get_patch_transform().transform(patch.get_path().vertices)


def _axes(ax) -> dict:
    lines = [{"label": line.get_label(), "x": _values(line.get_xdata()), "y": _values(line.get_ydata()),
              "colour": _colour(line.get_color()), "style": str(line.get_linestyle()), "width": _g(line.get_linewidth()),
              "marker": str(line.get_marker()), "size": _g(line.get_markersize()), "alpha": line.get_alpha(),
              "z": _g(line.get_zorder()), "visible": line.get_visible()} for line in ax.lines]  # fmt: skip
    collections = []
    for c in ax.collections:
        entry = {"type": type(c).__name__, "label": c.get_label(), "offsets": _values(c.get_offsets()),
                 "face": _colour(c.get_facecolor()), "edge": _colour(c.get_edgecolor()),
                 "sizes": _values(c.get_sizes()) if hasattr(c, "get_sizes") else None,
                 "widths": _values(c.get_linewidths()), "alpha": c.get_alpha(), "z": _g(c.get_zorder())}  # fmt: skip
        if hasattr(c, "get_segments"):
            entry["segments"] = _values(np.concatenate(c.get_segments()) if c.get_segments() else [])
        elif hasattr(c, "get_paths"):
            entry["paths"] = _values(np.concatenate([p.vertices for p in c.get_paths()]) if c.get_paths() else [])
        collections.append(entry)
    patches = [{"type": type(p).__name__, "label": p.get_label(), "box": _values(_outline(p)),
                "face": _colour(p.get_facecolor()), "edge": _colour(p.get_edgecolor()), "hatch": p.get_hatch(),
                "width": _g(p.get_linewidth()), "alpha": p.get_alpha()} for p in ax.patches]  # fmt: skip
    return {
        "title": [ax.get_title(loc) for loc in ("left", "center", "right")],
        "title_size": _g(ax.title.get_fontsize()),
        "xlabel": _text(ax.xaxis.label), "ylabel": _text(ax.yaxis.label),
        "xlim": _values(ax.get_xlim()), "ylim": _values(ax.get_ylim()),
        "scale": [ax.get_xscale(), ax.get_yscale()],
        "xticks": [_values(ax.get_xticks()), [t.get_text() for t in ax.get_xticklabels()]],
        "yticks": [_values(ax.get_yticks()), [t.get_text() for t in ax.get_yticklabels()]],
        "tick_size": [_g(t.get_fontsize()) for t in ax.get_xticklabels()[:1] + ax.get_yticklabels()[:1]],
        "grid": [any(g.get_visible() for g in ax.get_xgridlines()), any(g.get_visible() for g in ax.get_ygridlines())],
        "spines": {name: s.get_visible() for name, s in ax.spines.items()},
        "legend": _legend(ax.get_legend()),
        "lines": lines, "collections": collections, "patches": patches,
        "texts": [_text(t) for t in ax.texts],
        "position": _values(ax.get_position().bounds),
        "facecolour": _colour(ax.get_facecolor()),
    }  # fmt: skip


def figure_summary(fig: Figure) -> dict:
    """What a reader sees of a figure, as numbers and strings (drawn once, so that tick labels exist)."""
    fig.canvas.draw()
    return {"size": _values(fig.get_size_inches()), "dpi": _g(fig.dpi),
            "savefig_dpi": str(matplotlib.rcParams["savefig.dpi"]),  # what a reader's fig.savefig gives
            "suptitle": _text(fig._suptitle) if fig._suptitle is not None else None,
            "texts": [_text(t) for t in fig.texts], "legends": [_legend(lg) for lg in fig.legends],
            "axes": [_axes(ax) for ax in fig.axes]}  # fmt: skip


def _frame(frame) -> dict:
    """A frame's types and values (numbers to 6 significant digits: 17 and 17.0 differ only by the type)."""
    dtypes = [str(t) for t in (frame.dtypes if isinstance(frame, pd.DataFrame) else [frame.dtype])]
    text = frame.to_csv(float_format="%.6g")
    lines = text.splitlines()
    if len(lines) <= LONG:
        return {"dtypes": dtypes, "csv": lines}
    return {"dtypes": dtypes, "rows": len(lines) - 1, "head": lines[:6],
            "sha256": hashlib.sha256(text.encode()).hexdigest()[:16]}  # fmt: skip


def summary(value):
    """The snapshot of what a chapter function returned, or None for what is not shown to readers as such."""
    if isinstance(value, book.Passage):
        return {"passage": {k: v if isinstance(v, str) else repr(v) for k, v in sorted(vars(value.text).items())},
                "guards": [message for message, _ in value.guards], "failed": value.failed,
                "skipped": value.skipped}  # fmt: skip
    if isinstance(value, book.MystMarkdown):
        return {"table": value.text.splitlines()}
    if isinstance(value, Figure):
        return {"figure": figure_summary(value)}
    if isinstance(value, tuple) and value and isinstance(value[0], Figure):
        return {"figure": figure_summary(value[0])}
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return {"frame": _frame(value)}
    if isinstance(value, str):
        return {"text": value}
    return None


def first_difference(old, new, path: str = "") -> str:
    """The first place where two snapshots differ, as ``path: old != new``."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key not in old or key not in new or old[key] != new[key]:
                return first_difference(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                return first_difference(a, b, f"{path}[{i}]")
    return f"{path}: {old!r} != {new!r}"


class Snapshot:
    """One test's snapshot file: entries compared as they come, or (with TBI_UPDATE_SNAPSHOTS=1) collected and
    written at the end of the test."""

    def __init__(self, file: Path):
        self.file = file
        self.update = os.environ.get(UPDATE) == "1"
        self.stored = json.loads(file.read_text()) if file.exists() else None
        self.seen: dict[str, object] = {}

    def check(self, key: str, shown, what: str) -> None:
        """Compare ``shown`` (a :func:`summary`) with the stored entry ``key``; ``what`` names it in a failure."""
        shown = json.loads(json.dumps(shown, default=str))
        self.seen[key] = shown
        if self.update:
            return
        where = self.file.relative_to(ROOT.parent)
        assert self.stored is not None, f"no snapshot {where}: run `make snapshots` and review the new file"
        assert key in self.stored, f"{where} has no entry {key}: run `make snapshots` and review the diff"
        assert shown == self.stored[key], (
            f"{what} differs from its snapshot {where}: {first_difference(self.stored[key], shown)}. If the change "
            "is intended, run `make snapshots` and review the diff.")

    def __call__(self, key: str, value) -> None:
        """The ``snapshot`` fixture: ``snapshot("deviations", frame)`` for what a test builds itself."""
        shown = summary(value)
        assert shown is not None, f"snapshot {key!r}: cannot summarise a {type(value).__name__}"
        self.check(key, shown, key)

    def save(self) -> None:
        if self.update and self.seen:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self.file.write_text(json.dumps(self.seen, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


class Watch:
    """The wrapper of one test's chapter functions: the key contract at once, the snapshot at each call."""

    def __init__(self, module, chapter: str, unread: set[str], file: Path, test_file: str, test_function: str,
                 helpers: set[str] = frozenset()):  # fmt: skip
        self.module, self.chapter, self.snapshot = module, chapter, Snapshot(file)
        self.test_file, self.test_function, self.helpers = test_file, test_function, set(helpers)
        self.allowed = notebook_keys(chapter) | set(unread)
        self.calls: dict[str, int] = {}

    @property
    def seen(self) -> dict:
        return self.snapshot.seen

    def wrap(self, name, function):
        @functools.wraps(function)
        def watched(*args, **kwargs):
            result = function(*args, **kwargs)
            self.check(name, result)
            return result

        return watched

    def _from_test_body(self) -> bool:
        """Whether the call comes from the test function itself (directly, from a comprehension or lambda in it,
        through lib, or through a helper the test module lists in ``SNAPSHOT_HELPERS``, one that computes afresh on
        every call). Calls from the module's other helpers and from fixtures, which may be cached and then run in
        whichever test comes first, are left out, so that a snapshot does not depend on which tests run."""
        frame = sys._getframe(2)
        while frame is not None:
            code = frame.f_code
            if code.co_filename == self.test_file:
                qualname = code.co_qualname
                if qualname == self.test_function or qualname.startswith(self.test_function + ".<locals>"):
                    return True
                if qualname.split(".")[0] not in self.helpers:
                    return False
            frame = frame.f_back
        return False

    def check(self, name: str, result) -> None:
        if isinstance(result, book.Passage):
            unread = sorted(set(vars(result.text)) - self.allowed)
            assert not unread, (
                f"{self.module.__name__}.{name} says {unread}, which no notebook of the chapter "
                f"'{self.chapter}' reads (a renamed phrase?); list phrases said on purpose in UNREAD_KEYS")
        if not self._from_test_body():
            return
        shown = summary(result)
        if shown is None:
            return
        n = self.calls[name] = self.calls.get(name, 0) + 1
        self.snapshot.check(f"{name}#{n}", shown, f"{self.module.__name__}.{name} (call {n})")

    def save(self) -> None:
        self.snapshot.save()


def snapshot_file(module_name: str, test_name: str) -> Path:
    stem = re.sub(r"[^\w.-]+", "_", test_name).strip("_")
    return SNAPSHOTS / module_name / f"{stem}.json"


def watch(monkeypatch, test_module, test_name: str, test_function: str) -> Watch:
    """Wrap the public functions of the test module's chapter module (its ``words``) for one test."""
    module = test_module.words
    chapter = module.__name__.rsplit(".", 1)[-1]
    w = Watch(module, chapter, getattr(test_module, "UNREAD_KEYS", set()),
              snapshot_file(test_module.__name__, test_name), test_module.__file__, test_function,
              getattr(test_module, "SNAPSHOT_HELPERS", set()))  # fmt: skip
    for name, function in vars(module).items():
        if (name.startswith("_") or "__mutmut_" in name or not inspect.isfunction(function)
                or function.__module__ != module.__name__):  # fmt: skip
            continue
        monkeypatch.setattr(module, name, w.wrap(name, function))
    return w
