"""Readers and writers, one module per format. Formats know the model; the model knows no
format. Every reader returns a ``ReadResult``; every writer writes atomically.

>>> format_for("glossary.tsv"), format_for("x.TBX"), format_for("terms/k.toml")
('tsv', 'tbx', 'toml')
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KTermbaseError, Problem
from ..model import Entry

__all__ = ["EXTENSIONS", "Location", "Progress", "ReadResult", "format_for", "read_any", "tick"]

# Called with the number of entries read so far, every 1000 entries (``tick``).
Progress = Callable[[int], None] | None


def tick(progress: Progress, count: int) -> None:
    """Report ``count`` entries read to ``progress`` when it is a multiple of 1000.

    >>> seen = []
    >>> for n in range(1, 2500): tick(seen.append, n)
    >>> seen
    [1000, 2000]
    """
    if progress is not None and count % 1000 == 0:
        progress(count)


# File name endings and the format each one is read as.
EXTENSIONS: dict[str, str] = {
    ".toml": "toml",
    ".tbx": "tbx",
    ".xml": "tbx",
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "tsv",
}


@dataclass(frozen=True, slots=True)
class Location:
    """Where an entry was read from, for error messages."""

    file: str
    line: int | None = None


@dataclass
class ReadResult:
    """What a reader returns: the entries, where each came from, and any warnings."""

    entries: list[Entry]
    locations: list[Location] = field(default_factory=list)  # one per entry, same order
    warnings: list[Problem] = field(default_factory=list)


def format_for(path: str | os.PathLike[str]) -> str:
    """The format name of ``path`` from its extension; ``KTermbaseError`` when unknown."""
    suffix = Path(path).suffix.lower()
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        known = ", ".join(sorted(EXTENSIONS))
        raise KTermbaseError(f"{path}: unknown file type {suffix!r} (known: {known})") from None


def read_any(path: str | os.PathLike[str], *, progress: Progress = None) -> ReadResult:
    """Read one file in the format its extension names; ``progress`` as for ``tick``."""
    fmt = format_for(path)
    if fmt == "toml":
        from .toml import read_toml

        return read_toml(path, progress=progress)
    if fmt == "tbx":
        from .tbx import read_tbx

        return read_tbx(path, progress=progress)
    from .csv import read_csv

    return read_csv(path, progress=progress)
