"""ktermbase: a bilingual Chinese/English term base for science-and-technology policy and
economic security, with exact, fuzzy and pinyin lookup, translation checking and fixing, and
TBX/CSV exchange.

>>> import ktermbase
>>> tb = ktermbase.load()
>>> tb.get("战略自主性").preferred("en").text
'strategic autonomy'
"""

from __future__ import annotations

from .checks import Issue, check, fix
from .errors import CSVError, KTermbaseError, Problem, TBXError, TermFileError
from .model import Entry, PartOfSpeech, Status, Term, TermType
from .normalize import fold
from .reading import display_pinyin
from .termbase import TermBase, load, shipped_terms_dir

__all__ = [
    "CSVError",
    "Entry",
    "Issue",
    "KTermbaseError",
    "PartOfSpeech",
    "Problem",
    "Status",
    "TBXError",
    "Term",
    "TermBase",
    "TermFileError",
    "TermType",
    "check",
    "display_pinyin",
    "fix",
    "fold",
    "load",
    "shipped_terms_dir",
]
