"""The errors raised on bad input data or settings.

The error contract
------------------
Every failure caused by a bad input file or setting raises a subclass of
:class:`DataError` (bad function arguments raise :class:`ValueError`). The
message has three parts, in this order::

    <file, column or setting>: <what was found>; expected <what should be there>. <what to do>

:class:`DataError`
    Base class; catch it to handle every input problem at once.
:class:`DataFileNotFound`
    An input file or folder is missing (also a :class:`FileNotFoundError`).
:class:`ChecksumError`
    A file's sha256 differs from the recorded one, the file is not listed in its
    ``SHA256SUMS``, or a ``SHA256SUMS`` file is malformed.
:class:`TableError`
    A file was read but its content is wrong (shape, labels, values, columns).
:class:`FileFormatError`
    A file cannot be parsed at all in its format (a :class:`TableError`).
:class:`SettingError`
    An environment setting (``TBI_CACHE_DIR``, ...) is unusable (also a
    :class:`ValueError`).
"""

class DataError(Exception):
    """Base class for every problem with an input file or setting."""


class DataFileNotFound(DataError, FileNotFoundError):
    """An input file is missing."""


class ChecksumError(DataError):
    """An input file's sha256 differs from the recorded one, is not recorded, or a SHA256SUMS file is malformed."""


class TableError(DataError):
    """An input file has the wrong shape, labels, columns or values."""


class FileFormatError(TableError):
    """An input file cannot be parsed in its format (damaged workbook, R data, Stata or CSV file)."""


class SettingError(DataError, ValueError):
    """An environment setting holds a value the book cannot use."""
