"""Grammar patterns common in Chinese-to-English translation, read from ``patterns.toml``
(each rule with its message, severity, optional replacement and examples) and matched
sentence by sentence.

>>> [(i.rule, i.text, i.replacements) for i in run_rules("We want a fair and open and quick vote.")]
[('and-and-coordination', 'a fair and open and quick', ('a fair, open and quick',))]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .context import load_data
from .issue import Issue, Severity
from .text import Sentence, gerund, match_case, split_sentences, third_person

__all__ = ["IsTerm", "Rule", "check_patterns", "rules", "run_rules"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern rule of ``patterns.toml``, compiled."""

    id: str
    severity: Severity
    message: str
    regex: re.Pattern[str]
    replacement: str | None = None
    scope: str = "any"
    context: str | None = None
    kind: str = "regex"
    fires: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()


def _alternation(words: list[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The compiled rules of ``patterns.toml`` (loaded once).

    >>> "number-agreement" in {r.id for r in rules()}
    True
    """
    words = load_data("english.toml")
    slots = {
        "VERB": _alternation(words["verbs"]),
        "VERB_S": _alternation([third_person(v) for v in words["verbs"]] + words["verbs_s_extra"]),
        "NUMBER": _alternation(list(words["numbers"])),
        "CLASSIFIER": _alternation(words["classifiers"]),
        "UNCOUNTABLE": _alternation(words["uncountables"]),
    }
    out = []
    for raw in load_data("patterns.toml")["rule"]:
        pattern = re.sub(r"\{([A-Z_]+)\}", lambda m: slots[m.group(1)], raw["pattern"])
        flags = re.I if "i" in raw.get("flags", "") else 0
        out.append(
            Rule(
                id=raw["id"],
                severity=Severity(raw["severity"]),
                message=raw["message"],
                regex=re.compile(pattern, flags),
                replacement=raw.get("replacement"),
                scope=raw.get("scope", "any"),
                context=raw.get("context"),
                kind=raw.get("kind", "regex"),
                fires=tuple(raw.get("fires", ())),
                passes=tuple(raw.get("passes", ())),
            )
        )
    return tuple(out)


def _expand(template: str, m: re.Match[str], extra: dict[str, str]) -> str:
    def group(g: re.Match[str]) -> str:
        name = g.group(1)
        if name in extra:
            return extra[name]
        if name.endswith("_ing"):
            return gerund(m.group(name[:-4]) or "")
        if name.endswith("_s"):
            return third_person(m.group(name[:-2]) or "")
        return m.group(name) or ""

    return re.sub(r"\\g<(\w+)>", group, template)


IsTerm = Callable[[str], bool]


def _bare(segment: str) -> str:
    return re.sub(r"^(?:and|or)\s+", "", segment.strip())


def _count_items(listed: str, is_term: IsTerm) -> tuple[int, int]:
    """How many items a list holds, and how many characters of it the list spans.

    A last item "A and B" counts as two unless it is itself a term ("cross-domain and
    cyberspace"). A lowercase head before a run of names qualifies the noun ("two
    countries of origin, Chile and Peru"): the list is then the names only.
    """
    intro = re.search(r"\b(?:namely|i\.e\.|that is)[,:]?\s+", listed)
    offset = intro.end() if intro else 0
    names = False
    first = re.search(r",\s*", listed[offset:])
    if first:
        head, after = listed[offset : offset + first.start()], listed[offset + first.end() :]
        if _bare(head)[:1].islower() and _bare(after)[:1].isupper():
            offset, names = offset + first.end(), True
    kept: list[str] = []
    for seg in re.split(r",\s*", listed[offset:]):
        words = _bare(seg).split()
        if not words or len(words) > 5 or (names and not words[0][:1].isupper()):
            break
        kept.append(seg)
    if not kept:
        return 0, 0
    count = len(kept)
    last = kept[-1].strip()
    if (
        not re.match(r"(?:and|or)\s", last)
        and re.search(r"\s(?:and|or)\s", last)
        and not is_term(last)
    ):
        count += 1
    if count < 2 or (len(kept) == 1 and count == 2 and "," not in listed):
        count = count if "," in listed else 0
    span = offset + len(", ".join(kept).rstrip())
    return count, span


def _matches(rule: Rule, text: str, sentence: Sentence, is_term: IsTerm) -> Iterator[Issue]:
    body = text[sentence.body : sentence.end]
    numbers: dict[str, int] = load_data("english.toml")["numbers"]
    for m in rule.regex.finditer(body):
        start, end = sentence.body + m.start(), sentence.body + m.end()
        extra: dict[str, str] = {}
        if rule.kind == "list-count":
            count, span = _count_items(m.group("list"), is_term)
            expected = numbers.get(m.group("number").lower(), 0)
            if count < 2 or count == expected:
                continue
            end = sentence.body + m.start("list") + span
            extra["count"] = str(count)
        # in the case of the span: "Under the background of" → "Against the background of"
        replacements = (
            (match_case(text[start:end], _expand(rule.replacement, m, extra)),)
            if rule.replacement
            else ()
        )
        yield Issue(
            rule.id,
            rule.severity,
            start,
            end,
            text[start:end],
            _expand(rule.message, m, extra),
            replacements,
        )


def check_patterns(
    text: str,
    sentences: list[Sentence],
    *,
    abstract: bool,
    only: str | None = None,
    is_term: IsTerm = lambda _: False,
) -> Iterator[Issue]:
    """Issues from every pattern rule (or only rule ``only``) over ``sentences`` of ``text``.
    Keyword lines are skipped; a rule scoped to "title" sees titles only, one scoped to
    "text" sentences only; rules for abstracts run only when ``abstract`` is true."""
    for rule in rules():
        if only is not None and rule.id != only:
            continue
        if rule.context == "abstract" and not abstract:
            continue
        for sentence in sentences:
            if sentence.kind == "keywords" or rule.scope not in ("any", sentence.kind):
                continue
            yield from _matches(rule, text, sentence, is_term)


def run_rules(text: str, *, abstract: bool = True, only: str | None = None) -> list[Issue]:
    """Run the pattern rules on a bare text (how the rules' own examples are tested).

    >>> [i.rule for i in run_rules("It names the two priorities of safety, cost and speed.")]
    ['number-agreement']
    """
    return list(check_patterns(text, split_sentences(text), abstract=abstract, only=only))
