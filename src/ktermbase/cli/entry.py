"""``lookup``, ``stats`` and ``validate``: the commands that show and check a term base."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import KTermbaseError, Problem
from ..model import Entry, Status
from ..reading import term_pinyin
from ..termbase import TermBase, load
from ._common import (
    EXIT_CLEAN,
    EXIT_FOUND,
    count,
    echo_json,
    fail,
    format_option,
    open_termbase,
    status_label,
    termbase_option,
)


def render_entry(entry: Entry) -> str:
    """The entry as a person reads it: terms by language with status and pinyin, definitions,
    subject, sources, notes."""
    head = entry.preferred("zh") or entry.preferred("en")
    lines = [
        click.style(head.text if head else entry.id, bold=True)
        + "  "
        + click.style(f"[{entry.id}]", dim=True)
    ]
    if entry.subjects:
        lines.append(f"  subject   {', '.join(entry.subjects)}")
    for lang in entry.langs:
        best = entry.preferred(lang)
        for term in entry.terms_in(lang):
            text = click.style(term.text, bold=term.status is Status.PREFERRED)
            extras = []
            reading = term_pinyin(term)
            if reading:
                extras.append(click.style(reading, fg="magenta"))
            extras.append(status_label(term.status.value))
            if term.type:
                extras.append(term.type.value)
            if term.status in (Status.DEPRECATED, Status.SUPERSEDED) and best is not None:
                extras.append("→ use " + click.style(best.text, fg="green"))
            lines.append(f"  {lang:<4}{text}   " + "  ".join(extras))
            if term.note:
                lines.append(click.style(f"        note: {term.note}", dim=True))
    for lang, text in entry.definitions.items():
        lines.append(f"  definition ({lang}): {text}")
    for note in entry.notes:
        lines.append(f"  note: {note}")
    for source in entry.sources:
        lines.append(f"  source: {source}")
    if entry.related:
        lines.append(f"  related: {', '.join(entry.related)}")
    return "\n".join(lines)


@click.command()
@click.argument("text")
@click.option("--lang", help="Only match terms in this language (zh, en, ja …).")
@termbase_option
@format_option
def lookup(text: str, lang: str | None, termbase_paths: tuple[str, ...], fmt: str) -> None:
    """Show the entry whose term is TEXT, in any language.

    Exact lookup ignores case, full-width forms and extra spaces. Every entry that has the
    term is shown (homonyms), the one where it has the best status first. When there is no
    exact match, the best search hits are shown instead (and the exit code is 1). --format json
    prints {"query": ..., "entries": [...], "suggestions": [...]}: the entries as the model
    serialises them, or none and the search hits.
    """
    tb = open_termbase(termbase_paths)
    entries: list[Entry] = []  # every entry with the term, best status first
    for entry, _ in tb.find(text, lang=lang):
        if all(entry is not seen for seen in entries):
            entries.append(entry)
    hits = [] if entries else tb.search(text, lang=lang, limit=5)
    if fmt == "json":
        echo_json(
            {
                "query": text,
                "entries": [e.model_dump(mode="json") for e in entries],
                "suggestions": [h.to_dict() for h in hits],
            }
        )
    elif entries:
        click.echo("\n\n".join(render_entry(e) for e in entries))
    else:
        from .search import show_hits

        click.echo(f"No exact entry for {text!r}.", err=True)
        if hits:
            click.echo("Did you mean (search results):", err=True)
            show_hits(hits)
    sys.exit(EXIT_CLEAN if entries else EXIT_FOUND)


@click.command()
@termbase_option
@format_option
def stats(termbase_paths: tuple[str, ...], fmt: str) -> None:
    """Summarise a term base: entries per subject field, terms per language and status."""
    tb = open_termbase(termbase_paths)
    summary = summarise(tb)
    subjects: dict[str, int] = summary["subjects"]
    languages: dict[str, dict[str, int]] = summary["languages"]
    if fmt == "json":
        echo_json(summary)
        return
    entries, terms = count(summary["entries"], "entry"), count(summary["terms"], "term")
    click.echo(click.style(f"{entries}, {terms}", bold=True))
    click.echo("\nEntries per subject field:")
    for subject, n in subjects.items():
        click.echo(f"  {n:>7}  {subject}")
    if not subjects:
        click.echo("  (none: no entry has a subject field)")
    click.echo("\nTerms per language and status:")
    statuses = [s.value for s in Status]
    click.echo("  lang " + "".join(f"{s:>12}" for s in statuses) + f"{'total':>10}")
    for lang, counts in languages.items():
        cells = "".join(f"{counts.get(s, 0):>12}" for s in statuses)
        click.echo(f"  {lang:<5}{cells}{sum(counts.values()):>10}")


def summarise(tb: TermBase) -> dict[str, Any]:
    """Counts for ``stats``: entries, terms, per subject, per language and status."""
    languages: dict[str, dict[str, int]] = {}
    terms = 0
    for entry in tb:
        for term in entry.terms:
            terms += 1
            counts = languages.setdefault(term.lang, {})
            counts[term.status.value] = counts.get(term.status.value, 0) + 1
    return {
        "entries": len(tb),
        "terms": terms,
        "subjects": dict(tb.subjects().most_common()),
        "languages": dict(sorted(languages.items(), key=lambda kv: -sum(kv[1].values()))),
    }


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--schemas",
    type=click.Path(exists=True, file_okay=False),
    help="Folder of the official TBX schema files (laid out as shared/tbx/schemas): also "
    "validate TBX files against them.",
)
@format_option
def validate(paths: tuple[str, ...], schemas: str | None, fmt: str) -> None:
    """Validate term files (TOML, TBX, CSV) and print every error; no PATH: the shipped ones.

    A TBX file is also checked for its structure and its dialect's rules (data categories,
    levels, picklists), and with --schemas against the official RelaxNG/Schematron/DTD files.
    Exit 0 when valid, 1 when problems were found.
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    loaded = 0
    problems += _tbx_problems(paths, schemas)
    try:
        tb = load(*[Path(p) for p in paths])
        loaded = len(tb)
        warnings = list(tb.warnings)
    except KTermbaseError as exc:
        found: tuple[Problem, ...] | None = getattr(exc, "problems", None)
        if found is None:
            fail(str(exc))
        problems += list(found)
    problems = list(dict.fromkeys(problems))  # malformed XML is found by the check and the load
    if fmt == "json":
        echo_json(
            {
                "valid": not problems,
                "entries": loaded,
                "errors": [_problem_dict(p) for p in problems],
                "warnings": [_problem_dict(p) for p in warnings],
            }
        )
    else:
        for p in problems:
            click.echo(click.style("error: ", fg="red", bold=True) + str(p))
        for p in warnings:
            click.echo(click.style("warning: ", fg="yellow", bold=True) + str(p))
        if not problems:
            click.echo(click.style("valid", fg="green", bold=True) + f": {count(loaded, 'entry')}")
        else:
            loads = (
                "the entries load (with the warnings above)"
                if loaded
                else "nothing would be loaded"
            )
            click.echo(f"{count(len(problems), 'error')}; {loads}")
    sys.exit(EXIT_FOUND if problems else EXIT_CLEAN)


def _tbx_problems(paths: tuple[str, ...], schemas: str | None) -> list[Problem]:
    """Structure and dialect violations of the TBX files among ``paths`` or in those folders
    (and, with ``schemas``, violations of the official schema files)."""
    from ..formats import EXTENSIONS
    from ..formats.tbx.checking import check_tbx
    from ..formats.tbx.schemas import validate_official

    files = [f for p in map(Path, paths) for f in (sorted(p.iterdir()) if p.is_dir() else [p])]
    found: list[Problem] = []
    for file in files:
        if file.is_file() and EXTENSIONS.get(file.suffix.lower()) == "tbx":
            found += check_tbx(file)
            if schemas is not None:
                found += validate_official(file, schemas)
    return found


def _problem_dict(p: Problem) -> dict[str, object]:
    return {
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "entry": p.entry,
        "field": p.field,
        "message": p.message,
    }
