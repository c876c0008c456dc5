"""The pinyin shown to people for a Chinese term: the term's own override when the term file
gives one, otherwise pypinyin's phrase-aware reading with tone marks.

>>> display_pinyin("战略自主性")
'zhàn lüè zì zhǔ xìng'
>>> display_pinyin("K计划")
'K jì huà'
"""

from __future__ import annotations

from .model import Term, primary_lang

__all__ = ["display_pinyin", "term_pinyin"]


def display_pinyin(text: str) -> str:
    """Tone-marked pinyin of ``text``, syllables separated by spaces; other text kept."""
    # Imported here: pypinyin's phrase dictionary takes half of ``import ktermbase``'s time.
    from pypinyin import Style, lazy_pinyin

    parts = lazy_pinyin(text, style=Style.TONE, errors=lambda s: s, v_to_u=True)
    return " ".join(p.strip() for p in parts if p.strip())


def term_pinyin(term: Term) -> str | None:
    """The pinyin to display for ``term``: its override, or computed for Chinese terms."""
    if term.pinyin:
        return term.pinyin
    if primary_lang(term.lang) != "zh":
        return None
    return display_pinyin(term.text)
