"""The data model: validation, immutability, ordering helpers, exact lookup keys."""

from __future__ import annotations

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ktermbase import Entry, Status, Term, TermBase, fold


def make(terms: list[Term], id: str = "x") -> Entry:
    return Entry(id=id, terms=tuple(terms))


def test_models_are_frozen() -> None:
    term = Term(lang="en", text="alpha")
    with pytest.raises(pydantic.ValidationError):
        term.text = "beta"  # type: ignore[misc]


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(pydantic.ValidationError, match="colour"):
        Term(lang="en", text="alpha", colour="red")  # type: ignore[call-arg]


@pytest.mark.parametrize("lang", ["zh", "en-GB", "zh-Hans-CN", "ja", "yue"])
def test_language_tags_accepted(lang: str) -> None:
    assert Term(lang=lang, text="t").lang == lang


@pytest.mark.parametrize("lang", ["", "english", "xx", "ZH", "zh_CN"])
def test_bad_language_tags_refused(lang: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        Term(lang=lang, text="t")


def test_control_characters_refused() -> None:
    with pytest.raises(pydantic.ValidationError, match="U\\+0001"):
        Term(lang="en", text="a\x01b")


def test_entry_needs_a_term_and_an_id_without_spaces() -> None:
    with pytest.raises(pydantic.ValidationError):
        Entry(id="x", terms=())
    with pytest.raises(pydantic.ValidationError):
        make([Term(lang="en", text="a")], id="two words")


def test_preferred_falls_back_to_admitted_never_to_deprecated() -> None:
    e = make(
        [
            Term(lang="en", text="old", status=Status.DEPRECATED),
            Term(lang="en", text="ok", status=Status.ADMITTED),
        ]
    )
    assert e.preferred("en") is not None
    assert e.preferred("en").text == "ok"  # type: ignore[union-attr]
    assert make([Term(lang="en", text="old", status=Status.DEPRECATED)]).preferred("en") is None


def test_duplicate_ids_refused_by_termbase() -> None:
    a = make([Term(lang="en", text="a")], id="same")
    with pytest.raises(Exception, match="duplicate"):
        TermBase([a, a])


def test_exact_lookup_prefers_the_entry_where_the_term_is_preferred() -> None:
    dep = make([Term(lang="en", text="network", status=Status.DEPRECATED)], id="cyber")
    pref = make([Term(lang="en", text="Network", status=Status.PREFERRED)], id="net")
    tb = TermBase([dep, pref])
    assert tb.get("NETWORK") is pref
    assert [e.id for e, _ in tb.find("network")] == ["net", "cyber"]
    assert tb.get("network", lang="zh") is None


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1))
def test_fold_maps_full_width_to_ascii(text: str) -> None:
    wide = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert fold(wide) == fold(text)
