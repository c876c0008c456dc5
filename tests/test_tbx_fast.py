"""The fast path of the TBX reader (``formats/tbx/_fast.py``, and its compiled form
``_cfast.c``) must build exactly what the general reader builds, warning-free, for every entry it
accepts; and it must accept the entries ktermbase itself writes, or it would not make imports
faster. Both forms are checked, and against each other."""

from __future__ import annotations

import os
import re
import shutil
import sysconfig
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ktermbase import load
from ktermbase.formats.tbx import _fast, read_tbx, write_tbx
from ktermbase.formats.tbx._fast import fast_entry, python_fast_entry
from ktermbase.formats.tbx._xml import SAFE_OPTIONS
from ktermbase.formats.tbx.reading import _Reader
from ktermbase.model import Entry

from .test_tbx_properties import _entries

SAMPLE_DIRS = ("tbx/samples", "tbx/examples")
DIALECTS = {
    "tbx-v3-basic": {"version": 3},
    "tbx-v4": {"version": 3, "dialect": "TBX-Basic-V4"},
    "tbx-core": {"version": 3, "dialect": "TBX-Core"},
    "tbx2": {"version": 2},
}


def _compare(path: Path) -> tuple[int, int]:
    """Read every entry of ``path`` by the general reader and by both fast paths (the compiled
    one when it was built); return (entries, taken by the fast path)."""
    general = _Reader(str(path), fast=False)
    total = fast_count = 0
    context = etree.iterparse(str(path), tag=("{*}conceptEntry", "{*}termEntry"), **SAFE_OPTIONS)
    for _, el in context:
        total += 1
        warnings, errors, entries = (
            len(general.warnings),
            len(general.errors),
            len(general.entries),
        )
        fast = python_fast_entry(el)
        compiled = fast_entry(el)
        general.entry(el)
        _same_answer(compiled, fast, f"{path.name}, entry {el.get('id')!r}")
        if fast is None:
            continue
        fast_count += 1
        entry, targets = fast
        where = f"{path.name}, entry {entry.id!r}"
        assert len(general.entries) == entries + 1, where
        assert general.warnings[warnings:] == [], where
        assert general.errors[errors:] == [], where
        expected = general.entries[-1]
        assert entry == expected, where
        assert entry.model_fields_set == expected.model_fields_set, where
        for mine, theirs in zip(entry.terms, expected.terms, strict=True):
            assert mine.model_fields_set == theirs.model_fields_set, where
        assert targets == general.targets.get(len(general.entries) - 1, []), where
    return total, fast_count


def _same_answer(
    compiled: tuple[Entry, object] | None, fast: tuple[Entry, object] | None, where: str
) -> None:
    """The compiled fast path takes the entries the Python one takes, and builds them alike
    (fields-sets and the order of each model's fields included)."""
    assert (compiled is None) == (fast is None), where
    if compiled is None or fast is None:
        return
    assert compiled == fast, where
    for mine, theirs in zip(
        (compiled[0], *compiled[0].terms), (fast[0], *fast[0].terms), strict=True
    ):
        assert mine.model_fields_set == theirs.model_fields_set, where
        assert list(mine.__dict__) == list(theirs.__dict__), where


def test_the_compiled_fast_path_is_built_where_a_compiler_is() -> None:
    """The install compiles ``_cfast.c`` when Python's C compiler is there (this machine's CI):
    a build that silently lost it would read TBX at the Python path's speed."""
    compiler = (sysconfig.get_config_var("CC") or "").split()
    if (
        not compiler
        or shutil.which(compiler[0]) is None
        or os.environ.get("KTERMBASE_NO_EXTENSION")
    ):
        pytest.skip("no C compiler here: the Python fast path is the one installed")
    assert _fast.COMPILED


def test_the_compiled_fast_path_refuses_what_is_not_an_element() -> None:
    if not _fast.COMPILED:
        pytest.skip("the compiled fast path was not built")
    with pytest.raises(TypeError):
        fast_entry("<termEntry/>")  # type: ignore[arg-type]


