"""``check`` and ``fix``: run every check over a text and apply the confident fixes.

Checks run on a *spelling-corrected view* of the text (confident spelling fixes applied), so
that a misspelt term is still recognised ("research and development layou" is the
deprecated "research and development layout"); their spans are mapped back onto the text.

>>> text = "We thank my country's scientists for their advices."
>>> [(i.rule, i.text) for i in check(text)]
[('literal-rendering', 'my country'), ('uncountable-plural', 'advices')]
>>> fix(text)[0]
"We thank China's scientists for their advice."
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from .._bulk import paused_gc
from ..model import ACCEPTED
from ..termbase import TermBase, load
from .context import Context
from .issue import Issue
from .patterns import check_patterns
from .source import check_keywords, check_missing
from .spelling import check_spelling
from .terms import check_consistency, check_deprecated, check_form

__all__ = ["CHECKS", "check", "fix"]


def _patterns(ctx: Context) -> Iterable[Issue]:
    """The grammar patterns, told what the term base knows: a list item that is a term
    counts once, and nothing is reported from inside an accepted term (a full name)."""

    def is_term(text: str) -> bool:
        return any(s.start == 0 and s.end == len(text) for s in ctx.index.spot_en(text))

    terms = [s for s in ctx.spots if any(r.term.status in ACCEPTED for r in s.renderings)]
    starts = [s.start for s in terms]  # spots do not overlap: one can hold a given offset
    for issue in check_patterns(ctx.text, ctx.sentences, abstract=ctx.is_abstract, is_term=is_term):
        k = bisect_left(starts, issue.start) - 1
        if k < 0 or issue.end > terms[k].end:
            yield issue


#: The checks run on the (spelling-corrected) text, in order; each is a plain function.
CHECKS: tuple[Callable[[Context], Iterable[Issue]], ...] = (
    check_deprecated,
    check_consistency,
    check_form,
    check_missing,
    check_keywords,
    _patterns,
)

# Which issue wins where fixes overlap: the most specific knowledge first.
_PRIORITY = {
    "keyword-mismatch": 0,
    "official-name": 1,
    "literal-rendering": 1,
    "deprecated-term": 1,
    "consistency": 2,
    "term-form": 2,
    "spelling": 3,
}


class _OffsetMap:
    """Maps offsets in an edited text back to the text before the edits."""

    def __init__(self, edits: Sequence[tuple[int, int, str]]) -> None:
        self._edits = []
        shift = 0
        for start, end, new in sorted(edits):
            self._edits.append((start + shift, start + shift + len(new), start, end))
            shift += len(new) - (end - start)

    def __call__(self, pos: int, *, is_end: bool) -> int:
        """The offset in the original text of offset ``pos`` in the edited one; a position
        inside an edit maps to that edit's start (for a span's start) or end (for its end)."""
        shift = 0
        for new_start, new_end, start, end in self._edits:
            if pos < new_start or (pos == new_start and (is_end or new_start < new_end)):
                return pos - shift
            if pos < new_end:
                return end if is_end else start
            shift = new_end - end
        return pos - shift


def _apply(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def check(text: str, *, source: str | None = None, termbase: TermBase | None = None) -> list[Issue]:
    """Every issue found in the English ``text`` (a translation of ``source`` when given),
    sorted by position. ``termbase`` defaults to the shipped term base.

    The cyclic garbage collector is paused meanwhile (``_bulk.paused_gc``): a check makes
    hundreds of thousands of objects and no cycle, and with a large term base alive each full
    collection it would set off walks all of the base (1 s and more at 100k entries, landing
    in one check and not the next)."""
    with paused_gc():
        return _check(text, source, termbase if termbase is not None else load())


def _check(text: str, source: str | None, tb: TermBase) -> list[Issue]:
    first = Context(text, source, tb)
    issues = list(check_spelling(first))
    edits = [(i.start, i.end, i.replacements[0]) for i in issues if i.fixable]
    ctx = Context(_apply(text, edits), source, tb) if edits else first
    back = _OffsetMap(edits)
    seen: set[tuple[str, int, int, str | None]] = set()
    for check_one in CHECKS:
        for issue in check_one(ctx):
            if edits:
                start, end = back(issue.start, is_end=False), back(issue.end, is_end=True)
                issue = issue.moved(start, end, text[start:end])
            if (issue.rule, issue.start, issue.end, issue.entry) not in seen:
                seen.add((issue.rule, issue.start, issue.end, issue.entry))
                issues.append(issue)
    return sorted(issues, key=lambda i: (i.start, -i.severity.level, i.end, i.rule))


def _choose(issues: Iterable[Issue]) -> list[Issue]:
    """The fixable issues to apply together: never overlapping, the most specific first."""
    chosen: list[Issue] = []
    ranked = sorted(
        (i for i in issues if i.fixable and i.replacements[0] != i.text),
        key=lambda i: (_PRIORITY.get(i.rule, 4), -(i.end - i.start), i.start),
    )
    for issue in ranked:
        if all(issue.end <= c.start or issue.start >= c.end for c in chosen):
            chosen.append(issue)
    return sorted(chosen, key=lambda i: i.start)


def fix(
    text: str,
    *,
    source: str | None = None,
    termbase: TermBase | None = None,
    issues: list[Issue] | None = None,
) -> tuple[str, list[Issue]]:
    """The corrected ``text`` and the issues applied to it: only errors with a replacement,
    never overlapping, each span replaced by its first replacement from the end backwards.
    The text is checked again after each pass (at most three), so that a fix uncovered by
    another (a spelling fix, then a term fix) lands too; each issue's offsets refer to the
    text as it was before the pass that applied it. ``issues``: what ``check`` already found
    in ``text`` with the same source and term base, to save checking it again."""
    applied: list[Issue] = []
    for n in range(3):
        found = issues if n == 0 and issues is not None else None
        if found is None:
            found = check(text, source=source, termbase=termbase)
        chosen = _choose(found)
        if not chosen:
            break
        text = _apply(text, ((i.start, i.end, i.replacements[0]) for i in chosen))
        applied.extend(chosen)
    return text, applied
