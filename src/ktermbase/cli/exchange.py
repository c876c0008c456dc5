"""``export`` and ``convert``: the term base out as TBX or CSV, and files from one format to
another. Output goes to stdout unless ``-o`` names a file (written atomically)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import click

from ..errors import KTermbaseError, Problem
from ..formats import EXTENSIONS, Progress, ReadResult, read_any
from ..formats._langtag import normalize_lang
from ..formats.csv import read_csv, write_glossary, write_mt_glossary, write_term_sets
from ..formats.tbx import iter_tbx, read_tbx, write_tbx
from ..formats.tbx.writing import Dialect
from ..formats.toml import dumps_toml, read_toml, write_toml
from ..model import Entry, primary_lang
from ._common import ProgressLine, count, fail, open_termbase, termbase_option

# --format name → (TBX dialect, TBX version) for the TBX formats.
TBX_FORMATS: dict[str, tuple[Dialect, Literal[2, 3]]] = {
    "tbx": ("TBX-Basic", 3),
    "tbx-v4": ("TBX-Basic-V4", 3),
    "tbx-core": ("TBX-Core", 3),
    "tbx2": ("TBX-Basic", 2),
}
CSV_FORMATS = ("csv", "tsv", "mt-tsv", "term-sets")
FORMATS = (*TBX_FORMATS, *CSV_FORMATS)
READERS: dict[str, Callable[[str, Progress], ReadResult]] = {
    "toml": lambda path, progress: read_toml(path, progress=progress),
    "tbx": lambda path, progress: read_tbx(path, progress=progress),
    "csv": lambda path, progress: read_csv(path, delimiter=",", progress=progress),
    "tsv": lambda path, progress: read_csv(path, delimiter="\t", progress=progress),
}


def _lang_filter(entries: Sequence[Entry], langs: Sequence[str]) -> list[Entry]:
    """Entries cut down to the terms and definitions in ``langs`` (primary subtags)."""
    out = []
    for entry in entries:
        terms = tuple(t for t in entry.terms if primary_lang(t.lang) in langs)
        if terms:
            definitions = {k: v for k, v in entry.definitions.items() if primary_lang(k) in langs}
            out.append(entry.model_copy(update={"terms": terms, "definitions": definitions}))
    return out


def write_entries(
    entries: Sequence[Entry], fmt: str, output: str | None, langs: Sequence[str] | None
) -> list[Problem]:
    """Write ``entries`` in ``fmt`` to ``output`` (stdout when ``None``); return warnings."""
    if fmt in TBX_FORMATS:
        dialect, version = TBX_FORMATS[fmt]
        if langs:
            entries = _lang_filter(entries, langs)
        progress = ProgressLine.on_terminal("exporting", len(entries))
        if output is None:
            for chunk in iter_tbx(entries, dialect=dialect, version=version):
                sys.stdout.write(chunk)
        else:
            write_tbx(entries, output, dialect=dialect, version=version, progress=progress)
        return []
    out = output if output is not None else sys.stdout
    if fmt == "mt-tsv":
        source, target = langs if langs else ("zh", "en")
        return write_mt_glossary(entries, out, source=source, target=target)
    if fmt == "toml":
        if output is None:
            sys.stdout.write(dumps_toml(entries, subject=_subject(entries)))
        else:
            write_toml(entries, output, subject=_subject(entries))
        return []
    delimiter = "\t" if fmt == "tsv" else ","
    if fmt == "term-sets":
        write_term_sets(entries, out, langs=langs, delimiter=delimiter)
    else:
        write_glossary(entries, out, langs=langs, delimiter=delimiter)
    return []


def _subject(entries: Sequence[Entry]) -> str:
    first = entries[0].subjects if entries else ()
    return first[0] if first else "general"


def _pair(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = value.split("-")
    if len(parts) != 2 or not all(parts):
        fail(f"--lang-pair {value!r}: write it as SOURCE-TARGET, e.g. zh-en")
    for part in parts:
        if normalize_lang(part) is None:
            fail(f"--lang-pair {value!r}: {part!r} is not a language code (zh, en, ja …)")
    return parts[0].lower(), parts[1].lower()


def _write(entries: Sequence[Entry], fmt: str, output: str | None, lang_pair: str | None) -> None:
    """``write_entries`` with its warnings shown and any failure a clear message (exit 2)."""
    try:
        _warn(write_entries(entries, fmt, output, _pair(lang_pair)))
    except KTermbaseError as exc:
        fail(str(exc))
    except BrokenPipeError:
        raise  # the reader of standard output stopped: ``main`` ends quietly
    except OSError as exc:
        fail(f"{output or 'standard output'}: cannot write: {exc.strerror or exc}")


def _warn(problems: Sequence[Problem]) -> None:
    for p in problems:
        click.echo(click.style("warning: ", fg="yellow", bold=True) + str(p), err=True)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="tbx",
    show_default=True,
    help="tbx: TBX v3 TBX-Basic (v1.2.1); tbx-v4: TBX-Basic Version 4; tbx-core: TBX-Core; "
    "tbx2: TBX 2008 (martif); csv/tsv: CAT glossary; mt-tsv: two-column MT glossary; "
    "term-sets: equivalent-term-set CSV.",
)
@click.option("--subject", help="Only entries of this subject field.")
@click.option(
    "--lang-pair",
    metavar="SRC-TGT",
    help="Languages, e.g. zh-en: the direction of mt-tsv, the columns of csv/tsv/term-sets, "
    "the terms kept in TBX.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout)."
)
@termbase_option
def export(
    fmt: str,
    subject: str | None,
    lang_pair: str | None,
    output: str | None,
    termbase_paths: tuple[str, ...],
) -> None:
    """Export the term base (or --termbase files) as TBX, CSV or an MT glossary."""
    tb = open_termbase(termbase_paths)
    if subject is not None:
        tb = tb.filter(subject=subject)
        if not len(tb):
            fail(f"no entry has the subject {subject!r} (see `ktermbase stats`)")
    _write(list(tb), fmt, output, lang_pair)
    if output is not None:
        click.echo(f"wrote {count(len(tb), 'entry')} to {output}", err=True)


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False))
@click.option(
    "--from",
    "from_fmt",
    type=click.Choice(sorted(READERS)),
    help="Input format (default: from the extension).",
)
@click.option(
    "--to",
    "to_fmt",
    type=click.Choice([*FORMATS, "toml"]),
    help="Output format (default: from the extension: .tbx → tbx, .csv → csv, .tsv → tsv, .toml).",
)
@click.option("--lang-pair", metavar="SRC-TGT", help="As for export.")
def convert(
    source: str, target: str, from_fmt: str | None, to_fmt: str | None, lang_pair: str | None
) -> None:
    """Convert SOURCE (TOML, TBX, CSV, TSV) to TARGET in another format."""
    progress = ProgressLine.on_terminal("reading")
    try:
        if from_fmt:
            result = READERS[from_fmt](source, progress)
        else:
            result = read_any(source, progress=progress)
    except KTermbaseError as exc:
        fail(str(exc))
    finally:
        if progress is not None:
            progress.end()
    _warn(result.warnings)
    if to_fmt is None:
        suffix = Path(target).suffix.lower()
        if suffix not in EXTENSIONS:
            fail(f"{target}: cannot tell the format from {suffix!r}; use --to")
        to_fmt = EXTENSIONS[suffix]
    _write(result.entries, to_fmt, target, lang_pair)
    done = count(len(result.entries), "entry")
    click.echo(f"converted {done}: {source} → {target} ({to_fmt})", err=True)
