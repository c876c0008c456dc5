"""``search``: ranked fuzzy, prefix and pinyin search, as a table or as JSON."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from ._common import (
    EXIT_CLEAN,
    EXIT_FOUND,
    echo_json,
    fail,
    format_option,
    note_index_build,
    open_termbase,
    status_label,
    termbase_option,
)

if TYPE_CHECKING:  # the search package loads numpy (and its thread pool): only when searching
    from ..search import Hit

_MATCH_COLOURS = {  # by Match value
    "exact": "green",
    "prefix": "green",
    "pinyin": "magenta",
    "initials": "magenta",
    "fuzzy-pinyin": "yellow",
    "fuzzy": "yellow",
}


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def show_hits(hits: Sequence[Hit]) -> None:
    """Print hits as a table: matched term (and status), the other language's preferred
    term, score and how it matched; a deprecated hit also names the term to use.

    >>> from ktermbase import load
    >>> show_hits(load().search("zlzzx", limit=1))
    战略自主性  strategic autonomy   75.0  initials     [strategic-autonomy]
    """
    rows = []
    for hit in hits:
        translation = hit.translation
        rows.append((hit.term.text, translation.text if translation else "", hit))
    term_w = min(40, max((_width(r[0]) for r in rows), default=4))
    other_w = min(40, max((_width(r[1]) for r in rows), default=4))
    for term, other, hit in rows:
        status = (
            ""
            if hit.term.status.value == "preferred"
            else " " + status_label(hit.term.status.value)
        )
        use = f"  → use {click.style(hit.preferred.text, fg='green')}" if hit.preferred else ""
        click.echo(
            click.style(_pad(term, term_w), bold=True)
            + "  "
            + _pad(other, other_w)
            + f"  {hit.score:5.1f}  "
            + click.style(f"{hit.match.value:<12}", fg=_MATCH_COLOURS[hit.match.value])
            + click.style(f" [{hit.entry.id}]", dim=True)
            + status
            + use
        )


@click.command()
@click.argument("query")
@click.option("--lang", help="Only match terms in this language (zh, en …).")
@click.option("--subject", help="Only search entries of this subject field.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@termbase_option
@format_option
def search(
    query: str,
    lang: str | None,
    subject: str | None,
    limit: int,
    termbase_paths: tuple[str, ...],
    fmt: str,
) -> None:
    """Search for QUERY: misspelt or partial English or Chinese, traditional characters,
    or pinyin (zhanlue, zhan4lve4, zlzzx, zhanlue zzx …).

    Exit 0 when something was found, 1 when nothing was.
    """
    if not query.strip():
        fail("empty query")
    tb = open_termbase(termbase_paths)
    note_index_build(tb, "search")
    hits = tb.search(query, lang=lang, subject=subject, limit=limit)
    if fmt == "json":
        echo_json({"query": query, "hits": [h.to_dict() for h in hits]})
    elif hits:
        show_hits(hits)
    else:
        click.echo(f"Nothing found for {query!r}.", err=True)
    sys.exit(EXIT_CLEAN if hits else EXIT_FOUND)
