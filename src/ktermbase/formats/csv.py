"""CSV and TSV glossaries: the layouts CAT tools and machine-translation services exchange.

Three layouts, each a plain UTF-8 file (read with or without a BOM, or as UTF-16 with its BOM,
which spreadsheets save as "Unicode text"; commas for ``.csv`` (semicolons when the first line
has only those), tabs for ``.tsv``/``.txt``, otherwise sniffed):

**CAT glossary** (``write_glossary``; memoQ, Trados, Phrase import it). A header row names the
columns; every column is optional except at least one language column:

=====================  =====================================================================
``id``                 entry id; rows with the same id (one after another) form one entry
``subject``            subject fields, separated by ``;``
``zh``, ``en``, …      one term per language (any BCP 47 tag: ``zh-CN``, ``en-GB`` …)
``definition_<lang>``  the definition in that language
``pinyin_<lang>``      the pinyin of that column's term (written for languages that have one)
``status``             the status of every term in the row: preferred, admitted, deprecated,
                       superseded (empty: preferred)
``note``               entry notes (one per line)
``source``             entry sources (one per line)
=====================  =====================================================================

An entry is written as one row of its preferred terms, then one row per further status, or per
further term of a status, each with its ``status``. Lost on the way (the layout has no column):
part of speech, term type, context, term notes and sources, related entries, ``extra``; white
space around a cell; and term order within an entry becomes status order. ``id`` is always the
id column (write Indonesian as ``id-ID``). Headers written elsewhere are read too
(``_columns``): languages by name (``English``, ``Chinese (Simplified)``, ``中文``), definitions
as ``English definition``, pinyin as ``拼音``, entry columns by their usual synonyms
(``Comment``, ``Domain``); any other column is reported and left out.

**MT glossary** (``write_mt_glossary``): two columns, source and target term, no header: the
TSV that DeepL accepts and that Google Cloud Translation and Amazon Translate read as a
unidirectional glossary. Rules applied, as those services require: preferred terms only, each
preferred source term paired with the preferred target term of the same term type (else the
first preferred target term; an entry without preferred terms in both languages is left out);
white space trimmed and every tab, line break or control character inside a term replaced by one
space; empty terms left out; a source
term that occurs again (after that cleaning, compared exactly) is left out, so the first entry's
target wins; an entry marked one-way in the other direction (``Entry.one_way``: 我国 → "China",
but not "China" → 我国) is left out; each rule that drops a row is reported.

**Equivalent term sets** (``write_term_sets``): a header of language codes and one row per entry
with its preferred term in each language (Google Cloud Translation's "equivalent term sets"
glossary).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "g.csv"
>>> _ = p.write_text('id,zh,en,status\\nchip,芯片,chip,\\nchip,晶片,wafer chip,deprecated\\n',
...                  encoding="utf-8-sig")
>>> [(t.text, t.status.value) for t in read_csv(p).entries[0].terms]
[('芯片', 'preferred'), ('chip', 'preferred'), ('晶片', 'deprecated'), ('wafer chip', 'deprecated')]
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Literal

from pydantic import ValidationError

from .._bulk import paused_gc
from ..errors import CSVError, Problem, validation_problems
from ..model import Entry, Status, Term, primary_lang
from ..normalize import has_han
from . import Location, Progress, ReadResult, tick
from ._aliases import STATUS_ALIASES, alias_key
from ._atomic import atomic_open
from ._columns import HEADER_WORDS, column_of, language_of

__all__ = ["mt_clean", "read_csv", "write_glossary", "write_mt_glossary", "write_term_sets"]

DEFINITION = "definition_"
PINYIN = "pinyin_"
_SLUG = re.compile(r"[^a-z0-9]+")
# What machine-translation glossaries cannot hold inside a term.
_MT_SPACE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029\x00-\x08\x7f-\x84\x86-\x9f]+")

Output = str | os.PathLike[str] | IO[str]


# --- reading -------------------------------------------------------------------------------


def read_csv(
    path: str | os.PathLike[str], *, delimiter: str | None = None, progress: Progress = None
) -> ReadResult:
    """Read a CAT glossary, an equivalent-term-set CSV or a two-column MT glossary; every
    malformed row is reported with its line (``CSVError``) and nothing is loaded then.
    ``delimiter`` defaults to what the file name and first line say (tab for ``.tsv``);
    ``progress`` is called every 1000 entries.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mt.tsv"
    >>> _ = p.write_text("芯片\\tchip\\n晶圆\\twafer\\n", encoding="utf-8")
    >>> [[t.text for t in e.terms] for e in read_csv(p).entries]
    [['芯片', 'chip'], ['晶圆', 'wafer']]
    """
    with paused_gc():
        return _read_csv(str(path), delimiter, progress)


def _read_csv(name: str, delimiter: str | None, progress: Progress) -> ReadResult:
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:
        raise CSVError([Problem(name, f"cannot read: {exc.strerror}")]) from None
    # UTF-16 with its BOM is what spreadsheets save as "Unicode text"; anything else is UTF-8.
    encoding = (
        "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    )
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].decode(encoding, "replace").count("\n") + 1
        what = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise CSVError([Problem(name, f"not {what} text ({exc.reason})", line)]) from None
    first_line = text.partition("\n")[0].rstrip("\r")
    delimiter = delimiter or _delimiter(name, first_line)
    # A headerless tab-separated file is an MT glossary, whose format has no quoting: a term
    # may start with a quotation mark.
    first = first_line.split(delimiter)
    quoting: Literal[0, 1, 2, 3] = (
        csv.QUOTE_NONE if delimiter == "\t" and not _is_header(first) else csv.QUOTE_MINIMAL
    )
    rows = list(_rows(name, text, delimiter, quoting))
    if not rows:
        raise CSVError([Problem(name, "the file is empty")])
    header = [c.strip() for c in rows[0][1]]
    if _is_header(header):
        return _read_table(name, rows[0][0], header, rows[1:], progress)
    return _read_pairs(name, rows, progress)


def _delimiter(name: str, first: str) -> str:
    """The delimiter the file's name, else its first line, says: a ``.csv`` file's is a comma,
    or a semicolon when its first line has semicolons and no comma (spreadsheets in locales
    whose decimal mark is a comma save CSV so).

    >>> _delimiter("g.csv", "zh;en"), _delimiter("g.csv", "zh,en"), _delimiter("g.txt", "a\\tb")
    (';', ',', '\\t')
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".tsv" or (suffix != ".csv" and "\t" in first):
        return "\t"
    if suffix == ".csv" and ";" in first and "," not in first:
        return ";"
    if suffix == ".csv" or "," in first:
        return ","
    try:
        return csv.Sniffer().sniff(first, delimiters=",\t;").delimiter
    except csv.Error:
        return "\t"


