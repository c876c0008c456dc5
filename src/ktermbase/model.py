"""The concept-oriented data model: an ``Entry`` (one concept) holds ``Term``\\ s in several
languages. It follows TBX-Basic's data categories one to one, so that TBX exchange loses
nothing. Models are pydantic v2, frozen and strict about unknown fields; there is no I/O here.

>>> e = Entry(id="strategic-autonomy", subjects=("economic-security",),
...           definitions={"en": "Freedom to act.", "zh": "自主行动的能力。"},
...           sources=("Tokyo Foundation",),
...           terms=(Term(lang="zh", text="战略自主性", status="preferred"),
...                  Term(lang="en", text="strategic autonomy", status="preferred")))
>>> e.preferred("en").text
'strategic autonomy'
>>> e.terms[0].status is Status.PREFERRED
True
>>> Term(lang="en", text="  ")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Term
text
  Value error, empty text ...
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "ACCEPTED",
    "Entry",
    "PartOfSpeech",
    "Status",
    "Term",
    "TermType",
    "primary_lang",
    "trusted",
]


class Status(StrEnum):
    """How a term may be used (TBX ``administrativeStatus``)."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"

    @property
    def rank(self) -> int:
        """Sort key: preferred first, superseded last.

        >>> sorted(Status, key=lambda s: s.rank)[0]
        <Status.PREFERRED: 'preferred'>
        """
        return _STATUS_RANK[self]


_STATUS_RANK = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2, Status.SUPERSEDED: 3}
# The statuses of terms that may be used.
ACCEPTED = (Status.PREFERRED, Status.ADMITTED)


class PartOfSpeech(StrEnum):
    """TBX ``partOfSpeech`` picklist (TBX-Basic V4 adds ``properNoun``)."""

    NOUN = "noun"
    VERB = "verb"
    ADJECTIVE = "adjective"
    ADVERB = "adverb"
    PROPER_NOUN = "properNoun"
    OTHER = "other"


class TermType(StrEnum):
    """TBX ``termType`` picklist."""

    FULL_FORM = "fullForm"
    ACRONYM = "acronym"
    ABBREVIATION = "abbreviation"
    SHORT_FORM = "shortForm"
    VARIANT = "variant"
    PHRASE = "phrase"


_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_ID = re.compile(r"^\S+$")
# The note that marks an entry's equivalence as valid in one direction only (Entry.one_way).
_ONE_WAY = re.compile(r"\s*one-way \(([A-Za-z-]+)\s*(?:→|->)\s*([A-Za-z-]+)\)", re.IGNORECASE)
# Characters XML 1.0 cannot carry: a term base holding them could not be exported.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("empty text")
    bad = _NOT_XML.search(value)
    if bad:
        raise ValueError(f"control character U+{ord(bad.group()):04X} is not allowed")
    return value


