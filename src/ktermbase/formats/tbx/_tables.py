"""The dialect mappings, kept as data: which TBX values mean which model values, and how each
dialect spells them on export. Reading accepts every spelling listed here; a spelling found only
in an ``*_ALIASES`` table is interpreted with a warning, since the file bent the standard.
"""

from __future__ import annotations

from ...model import PartOfSpeech, Status, TermType
from .._aliases import STATUS_ALIASES as STATUS_ALIASES
from .._aliases import alias_key as alias_key

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The language tag of a note that carries a term's pinyin. TBX-Basic has no pinyin data
# category; a ``<note xml:lang="zh-Latn-pinyin">`` is valid in every dialect and every TBX
# version (``note`` takes ``xml:lang``), reads as "Chinese, Latin script, pinyin" (BCP 47), and
# shows up in any CAT tool as a note next to the term.
PINYIN_LANG = "zh-Latn-pinyin"
# TBX-Basic v1.2.1 and TBX 2008 have no ``properNoun`` part of speech: such terms are written
# as ``noun`` plus a ``<note xml:lang="x-ktb-pos">properNoun</note>`` (BCP 47 private use).
POS_NOTE_LANG = "x-ktb-pos"
# TBX-Basic V4 allows a source at concept level only in a descripGrp with a definition: the
# sources of an entry without definitions are written as ``<note xml:lang="x-ktb-source">``.
SOURCE_NOTE_LANG = "x-ktb-source"

# The elements of one concept entry: TBX v3's and TBX 2008's name.
ENTRY_ELEMENTS = frozenset({"conceptEntry", "termEntry"})

# termNote types that carry a term's status.
STATUS_TYPES = ("administrativeStatus", "usageStatus", "normativeAuthorization")
# Children of a term section the model has a field for: (element, type) → field (a source
# only without xml:lang), and a note's xml:lang → field.
TERM_TARGETS: dict[tuple[str, str], str] = {
    **{("termNote", t): "status" for t in STATUS_TYPES},
    ("termNote", "partOfSpeech"): "pos",
    ("termNote", "termType"): "type",
    ("descrip", "context"): "context",
    ("admin", "source"): "source",
}
NOTE_TARGETS: dict[str | None, str] = {None: "note", PINYIN_LANG: "pinyin", POS_NOTE_LANG: "pos"}

# The standard spellings, per termNote type: read without warning.
STATUS_VALUES: dict[str, dict[str, Status]] = {
    "administrativeStatus": {f"{s.value}Term-admn-sts": s for s in Status},
    "usageStatus": {s.value: s for s in (Status.PREFERRED, Status.ADMITTED, Status.DEPRECATED)},
    "normativeAuthorization": {f"{s.value}Term": s for s in Status},
}
POS_VALUES: dict[str, PartOfSpeech] = {p.value: p for p in PartOfSpeech}
POS_ALIASES: dict[str, PartOfSpeech] = {
    **{p.value.lower(): p for p in PartOfSpeech},
    "propernoun": PartOfSpeech.PROPER_NOUN,
    "n": PartOfSpeech.NOUN,
    "v": PartOfSpeech.VERB,
    "adj": PartOfSpeech.ADJECTIVE,
    "adv": PartOfSpeech.ADVERB,
}

TERM_TYPE_VALUES: dict[str, TermType] = {t.value: t for t in TermType}
TERM_TYPE_ALIASES: dict[str, TermType] = {
    **{t.value.lower(): t for t in TermType},
    "abbreviatedform": TermType.ABBREVIATION,
    "initialism": TermType.ACRONYM,
    "shortenedform": TermType.SHORT_FORM,
}

