"""Text normalisation shared by exact lookup, search and checking.

``fold`` is the key of exact lookup: Unicode NFKC (which also maps full-width letters and
digits to ASCII), case folding, and runs of white space collapsed to one space.

>>> fold("  Strategic\u3000 Autonomy ")
'strategic autonomy'
>>> fold("ＳＴＲＡＴＥＧＩＣ autonomy") == fold("strategic autonomy")
True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "has_han", "is_han"]

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return the lookup key of ``text``: NFKC, case-folded, white space collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", text).strip()


def is_han(char: str) -> bool:
    """True for a CJK ideograph (the characters pinyin is computed for).

    >>> is_han("战"), is_han("a"), is_han("〇")
    (True, False, True)
    """
    cp = ord(char)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2EBEF
        or 0xF900 <= cp <= 0xFAFF
        or cp == 0x3007
    )


def has_han(text: str) -> bool:
    """True when ``text`` holds at least one CJK ideograph.

    >>> has_han("K计划"), has_han("K Program")
    (True, False)
    """
    return any(is_han(c) for c in text)
