"""Checks that span entries (and files): duplicate ids, dangling cross references, and one
Chinese term preferred in two entries without a note on the homonymy.

The homonym rule is editorial policy for ktermbase's own term files: a term base imported from a
TBX or CSV file (a CAT tool's glossary, a dictionary) has homonyms of its own and no way to mark
them, so there it is a warning, and search and check still work on the file.

>>> from ktermbase.model import Entry, Term
>>> a = Entry(id="a", related=("zz",), terms=(Term(lang="zh", text="甲", status="preferred"),))
>>> b = Entry(id="a", terms=(Term(lang="zh", text="甲", status="preferred"),))
>>> errors, warnings = validate_entries([a, b])
>>> for p in errors: print(p)
<input>: entry 'a': duplicate id (first defined at <input>)
<input>: entry 'a', related: cross reference to missing id 'zz'
<input>: entry 'a': the Chinese term '甲' is preferred in entries 'a' and 'a'; add a note ...
>>> tbx = [Location("glossary.tbx", 3), Location("glossary.tbx", 9)]
>>> [len(found) for found in validate_entries([a, b.model_copy(update={"id": "b"})], tbx)]
[1, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from .errors import Problem
from .formats import EXTENSIONS, Location
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
) -> tuple[list[Problem], list[Problem]]:
    """Every cross-entry problem of ``entries`` as (errors, warnings); ``locations`` runs
    parallel to them."""
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
    warnings: list[Problem] = []
    preferred_zh: dict[str, tuple[Entry, int]] = {}
    for i, entry in enumerate(entries):
        for term in entry.terms_in("zh"):
            if term.status is not Status.PREFERRED:
                continue
            other, j = preferred_zh.setdefault(fold(term.text), (entry, i))
            if other is entry or _declares_homonym(other) or _declares_homonym(entry):
                continue
            imported = _imported(locs[i]) or _imported(locs[j])
            (warnings if imported else problems).append(
                Problem(
                    locs[i].file,
                    f"the Chinese term {term.text!r} is preferred in entries {other.id!r} and "
                    f'{entry.id!r}; add a note on the homonymy ("homonym") to one of them',
                    locs[i].line,
                    entry=entry.id,
                )
            )
    return problems, warnings


def _imported(loc: Location) -> bool:
    """``loc`` is in an exchange file (TBX, CSV, TSV), not a term file of ktermbase's own."""
    return EXTENSIONS.get(PurePath(loc.file).suffix.lower(), "toml") != "toml"


def _declares_homonym(entry: Entry) -> bool:
    notes = " ".join(entry.notes).casefold()
    return any(marker in notes for marker in HOMONYM_MARKERS)
