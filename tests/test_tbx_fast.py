"""The fast path of the TBX reader (``formats/tbx/_fast.py``) must build exactly what the
general reader builds, warning-free, for every entry it accepts; and it must accept the
entries ktermbase itself writes, or it would not make imports faster."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ktermbase import load
from ktermbase.formats.tbx import read_tbx, write_tbx
from ktermbase.formats.tbx._fast import fast_entry
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
    """Read every entry of ``path`` both ways; return (entries, taken by the fast path)."""
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
        fast = fast_entry(el)
        general.entry(el)
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