def _rows(
    name: str, text: str, delimiter: str, quoting: Literal[0, 1, 2, 3]
) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of every non-blank row; quoted cells may span lines."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, strict=True, quoting=quoting
    )
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CSVError([Problem(name, f"malformed row: {exc}", line)]) from None
        if any(c.strip() for c in cells):
            yield line, cells
        line = reader.line_num + 1


def _is_header(cells: Sequence[str]) -> bool:
    """A header names columns (``_columns.column_of``), at least one of them a language and no
    language twice; or it names two languages and other columns ktermbase does not know (no
    Chinese in those: a first row of terms would have some)."""
    kinds = [column_of(c.strip()) for c in cells]
    tags = [k[1] for k in kinds if k is not None and k[0] == "term"]
    if len(set(tags)) != len(tags):  # "Chinese,中文": a first entry, not two Chinese columns
        return False
    if tags and all(kinds):
        return True
    return len(tags) >= 2 and not any(
        has_han(c) for c, k in zip(cells, kinds, strict=True) if not k
    )


# Entry columns that may come twice (``Note`` and ``Comment``): their cells are joined.
_MANY = {"subject": ";", "note": "\n", "source": "\n"}


def _read_table(
    name: str,
    header_line: int,
    header: list[str],
    rows: list[tuple[int, list[str]]],
    progress: Progress,
) -> ReadResult:
    problems: list[Problem] = []
    warnings: list[Problem] = []
    kinds = [column_of(c) for c in header]
    langs = [(i, k[1]) for i, k in enumerate(kinds) if k is not None and k[0] == "term"]
    pinyin = _pinyin_columns(kinds, langs)  # term column → its pinyin column
    fields: dict[str, list[int]] = {}  # entry column or definition_<lang> → its columns
    for i, kind in enumerate(kinds):
        if kind is None or (kind[0] == "pinyin" and i not in pinyin.values()):
            what = (
                "belongs to no term column"
                if kind is not None
                else "names no language ktermbase knows"
                if header[i].lower().startswith((DEFINITION, PINYIN))
                else "is not one ktermbase reads"
            )
            warnings.append(
                Problem(name, f"column {header[i]!r} {what}: not imported", header_line)
            )
        elif kind[0] not in ("term", "pinyin"):
            key = kind[0] if kind[1] is None else f"{DEFINITION}{kind[1]}"
            fields.setdefault(key, []).append(i)
    for key, columns in fields.items():
        if len(columns) > 1 and key not in _MANY:
            names = " and ".join(repr(header[i]) for i in columns)
            problems.append(Problem(name, f"columns {names} both give the {key}", header_line))
    if problems:
        raise CSVError(problems)
    groups: list[tuple[int, str | None, list[tuple[int, list[str], dict[str, str]]]]] = []
    for line, cells in rows:
        if len(cells) != len(header):
            problems.append(
                Problem(name, f"row has {len(cells)} cells, the header has {len(header)}", line)
            )
            continue
        row = {
            key: _MANY.get(key, "").join(cells[i] for i in columns if cells[i].strip())
            for key, columns in fields.items()
        }
        row_id = row.get("id", "").strip() or None
        if groups and row_id is not None and groups[-1][1] == row_id:
            groups[-1][2].append((line, cells, row))
        else:
            groups.append((line, row_id, [(line, cells, row)]))
    entries: list[Entry] = []
    locations: list[Location] = []
    ids: set[str] = set()
    for line, row_id, group in groups:
        entry = _entry(name, line, row_id, group, langs, pinyin, header, ids, problems, warnings)
        if entry is not None:
            ids.add(entry.id)
            entries.append(entry)
            locations.append(Location(name, line))
            tick(progress, len(entries))
    if problems:
        raise CSVError(problems)
    if not rows:
        warnings.append(Problem(name, "the file has a header and no entries", header_line))
    return ReadResult(entries, locations, warnings)


