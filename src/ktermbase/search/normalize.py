"""The search key of a text: what query and term are compared on.

On top of ``ktermbase.normalize.fold`` (NFKC, which maps full-width forms to ASCII, case
folding, collapsed spaces), search also ignores punctuation and hyphens, the spaces a
writer may put between Chinese characters, and the difference between traditional and
simplified characters (through OpenCC's ``t2s`` conversion).

>>> search_key("Public-Private  Collaboration")
'public private collaboration'
>>> search_key("戰略 自主性") == search_key("战略自主性")
True
>>> search_key("ＫＰｒｏｇｒａｍ（K計劃）")
'kprogram k计划'
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..normalize import HAN, fold, has_han

__all__ = ["is_pure_han", "search_key", "strip_marks", "to_simplified"]

# Anything that is neither a letter, a mark nor a digit separates words.
_NOT_WORD = re.compile(r"[\W_]+")
# A space with a Chinese character on either side carries no meaning.
_HAN_SPACE = re.compile(f"(?<=[{HAN}]) | (?=[{HAN}])")
_NOT_HAN = re.compile(f"[^{HAN} ]")
_ASCII_PUNCT = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", " "))


@functools.lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters converted to simplified (OpenCC ``t2s``), so that
    a query typed in either script finds terms written in the other.

    >>> to_simplified("經濟安全保障")
    '经济安全保障'
    """
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


def search_key(text: str) -> str:
    """Fold ``text`` for fuzzy and prefix comparison (see the module docstring)."""
    if text.isascii():
        return " ".join(text.translate(_ASCII_PUNCT).lower().split())
    text = fold(text)
    if _NOT_WORD.search(text):
        text = " ".join(_NOT_WORD.sub(" ", text).split())
    if has_han(text):
        text = to_simplified(text)
        if " " in text:
            text = _HAN_SPACE.sub("", text)
    return text


def strip_marks(text: str) -> str:
    """``text`` without combining marks (tone marks, diaeresis), for pinyin parsing.

    >>> strip_marks("zhànlüè")
    'zhanlue'
    """
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_pure_han(key: str) -> bool:
    """True when a search key holds Chinese characters (and spaces) only: such keys need no
    trigram index, as an alphabetic query cannot share a trigram with them.

    >>> is_pure_han("战略自主性"), is_pure_han("k计划"), is_pure_han("k")
    (True, False, False)
    """
    return not key.isascii() and not _NOT_HAN.search(key)
