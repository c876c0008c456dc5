"""check_tbx: a TBX file's structure and its dialect's rules, without the official files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktermbase.formats.tbx import write_tbx
from ktermbase.formats.tbx.checking import check_tbx
from ktermbase.model import Entry, Term

SAMPLES = "tbx/samples"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "tbx2008-martif/lisa-tbx-basic/tbx_basic_sample_badattribute.tbx",
            [
                (37, '<admin type="origin"> is not a TBX-Basic data category'),
                (89, '<termNote type="pos"> is not a TBX-Basic data category'),
            ],
        ),
        (
            "tbx2008-martif/lisa-tbx-basic/tbx_basic_sample_badelement.tbx",
            [(38, "unknown element <transaction>"), (104, "unknown element <comment>")],
        ),
        (
            "tbx-v3/tbx-basic-v4/TBX-Basic-sample-wrong-order-termsec.tbx",
            [(56, "<termNote> after <ref>: term notes must follow the term")],
        ),
        (
            "tbx-v3/org.jung.terminology/tbx-min-v3-dca/Example_Astronomy_DCA_VALID.tbx",
            [(14, "<conceptEntry> has no id"), (15, "<langSec> has no xml:lang")],
        ),
    ],
)
def test_violations_are_listed_with_their_lines(
    shared: Path, name: str, expected: list[tuple[int, str]]
) -> None:
    found = [(p.line, p.message) for p in check_tbx(shared / SAMPLES / name)]
    for item in expected:
        assert item in found


def test_valid_files_pass(shared: Path, tmp_path: Path) -> None:
    for name in ["examples/minimal-tbx-basic.tbx", "examples/minimal-tbx-basic-v4.tbx"]:
        assert check_tbx(shared / "tbx" / name) == []
    out = tmp_path / "ours.tbx"
    write_tbx([Entry(id="a", terms=(Term(lang="en", text="a", pos="properNoun"),))], out)
    assert check_tbx(out) == []


def test_picklist_and_level_rules(tmp_path: Path) -> None:
    out = tmp_path / "t.tbx"
    write_tbx([Entry(id="a", subjects=("s",), terms=(Term(lang="en", text="a"),))], out)
    text = out.read_text("utf-8")
    text = text.replace("admittedTerm-admn-sts", "okay")
    text = text.replace("<term>a</term>", '<term>a</term><descrip type="subjectField">x</descrip>')
    out.write_text(text, "utf-8")
    messages = [p.message for p in check_tbx(out)]
    assert any(
        "administrativeStatus 'okay' is not in the TBX-Basic picklist" in m for m in messages
    )
    assert any('<descrip type="subjectField"> is not allowed at term level' in m for m in messages)
    assert any("after <descrip>" in m for m in messages)


def test_malformed_and_unsafe_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text("<tbx>\n<text>\n</tbx>", "utf-8")
    (problem,) = check_tbx(bad)
    assert problem.line == 3 and "malformed XML" in problem.message
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text('<!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx>&a;</tbx>', "utf-8")
    assert "entity declarations are refused" in check_tbx(bomb)[0].message


def test_every_export_dialect_passes_its_own_rules(tmp_path: Path) -> None:
    entry = Entry(
        id="a",
        subjects=("s",),
        definitions={"en": "d"},
        sources=("src",),
        terms=(Term(lang="en", text="a", status="superseded", pos="properNoun", context="c"),),
    )
    for dialect, version in [
        ("TBX-Basic", 3),
        ("TBX-Basic-V4", 3),
        ("TBX-Core", 3),
        ("TBX-Basic", 2),
    ]:
        out = tmp_path / f"{dialect}{version}.tbx"
        write_tbx([entry], out, dialect=dialect, version=version)  # type: ignore[arg-type]
        assert check_tbx(out) == [], dialect


def test_a_version_4_marker_late_in_the_file_decides_the_rules_for_all_of_it(
    tmp_path: Path,
) -> None:
    """The check streams: a TBX-Basic file is Version 4 when anything only V4 has appears
    anywhere, even after the elements whose rules depend on it."""
    out = tmp_path / "t.tbx"
    entries = [Entry(id=i, terms=(Term(lang="en", text=i),)) for i in ("a", "b", "c")]
    write_tbx(entries, out)
    text = out.read_text("utf-8")

    def transac(kind: str) -> str:
        return (
            f'<transacGrp><transac type="transactionType">{kind}</transac>'
            "<date>2024-01-01</date></transacGrp>"
        )

    early = text.index('<conceptEntry id="a">') + len('<conceptEntry id="a">')
    late = text.index('<conceptEntry id="c">') + len('<conceptEntry id="c">')
    text = (
        text[:early] + transac("origination") + text[early:late] + transac("creation") + text[late:]
    )
    out.write_text(text, "utf-8")
    found = [p.message for p in check_tbx(out)]
    assert found == [
        "transactionType 'origination' is not in the TBX-Basic-V4 picklist (creation, modification)"
    ]
    assert check_tbx(out) == sorted(check_tbx(out), key=lambda p: p.line or 0)
