"""How a text is cut up for checking: lines, sentences (with a leading label such as
"Abstract:" set apart), titles and keyword lists; and the small word-form helpers that let
a replacement keep the case and number of the span it replaces.

>>> [s.text for s in split_sentences("Title Here\\nAbstract: It works. See Fig. 2 too.")]
['Title Here', 'Abstract: It works.', 'See Fig. 2 too.']
>>> match_case("Self-discipline", "autonomy"), match_case("Scientific Security", "science security")
('Autonomy', 'Science Security')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Sentence",
    "gerund",
    "inflect_last",
    "keyword_items",
    "match_case",
    "past",
    "pluralize",
    "singularize",
    "split_sentences",
    "third_person",
]

_EN_KEYWORD_LABEL = r"key\s*words?|keywords|index\s+terms"
_ZH_KEYWORD_LABEL = r"关\s*键\s*[词字]"
_EN_LABEL = re.compile(rf"^\s*(?:abstract|summary|title|{_EN_KEYWORD_LABEL})\s*[:：]\s*", re.I)
_ZH_LABEL = re.compile(rf"^\s*(?:摘\s*要|题\s*目|标\s*题|{_ZH_KEYWORD_LABEL})\s*[:：]\s*")
_EN_KEYWORDS = re.compile(rf"^\s*(?:{_EN_KEYWORD_LABEL})\s*[:：]", re.I)
_ZH_KEYWORDS = re.compile(rf"^\s*(?:{_ZH_KEYWORD_LABEL})\s*[:：]")
_EN_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ZH_END = re.compile(r"[。！？!?]+[”’」』）)]*")
_ABBREVIATIONS = frozenset(
    "e.g i.e etc al fig figs no nos vol vols pp p cf vs dr mr mrs ms prof st jr sr inc ltd co "
    "corp dept eq eqs approx ca jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k".split()
)
_KEYWORD_SEPARATORS = re.compile(r"\s*[;；,，、]\s*")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or the through to via with".split()
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or title, or keyword line) of a text: ``text[start:end]``.

    ``body`` is where the sentence proper starts, after a label such as "Abstract:";
    ``line`` is the index of the (non-empty) line it is on; ``kind`` is "title",
    "keywords" or "text".
    """

    start: int
    end: int
    body: int
    line: int
    kind: str
    text: str


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.rstrip("\r\n")
        if stripped.strip():
            lead = len(stripped) - len(stripped.lstrip())
            spans.append((pos + lead, pos + len(stripped.rstrip())))
        pos += len(raw)
    return spans


def split_sentences(text: str, *, lang: str = "en") -> list[Sentence]:
    """Cut ``text`` into sentences, line by line (a line break always ends a sentence).

    A line with no final full stop that comes first is a title; a "Key words:"/"关键词："
    line is one keyword sentence.

    >>> [(s.kind, s.text[s.body - s.start:]) for s in split_sentences("关键词：甲；乙", lang="zh")]
    [('keywords', '甲；乙')]
    """
    zh = lang.split("-")[0] == "zh"
    label, keywords = (_ZH_LABEL, _ZH_KEYWORDS) if zh else (_EN_LABEL, _EN_KEYWORDS)
    out: list[Sentence] = []
    for number, (lo, hi) in enumerate(_lines(text)):
        line = text[lo:hi]
        lab = label.match(line)
        body = lo + (lab.end() if lab else 0)
        if keywords.match(line):
            out.append(Sentence(lo, hi, body, number, "keywords", line))
            continue
        if number == 0 and not lab and not re.search(r"[.!?。！？]\W*$", line):
            out.append(Sentence(lo, hi, lo, number, "title", line))
            continue
        start = lo
        for end in _ends(line, zh):
            out.append(_sentence(text, start, lo + end, body, number))
            start = lo + end
            while start < hi and text[start].isspace():
                start += 1
            body = start
        if start < hi:
            out.append(_sentence(text, start, hi, body, number))
    return out


def _sentence(text: str, start: int, end: int, body: int, line: int) -> Sentence:
    return Sentence(start, end, max(body, start), line, "text", text[start:end])


def _ends(line: str, zh: bool) -> list[int]:
    if zh:
        return [m.end() for m in _ZH_END.finditer(line) if m.end() < len(line.rstrip())]
    ends = []
    for m in _EN_END.finditer(line):
        before = re.search(r"([A-Za-z.]+)$", line[: m.start()])
        word = before.group(1).lower().rstrip(".") if before else ""
        if m.group().startswith(".") and (word in _ABBREVIATIONS or len(word) == 1):
            continue
        ends.append(m.end())
    return ends


