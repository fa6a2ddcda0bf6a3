"""The project's exceptions: one small hierarchy whose messages tell a user what to fix.

Every error a user can cause derives from :class:`LkjipError`; the command line prints
its message (in Bahasa Indonesia) and exits 1 without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class LkjipError(Exception):
    """Base class of every error raised by ``lkjip_analysis`` for bad input."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1), or
    ``None`` when the problem concerns the whole file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str

    @classmethod
    def about(cls, file: str, expected: str) -> Problem:
        """A problem of a whole file or directory (no row, column or value)."""
        return cls(str(file), None, None, None, expected)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        value = self.value.item() if hasattr(self.value, "item") else self.value
        found = "" if value is None else f"nilai '{value}': "
        return f"{', '.join(where)}: {found}{self.expected}"


class DataError(LkjipError):
    """Input data failed validation; ``problems`` lists every problem found at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} masalah pada data:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class ArgumentError(LkjipError, ValueError):
    """A function argument has an invalid value; the message names it and the valid choices."""


class ScenarioError(LkjipError, ValueError):
    """A what-if scenario names an unknown indicator, year or field."""


class RenderError(LkjipError):
    """One or more reports could not be rendered."""
