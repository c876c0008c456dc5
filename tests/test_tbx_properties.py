"""Property: any term base the model accepts survives model → TBX v3 → model unchanged; text
XML cannot carry is rejected by the model with a clear error before it reaches a file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ktermbase.formats.tbx import read_tbx, write_tbx
from ktermbase.formats.toml import read_toml, write_toml
from ktermbase.model import Entry, PartOfSpeech, Status, Term, TermType

_NOT_XML = "\ufffe\uffff"  # noncharacters XML cannot carry (the model refuses them: tested below)
# Any Unicode XML can carry (the model rejects the rest), with XML specials, CJK and emoji
# drawn often.
_chars = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters=_NOT_XML),
    st.sampled_from([*"<>&\"'\n\r\t ]]>", "芯", "片", "术", "语", "😀", "🇯", "\u00a0", "\u3000"]),
)
_text = st.text(_chars, min_size=1, max_size=20).filter(lambda s: s.strip())
_lang = st.sampled_from(["zh", "en", "ja", "zh-CN", "en-GB", "de"])
_terms = st.builds(
    Term,
    lang=_lang,
    text=_text,
    status=st.sampled_from(Status),
    pos=st.none() | st.sampled_from(PartOfSpeech),
    type=st.none() | st.sampled_from(TermType),
    pinyin=st.none() | _text,
    context=st.none() | _text,
    note=st.none() | _text,
    source=st.none() | _text,
)
_ids = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
        exclude_characters=_NOT_XML,
    ),
    min_size=1,
    max_size=12,
).filter(lambda s: not any(c.isspace() for c in s))
_entries = st.builds(
    Entry,
    id=_ids,
    subjects=st.lists(_text, max_size=2).map(tuple),
    definitions=st.dictionaries(_lang, _text, max_size=3),
    notes=st.lists(_text, max_size=2).map(tuple),
    sources=st.lists(_text, max_size=2).map(tuple),
    related=st.lists(_ids, max_size=2).map(tuple),
    terms=st.lists(_terms, min_size=1, max_size=5).map(tuple),
    extra=st.lists(
        st.sampled_from(
            [
                '<admin type="customerSubset">K</admin>',
                '<xref type="xGraphic" target="https://x.org/a.png">a</xref>',
            ]
        ),
        max_size=2,
    ).map(tuple),
)
_bases = st.lists(_entries, min_size=1, max_size=4, unique_by=lambda e: e.id)


@settings(max_examples=150, deadline=None)
@given(_bases, st.sampled_from(["TBX-Basic", "TBX-Basic-V4"]))
def test_any_term_base_round_trips_through_tbx_v3(entries: list[Entry], dialect: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.tbx"
        write_tbx(entries, out, dialect=dialect)  # type: ignore[arg-type]
        assert read_tbx(out).entries == entries


def _with_required_terms(entry: Entry) -> Entry:
    """The entry as a shipped term file needs it: a preferred zh and en term."""
    required = (
        Term(lang="zh", text="术语", status="preferred"),
        Term(lang="en", text="term", status="preferred"),
    )
    return entry.model_copy(update={"terms": (*required, *entry.terms)})


@settings(max_examples=60, deadline=None)
@given(_bases)
def test_toml_to_model_to_tbx_to_model(entries: list[Entry]) -> None:
    entries = [_with_required_terms(e) for e in entries]
    with tempfile.TemporaryDirectory() as tmp:
        toml = Path(tmp) / "h.toml"
        write_toml(entries, toml, subject="demo")
        from_toml = read_toml(toml).entries
        out = Path(tmp) / "h.tbx"
        write_tbx(from_toml, out)
        assert read_tbx(out).entries == from_toml


@settings(max_examples=60, deadline=None)
@given(_bases)
def test_any_term_base_round_trips_through_tbx_2008(entries: list[Entry]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.tbx"
        write_tbx(entries, out, version=2)
        assert read_tbx(out).entries == entries


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_characters_xml_cannot_carry_are_rejected(char: str) -> None:
    with pytest.raises(ValidationError, match="not allowed"):
        Term(lang="en", text=f"a{char}b")