# How each export dialect writes a status: (termNote type, value).
STATUS_OUT: dict[str, dict[Status, tuple[str, str]]] = {
    "TBX-Basic": {s: ("administrativeStatus", f"{s.value}Term-admn-sts") for s in Status},
    # Version 4 has usageStatus preferred/admitted/deprecated and still accepts
    # administrativeStatus, which alone can say "superseded".
    "TBX-Basic-V4": {
        Status.PREFERRED: ("usageStatus", "preferred"),
        Status.ADMITTED: ("usageStatus", "admitted"),
        Status.DEPRECATED: ("usageStatus", "deprecated"),
        Status.SUPERSEDED: ("administrativeStatus", "supersededTerm-admn-sts"),
    },
}
# Parts of speech a dialect's picklist has; others are written as noun + a POS_NOTE_LANG note.
POS_OUT: dict[str, frozenset[PartOfSpeech]] = {
    "TBX-Basic": frozenset(PartOfSpeech) - {PartOfSpeech.PROPER_NOUN},
    "TBX-Basic-V4": frozenset(PartOfSpeech),
}

# DCT style (TBX v3 modules): the data category is the element name, in a module namespace.
# Each maps to its DCA element, whose ``type`` attribute is the same name.
DCT_ELEMENTS: dict[str, str] = {
    "subjectField": "descrip",
    "definition": "descrip",
    "context": "descrip",
    "administrativeStatus": "termNote",
    "usageStatus": "termNote",
    "partOfSpeech": "termNote",
    "termType": "termNote",
    "grammaticalGender": "termNote",
    "geographicalUsage": "termNote",
    "termLocation": "termNote",
    "customerSubset": "admin",
    "projectSubset": "admin",
    "source": "admin",
    "crossReference": "ref",
    "externalCrossReference": "xref",
    "xGraphic": "xref",
    "transactionType": "transac",
    "responsibility": "transacNote",
}

# Elements of the TBX core structure (v3 and 2008) that may appear inside an entry.
KNOWN_ELEMENTS = frozenset(
    "admin adminGrp adminNote date descrip descripGrp descripNote foreign hi item itemGrp "
    "itemSet note ref termNote termNoteGrp transac transacGrp transacNote xref termCompList "
    "termComp termCompGrp termGrp bpt ept ph sc ec term termSec tig ntig langSec langSet".split()
)
# Data categories by element: TBX-Default (TBXXCSV02.xcs) plus TBX-Basic V4's usageStatus.
# A type outside these is kept verbatim with a warning.
KNOWN_TYPES: dict[str, frozenset[str]] = {
    "termNote": frozenset(
        "abbreviatedFormFor administrativeStatus animacy antonymTerm directionality etymology "
        "falseFriend frequency geographicalUsage grammaticalGender grammaticalNumber "
        "grammaticalValency homograph language-planningQualifier lionHotkey "
        "normativeAuthorization partOfSpeech processStatus pronunciation "
        "proprietaryRestriction register shortFormFor temporalQualifier termLocation "
        "termProvenance termStructure termType timeRestriction transferComment usageNote "
        "usageStatus".split()
    ),
    "admin": frozenset(
        "annotatedNote applicationSubset businessUnitSubset conceptOrigin customerSubset "
        "databaseType domainExpert elementWorkingStatus entrySource environmentSubset "
        "indexHeading keyword originatingDatabase originatingInstitution originatingPerson "
        "productSubset projectSubset searchTerm securitySubset sortKey source "
        "sourceIdentifier subsetOwner".split()
    ),
    "descrip": frozenset(
        "antonymConcept associatedConcept audio broaderConceptGeneric broaderConceptPartitive "
        "characteristic classificationCode conceptPosition context coordinateConceptGeneric "
        "coordinateConceptPartitive definition example explanation figure otherBinaryData "
        "quantity range relatedConcept relatedConceptBroader relatedConceptNarrower "
        "reliabilityCode sampleSentence sequentiallyRelatedConcept spatiallyRelatedConcept "
        "subjectField subordinateConceptGeneric subordinateConceptPartitive "
        "superordinateConceptGeneric superordinateConceptPartitive table "
        "temporallyRelatedConcept thesaurusDescriptor unit video".split()
    ),
    "descripNote": frozenset({"contextType", "definitionType", "descriptionType"}),
    "xref": frozenset(
        "corpusTrace externalCrossReference xAudio xGraphic xMathML xSource xVideo".split()
    ),
    "ref": frozenset({"crossReference", "see"}),
    "adminNote": frozenset({"noteSource", "sourceType"}),
    "transacNote": frozenset({"responsibility", "usageCount"}),
    "transac": frozenset({"transactionType"}),
}