def _pinyin_columns(
    kinds: list[tuple[str, str | None] | None], langs: list[tuple[int, str | None]]
) -> dict[int, int]:
    """Term column → the column holding its pinyin: ``pinyin_<lang>`` for the column of that
    language, a bare ``pinyin`` for the first Chinese column."""
    found: dict[int, int] = {}
    for p, kind in enumerate(kinds):
        if kind is None or kind[0] != "pinyin":
            continue
        for i, lang in langs:
            wanted = lang == kind[1] if kind[1] else primary_lang(lang or "") == "zh"
            if wanted and i not in found:
                found[i] = p
                break
    return found


def _entry(
    name: str,
    line: int,
    row_id: str | None,
    group: list[tuple[int, list[str], dict[str, str]]],
    langs: list[tuple[int, str | None]],
    pinyin: dict[int, int],
    header: list[str],
    ids: set[str],
    problems: list[Problem],
    warnings: list[Problem],
) -> Entry | None:
    terms: list[Term] = []
    first = group[0][2]
    for row_line, cells, row in group:
        status = _status(row.get("status", ""))
        if status is None:
            problems.append(
                Problem(
                    name,
                    f"unknown status {row['status']!r}",
                    row_line,
                    entry=row_id,
                    field="status",
                )
            )
            continue
        for i, lang in langs:
            text = cells[i].strip()
            if not text:
                continue
            reading = cells[pinyin[i]].strip() if i in pinyin else ""
            try:
                terms.append(Term(lang=lang, text=text, status=status, pinyin=reading or None))
            except ValidationError as exc:
                msg = exc.errors()[0]["msg"]
                problems.append(Problem(name, msg, row_line, entry=row_id, field=header[i]))
    entry_id = row_id or _slug(terms, line, ids)
    if not terms:
        warnings.append(Problem(name, "row without any term skipped", line, entry=entry_id))
        return None
    if entry_id in ids:
        problems.append(
            Problem(name, f"duplicate id {entry_id!r}", line, entry=entry_id, field="id")
        )
        return None
    definitions = {
        key[len(DEFINITION) :]: value.strip()
        for key, value in first.items()
        if key.startswith(DEFINITION) and value.strip()
    }
    try:
        return Entry(
            id=entry_id,
            subjects=tuple(s.strip() for s in first.get("subject", "").split(";") if s.strip()),
            definitions=definitions,
            notes=tuple(n for n in first.get("note", "").splitlines() if n.strip()),
            sources=tuple(s for s in first.get("source", "").splitlines() if s.strip()),
            terms=tuple(terms),
        )
    except ValidationError as exc:
        problems += validation_problems(exc, name, line, entry_id)
        return None


def _status(value: str) -> Status | None:
    value = value.strip()
    if not value:
        return Status.PREFERRED
    return STATUS_ALIASES.get(alias_key(value))


