"""Writing one script's results into its own marked section of a shared markdown report,
keeping the sections other scripts wrote."""

from __future__ import annotations

import re
from pathlib import Path


def write_section(report: Path, name: str, heading: str, text: str) -> None:
    """Put ``text`` between the ``<!-- name:start -->`` and ``<!-- name:end -->`` markers of
    ``report``, adding the section (under ``heading``) when it is not there yet."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    old = (
        report.read_text(encoding="utf-8") if report.exists() else "# Checking: quality and speed\n"
    )
    block = f"{start}\n{text}\n{end}"
    if start in old:
        new = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, old, flags=re.S)
    else:
        new = old.rstrip() + f"\n\n## {heading}\n\n" + block + "\n"
    report.write_text(new, encoding="utf-8")