def _samples() -> list[Path]:
    shared = Path(__file__).resolve().parents[2] / "shared"
    return sorted(p for d in SAMPLE_DIRS for p in (shared / d).rglob("*.tbx"))


@pytest.mark.parametrize("path", _samples(), ids=lambda p: p.name)
def test_fast_path_agrees_on_real_files(shared: Path, path: Path) -> None:
    total, _ = _compare(path)
    assert total > 0


@pytest.mark.parametrize("dialect", DIALECTS)
def test_fast_path_takes_our_own_exports(tmp_path: Path, dialect: str) -> None:
    entries = list(load())
    out = tmp_path / "shipped.tbx"
    write_tbx(entries, out, **DIALECTS[dialect])  # type: ignore[arg-type]
    total, fast = _compare(out)
    assert total == len(entries)
    # TBX-Basic V4 puts a definition and its sources in a descripGrp, left to the general
    # reader; every other entry of ours is in the fast path's shape.
    grouped = sum(1 for e in entries if e.sources and e.definitions)
    assert fast == total - (grouped if dialect == "tbx-v4" else 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(_entries, min_size=1, max_size=4, unique_by=lambda e: e.id))
def test_fast_path_agrees_on_generated_entries(entries: list[Entry]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, options in DIALECTS.items():
            out = Path(tmp) / f"{name}.tbx"
            write_tbx(entries, out, **options)  # type: ignore[arg-type]
            _compare(out)


_TRANSACTIONS = (
    '<transacGrp><transac type="transactionType">origination</transac>'
    '<date>2024-03-01T10:00:00</date><transacNote type="responsibility">ana</transacNote>'
    "</transacGrp>"
)


@pytest.mark.parametrize("dialect", ["tbx-v3-basic", "tbx2"])
def test_fast_path_keeps_cat_transaction_groups(tmp_path: Path, dialect: str) -> None:
    """CAT tools write a transacGrp on most entries, language sections and terms: the fast
    path keeps each verbatim where the general reader keeps it, and so reads every entry."""
    entries = list(load())
    out = tmp_path / "cat.tbx"
    write_tbx(entries, out, **DIALECTS[dialect])  # type: ignore[arg-type]
    text = out.read_text("utf-8")
    for tag in ("<termEntry ", "<conceptEntry "):  # after each entry's and language's start tag
        text = re.sub(f"({tag}[^>]*>)", r"\1" + _TRANSACTIONS, text)
    for tag in ("<langSet ", "<langSec "):
        text = re.sub(f"({tag}[^>]*>)", r"\1" + _TRANSACTIONS, text)
    text = re.sub(r"(</termSec>|</tig>)", _TRANSACTIONS + r"\1", text)
    out.write_text(text, "utf-8")
    total, fast = _compare(out)
    assert total == len(entries) and fast == total
    first = read_tbx(out).entries[0]
    assert first.extra[0] == _TRANSACTIONS
    assert first.extra[1].startswith('<langSec xml:lang="') and _TRANSACTIONS in first.extra[1]
    assert all(t.extra[-1] == _TRANSACTIONS for t in first.terms)


def test_an_unknown_element_in_a_transaction_group_is_left_to_the_general_reader(
    tmp_path: Path,
) -> None:
    path = tmp_path / "odd.tbx"
    path.write_text(
        '<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry id="a">'
        + _TRANSACTIONS.replace("</transacGrp>", "<stamp/></transacGrp>")
        + '<langSet xml:lang="en"><tig><term>chip</term></tig></langSet></termEntry>'
        "</body></text></martif>",
        "utf-8",
    )
    el = etree.parse(str(path), etree.XMLParser(**SAFE_OPTIONS)).find(".//termEntry")
    assert el is not None and fast_entry(el) is None
    assert [w.message for w in read_tbx(path).warnings] == ["unknown element <stamp> kept verbatim"]


# Entry markup from a small grammar, mostly in the fast path's shape and sometimes not (odd
# values, comments, CDATA, character references, unknown elements, foreign namespaces), for the
# compiled fast path to answer exactly as the Python one.
_TEXT = st.sampled_from(["chip", "芯片", "a&amp;b", "<![CDATA[x]]>y", " ", "x<!--c-->y", "&#xA0;"])
_LEAF = st.tuples(
    st.sampled_from(["term", "termNote", "note", "descrip", "admin", "ref", "transacGrp", "x"]),
    st.sampled_from(
        [
            "",
            ' type="administrativeStatus"',
            ' type="partOfSpeech"',
            ' type="subjectField"',
            ' type="definition"',
            ' type="source"',
            ' type="crossReference" target="c2"',
            ' type="crossReference" target="c&amp;2"',
            ' xml:lang="zh-Latn-pinyin"',
            ' xml:lang="x-ktb-source"',
            ' xml:lang="x-ktb-pos"',
            ' q:type="x" xmlns:q="urn:q"',
        ]
    ),
    st.one_of(_TEXT, st.sampled_from(["preferredTerm-admn-sts", "admitted", "noun", "properNoun"])),
).map(lambda t: f"<{t[0]}{t[1]}>{t[2]}</{t[0]}>")
# transaction groups (kept verbatim) with known, unknown and foreign parts
_KEPT = st.lists(
    st.sampled_from(
        [
            '<transac type="transactionType">origination</transac>',
            "<date>2024-03-01</date>",
            '<transacNote type="responsibility">ana &amp; bo</transacNote>',
            '<transacNote type="nonsense">x</transacNote>',
            "<stamp/>",
            '<q:stamp xmlns:q="urn:q">x</q:stamp>',
            '<date q:at="1" xmlns:q="urn:q">2024</date>',
            '<date xml:lang="en">2024</date>',
            "<!-- by hand -->",
        ]
    ),
    max_size=3,
).map(lambda parts: f"<transacGrp>{''.join(parts)}</transacGrp>")
_TERM = st.tuples(
    st.sampled_from(["tig", "termSec", "ntig"]),
    _TEXT,
    st.lists(st.one_of(_LEAF, _KEPT), max_size=3),
).map(lambda t: f"<{t[0]}><term>{t[1]}</term>{''.join(t[2])}</{t[0]}>")
_SECTION = st.tuples(
    st.sampled_from(["langSet", "langSec"]),
    st.sampled_from(["en", "zh", "zh-Hant", "EN", ""]),
    st.lists(st.one_of(_TERM, _LEAF, _KEPT), max_size=3),
    st.sampled_from(["", "junk", "<!--c-->", "<?p?>"]),
).map(lambda t: f'<{t[0]} xml:lang="{t[1]}">{"".join(t[2])}{t[3]}</{t[0]}>')
_ENTRY = st.tuples(
    st.sampled_from(["termEntry", "conceptEntry"]),
    st.sampled_from([' id="c1"', ' id=" c1 "', ' id="_x0032_x"', ' id="1a"', ""]),
    st.lists(st.one_of(_SECTION, _LEAF, _KEPT), min_size=1, max_size=4),
    st.sampled_from(["", ' xmlns="urn:iso:std:iso:30042:ed-2"', ' xmlns="urn:q"']),
).map(lambda t: f"<{t[0]}{t[1]}{t[3]}>{''.join(t[2])}</{t[0]}>")


@settings(max_examples=400, deadline=None)
@given(_ENTRY)
def test_both_fast_paths_answer_alike_on_any_entry_markup(markup: str) -> None:
    el = etree.fromstring(markup.encode("utf-8"), etree.XMLParser(**SAFE_OPTIONS))
    _same_answer(fast_entry(el), python_fast_entry(el), markup)
