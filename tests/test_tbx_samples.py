"""Every real TBX file in ../shared/tbx/samples imports; the deliberately invalid ones import with
a warning naming the violation. Counts were checked independently by counting the entry and
non-empty term elements with XPath."""

from __future__ import annotations

from pathlib import Path

import pytest

from ktermbase.formats.tbx import read_tbx
from ktermbase.formats.tbx.schemas import validate_official
from ktermbase.termbase import load

# file (relative to shared/tbx) → (entries, terms, text every warning list must contain or None
# when the file must import without warnings)
SAMPLES: dict[str, tuple[int, int, str | None]] = {
    "examples/minimal-tbx-basic.tbx": (2, 6, None),
    "examples/minimal-tbx-basic-v4.tbx": (2, 6, None),
    "samples/tbx-v3/ltac-tbx-basic/DCA/Example_Astronomy_DCA_VALID.tbx": (45, 113, "back matter"),
    "samples/tbx-v3/ltac-tbx-basic/DCT/Example_Astronomy_DCT_VALID.tbx": (45, 113, "back matter"),
    "samples/tbx-v3/org.jung.terminology/tbx-core/DualConcept_MultiTerm_Sample.tbx": (2, 12, None),
    "samples/tbx-v3/org.jung.terminology/tbx-core/basic-min.tbx": (3, 7, None),
    "samples/tbx-v3/org.jung.terminology/tbx-core/oracle_TBX.tbx": (2, 6, None),
    # 46 conceptEntry elements; the empty template entry (id="", xml:lang="") is skipped.
    "samples/tbx-v3/org.jung.terminology/tbx-min-v3-dca/Example_Astronomy_DCA_VALID.tbx": (
        45,
        113,
        "language section without xml:lang skipped",
    ),
    "samples/tbx-v3/org.jung.terminology/tbx-min-v3-dct/DualConcept_MultiTerm_Sample_dct.tbx": (
        2,
        12,
        None,
    ),
    "samples/tbx-v3/org.jung.terminology/tbx-min-v3-dct/basic-min_dct.tbx": (3, 7, None),
    "samples/tbx-v3/org.jung.terminology/tbx-min-v3-dct/oracle_TBX_dct.tbx": (2, 6, None),
    # its ref/@target "xyz" points to no entry (the RNG rejects it too)
    "samples/tbx-v3/tbx-basic-v4/TBX-Basic-sample-valid.tbx": (1, 1, "crossReference to 'xyz'"),
    "samples/tbx-v3/tbx-basic-v4/TBX-Basic-sample-badPOS.tbx": (1, 1, "partOfSpeech 'article'"),
    "samples/tbx-v3/tbx-basic-v4/TBX-Basic-sample-bad-termtype.tbx": (
        1,
        1,
        "termType 'spelling variant'",
    ),
    "samples/tbx-v3/tbx-basic-v4/TBX-Basic-sample-def-termlevel.tbx": (
        1,
        1,
        '<descrip type="definition"> at term level',
    ),
    "samples/tbx-v3/tbx-basic-v4/TBX-Basic-sample-wrong-order-termsec.tbx": (
        1,
        1,
        "after <ref>: TBX wants term notes right after the term",
    ),
    "samples/tbx2008-martif/lisa-tbx-basic/TBX-basic-samples.tbx": (5, 13, "back matter"),
    "samples/tbx2008-martif/lisa-tbx-basic/tbx_basic_sample_badattribute.tbx": (
        2,
        2,
        "unknown data category <termNote type='pos'>",
    ),
    "samples/tbx2008-martif/lisa-tbx-basic/tbx_basic_sample_badelement.tbx": (
        2,
        2,
        "unknown element <comment>",
    ),
    "samples/tbx2008-martif/lisa-tbx-default/sampleTBXfile - LocalRefs.tbx": (1, 2, None),
    "samples/tbx2008-martif/lisa-tbx-default/sampleTBXfile-badPicklistVal - LocalRefs.tbx": (
        1,
        2,
        "unknown termType 'longForm'",
    ),
    "samples/tbx2008-martif/okapi/ibm_tbx.tbx": (5, 11, "unknown partOfSpeech 'nom'"),
    "samples/tbx2008-martif/okapi/oracle_TBX.tbx": (2, 6, "'standardizedTerm-admn-sts' read as"),
    "samples/tbx2008-martif/okapi/maryland.tbx": (1, 13, "xml:lang 'EN' read as 'en'"),
    "samples/tbx2008-martif/okapi/medtronic_TBX.tbx": (3, 62, None),
    "samples/tbx2008-martif/okapi/sdl_tbx.tbx": (223, 472, "empty <term> ignored"),
    "samples/tbx2008-martif/okapi/test01.tbx": (1, 2, None),
    "samples/tbx2008-martif/okapi/test02_win1254.tbx": (1, 2, None),
    "samples/tbx2008-martif/pontoon/valid_mozilla_terminology.tbx": (
        4,
        8,
        "partOfSpeech 'Noun' read as 'noun'",
    ),
    "samples/tbx2008-martif/tbx2rdf/foodTerms-forRDFtest.tbx": (2, 5, "back matter"),
    "samples/tbx2008-martif/weblate/fr-extended-metadata.tbx": (
        2,
        4,
        "administrativeStatus 'obsolete' read as 'superseded'",
    ),
    "samples/tool-output/translate-toolkit-3.20.4-tbxfile-output.tbx": (
        1,
        2,
        "unknown data category <termNote type=None>",
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_imports(shared: Path, name: str) -> None:
    entries, terms, warning = SAMPLES[name]
    result = read_tbx(shared / "tbx" / name)
    assert len(result.entries) == entries
    assert sum(len(e.terms) for e in result.entries) == terms
    messages = [str(w) for w in result.warnings]
    if warning is None:
        assert messages == []
    else:
        assert any(warning in m for m in messages), messages
        assert all(w.line is not None for w in result.warnings)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_loads_as_a_term_base(shared: Path, name: str) -> None:
    tb = load(shared / "tbx" / name)
    entries, _, _ = SAMPLES[name]
    assert len(tb) == entries
    first = tb.entries[0].terms[0]
    assert tb.get(first.text, lang=first.lang) is not None


def test_every_sample_is_listed(shared: Path) -> None:
    found = {str(p.relative_to(shared / "tbx")) for p in (shared / "tbx").rglob("*.tbx")}
    assert found == set(SAMPLES)


def test_legacy_encoding_is_decoded(shared: Path) -> None:
    result = read_tbx(shared / "tbx/samples/tbx2008-martif/okapi/test02_win1254.tbx")
    texts = [t.text for e in result.entries for t in e.terms]
    assert any(ch in "".join(texts) for ch in "ğışçöüĞİŞÇÖÜ"), texts


def test_dct_and_dca_styles_read_the_same(shared: Path) -> None:
    base = shared / "tbx/samples/tbx-v3/ltac-tbx-basic"
    dca = read_tbx(base / "DCA/Example_Astronomy_DCA_VALID.tbx").entries
    dct = read_tbx(base / "DCT/Example_Astronomy_DCT_VALID.tbx").entries
    assert [
        (e.id, e.subjects, e.definitions, [(t.text, t.status, t.pos) for t in e.terms]) for e in dca
    ] == [
        (e.id, e.subjects, e.definitions, [(t.text, t.status, t.pos) for t in e.terms]) for e in dct
    ]


def test_v4_usage_status_and_v121_admin_status_agree(shared: Path) -> None:
    v121 = read_tbx(shared / "tbx/examples/minimal-tbx-basic.tbx").entries
    v4 = read_tbx(shared / "tbx/examples/minimal-tbx-basic-v4.tbx").entries
    assert v121 == v4
    assert [t.status.value for t in v121[0].terms] == ["preferred", "deprecated", "preferred"]


# What ../shared/tbx/samples/PROVENANCE.md records about each file against the official
# schemas; our harness (formats.tbx.schemas) must agree.
OFFICIALLY_VALID = {
    "examples/minimal-tbx-basic.tbx",
    "examples/minimal-tbx-basic-v4.tbx",
    "samples/tbx-v3/ltac-tbx-basic/DCA/Example_Astronomy_DCA_VALID.tbx",
    "samples/tbx-v3/ltac-tbx-basic/DCT/Example_Astronomy_DCT_VALID.tbx",
    "samples/tbx-v3/org.jung.terminology/tbx-core/DualConcept_MultiTerm_Sample.tbx",
    "samples/tbx-v3/org.jung.terminology/tbx-core/basic-min.tbx",
    "samples/tbx-v3/org.jung.terminology/tbx-core/oracle_TBX.tbx",
    "samples/tbx-v3/org.jung.terminology/tbx-min-v3-dct/DualConcept_MultiTerm_Sample_dct.tbx",
    "samples/tbx-v3/org.jung.terminology/tbx-min-v3-dct/basic-min_dct.tbx",
    "samples/tbx-v3/org.jung.terminology/tbx-min-v3-dct/oracle_TBX_dct.tbx",
    "samples/tbx2008-martif/lisa-tbx-basic/TBX-basic-samples.tbx",
    "samples/tbx2008-martif/lisa-tbx-default/sampleTBXfile - LocalRefs.tbx",
    # wrong only for an XCS-aware checker, which the official schemas are not
    "samples/tbx2008-martif/lisa-tbx-default/sampleTBXfile-badPicklistVal - LocalRefs.tbx",
    "samples/tbx2008-martif/okapi/ibm_tbx.tbx",
    "samples/tbx2008-martif/okapi/oracle_TBX.tbx",
    "samples/tbx2008-martif/okapi/maryland.tbx",
    "samples/tbx2008-martif/okapi/test01.tbx",
    "samples/tbx2008-martif/okapi/test02_win1254.tbx",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_official_schemas_agree_with_the_provenance_notes(shared: Path, name: str) -> None:
    problems = validate_official(shared / "tbx" / name, shared / "tbx" / "schemas")
    assert (problems == []) == (name in OFFICIALLY_VALID), problems[:3]
