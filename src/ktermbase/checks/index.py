"""The term index that checks share: Aho-Corasick automata over every English and Chinese
term of a term base (with the regular plural or singular of each English term), built once
per ``TermBase`` and cached for as long as the term base lives.

English matching is case-insensitive, on word boundaries, leftmost-longest: a correct full
name is one long match, so the truncated name inside it is never reported. Hyphens count as
part of a word ("think-tank" and "think tank" stay different terms); apostrophes do not, so
"China's" holds the term "China".

>>> from ktermbase import load
>>> idx = term_index(load())
>>> [(text[s.start:s.end], s.renderings[0].entry.id)
...  for text in ["Self-discipline and my country's guarantee mechanism."]
...  for s in idx.spot_en(text) if s.renderings[0].entry.id != "support-mechanisms"]
[('Self-discipline', 'autonomy-jiritsusei'), ('my country', 'china-self-reference')]
>>> idx is term_index(load())
True
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from .._bulk import built_once
from ..model import ACCEPTED, Entry, PartOfSpeech, Term, TermType, primary_lang
from ..termbase import TermBase
from .text import pluralize, singularize

__all__ = ["Rendering", "Spot", "TermIndex", "en_key", "term_index"]

_NON_WORD = re.compile(r"[^\w&-]|_")
_CACHE: weakref.WeakKeyDictionary[TermBase, TermIndex] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Rendering:
    """One term that a match stands for; ``form`` says whether the text matched is the
    term itself (""), its ``"plural"`` or its ``"singular"``."""

    entry: Entry
    term: Term
    form: str = ""


@dataclass(frozen=True, slots=True)
class Spot:
    """A term found in a text at ``text[start:end]``, with every term it may be."""

    start: int
    end: int
    renderings: tuple[Rendering, ...]


def en_key(text: str) -> str:
    """The form English text is matched in: lower case, and every character that is not a
    letter, digit, hyphen or ampersand made a space. It keeps the length of ``text``, so
    offsets carry over.

    >>> en_key("China’s R&D (K Program)")
    'china s r&d  k program '
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _NON_WORD.sub(" ", lowered)


def _variants(term: Term) -> list[tuple[str, str]]:
    """Other forms of an English common-noun term: its plural, or its singular."""
    if term.pos not in (None, "noun") or term.type in (TermType.ACRONYM, TermType.ABBREVIATION):
        return []
    if term.text != term.text.lower() or not term.text[-1:].isalpha():
        return []
    head, _, last = term.text.rpartition(" ")
    single = singularize(last)
    if single is not None:
        return [((f"{head} " if head else "") + single, "singular")]
    return [((f"{head} " if head else "") + pluralize(last), "plural")]


def _form_matters(term: Term, entry: Entry, names: dict[str, bool]) -> bool:
    """Whether a misplaced hyphen or space in this term (of several words) is a mistake worth
    reporting: it is hyphenated, or it names something (its entry has a proper-noun term);
    ``names`` caches the entries that do."""
    text = term.text
    if "-" in text:
        return True
    if text.islower():  # a name has capitals
        return False
    name = names.get(entry.id)
    if name is None:
        name = names[entry.id] = any(t.pos is PartOfSpeech.PROPER_NOUN for t in entry.terms)
    return name


