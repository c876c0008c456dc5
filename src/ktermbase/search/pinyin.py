"""Pinyin search: every reading of every Chinese term, and pinyin parsed the way an input
method accepts it.

Readings come from a per-character cache of pypinyin's readings (all of them, for
polyphonic characters), so that indexing a million terms costs one pypinyin call per
distinct character, not one per term. A term's own pinyin (``Term.pinyin``) adds its
syllables to the readings of its characters.

What a user types is parsed into *units*: full syllables, initials (``z`` for 战 zhàn, or
``zh``) and, at the very end, the prefix of a syllable. Tone marks, tone numbers, spaces,
apostrophes and the spelling of ü (``ü``, ``v`` or ``u``) do not matter; run-together input
is segmented every way that makes sense (``xian`` is 先 and also 西安).

Keys are stored in *fuzzy* form (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing merged),
and each candidate is then checked against its real readings, which says whether it
matched exactly or only through a fuzzy pair.

>>> index = PinyinIndex(["战略自主性", "战略", "先", "西安", "自主"])
>>> [(m.term_id, m.kind.value) for m in index.lookup("zhan4lve4")]
[(1, 'pinyin'), (0, 'pinyin')]
>>> sorted(m.term_id for m in index.lookup("xian"))
[2, 3]
>>> [(m.term_id, m.kind.value) for m in index.lookup("zlzzx")]
[(0, 'initials')]
>>> [(m.term_id, m.kind.value) for m in index.lookup("zan lue")]
[(1, 'fuzzy-pinyin'), (0, 'fuzzy-pinyin')]
"""

from __future__ import annotations

import functools
import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from ..normalize import HAN, fold, is_han
from ._keys import BucketedKeys
from .normalize import strip_marks

__all__ = [
    "PinyinIndex",
    "PinyinKind",
    "PinyinMatch",
    "Unit",
    "char_readings",
    "parse_pinyin",
    "term_units",
]

# What a unit typed as an abbreviation may be: an initial, or the vowel a syllable starts with.
_INITIALS = ("zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsywaeo")
_MAX_READINGS_PER_TERM = 64  # reading combinations indexed per term (all readings still match)
_MAX_PARSES = 8
_MAX_SCANNED = 1000  # candidates checked per parse


def _canonical(reading: str) -> str:
    """A toneless reading with ü written u (``lüè``, ``lve`` → ``lue``)."""
    return strip_marks(reading).lower().replace("v", "u")


def _is_syllable_shape(s: str) -> bool:
    return s.isalpha() and s.isascii() and any(v in s for v in "aeiou")


@functools.cache
def _char_dict() -> dict[int, str]:
    """pypinyin's character dictionary, imported on first use: importing pypinyin loads its
    phrase dictionary too (about 0.2 s), which no command but a pinyin search needs."""
    from pypinyin.constants import PINYIN_DICT

    return PINYIN_DICT


@functools.cache
def _syllables() -> frozenset[str]:
    """Every toneless syllable pypinyin knows (without the vowel-less interjections)."""
    found: set[str] = set()
    for readings in _char_dict().values():
        for r in readings.split(","):
            s = _canonical(r)
            if _is_syllable_shape(s):
                found.add(s)
    return frozenset(found)


@functools.cache
def _syllable_prefixes() -> frozenset[str]:
    return frozenset(s[:i] for s in _syllables() for i in range(1, len(s)))


@functools.cache
def _misspelt_syllables() -> frozenset[str]:
    """Spellings that are not syllables but one fuzzy pair away from one (``quang``,
    ``zan`` is a syllable already), so that typing them still segments."""
    swaps = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"), ("n", "l"))
    found: set[str] = set()
    for s in _syllables():
        forms = {s}
        for long, short in swaps:
            if s.startswith(long):
                forms.add(short + s[len(long) :])
            elif s.startswith(short) and long in ("zh", "ch", "sh"):
                forms.add(long + s[len(short) :])
        for form in list(forms):
            if form.endswith(("ang", "eng", "ing")):
                forms.add(form[:-1])
            elif form.endswith(("an", "en", "in")):
                forms.add(form + "g")
        found |= forms
    return frozenset(found - _syllables())


def fuzzy(syllable: str) -> str:
    """The fuzzy form of a canonical syllable or initial: zh/ch/sh → z/c/s, l → n,
    ang/eng/ing → an/en/in.

    >>> fuzzy("zhang"), fuzzy("lin"), fuzzy("sheng"), fuzzy("ch")
    ('zan', 'nin', 'sen', 'c')
    """
    if syllable[:2] in ("zh", "ch", "sh"):
        syllable = syllable[0] + syllable[2:]
    elif syllable[:1] == "l":
        syllable = "n" + syllable[1:]
    if syllable.endswith(("ang", "eng", "ing")):
        syllable = syllable[:-1]
    return syllable


