"""Our TBX exports against the OFFICIAL schemas in ../shared/tbx/schemas (read in place, never
copied: they carry no licence), and round trips TOML → model → TBX → model.

The Schematron files declare queryBinding="xslt2"; ktermbase.formats.tbx.schemas loads them with
the binding switched to xslt1 in memory and the two XPath-2 expressions of the v1.2.1 DCA and
TBX-Core files rewritten (see that module); the files on disk are untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from ktermbase.formats.tbx import read_tbx, write_tbx
from ktermbase.formats.tbx.schemas import schema_files, validate_official
from ktermbase.formats.toml import read_toml
from ktermbase.model import Entry, Term
from ktermbase.termbase import shipped_terms_dir

CASES = [
    # (dialect, version, schema files that must apply)
    ("TBX-Basic", 3, ["TBXcoreStructV03.rng", "TBX-Basic_DCA.sch"]),
    ("TBX-Basic-V4", 3, ["core_schema.rng", "basic_schema.sch"]),
    ("TBX-Core", 3, ["TBXcoreStructV03.rng", "TBX-Core.sch"]),
    ("TBX-Basic", 2, ["TBXBasiccoreStructV02.dtd", "TBXBasicRNGV02.rng"]),
]


@pytest.fixture(scope="module")
def shipped() -> list[Entry]:
    """Every entry of the shipped term files (read file by file: cross-file references are
    checked elsewhere, and other helpers are still adding files)."""
    entries: dict[str, Entry] = {}
    for path in sorted(shipped_terms_dir().glob("*.toml")):
        for entry in read_toml(path).entries:
            entries.setdefault(entry.id, entry)
    assert len(entries) > 50
    return list(entries.values())


@pytest.fixture
def schemas(shared: Path) -> Path:
    return shared / "tbx" / "schemas"


def _rich() -> list[Entry]:
    """Entries that use every field, including the awkward cases."""
    return [
        Entry(
            id="chip",
            subjects=("semiconductors", "economic-security"),
            definitions={
                "en": "An integrated circuit <IC> & more.",
                "zh": "集成电路。",
                "ja": "集積回路。",
            },
            notes=("Concept note 1", "Concept note 2"),
            sources=("MIIT 2023", "Tokyo Foundation"),
            related=("wafer", "not-in-this-file"),
            terms=(
                Term(
                    lang="zh",
                    text="芯片",
                    status="preferred",
                    pos="noun",
                    pinyin="xīnpiàn",
                    context="国产芯片。",
                    note="常用",
                    source="GB/T",
                ),
                Term(lang="zh", text="晶片", status="superseded"),
                Term(lang="en", text="chip", status="preferred", type="shortForm"),
                Term(lang="en", text="Intel", status="admitted", pos="properNoun"),
                Term(lang="en", text="microchip", status="deprecated", note='Say "chip".'),
            ),
            extra=('<admin type="customerSubset">K</admin>',),
        ),
        Entry(
            id="wafer",
            subjects=("semiconductors",),
            sources=("only source",),
            terms=(
                Term(lang="en", text="wafer", status="preferred"),
                Term(lang="zh", text="晶圆", status="preferred"),
                Term(lang="en", text="slice"),
            ),
        ),
        Entry(id="2024:odd/id", terms=(Term(lang="en", text="odd"),)),
    ]


@pytest.mark.parametrize(("dialect", "version", "expected"), CASES)
def test_export_is_valid_against_official_schemas(
    tmp_path: Path,
    schemas: Path,
    shipped: list[Entry],
    dialect: str,
    version: int,
    expected: list[str],
) -> None:
    out = tmp_path / "out.tbx"
    write_tbx([*shipped, *_rich()], out, dialect=dialect, version=version)  # type: ignore[arg-type]
    doc = etree.parse(str(out))
    assert [p.name for p in schema_files(doc, schemas)] == expected
    assert validate_official(out, schemas) == []
    if dialect == "TBX-Basic-V4":
        # V4 allows a concept-level source only with a definition: "wafer" has none, so its
        # source travels as a note in the x-ktb-source private-use language (and reads back).
        assert '<note xml:lang="x-ktb-source">only source</note>' in out.read_text("utf-8")


def test_schematron_catches_a_broken_export(tmp_path: Path, schemas: Path) -> None:
    out = tmp_path / "bad.tbx"
    write_tbx(_rich(), out)
    text = out.read_text("utf-8").replace("preferredTerm-admn-sts", "best-term", 1)
    out.write_text(text, "utf-8")
    problems = validate_official(out, schemas)
    assert any("administrativeStatus" in p.message and p.line for p in problems), problems


@pytest.mark.parametrize(
    ("dialect", "version"), [("TBX-Basic", 3), ("TBX-Basic-V4", 3), ("TBX-Basic", 2)]
)
def test_round_trip_is_model_equal(
    tmp_path: Path, shipped: list[Entry], dialect: str, version: int
) -> None:
    entries = [*shipped, *_rich()]
    out = tmp_path / "rt.tbx"
    assert write_tbx(entries, out, dialect=dialect, version=version) == len(entries)  # type: ignore[arg-type]
    result = read_tbx(out)
    assert result.warnings == []
    assert result.entries == entries


def test_core_keeps_terms_notes_and_pinyin_only(tmp_path: Path) -> None:
    out = tmp_path / "core.tbx"
    write_tbx(_rich(), out, dialect="TBX-Core")
    chip = read_tbx(out).entries[0]
    assert [t.text for t in chip.terms] == [t.text for t in _rich()[0].terms]
    assert chip.terms[0].pinyin == "xīnpiàn" and chip.notes == _rich()[0].notes
    assert chip.definitions == {} and chip.subjects == ()


def test_pinyin_travels_as_a_language_tagged_note(tmp_path: Path) -> None:
    out = tmp_path / "p.tbx"
    write_tbx(_rich()[:1], out)
    assert '<note xml:lang="zh-Latn-pinyin">xīnpiàn</note>' in out.read_text("utf-8")


def test_unknown_ids_are_encoded_as_xsd_ids(tmp_path: Path) -> None:
    out = tmp_path / "ids.tbx"
    write_tbx(_rich(), out)
    text = out.read_text("utf-8")
    assert 'id="_x0032_024_x003A_odd_x002F_id"' in text
    assert read_tbx(out).entries[2].id == "2024:odd/id"
