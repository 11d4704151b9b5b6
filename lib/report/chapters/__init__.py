"""The words of each chapter: one module per chapter, named as its notebook.

Each module turns the chapter's results and parameters into the phrases its text shows
(``{eval}`txt.name```) and the guards that must hold, as :class:`lib.report.book.Passage` objects
that the notebook hands to ``ch.add(...)``. The wording of a chapter lives in its module only, apart
from the arithmetic (done in :mod:`lib.mrio`, :mod:`lib.econometrics` and the notebook's visible
cells), so that a second language edition could be written beside it. Each module is unit-tested on
the chapter's default parameters and on its second parameter set (``tests/test_prose_<chapter>.py``).
"""