@functools.lru_cache(maxsize=65536)
def char_readings(char: str) -> tuple[str, ...]:
    """Every toneless reading of one character, most common first; other characters
    (Latin letters, digits) read as themselves.

    >>> char_readings("行"), char_readings("略"), char_readings("K")
    (('xing', 'hang', 'heng'), ('lue',), ('k',))
    """
    if not is_han(char):
        return (char.lower(),)
    # pypinyin's character dictionary, read directly: what ``pinyin(char, heteronym=True)``
    # gives, in the same order, without its per-call style conversion (10× slower).
    found = _char_dict().get(ord(char), "")
    readings = tuple(dict.fromkeys(_canonical(r) for r in found.split(",") if r))
    return readings or (char,)


_UNIT = re.compile(f"[{HAN}]|[^\\W_{HAN}]+")


def term_units(key: str) -> list[str]:
    """The reading units of a (search-key) term: each Chinese character, and each run of
    other letters or digits.

    >>> term_units("k计划"), term_units("5g网络")
    (['k', '计', '划'], ['5g', '网', '络'])
    """
    return _UNIT.findall(key)


# --- parsing what the user typed ------------------------------------------------------------
class UnitKind(Enum):
    """What one typed unit is."""

    SYLLABLE = "syllable"
    INITIAL = "initial"
    PREFIX = "prefix"  # the unfinished last syllable


@dataclass(frozen=True, slots=True)
class Unit:
    """One typed unit: canonical text (toneless, ü as u) and what it is."""

    text: str
    kind: UnitKind

    def matches(self, reading: str) -> bool:
        """Does this unit accept the canonical ``reading`` exactly?"""
        if self.kind is UnitKind.SYLLABLE:
            return reading == self.text
        return reading.startswith(self.text)

    def matches_fuzzily(self, reading: str) -> bool:
        """Does it accept ``reading`` once both are in fuzzy form?"""
        if self.kind is UnitKind.SYLLABLE:
            return fuzzy(reading) == fuzzy(self.text)
        return fuzzy(reading).startswith(fuzzy(self.text))


_TYPED = re.compile(r"[a-z' ]+")


def _typed(query: str) -> str | None:
    text = strip_marks(fold(query)).replace("v", "u")
    text = re.sub(r"[1-5'’\-_]", " ", text)
    return text if _TYPED.fullmatch(text) and text.strip() else None


def _segment(chunk: str, last: bool) -> list[tuple[Unit, ...]]:
    syllables, prefixes, misspelt = _syllables(), _syllable_prefixes(), _misspelt_syllables()

    @functools.cache
    def from_(i: int) -> list[tuple[Unit, ...]]:
        if i == len(chunk):
            return [()]
        found: list[tuple[Unit, ...]] = []
        rest = chunk[i:]
        options = [
            Unit(rest[:n], UnitKind.SYLLABLE)
            for n in range(2, min(6, len(rest)) + 1)
            if rest[:n] in syllables or rest[:n] in misspelt
        ]
        options += [Unit(ini, UnitKind.INITIAL) for ini in _INITIALS if rest.startswith(ini)]
        if last and rest not in syllables and rest in prefixes and rest not in _INITIALS:
            options.append(Unit(rest, UnitKind.PREFIX))
        for unit in options:
            found.extend((unit, *tail) for tail in from_(i + len(unit.text)))
        found.sort(key=_parse_cost)
        return found[:64]

    return from_(0)


def _parse_cost(units: Sequence[Unit]) -> tuple[int, int, int]:
    """Fewest initials, then fewest misspelt syllables, then fewest units."""
    initials = sum(u.kind is UnitKind.INITIAL for u in units)
    misspelt = sum(u.text in _misspelt_syllables() for u in units)
    return initials, misspelt, len(units)


