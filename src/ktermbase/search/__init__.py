"""Search a term base the way people remember terms: misspelt, partial, in the other
script, or as pinyin typed into an input method.

``search`` returns ranked ``Hit``\\ s, one per entry (its best-matching term). Exact
matches come first, then completions of what was typed (prefix), then pinyin (full
syllables, then initials, then fuzzy pairs such as z/zh), then fuzzy matches; among equal
matches preferred terms come before admitted and deprecated ones.

>>> from ktermbase import load
>>> tb = load()
>>> [(h.entry.id, h.match.value) for h in search(tb, "startegic autonmy", limit=1)]
[('strategic-autonomy', 'fuzzy')]
>>> hit = search(tb, "zhanluezizhuxing")[0]
>>> hit.term.text, hit.match.value, hit.score
('战略自主性', 'pinyin', 100.0)
>>> search(tb, "戰略自主性")[0].match
<Match.EXACT: 'exact'>
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..model import ACCEPTED, Entry, Term, primary_lang
from ..normalize import has_han
from ..reading import term_pinyin
from ._index import SearchIndex, index_for
from .fuzzy import CharIndex, GramIndex, Ids, Mask, relevance
from .normalize import is_pure_han, search_key
from .pinyin import PinyinKind, parse_pinyin

if TYPE_CHECKING:
    from ..termbase import TermBase

__all__ = ["Hit", "Match", "search"]

FUZZY_FLOOR = 50.0  # fuzzy hits scoring less are noise unless min_score asks for them


class Match(Enum):
    """How a hit matched, best first."""

    EXACT = "exact"
    PREFIX = "prefix"
    PINYIN = "pinyin"
    INITIALS = "initials"
    FUZZY_PINYIN = "fuzzy-pinyin"
    FUZZY = "fuzzy"

    @property
    def rank(self) -> int:
        """Sort key: exact first, fuzzy last.

        >>> Match.PINYIN.rank < Match.FUZZY.rank
        True
        """
        return _MATCH_RANK[self]


_MATCH_RANK = {m: i for i, m in enumerate(Match)}


_FROM_PINYIN = {
    PinyinKind.PINYIN: Match.PINYIN,
    PinyinKind.INITIALS: Match.INITIALS,
    PinyinKind.FUZZY_PINYIN: Match.FUZZY_PINYIN,
}


SortKey = tuple[int, int, int, float, str, str]


def _sort_key(match: Match, score: float, term: Term, entry: Entry) -> SortKey:
    return (match.rank, -round(score), term.status.rank, -score, term.text, entry.id)


@dataclass(frozen=True)
class Hit:
    """One search result: the entry, the term that matched, a score from 0 to 100, how it
    matched, and, for a deprecated or superseded term, the preferred term to use instead."""

    entry: Entry
    term: Term
    score: float
    match: Match
    preferred: Term | None = None

    @property
    def translation(self) -> Term | None:
        """The preferred term of the other language (English for Chinese, else Chinese)."""
        other = "en" if primary_lang(self.term.lang) == "zh" else "zh"
        return self.entry.preferred(other)

    def sort_key(self) -> SortKey:
        """Match kind, score (rounded), status, exact score, then text and id: a total order."""
        return _sort_key(self.match, self.score, self.term, self.entry)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for ``--format json`` and programs.

        >>> from ktermbase import load
        >>> d = search(load(), "self-discipline")[0].to_dict()
        >>> d["entry"], d["status"], d["match"], d["preferred"]
        ('autonomy-jiritsusei', 'deprecated', 'exact', 'autonomy')
        """
        translation = self.translation
        return {
            "entry": self.entry.id,
            "term": self.term.text,
            "lang": self.term.lang,
            "status": self.term.status.value,
            "pinyin": term_pinyin(self.term),
            "score": round(self.score, 1),
            "match": self.match.value,
            "preferred": self.preferred.text if self.preferred else None,
            "translation": (
                {"lang": translation.lang, "text": translation.text} if translation else None
            ),
        }


