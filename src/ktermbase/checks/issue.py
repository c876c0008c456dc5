"""What a check reports: an ``Issue`` with a rule id, a severity, a span of the checked text,
a message and the replacements to offer, best first.

>>> i = Issue("spelling", Severity.ERROR, 4, 8, "teh ", "unknown word", ("the",))
>>> i.to_dict()["replacements"], i.fixable
(['the'], True)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

__all__ = ["Issue", "Severity"]


class Severity(StrEnum):
    """How sure a check is: ``error`` is certainly wrong, ``warning`` needs a person,
    ``info`` is a hint."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def level(self) -> int:
        """Order for ``--min-severity``: info < warning < error.

        >>> Severity.ERROR.level > Severity.WARNING.level > Severity.INFO.level
        True
        """
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing wrong in a text: ``text[start:end]`` (code-point offsets) breaks ``rule``.

    ``message`` names the term base entry where one applies; ``replacements`` are the
    suggested texts for the span, best first (empty when a person must rewrite).
    """

    rule: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    replacements: tuple[str, ...] = ()
    entry: str | None = None

    @property
    def fixable(self) -> bool:
        """True when ``fix`` may apply this issue: an error with a replacement."""
        return self.severity is Severity.ERROR and bool(self.replacements)

    def moved(self, start: int, end: int, text: str) -> Issue:
        """The same issue on another span (used when mapping offsets between texts)."""
        return replace(self, start=start, end=end, text=text)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``ktermbase check --format json`` prints)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        data["replacements"] = list(self.replacements)
        return data