@functools.lru_cache(maxsize=1024)
def parse_pinyin(query: str) -> tuple[tuple[Unit, ...], ...]:
    """The ways ``query`` can be read as typed pinyin, most likely first (fewest initials,
    then fewest units); empty when it cannot be pinyin.

    >>> [" ".join(u.text for u in p) for p in parse_pinyin("Xī'ān")]
    ['xi an']
    >>> [" ".join(u.text for u in p) for p in parse_pinyin("xian")]
    ['xian', 'xi an']
    >>> [[u.kind.value for u in p] for p in parse_pinyin("zhanlue zzx")][0]
    ['syllable', 'syllable', 'initial', 'initial', 'initial']
    >>> parse_pinyin("战略"), parse_pinyin("strategic")
    ((), ())
    """
    typed = _typed(query)
    if typed is None:
        return ()
    chunks = typed.split()
    per_chunk = []
    for i, chunk in enumerate(chunks):
        parses = _segment(chunk, last=i == len(chunks) - 1)
        if not parses:
            return ()
        fewest = _parse_cost(parses[0])[0]
        per_chunk.append([p for p in parses if _parse_cost(p)[0] == fewest][:_MAX_PARSES])
    combined = (tuple(itertools.chain(*combo)) for combo in itertools.product(*per_chunk))
    plausible = (p for p in combined if _initial_runs(p) <= 2)
    return tuple(
        sorted(itertools.islice(plausible, 4 * _MAX_PARSES), key=_parse_cost)[:_MAX_PARSES]
    )


def override_syllables(text: str, count: int) -> list[str] | None:
    """A term's pinyin as written in the term base (tone marks or numbers, spaced or run
    together, ü as v), read as ``count`` syllables; ``None`` when it cannot be. A part that is
    no syllable (the letters of "卡拉OK") stands for itself.

    >>> override_syllables("xīnpiàn", 2), override_syllables("xin1 pian4", 2)
    (['xin', 'pian'], ['xin', 'pian'])
    >>> override_syllables("Xi'an", 2), override_syllables("san1 C", 2)
    (['xi', 'an'], ['san', 'c'])
    """
    typed = _typed(text)
    if typed is None:
        return None
    chunks = typed.split()
    if len(chunks) == count:  # written syllable by syllable, as term bases mostly do
        return chunks
    syllables = _syllables()
    options = []
    for chunk in chunks:
        parses = [
            [u.text for u in p]
            for p in _segment(chunk, last=False)
            if all(u.text in syllables for u in p)
        ]
        options.append(parses[:_MAX_PARSES] or [[chunk]])
    for combo in itertools.islice(itertools.product(*options), 64):
        found = list(itertools.chain(*combo))
        if len(found) == count:
            return found
    return None


def _initial_runs(units: Sequence[Unit]) -> int:
    """How many runs of abbreviated units a parse has. People abbreviate a term, or its start
    or its end (``zlzzx``, ``zl zizhu``, ``zhanlue zzx``); English words read as pinyin
    alternate (``economic`` = e c o n o mi c), which this rules out."""
    kinds = [u.kind is UnitKind.INITIAL for u in units]
    return sum(1 for i, k in enumerate(kinds) if k and (i == 0 or not kinds[i - 1]))


# --- the index ----------------------------------------------------------------------------------
class PinyinKind(Enum):
    """How a pinyin query matched: full syllables, initials (abbreviated), or a fuzzy pair."""

    PINYIN = "pinyin"
    INITIALS = "initials"
    FUZZY_PINYIN = "fuzzy-pinyin"


@dataclass(frozen=True, slots=True)
class PinyinMatch:
    """One term matched by a pinyin query; ``score`` 0–100 grows with the share of the
    term the query covers and with how fully it was typed."""

    term_id: int
    kind: PinyinKind
    score: float
    complete: bool = False  # the query reads the whole term


_WEIGHT = {UnitKind.SYLLABLE: 1.0, UnitKind.PREFIX: 0.85, UnitKind.INITIAL: 0.75}