def _slug(terms: list[Term], line: int, ids: set[str]) -> str:
    base = next((s for t in terms if (s := _SLUG.sub("-", t.text.lower()).strip("-"))), "")
    base = base or f"row-{line}"
    slug, n = base, 2
    while slug in ids:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _read_pairs(name: str, rows: list[tuple[int, list[str]]], progress: Progress) -> ReadResult:
    """A headerless two-column MT glossary: the column with Chinese characters is ``zh``, the
    other ``en`` (a warning says so; with Chinese in neither, the languages are unknown: an
    error). A first row that names the columns (``Source, Target``) is skipped with a
    warning."""
    problems = [
        Problem(name, f"row has {len(cells)} cells; a glossary without a header has 2", line)
        for line, cells in rows
        if len(cells) != 2
    ]
    if problems:
        raise CSVError(problems)
    warnings: list[Problem] = []
    first = [c.strip() for c in rows[0][1]]
    named = [t for c in first if (t := language_of(c)) is not None]
    if all(c.casefold() in HEADER_WORDS for c in first) and len(set(named)) == len(named):
        names = ", ".join(first)
        warnings.append(
            Problem(name, f"first row {names!r} names the columns: skipped", rows[0][0])
        )
        rows = rows[1:]
        if not rows:
            return ReadResult([], [], warnings)
    han = [sum(has_han(cells[i]) for _, cells in rows) for i in (0, 1)]
    if not any(han):
        raise CSVError(
            [
                Problem(
                    name,
                    "no header row naming the languages and no Chinese in either column: "
                    "add a header row such as 'zh,en'",
                    rows[0][0],
                )
            ]
        )
    langs = ("zh", "en") if han[0] >= han[1] else ("en", "zh")
    warnings.append(
        Problem(
            name, f"no header row: columns read as {langs[0]} → {langs[1]} (by script)", rows[0][0]
        )
    )
    entries: list[Entry] = []
    locations: list[Location] = []
    ids: set[str] = set()
    for line, cells in rows:
        terms = [
            Term(lang=lang, text=text.strip(), status=Status.PREFERRED)
            for lang, text in zip(langs, cells, strict=True)
            if text.strip()
        ]
        if not terms:
            continue
        entry = Entry(id=_slug(terms, line, ids), terms=tuple(terms))
        ids.add(entry.id)
        entries.append(entry)
        locations.append(Location(name, line))
        tick(progress, len(entries))
    return ReadResult(entries, locations, warnings)


# --- writing -------------------------------------------------------------------------------


def _langs(entries: Sequence[Entry], langs: Sequence[str] | None) -> list[str]:
    if langs:
        return list(langs)
    found = dict.fromkeys(t.lang for e in entries for t in e.terms)
    first = [lang for lang in ("zh", "en") if lang in found]
    return first + sorted(set(found) - set(first))


def _open(out: Output) -> IO[str] | nullcontext[IO[str]]:
    if isinstance(out, (str, os.PathLike)):
        return atomic_open(out, newline="")  # type: ignore[return-value]
    return nullcontext(out)


def write_glossary(
    entries: Iterable[Entry],
    out: Output,
    *,
    langs: Sequence[str] | None = None,
    delimiter: str = ",",
) -> int:
    """Write the CAT glossary layout (see the module docstring) to a path (atomically) or an
    open text stream; return the number of rows.

    >>> import io
    >>> from ktermbase.model import Term
    >>> buf = io.StringIO()
    >>> write_glossary([Entry(id="chip", subjects=("ic",), terms=(
    ...     Term(lang="zh", text="芯片", status="preferred"),
    ...     Term(lang="en", text="chip", status="preferred"),
    ...     Term(lang="en", text="microchip", status="deprecated")))], buf)
    2
    >>> print(buf.getvalue())
    id,subject,zh,en,status,note,source
    chip,ic,芯片,chip,preferred,,
    chip,,,microchip,deprecated,,
    <BLANKLINE>
    """
    entries = list(entries)
    columns = _langs(entries, langs)
    read = {t.lang for e in entries for t in e.terms if t.pinyin}
    pinyin = [i for i, lang in enumerate(columns) if lang in read]
    defs = list(dict.fromkeys(lang for e in entries for lang in e.definitions))
    header = [
        "id",
        "subject",
        *columns,
        *(f"{PINYIN}{columns[i]}" for i in pinyin),
        *(DEFINITION + d for d in defs),
        "status",
        "note",
        "source",
    ]
    count = 0
    with _open(out) as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        for entry in entries:
            first = True
            for status in sorted(Status, key=lambda s: s.rank):
                by_lang = [
                    [t for t in entry.terms if t.lang == lang and t.status is status]
                    for lang in columns
                ]
                for k in range(max((len(x) for x in by_lang), default=0)):
                    row = [x[k] if k < len(x) else None for x in by_lang]
                    cells = [t.text if t else "" for t in row]
                    cells += [(t.pinyin or "") if (t := row[i]) else "" for i in pinyin]
                    head = [entry.id, "; ".join(entry.subjects) if first else ""]
                    tail = [
                        *(entry.definitions.get(d, "") if first else "" for d in defs),
                        status.value,
                        "\n".join(entry.notes) if first else "",
                        "\n".join(entry.sources) if first else "",
                    ]
                    writer.writerow([*head, *cells, *tail])
                    first = False
                    count += 1
    return count


