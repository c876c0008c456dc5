"""The exceptions ktermbase raises, as a small hierarchy users can catch.

Every error that concerns a file carries the file, and where known the line, column and
entry, so that a message points at the place to mend:

>>> p = Problem("terms/x.toml", "unknown status 'prefered'", line=12, entry="k-program",
...             field="term[0].status")
>>> str(p)
"terms/x.toml:12: entry 'k-program', term[0].status: unknown status 'prefered'"
>>> err = TermFileError([p])
>>> isinstance(err, KTermbaseError), len(err.problems)
(True, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
    "CSVError",
    "KTermbaseError",
    "Problem",
    "TBXError",
    "TermFileError",
    "validation_problems",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the parser allows."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = []
        if self.entry is not None:
            parts.append(f"entry {self.entry!r}")
        if self.field:
            parts.append(self.field)
        what = ", ".join(parts)
        return f"{where}: {what + ': ' if what else ''}{self.message}"


class KTermbaseError(Exception):
    """Base class of every error ktermbase raises on purpose."""


class _ProblemsError(KTermbaseError):
    """An error that lists every problem found, not only the first."""

    def __init__(self, problems: Sequence[Problem], *, partial: object = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        # What could be read despite the problems (a ReadResult), so that a loader can still
        # report problems spanning files; never used as a loaded term base.
        self.partial = partial
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found; nothing was loaded"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class TermFileError(_ProblemsError):
    """A term file (TOML), or a set of them, is invalid; the term base was not loaded."""


class TBXError(_ProblemsError):
    """A TBX file is malformed, unsafe or cannot be mapped; nothing was loaded."""


class CSVError(_ProblemsError):
    """A CSV/TSV glossary is malformed; nothing was loaded."""


def validation_problems(
    exc: ValidationError, file: str, line: int | None, entry: str | None, prefix: str = ""
) -> list[Problem]:
    """A ``Problem`` for each error of a model's validation, its field named by ``prefix``
    and the error's location."""
    return [
        Problem(file, err["msg"], line, entry=entry, field=prefix + ".".join(map(str, err["loc"])))
        for err in exc.errors()
    ]
