"""Put the book's folder on Python's import path, so that a chapter can ``import lib``.

Every chapter's setup cell starts with ``import bookroot``. JupyterLab, jupyter-book, nbval and the
parameter tests start the chapter's kernel in ``chapters/``, where this file is found; it walks up
from the current folder to the first one that holds the book's ``lib/`` package and ``data/`` folder
(the student edition's copy in ``_build/student/src/chapters`` finds the book itself), puts it first
on ``sys.path``, and stops with a message that says what to do when there is none.
"""

from __future__ import annotations

import sys
from pathlib import Path

MISSING = ("This chapter belongs to the book 'Did trade imbalances cause de-globalisation?' and needs its lib/ "
           "and data/ folders. Get the whole book (see its README), then open the chapter from its chapters/ "
           "folder, e.g. with `make lab`.")  # fmt: skip


def find_root(start: Path | None = None) -> Path | None:
    """The first folder at or above ``start`` (default: the current one) holding ``lib/__init__.py`` and ``data/``."""
    start = Path.cwd() if start is None else Path(start)
    return next((p for p in (start, *start.parents) if (p / "lib" / "__init__.py").is_file() and (p / "data").is_dir()),
                None)  # fmt: skip


ROOT = find_root()
if ROOT is None:
    raise SystemExit(MISSING)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
