"""Checks that span entries (and files): duplicate ids, dangling cross references, and one
Chinese term preferred in two entries without a note on the homonymy.

>>> from ktermbase.model import Entry, Term
>>> a = Entry(id="a", related=("zz",), terms=(Term(lang="zh", text="甲", status="preferred"),))
>>> b = Entry(id="a", terms=(Term(lang="zh", text="甲", status="preferred"),))
>>> for p in validate_entries([a, b]): print(p)
<input>: entry 'a': duplicate id (first defined at <input>)
<input>: entry 'a', related: cross reference to missing id 'zz'
<input>: entry 'a': the Chinese term '甲' is preferred in entries 'a' and 'a'; add a note ...
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import Problem
from .formats import Location
from .model import Entry, Status
from .normalize import fold

__all__ = ["HOMONYM_MARKERS", "validate_entries"]

# A note holding one of these words declares that two entries share a Chinese term on purpose.
HOMONYM_MARKERS = ("homonym", "homograph", "同形", "同名", "多义")

_NOWHERE = Location("<input>")


def _at(loc: Location) -> str:
    return f"{loc.file}:{loc.line}" if loc.line else loc.file


def validate_entries(
    entries: Sequence[Entry], locations: Sequence[Location] | None = None
) -> list[Problem]:
    """Every cross-entry problem of ``entries``; ``locations`` runs parallel to them."""
    locs = list(locations or [])
    locs += [_NOWHERE] * (len(entries) - len(locs))
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if entry.id in first:
            problems.append(
                Problem(
                    locs[i].file,
                    f"duplicate id (first defined at {_at(locs[first[entry.id]])})",
                    locs[i].line,
                    entry=entry.id,
                )
            )
        else:
            first[entry.id] = i
    for i, entry in enumerate(entries):
        for ref in entry.related:
            if ref not in first:
                problems.append(
                    Problem(
                        locs[i].file,
                        f"cross reference to missing id {ref!r}",
                        locs[i].line,
                        entry=entry.id,
                        field="related",
                    )
                )
    preferred_zh: dict[str, Entry] = {}
    for i, entry in enumerate(entries):
        for term in entry.terms_in("zh"):
            if term.status is not Status.PREFERRED:
                continue
            other = preferred_zh.setdefault(fold(term.text), entry)
            if other is entry or _declares_homonym(other) or _declares_homonym(entry):
                continue
            problems.append(
                Problem(
                    locs[i].file,
                    f"the Chinese term {term.text!r} is preferred in entries {other.id!r} and "
                    f'{entry.id!r}; add a note on the homonymy ("homonym") to one of them',
                    locs[i].line,
                    entry=entry.id,
                )
            )
    return problems


def _declares_homonym(entry: Entry) -> bool:
    notes = " ".join(entry.notes).casefold()
    return any(marker in notes for marker in HOMONYM_MARKERS)
