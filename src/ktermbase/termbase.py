"""``TermBase``: an immutable collection of entries, with lookup by id and by term, and the
indexes that search and check need, built once on first use.

>>> tb = load()                       # the shipped term base
>>> tb.get("Strategic  Autonomy").id
'strategic-autonomy'
>>> tb.get("战略自主性") is tb.get("ＳＴＲＡＴＥＧＩＣ ＡＵＴＯＮＯＭＹ")
True
>>> tb.get("no such term") is None
True
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CSVError, KTermbaseError, Problem, TBXError, TermFileError
from .formats import EXTENSIONS, Location, Progress, ReadResult, read_any
from .model import Entry, Term, primary_lang
from .normalize import fold
from .validate import validate_entries

if TYPE_CHECKING:
    from .search import Hit

__all__ = ["TermBase", "load", "shipped_terms_dir"]


class TermBase:
    """The entries of one or more term files, immutable once built."""

    def __init__(self, entries: Iterable[Entry], *, warnings: Sequence[Problem] = ()) -> None:
        self._entries: tuple[Entry, ...] = tuple(entries)
        self._by_id: dict[str, Entry] = {}
        for entry in self._entries:
            if entry.id in self._by_id:
                raise KTermbaseError(f"duplicate entry id {entry.id!r}")
            self._by_id[entry.id] = entry
        self.warnings: tuple[Problem, ...] = tuple(warnings)

    # --- collection -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def __getitem__(self, entry_id: str) -> Entry:
        """The entry with this id; ``KeyError`` when there is none."""
        return self._by_id[entry_id]

    def __repr__(self) -> str:
        return f"<TermBase: {len(self)} entries>"

    @property
    def entries(self) -> tuple[Entry, ...]:
        """All entries, in the order they were loaded."""
        return self._entries

    def by_id(self, entry_id: str) -> Entry | None:
        """The entry with this id, or ``None``.

        >>> load().by_id("k-program").preferred("en").text
        'Key and Advanced Technology R&D through Cross Community Collaboration Program'
        >>> load().by_id("no-such-id") is None
        True
        """
        return self._by_id.get(entry_id)

    def subjects(self) -> Counter[str]:
        """How many entries each subject field has."""
        return Counter(s for e in self._entries for s in e.subjects)

    def filter(self, *, subject: str | None = None, lang: str | None = None) -> TermBase:
        """A term base of the entries in ``subject`` and/or with terms in ``lang``.

        >>> tb = load()
        >>> 0 < len(tb.filter(subject="k-program")) < len(tb)
        True
        """

        def keep(e: Entry) -> bool:
            if subject is not None and subject not in e.subjects:
                return False
            return lang is None or bool(e.terms_in(lang))

        return TermBase((e for e in self._entries if keep(e)), warnings=self.warnings)

    # --- exact lookup -----------------------------------------------------------------------
    @functools.cached_property
    def _exact(self) -> dict[str, list[tuple[int, int]]]:
        index: dict[str, list[tuple[int, int]]] = {}
        for i, entry in enumerate(self._entries):
            for j, term in enumerate(entry.terms):
                index.setdefault(fold(term.text), []).append((i, j))
        return index

    def find(self, text: str, *, lang: str | None = None) -> list[tuple[Entry, Term]]:
        """Every (entry, term) whose term is exactly ``text`` (see ``get``), best status first.

        >>> [(e.id, t.status.value) for e, t in load().find("self-discipline")]
        [('autonomy-jiritsusei', 'deprecated')]
        """
        found = self._exact.get(fold(text), [])
        hits = [(self._entries[i], self._entries[i].terms[j]) for i, j in found]
        if lang is not None:
            primary = primary_lang(lang)
            hits = [h for h in hits if primary_lang(h[1].lang) == primary]
        return sorted(hits, key=lambda h: h[1].status.rank)

    def get(self, text: str, *, lang: str | None = None) -> Entry | None:
        """The entry that has ``text`` as a term, in any language (or ``lang``), or ``None``.

        Insensitive to case, full-width/half-width forms, Unicode normalisation form and
        surrounding or repeated spaces. Where several entries share the term, the one in which
        it has the best status wins.
        """
        hits = self.find(text, lang=lang)
        return hits[0][0] if hits else None

    # --- search -----------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        lang: str | None = None,
        subject: str | None = None,
        limit: int = 10,
        min_score: float | None = None,
    ) -> list[Hit]:
        """Ranked fuzzy, prefix and pinyin search; see ``ktermbase.search``."""
        from .search import search

        return search(self, query, lang=lang, subject=subject, limit=limit, min_score=min_score)


def shipped_terms_dir() -> Path:
    """The folder of the term base shipped with ktermbase.

    Inside an installed wheel it is the package's ``terms`` folder; in a source checkout
    (an editable install) it is the repository's ``terms/``.
    """
    packaged = Path(str(resources.files("ktermbase"))) / "terms"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "terms"


def _counting_on(progress: Progress, before: int) -> Progress:
    """``progress`` for one more file, counting on from the ``before`` entries of the others."""
    if progress is None or not before:
        return progress
    return lambda n: progress(before + n)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in EXTENSIONS)
        if not found:
            raise KTermbaseError(f"{path}: no term files ({', '.join(sorted(EXTENSIONS))})")
        return found
    if not path.exists():
        raise KTermbaseError(f"{path}: no such file or folder")
    return [path]


def load(*paths: str | os.PathLike[str], progress: Progress = None) -> TermBase:
    """Load a term base from files and folders of any supported format.

    With no argument, the shipped term base (cached after the first call). Every file is read
    and validated, and every problem found in any of them is reported at once: a term base
    with any error is not loaded at all. ``progress(n)`` is called every 1000 entries read
    (counting across the files).
    """
    if not paths:
        return _shipped()
    return _load([Path(p) for p in paths], progress)


@functools.lru_cache(maxsize=1)
def _shipped() -> TermBase:
    return _load([shipped_terms_dir()])


def _load(paths: list[Path], progress: Progress = None) -> TermBase:
    entries: list[Entry] = []
    locations: list[Location] = []
    warnings: list[Problem] = []
    problems: list[Problem] = []
    kinds: set[type[TermFileError | TBXError | CSVError]] = set()
    for path in paths:
        for file in _files(path):
            try:
                result = read_any(file, progress=_counting_on(progress, len(entries)))
            except (TermFileError, TBXError, CSVError) as exc:
                problems.extend(exc.problems)
                kinds.add(type(exc))
                if isinstance(exc.partial, ReadResult):
                    entries.extend(exc.partial.entries)
                    locations.extend(exc.partial.locations)
                continue
            entries.extend(result.entries)
            locations.extend(result.locations or [Location(str(file))] * len(result.entries))
            warnings.extend(result.warnings)
    errors, cross_warnings = validate_entries(entries, locations)
    problems.extend(errors)
    warnings.extend(cross_warnings)
    if problems:
        cls = kinds.pop() if len(kinds) == 1 else TermFileError
        raise cls(problems)
    return TermBase(entries, warnings=warnings)