def search(
    tb: TermBase,
    query: str,
    *,
    lang: str | None = None,
    subject: str | None = None,
    limit: int = 10,
    min_score: float | None = None,
) -> list[Hit]:
    """The entries of ``tb`` that best match ``query``, best first, at most ``limit``.

    ``lang`` keeps terms of one language, ``subject`` entries of one subject field;
    ``min_score`` drops hits scoring less (fuzzy hits below 50 are dropped by default).

    >>> from ktermbase import load
    >>> [(h.entry.id, h.match.value) for h in search(load(), "wangluo kongjian", limit=2)]
    [('cyberspace', 'pinyin'), ('domain-cross-domain-cyberspace', 'pinyin')]
    >>> [(h.term.text, h.match.value) for h in search(load(), "zhanlue zzx")]
    [('战略自主性', 'initials')]
    """
    index = index_for(tb)
    key = search_key(query)
    if not key or limit <= 0 or not len(index):
        return []
    mask = index.mask(lang, subject)
    want = limit * 2 + 5
    # Exact, prefix and pinyin hits first; fuzzy ones rank last and fill what room is left.
    found: list[tuple[int, Match, float]] = [
        (term_id, Match.EXACT, 100.0)
        for term_id in index.exact(key)
        if mask is None or mask[term_id]
    ]
    found += _prefix(index, key, mask, want)
    read = False  # the query reads a whole term as pinyin, initials or not
    if parse_pinyin(query):
        pinyin, ids = index.pinyin
        for m in pinyin.lookup(query, limit=limit, accept=index.accept(mask, ids)):
            found.append((int(ids[m.term_id]), _FROM_PINYIN[m.kind], m.score))
            read |= m.complete and m.kind is not PinyinKind.FUZZY_PINYIN
    best: dict[int, tuple[SortKey, int, Match, float]] = {}
    for term_id, match, score in found:
        if min_score is None or score >= min_score:
            _keep(best, index, term_id, match, score)
    if len(best) < limit and not read and not _intent_found(index, key, found):
        _add_fuzzy(index, key, mask, limit, FUZZY_FLOOR if min_score is None else min_score, best)
    ranked = sorted(best.values())[:limit]
    return [_hit(index, term_id, match, score) for _, term_id, match, score in ranked]


def _keep(
    best: dict[int, tuple[SortKey, int, Match, float]],
    index: SearchIndex,
    term_id: int,
    match: Match,
    score: float,
) -> None:
    """Keep the better of this hit and the one its entry has already."""
    entry_id = int(index.entry_of[term_id])
    order = _sort_key(match, score, index.terms[term_id], index.entries[entry_id])
    if entry_id not in best or order < best[entry_id][0]:
        best[entry_id] = (order, term_id, match, score)


def _intent_found(index: SearchIndex, key: str, found: list[tuple[int, Match, float]]) -> bool:
    """Whether the query is plainly pinyin or a word being typed, already answered: full
    syllables that read a term or start one, or alphabetic input that stops inside a word of
    a term it starts. Fuzzy matching would only add noise (and time) then. (``search`` also
    skips it when initials read a whole term.)

    >>> from ktermbase import load
    >>> [h.match.value for h in search(load(), "strategic autono")]
    ['prefix']
    """
    for term_id, match, _ in found:
        if match is Match.PINYIN:
            return True
        if match is Match.PREFIX and not has_han(key) and index.keys[term_id][len(key)] != " ":
            return True
    return False


def _add_fuzzy(
    index: SearchIndex,
    key: str,
    mask: Mask | None,
    limit: int,
    floor: float,
    best: dict[int, tuple[SortKey, int, Match, float]],
) -> None:
    """Fill the room the better matches leave with fuzzy hits: chosen by ``WRatio`` (so that
    they are its top, as the benchmark checks) and scored by ``relevance`` for ranking."""
    candidates: list[tuple[float, int]] = []
    for fuzzy, ids in _fuzzy_indexes(index, key):
        local = None if mask is None else mask[ids]
        for i, score in fuzzy.top(key, limit=2 * limit + 5, allowed=local):
            candidates.append((score, int(ids[i])))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    for score, term_id in candidates:
        if score < floor or len(best) >= limit:
            break
        ranked = relevance(key, index.keys[term_id], score)
        if ranked >= floor and int(index.entry_of[term_id]) not in best:
            _keep(best, index, term_id, Match.FUZZY, ranked)


def _fuzzy_indexes(index: SearchIndex, key: str) -> list[tuple[CharIndex | GramIndex, Ids]]:
    """The character index for Chinese in the query, the trigram index for anything else."""
    if not has_han(key):
        return [index.grams]
    return [index.han] if is_pure_han(key) else [index.han, index.grams]


def _prefix(
    index: SearchIndex, key: str, mask: Mask | None, want: int
) -> list[tuple[int, Match, float]]:
    ids = []
    for term_id in index.completions(key, mask):
        ids.append(term_id)
        if len(ids) >= want:
            break
    # The closest completion first: the share of the term typed, from 50 to 100.
    return [(i, Match.PREFIX, 50.0 + 50.0 * len(key) / len(index.keys[i])) for i in ids]


def _hit(index: SearchIndex, term_id: int, match: Match, score: float) -> Hit:
    entry = index.entries[int(index.entry_of[term_id])]
    term = index.terms[term_id]
    # a term that should not be used points to the one to use (preferred() returns only those)
    preferred = entry.preferred(term.lang) if term.status not in ACCEPTED else None
    return Hit(entry, term, min(100.0, max(0.0, score)), match, preferred)
