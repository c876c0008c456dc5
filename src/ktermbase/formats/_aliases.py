"""Spellings of term statuses that files use beside the standard ones, shared by the TBX and
CSV readers (kept out of the TBX package so that reading a CSV file does not import it).

>>> STATUS_ALIASES[alias_key("Not recommended")].value
'deprecated'
"""

from __future__ import annotations

import re

from ..model import Status

__all__ = ["STATUS_ALIASES", "alias_key"]

_FOLD = re.compile(r"[\s_-]")


def alias_key(value: str) -> str:
    """``value`` as the ``*_ALIASES`` tables spell their keys: case-folded, without spaces,
    hyphens or underscores."""
    return _FOLD.sub("", value).casefold()


# Spellings real files use (keys as ``alias_key`` makes them): read with a warning.
STATUS_ALIASES: dict[str, Status] = {
    "preferred": Status.PREFERRED,
    "preferredterm": Status.PREFERRED,
    "preferredtermadmnsts": Status.PREFERRED,
    "standardizedterm": Status.PREFERRED,
    "standardizedtermadmnsts": Status.PREFERRED,
    "recommended": Status.PREFERRED,
    "approved": Status.PREFERRED,
    "admitted": Status.ADMITTED,
    "admittedterm": Status.ADMITTED,
    "admittedtermadmnsts": Status.ADMITTED,
    "correct": Status.ADMITTED,
    "legalterm": Status.ADMITTED,
    "legaltermadmnsts": Status.ADMITTED,
    "regulatedterm": Status.ADMITTED,
    "regulatedtermadmnsts": Status.ADMITTED,
    "proposed": Status.ADMITTED,
    "deprecated": Status.DEPRECATED,
    "deprecatedterm": Status.DEPRECATED,
    "deprecatedtermadmnsts": Status.DEPRECATED,
    "notrecommended": Status.DEPRECATED,
    "avoid": Status.DEPRECATED,
    "forbidden": Status.DEPRECATED,
    "rejected": Status.DEPRECATED,
    "superseded": Status.SUPERSEDED,
    "supersededterm": Status.SUPERSEDED,
    "supersededtermadmnsts": Status.SUPERSEDED,
    "obsolete": Status.SUPERSEDED,
    "archaic": Status.SUPERSEDED,
}