def keyword_items(sentence: Sentence) -> list[tuple[int, int]]:
    """The spans of the items of a keyword line, in order.

    >>> s = split_sentences("Key words: A b; C")[0]
    >>> [s.text[a - s.start:b - s.start] for a, b in keyword_items(s)]
    ['A b', 'C']
    """
    items, pos = [], sentence.body
    body = sentence.text[sentence.body - sentence.start :]
    for m in [*_KEYWORD_SEPARATORS.finditer(body), None]:
        stop = sentence.body + (m.start() if m else len(body.rstrip(" .。")))
        if stop > pos:
            items.append((pos, stop))
        if m:
            pos = sentence.body + m.end()
    return items


def match_case(original: str, replacement: str, *, initial: bool = True) -> str:
    """``replacement`` written in the case of ``original``: all capitals, title case, or a
    capital first letter; capitals inside ``replacement`` itself (names) are kept. In title
    case a leading small word ("the") stays lower case unless the span is ``initial`` (starts
    its title).

    >>> match_case("my country", "China"), match_case("NETWORK", "cyberspace")
    ('China', 'CYBERSPACE')
    >>> match_case("Our Province", "the province", initial=False)
    'the Province'
    """
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = re.findall(r"[A-Za-z][\w'’-]*", original)
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(words) > 1 and significant and all(w[0].isupper() for w in significant):
        return _title(replacement, initial)
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def _title(text: str, initial: bool) -> str:
    parts = re.split(r"(\s+)", text)
    out = []
    for i, part in enumerate(parts):
        if (
            part
            and not part.isspace()
            and ((i == 0 and initial) or part.lower() not in _SMALL_WORDS)
        ):
            part = "-".join(p[:1].upper() + p[1:] for p in part.split("-"))
        out.append(part)
    return "".join(out)


def pluralize(word: str) -> str:
    """The regular plural of an English noun.

    >>> pluralize("technology"), pluralize("approach"), pluralize("task")
    ('technologies', 'approaches', 'tasks')
    """
    lower = word.lower()
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", lower):
        return word + "es"
    return word + "s"


def singularize(word: str) -> str | None:
    """The singular of a regular English plural, or ``None`` when ``word`` does not look
    plural.

    >>> singularize("technologies"), singularize("mechanisms"), singularize("analysis")
    ('technology', 'mechanism', None)
    """
    lower = word.lower()
    if len(lower) < 4 or re.search(r"(ss|us|is|ics)$", lower) or not lower.endswith("s"):
        return None
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(ches|shes|xes|zes|sses)$", lower):
        return word[:-2]
    return word[:-1]


def inflect_last(phrase: str, form: str) -> str:
    """``phrase`` with its last word made ``"plural"`` or ``"singular"`` ("" leaves it).

    >>> inflect_last("support mechanisms", "singular"), inflect_last("key task", "plural")
    ('support mechanism', 'key tasks')
    """
    if not form:
        return phrase
    head, _, last = phrase.rpartition(" ")
    new = pluralize(last) if form == "plural" else (singularize(last) or last)
    return f"{head} {new}" if head else new


def third_person(verb: str) -> str:
    """The third-person singular of a regular English verb (or phrasal verb), lower case.

    >>> third_person("Establish"), third_person("carry out"), third_person("adopt")
    ('establishes', 'carries out', 'adopts')
    """
    head, _, rest = verb.lower().partition(" ")
    return pluralize(head) + (f" {rest}" if rest else "")


def gerund(verb: str) -> str:
    """The -ing form of a regular English verb.

    >>> gerund("strengthen"), gerund("improve"), gerund("plan"), gerund("tie")
    ('strengthening', 'improving', 'planning', 'tying')
    """
    lower = verb.lower()
    if lower.endswith("ie"):
        return verb[:-2] + "ying"
    if lower.endswith("e") and not lower.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if _doubles(lower):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def past(verb: str) -> str:
    """The past (and past participle) of a regular English verb.

    >>> past("improve"), past("deploy"), past("plan"), past("clarify"), past("strengthen")
    ('improved', 'deployed', 'planned', 'clarified', 'strengthened')
    """
    lower = verb.lower()
    if lower.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", lower):
        return verb[:-1] + "ied"
    if _doubles(lower):
        return verb + verb[-1] + "ed"
    return verb + "ed"


def _doubles(verb: str) -> bool:
    """Whether a short verb doubles its last consonant before -ed and -ing ("plan", "stop")."""
    return len(verb) <= 4 and re.search(r"[^aeiou][aeiou][bdgklmnprt]$", verb) is not None