class TermIndex:
    """Automata over the English and Chinese terms of one term base; see ``term_index``."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        en: dict[str, list[Rendering]] = {}
        zh: dict[str, list[Rendering]] = {}
        variants: list[tuple[str, Rendering]] = []
        # What ``spot_en_loose`` finds, hyphens made spaces: accepted terms of several words
        # that are names, or that hold a hyphenated modifier ("public-private collaboration";
        # "government-led" alone is left out: "the government led" is English too).
        loose: dict[str, list[Rendering]] = {}
        names: dict[str, bool] = {}  # entry id → it has a proper-noun term
        vocabulary: set[str] = set()
        for entry in entries:
            for term in entry.terms:
                lang = primary_lang(term.lang)
                if lang == "en":
                    key, rendering = " " + en_key(term.text), Rendering(entry, term)
                    en.setdefault(key, []).append(rendering)
                    if (
                        term.status in ACCEPTED
                        and " " in key.strip()
                        and _form_matters(term, entry, names)
                    ):
                        loose.setdefault(key.replace("-", " "), []).append(rendering)
                    variants += [
                        (" " + en_key(text), Rendering(entry, term, form))
                        for text, form in _variants(term)
                    ]
                    if term.status in ACCEPTED:
                        vocabulary.update(w.lower() for w in re.findall(r"[A-Za-z]+", term.text))
                elif lang == "zh" and len(term.text) > 1:
                    zh.setdefault(term.text, []).append(Rendering(entry, term))
        exact = set(en)
        for key, rendering in variants:
            if key not in exact:
                en.setdefault(key, []).append(rendering)
        self._loose_keys = list(loose)
        self._loose = [tuple(loose[k]) for k in self._loose_keys]
        self.vocabulary: frozenset[str] = frozenset(vocabulary)
        self._en_keys = list(en)
        self._en = [tuple(en[k]) for k in self._en_keys]
        self._zh_keys = list(zh)
        self._zh = [tuple(zh[k]) for k in self._zh_keys]
        kind = ahocorasick_rs.MatchKind.LeftmostLongest
        self._en_ac = ahocorasick_rs.AhoCorasick(self._en_keys, matchkind=kind) if en else None
        self._zh_ac = ahocorasick_rs.AhoCorasick(self._zh_keys, matchkind=kind) if zh else None
        self._loose_ac = (
            ahocorasick_rs.AhoCorasick(self._loose_keys, matchkind=kind) if loose else None
        )

    def spot_en(self, text: str) -> list[Spot]:
        """Every English term in ``text``, leftmost-longest, on word boundaries.

        An acronym matches only in its own capitals ("NSS", not "nss").
        """
        if self._en_ac is None:
            return []
        key = " " + en_key(text)
        spots = []
        for pattern, start, end in self._en_ac.find_matches_as_indexes(key):
            if end < len(key) and key[end] != " ":
                continue
            found = self._en[pattern]
            span = text[start : end - 1]
            kept = tuple(
                r for r in found if r.term.type is not TermType.ACRONYM or span == r.term.text
            )
            if kept:
                spots.append(Spot(start, end - 1, kept))
        return spots

    def spot_en_loose(self, text: str) -> list[Spot]:
        """Accepted names and hyphenated terms of several words (see ``_form_matters``) in ``text``
        with hyphens and spaces taken as the same ("public private collaboration",
        "K-program"), leftmost-longest, on word boundaries of ``text`` itself; the renderings
        are the terms as the base writes them.

        >>> from ktermbase import load
        >>> [(s.start, s.end, s.renderings[0].term.text)
        ...  for s in term_index(load()).spot_en_loose("A public private collaboration")]
        [(2, 30, 'public-private collaboration')]
        """
        if self._loose_ac is None:
            return []
        exact = " " + en_key(text)
        key = exact.replace("-", " ")
        return [
            Spot(start, end - 1, self._loose[pattern])
            for pattern, start, end in self._loose_ac.find_matches_as_indexes(key)
            if exact[start] == " " and (end == len(key) or exact[end] == " ")
        ]

    def spot_zh(self, text: str) -> list[Spot]:
        """Every Chinese term in ``text``, leftmost-longest (a shorter term inside a longer
        one is not found again)."""
        if self._zh_ac is None:
            return []
        return [
            Spot(start, end, self._zh[pattern])
            for pattern, start, end in self._zh_ac.find_matches_as_indexes(text)
        ]


def term_index(termbase: TermBase) -> TermIndex:
    """The ``TermIndex`` of ``termbase``, built on first use and then reused.

    >>> from ktermbase import load
    >>> [(s.start, s.end) for s in term_index(load()).spot_zh("我国加强关键核心技术攻关")]
    [(0, 2), (4, 12)]
    """
    return built_once(_CACHE, termbase, TermIndex)
