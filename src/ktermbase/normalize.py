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

__all__ = ["HAN", "fold", "has_han", "is_han"]

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return the lookup key of ``text``: NFKC, case-folded, white space collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", text).strip()


# The Chinese characters (CJK ideographs, extensions A to F, compatibility ideographs and 〇),
# as a regular-expression class body: the characters pinyin is computed for.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_A_HAN = re.compile(f"[{HAN}]")


def is_han(char: str) -> bool:
    """True for a CJK ideograph (the characters pinyin is computed for).

    >>> is_han("战"), is_han("a"), is_han("〇")
    (True, False, True)
    """
    return len(char) == 1 and _A_HAN.match(char) is not None


def has_han(text: str) -> bool:
    """True when ``text`` holds at least one CJK ideograph (ASCII text is answered without a
    search: indexing a million terms asks this a million times).

    >>> has_han("K计划"), has_han("K Program")
    (True, False)
    """
    return not text.isascii() and _A_HAN.search(text) is not None