class PinyinIndex:
    """Pinyin keys of Chinese terms (``keys``: search keys; term ids are their positions),
    with per-term reading overrides (``overrides``: term id → pinyin text)."""

    def __init__(self, keys: Sequence[str], overrides: Mapping[int, str] | None = None) -> None:
        self._keys = keys
        self._overrides: dict[int, list[tuple[str, ...]]] = {}
        for term_id, text in (overrides or {}).items():
            readings = self._own_readings(keys[term_id])
            typed = override_syllables(text, len(readings))
            if typed is not None:
                self._overrides[term_id] = [
                    tuple(dict.fromkeys((t, *r))) for t, r in zip(typed, readings, strict=True)
                ]
        syllables, initials = _KeyList(), _KeyList()
        for term_id in range(len(keys)):
            per_unit = self._fuzzy_units(term_id)
            if not per_unit:
                continue
            if all(len(options) == 1 for options in per_unit):
                combos: Iterable[tuple[str, ...]] = [tuple(o[0] for o in per_unit)]
            else:
                combos = itertools.islice(itertools.product(*per_unit), _MAX_READINGS_PER_TERM)
            seen: set[str] = set()
            for combo in combos:
                syllables.add(" ".join(combo), len(combo), term_id)
                abbreviated = "".join(s[0] for s in combo)
                if abbreviated not in seen:
                    seen.add(abbreviated)
                    initials.add(abbreviated, len(combo), term_id)
        self._by_syllables = syllables.build(width=32)
        self._by_initials = initials.build(width=16)

    @staticmethod
    def _own_readings(key: str) -> list[tuple[str, ...]]:
        return [char_readings(u) if len(u) == 1 else (u,) for u in term_units(key)]

    def readings(self, term_id: int) -> list[tuple[str, ...]]:
        """Canonical readings of each unit of the term, override first."""
        own = self._overrides.get(term_id)
        return own if own is not None else self._own_readings(self._keys[term_id])

    def _fuzzy_units(self, term_id: int) -> list[tuple[str, ...]]:
        if term_id in self._overrides:
            return [tuple(dict.fromkeys(fuzzy(r) for r in rs)) for rs in self.readings(term_id)]
        return [_fuzzy_readings(u) for u in term_units(self._keys[term_id])]

    def lookup(
        self, query: str, *, limit: int = 10, accept: Callable[[int], bool] | None = None
    ) -> list[PinyinMatch]:
        """Terms that ``query``, read as pinyin, covers from their first character; the
        complete matches and the shortest completions first."""
        best: dict[int, PinyinMatch] = {}
        for units in parse_pinyin(query):
            for match in self._lookup_parse(units, limit, accept):
                old = best.get(match.term_id)
                if old is None or _order(match) < _order(old):
                    best[match.term_id] = match
        return sorted(best.values(), key=_order)

    def _lookup_parse(
        self, units: tuple[Unit, ...], limit: int, accept: Callable[[int], bool] | None
    ) -> Iterable[PinyinMatch]:
        leading = list(itertools.takewhile(lambda u: u.kind is UnitKind.SYLLABLE, units))
        if leading:
            parts = [fuzzy(u.text) for u in leading]
            if len(leading) < len(units):
                parts.append(fuzzy(units[len(leading)].text))
            keys, prefix = self._by_syllables, " ".join(parts)
        else:
            keys, prefix = self._by_initials, "".join(fuzzy(u.text)[0] for u in units)
        found: list[PinyinMatch] = []
        seen: set[int] = set()
        exact = 0
        for scanned, (_, term_id) in enumerate(
            keys.scan(prefix, first_bucket=len(units), accept=accept)
        ):
            if scanned >= _MAX_SCANNED or exact >= limit:
                break
            if term_id in seen:
                continue
            seen.add(term_id)
            match = self._check(term_id, units)
            if match is None:
                continue
            found.append(match)
            exact += match.kind is not PinyinKind.FUZZY_PINYIN
        return found

    def _check(self, term_id: int, units: tuple[Unit, ...]) -> PinyinMatch | None:
        readings = self.readings(term_id)
        exact, weight = True, 0.0
        for unit, options in zip(units, readings, strict=False):
            if any(unit.matches(r) for r in options):
                weight += _WEIGHT[unit.kind]
            elif any(unit.matches_fuzzily(r) for r in options):
                exact = False
                weight += 0.8 * _WEIGHT[unit.kind]
            else:
                return None
        if not exact:
            kind = PinyinKind.FUZZY_PINYIN
        elif any(u.kind is UnitKind.INITIAL for u in units):
            kind = PinyinKind.INITIALS
        else:
            kind = PinyinKind.PINYIN
        score = round(100.0 * weight / len(readings), 1)
        return PinyinMatch(term_id, kind, score, complete=len(units) == len(readings))


@functools.lru_cache(maxsize=65536)
def _fuzzy_readings(unit: str) -> tuple[str, ...]:
    readings = char_readings(unit) if len(unit) == 1 else (unit,)
    return tuple(dict.fromkeys(fuzzy(r) for r in readings))


class _KeyList:
    """Keys collected for a ``BucketedKeys``, with compact parallel arrays."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.buckets = array("i")
        self.ids = array("i")

    def add(self, key: str, bucket: int, term_id: int) -> None:
        self.keys.append(key)
        self.buckets.append(bucket)
        self.ids.append(term_id)

    def build(self, width: int) -> BucketedKeys:
        return BucketedKeys(self.keys, buckets=self.buckets, ids=self.ids, width=width)


_KIND_RANK = {PinyinKind.PINYIN: 0, PinyinKind.INITIALS: 1, PinyinKind.FUZZY_PINYIN: 2}


def _order(match: PinyinMatch) -> tuple[int, float, int]:
    return (_KIND_RANK[match.kind], -match.score, match.term_id)
