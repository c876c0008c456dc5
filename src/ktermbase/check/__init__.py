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

import sys
import types

from ..termbase import TermBase
from .api import CHECKS, check, fix
from .index import TermIndex, term_index
from .issue import Issue, Severity

__all__ = ["CHECKS", "Issue", "Severity", "TermIndex", "check", "fix", "term_index"]


class _CallableModule(types.ModuleType):
    """This package, callable as ``check``.

    ``ktermbase.check`` is both this package and the function re-exported in its place; the
    import system rebinds the parent's attribute to the package when it (re)imports it (as
    pytest's importlib mode does), so the package itself answers the call as well.
    """

    def __call__(
        self, text: str, *, source: str | None = None, termbase: TermBase | None = None
    ) -> list[Issue]:
        return check(text, source=source, termbase=termbase)


sys.modules[__name__].__class__ = _CallableModule
