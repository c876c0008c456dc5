"""Checking and fixing English translations against the term base.

``check(text, source=..., termbase=...)`` returns ``Issue``\\ s; ``fix`` applies the
confident ones. Each check is a small function over a shared ``Context``: spelling,
deprecated renderings (official names, literal renderings), consistency, source terms and
keyword lists, and grammar patterns read from ``patterns.toml``.

>>> import ktermbase
>>> [i.rule for i in ktermbase.check("Through analyzes the data, and proposes reforms.")]
['through-finite-verb']
"""

from __future__ import annotations

from .api import CHECKS, check, fix
from .index import TermIndex, term_index
from .issue import Issue, Severity

__all__ = ["CHECKS", "Issue", "Severity", "TermIndex", "check", "fix", "term_index"]
