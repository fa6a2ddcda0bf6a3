"""The project's exceptions: one small hierarchy whose messages tell a user what to fix.

Every error a user can cause derives from :class:`LkjipError`; the command line prints
its message (in Bahasa Indonesia) and exits 1 without a traceback.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass


class LkjipError(Exception):
    """Base class of every error raised by ``lkjip_analysis`` for bad input."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1), or
    ``None`` when the problem concerns the whole file or a whole column. ``sheet`` and
    ``column_letter`` locate a cell of an Excel workbook as Excel shows it (lembar, sel J9).
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str
    sheet: str | None = None
    column_letter: str | None = None

    @classmethod
    def about(cls, file: str, expected: str) -> Problem:
        """A problem of a whole file or directory (no row, column or value)."""
        return cls(str(file), None, None, None, expected)

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(f"lembar '{self.sheet}'")
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column is not None:
            cell = f"{self.column_letter}{self.row or ''}"
            where.append(f"kolom '{self.column}'" + (f" (sel {cell})" if self.column_letter else ""))
        value = self.value.item() if hasattr(self.value, "item") else self.value
        found = "" if value is None else f"nilai '{value}': "
        return f"{', '.join(where)}: {found}{self.expected}"


class DataError(LkjipError):
    """Input data failed validation; ``problems`` lists every problem found at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(dict.fromkeys(problems))  # a file read for two tables reports once
        lines = [f"{len(self.problems)} masalah pada data:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


_OS_REASONS = {
    errno.EACCES: "izin ditolak",
    errno.EPERM: "operasi tidak diizinkan",
    errno.ENOENT: "tidak ada",
    errno.EISDIR: "adalah direktori, bukan berkas",
    errno.ENOTDIR: "bagian dari path ini adalah berkas, bukan direktori",
    errno.EEXIST: "sudah ada sebagai berkas, bukan direktori",
    errno.ENOSPC: "disk penuh",
    errno.EROFS: "sistem berkas hanya-baca",
    errno.ENAMETOOLONG: "nama terlalu panjang",
    errno.ELOOP: "tautan simbolik berputar",
    errno.EPIPE: "pipa ditutup",
}


def os_error_message(err: OSError) -> str:
    """One line in Bahasa Indonesia naming the path of an operating-system error and its reason.

    >>> os_error_message(PermissionError(13, "Permission denied", "/data/laporan"))
    "'/data/laporan': izin ditolak"
    """
    reason = _OS_REASONS.get(err.errno, err.strerror or type(err).__name__)
    paths = [str(p) for p in (err.filename, err.filename2) if p is not None]
    return f"{' -> '.join(repr(p) for p in paths) or 'berkas'}: {reason}"


class ArgumentError(LkjipError, ValueError):
    """A function argument has an invalid value; the message names it and the valid choices."""


class ScenarioError(LkjipError, ValueError):
    """A what-if scenario names an unknown indicator, year or field."""


class OutputError(LkjipError):
    """A command was asked to write into the data directory or over an input file."""


class RenderError(LkjipError):
    """One or more reports could not be rendered."""