def write_term_sets(
    entries: Iterable[Entry],
    out: Output,
    *,
    langs: Sequence[str] | None = None,
    delimiter: str = ",",
) -> int:
    """Write equivalent term sets: a header of language codes, one row per entry with its
    preferred term per language (entries with fewer than two such terms are left out).

    >>> import io
    >>> from ktermbase.model import Term
    >>> buf = io.StringIO()
    >>> e = Entry(id="c", terms=(Term(lang="en", text="chip", status="preferred"),
    ...                          Term(lang="zh", text="芯片", status="preferred")))
    >>> write_term_sets([e], buf)
    1
    >>> buf.getvalue()
    'zh,en\\n芯片,chip\\n'
    """
    entries = list(entries)
    columns = _langs(entries, langs)
    count = 0
    with _open(out) as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        for entry in entries:
            cells = [_preferred(entry, lang) or "" for lang in columns]
            if sum(bool(c) for c in cells) >= 2:
                writer.writerow(cells)
                count += 1
    return count


def _preferred(entry: Entry, lang: str) -> str | None:
    return next(
        (t.text for t in entry.terms if t.lang == lang and t.status is Status.PREFERRED), None
    )


def mt_clean(text: str) -> str:
    """A term as MT glossaries accept it: NFC, trimmed, no tab, line break or control character.

    >>> mt_clean("  line\\tone\\nline two ")
    'line one line two'
    """
    return _MT_SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def write_mt_glossary(
    entries: Iterable[Entry],
    out: Output,
    *,
    source: str = "zh",
    target: str = "en",
) -> list[Problem]:
    """Write the two-column MT glossary ``source → target`` (rules in the module docstring);
    return what was left out and why.

    >>> import io
    >>> from ktermbase.model import Term
    >>> e = [Entry(id=i, terms=(Term(lang="zh", text="芯片", status="preferred"),
    ...                         Term(lang="en", text=t, status="preferred")))
    ...      for i, t in (("a", "chip"), ("b", "die"))]
    >>> buf = io.StringIO()
    >>> [p.message for p in write_mt_glossary(e, buf)]
    ["duplicate source term '芯片' left out (first kept: entry 'a')"]
    >>> buf.getvalue()
    '芯片\\tchip\\n'
    """
    name = out if isinstance(out, str) else getattr(out, "name", "<stream>")
    skipped: list[Problem] = []
    seen: dict[str, str] = {}
    with _open(out) as f:
        for entry in entries:
            one_way = entry.one_way
            if one_way is not None and one_way != (primary_lang(source), primary_lang(target)):
                a, b = one_way
                message = f"one-way {a}→{b} entry left out of the {source}→{target} glossary"
                skipped.append(Problem(str(name), message, entry=entry.id))
                continue
            for src_term, tgt_term in _mt_pairs(entry, source, target):
                src, tgt = mt_clean(src_term.text), mt_clean(tgt_term.text)
                if not src or not tgt:
                    skipped.append(Problem(str(name), "empty term left out", entry=entry.id))
                    continue
                if src in seen:
                    message = (
                        f"duplicate source term {src!r} left out (first kept: entry {seen[src]!r})"
                    )
                    skipped.append(Problem(str(name), message, entry=entry.id))
                    continue
                seen[src] = entry.id
                f.write(f"{src}\t{tgt}\n")
    return skipped


def _mt_pairs(entry: Entry, source: str, target: str) -> list[tuple[Term, Term]]:
    """Each preferred source term with the preferred target term of the same term type (a
    short form with a short form), else with the first preferred target term."""
    sources = [t for t in entry.terms_in(source) if t.status is Status.PREFERRED]
    if not any(t.status is Status.PREFERRED for t in entry.terms_in(target)):
        return []
    return [(s, t) for s in sources if (t := entry.equivalent(s, target)) is not None]