@functools.lru_cache(maxsize=1024)  # a term base has few distinct tags; bulk imports repeat them
def _lang(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError(f"{value!r} is not a BCP 47 language tag such as 'zh' or 'en-GB'")
    from ._languages import ISO_639_1, ISO_639_3_EXTRA

    primary = primary_lang(value)
    if primary not in ISO_639_1 and primary not in ISO_639_3_EXTRA:
        raise ValueError(f"unknown language {value!r}")
    return value


def primary_lang(tag: str) -> str:
    """The primary language subtag of a language tag, lower case: what "the same language"
    means throughout ktermbase (``zh`` matches ``zh-CN`` and ``zh-Hant``).

    >>> primary_lang("zh-Hant"), primary_lang("EN-gb")
    ('zh', 'en')
    """
    return tag.split("-", 1)[0].lower()


Text = Annotated[str, AfterValidator(_text)]
OptText = Annotated[str, AfterValidator(_text)] | None
Lang = Annotated[str, AfterValidator(_lang)]


_set = object.__setattr__
# Every distinct fields-set made so far (few: one per combination of fields given).
_GIVEN: dict[frozenset[str], set[str]] = {}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    def model_post_init(self, context: Any, /) -> None:
        _set(self, "__pydantic_fields_set__", shared_fields_set(self.__pydantic_fields_set__))


def shared_fields_set(given: set[str]) -> set[str]:
    """The one set of field names equal to ``given`` that models share as their fields-set.

    pydantic makes a new set per model (728 bytes for a term given five fields, more than the
    term itself), which a term base of a million terms would pay a million times. Sharing is
    safe: a frozen model's fields-set is never changed, and ``model_copy`` copies it first.

    >>> a, b = Term(lang="en", text="chip"), Term(lang="en", text="wafer")
    >>> a.model_fields_set is b.model_fields_set, sorted(a.model_fields_set)
    (True, ['lang', 'text'])
    """
    key = frozenset(given)
    shared = _GIVEN.get(key)
    if shared is None:
        shared = _GIVEN[key] = set(given)
    return shared


class Term(_Frozen):
    """One designation of a concept in one language.

    ``extra`` holds data categories read from other files that this model has no field for,
    verbatim (serialised XML), so that an export writes them back.
    """

    lang: Lang
    text: Text
    status: Status = Status.ADMITTED
    pos: PartOfSpeech | None = None
    type: TermType | None = None
    pinyin: OptText = None
    context: OptText = None
    note: OptText = None
    source: OptText = None
    extra: tuple[str, ...] = ()


class Entry(_Frozen):
    """One concept: its terms in every language, with definitions and provenance."""

    id: Annotated[str, Field(min_length=1)]
    subjects: tuple[Text, ...] = ()
    definitions: dict[Lang, Text] = Field(default_factory=dict)
    notes: tuple[Text, ...] = ()
    sources: tuple[Text, ...] = ()
    related: tuple[str, ...] = ()
    terms: tuple[Term, ...] = Field(min_length=1)
    extra: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must be non-empty and hold no white space")
        return value

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        """The terms in ``lang`` (its primary subtag: ``zh`` also matches ``zh-CN``), best first.

        >>> e = Entry(id="x", terms=(Term(lang="en", text="b", status="deprecated"),
        ...                          Term(lang="en-GB", text="a", status="preferred")))
        >>> [t.text for t in e.terms_in("en")]
        ['a', 'b']
        """
        primary = primary_lang(lang)
        found = [t for t in self.terms if primary_lang(t.lang) == primary]
        return tuple(sorted(found, key=lambda t: t.status.rank))

    def preferred(self, lang: str) -> Term | None:
        """The preferred term in ``lang``; failing that the best admitted one; else ``None``."""
        for term in self.terms_in(lang):
            if term.status in ACCEPTED:
                return term
        return None

    def equivalent(self, term: Term, lang: str) -> Term | None:
        """The term in ``lang`` that renders ``term``: the preferred one of the same term type
        (a short form for a short form), else ``preferred(lang)``.

        >>> e = Entry(id="k", terms=(
        ...     Term(lang="zh", text="经济安全保障推进法", status="preferred", type="fullForm"),
        ...     Term(lang="zh", text="经济安保法", status="preferred", type="shortForm"),
        ...     Term(lang="en", text="Economic Security Promotion Act", status="preferred"),
        ...     Term(lang="en", text="ESPA", status="preferred", type="acronym")))
        >>> e.equivalent(e.terms[0], "en").text, e.equivalent(e.terms[1], "en").text
        ('Economic Security Promotion Act', 'Economic Security Promotion Act')
        >>> e.equivalent(Term(lang="zh", text="ESPA", type="acronym"), "en").text
        'ESPA'
        """
        same = (t for t in self.terms_in(lang) if t.status is Status.PREFERRED)
        return next((t for t in same if t.type is term.type), None) or self.preferred(lang)

    @property
    def langs(self) -> tuple[str, ...]:
        """The primary language subtags this entry has terms in, in first-seen order."""
        return tuple(dict.fromkeys(primary_lang(t.lang) for t in self.terms))

    @property
    def one_way(self) -> tuple[str, str] | None:
        """(source, target) when a note marks the entry's equivalence as one-way, else ``None``.

        A note that begins ``One-way (zh→en):`` says the target-language terms render the source
        terms but not the other way round: 我国 is rendered "China", yet "China" is not
        translated 我国. An MT glossary in the other direction leaves such an entry out.

        >>> e = Entry(id="x", notes=("One-way (zh→en): a self-reference.",),
        ...           terms=(Term(lang="zh", text="我国"), Term(lang="en", text="China")))
        >>> e.one_way
        ('zh', 'en')
        """
        for note in self.notes:
            found = _ONE_WAY.match(note)
            if found:
                return primary_lang(found.group(1)), primary_lang(found.group(2))
        return None


_M = TypeVar("_M", Term, Entry)


def trusted(cls: type[_M], values: dict[str, Any], given: set[str]) -> _M:
    """A ``cls`` made from ``values`` that its caller has already checked field by field, as
    validation would (``values`` names every field; ``given`` the ones a validated
    construction would have been passed). For bulk readers: a validated ``Term`` costs about
    2.3 µs, this 0.7 µs. ``pydantic.BaseModel.model_construct`` does the same more slowly, so
    this sets the same four attributes it sets. ``given`` becomes the model's fields-set as it
    is: pass one from ``shared_fields_set``.

    >>> t = trusted(Term, {"lang": "en", "text": "chip", "status": Status.PREFERRED,
    ...     "pos": None, "type": None, "pinyin": None, "context": None, "note": None,
    ...     "source": None, "extra": ()}, {"lang", "text", "status", "extra"})
    >>> t == Term(lang="en", text="chip", status="preferred", extra=())
    True
    """
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", given)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