# The dialect rules ``validate`` checks without the official files: for each dialect, the data
# categories it allows, at which levels (concept, lang, term; a *Grp wrapper is transparent), and
# the picklist of those that have one. Taken from the dialects' Schematron files.
_BASIC_121: dict[tuple[str, str], frozenset[str]] = {
    ("admin", "customerSubset"): frozenset({"concept", "term"}),
    ("admin", "projectSubset"): frozenset({"concept", "term"}),
    ("admin", "source"): frozenset({"concept", "lang", "term"}),
    ("descrip", "subjectField"): frozenset({"concept"}),
    ("descrip", "definition"): frozenset({"concept", "lang"}),
    ("descrip", "context"): frozenset({"term"}),
    ("ref", "crossReference"): frozenset({"concept", "term"}),
    ("termNote", "administrativeStatus"): frozenset({"term"}),
    ("termNote", "partOfSpeech"): frozenset({"term"}),
    ("termNote", "geographicalUsage"): frozenset({"term"}),
    ("termNote", "grammaticalGender"): frozenset({"term"}),
    ("termNote", "termLocation"): frozenset({"term"}),
    ("termNote", "termType"): frozenset({"term"}),
    ("transac", "transactionType"): frozenset({"concept", "lang", "term"}),
    ("transacNote", "responsibility"): frozenset({"concept", "lang", "term"}),
    ("xref", "externalCrossReference"): frozenset({"concept", "lang", "term"}),
    ("xref", "xGraphic"): frozenset({"concept", "lang"}),
}
# Where TBX-Basic allows the descrip categories the reader maps, for warnings about misplaced
# ones it keeps verbatim.
LEVELS = {
    ("descrip", t): _BASIC_121[("descrip", t)] for t in ("subjectField", "definition", "context")
}
_PICK_121: dict[str, frozenset[str]] = {
    "administrativeStatus": frozenset(STATUS_VALUES["administrativeStatus"]),
    "partOfSpeech": frozenset(p.value for p in POS_OUT["TBX-Basic"]),
    "termType": frozenset(TERM_TYPE_VALUES),
    "grammaticalGender": frozenset({"masculine", "feminine", "neuter", "other"}),
    "transactionType": frozenset({"origination", "modification"}),
}
DIALECT_RULES: dict[
    str, tuple[dict[tuple[str, str], frozenset[str]], dict[str, frozenset[str]]]
] = {
    "TBX-Basic": (_BASIC_121, _PICK_121),
    "TBX-Basic-V4": (
        {
            **_BASIC_121,
            ("termNote", "usageStatus"): frozenset({"term"}),
            ("xref", "xGraphic"): frozenset({"concept"}),
            ("xref", "externalCrossReference"): frozenset({"concept", "term"}),
        },
        {
            **_PICK_121,
            "usageStatus": frozenset(STATUS_VALUES["usageStatus"]),
            "partOfSpeech": frozenset(p.value for p in POS_OUT["TBX-Basic-V4"]),
            "transactionType": frozenset({"creation", "modification"}),
        },
    ),
    "TBX-Min": (
        {
            k: v
            for k, v in _BASIC_121.items()
            if k
            in {
                ("admin", "customerSubset"),
                ("descrip", "subjectField"),
                ("termNote", "administrativeStatus"),
                ("termNote", "partOfSpeech"),
                ("xref", "externalCrossReference"),
            }
        },
        {k: _PICK_121[k] for k in ("administrativeStatus", "partOfSpeech")},
    ),
    "TBX-Core": ({}, {}),
}
