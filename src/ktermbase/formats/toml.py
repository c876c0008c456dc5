"""The human-edited term files of ``terms/``: one TOML file per subject field.

A file names its subject field once and then lists entries, each with its terms::

    [file]
    subject = "economic-security"

    [[entry]]
    id = "strategic-autonomy"
    definition.en = "..."
    definition.zh = "..."
    sources = ["Tokyo Foundation (2022)"]

    [[entry.term]]
    lang = "zh"
    text = "战略自主性"
    status = "preferred"

The reader validates everything and reports every problem at once, each with the file, the
line of the entry or term, the entry id and the field; a file with any problem loads nothing.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.toml"
>>> _ = p.write_text('''[file]
... subject = "demo"
... [[entry]]
... id = "a"
... definition = {en = "A thing.", zh = "一物。"}
... sources = ["me"]
... [[entry.term]]
... lang = "zh"
... text = "甲"
... status = "preferred"
... [[entry.term]]
... lang = "en"
... text = "a"
... status = "prefered"
... ''', encoding="utf-8")
>>> read_toml(p)
Traceback (most recent call last):
...
ktermbase.errors.TermFileError: 1 problem found; nothing was loaded
  ...t.toml:11: entry 'a', term[1].status: Input should be 'preferred', 'admitted', ...
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._bulk import paused_gc
from ..errors import Problem, TermFileError
from ..model import Entry, Status
from . import Location, Progress, ReadResult, tick
from ._atomic import atomic_open

__all__ = ["REQUIRED_LANGS", "read_toml", "write_toml"]

# Every entry of a term file needs a preferred term in each of these languages.
REQUIRED_LANGS = ("zh", "en")

_FILE_KEYS = {"subject", "title", "description"}
_ENTRY_KEYS = {"id", "subjects", "definition", "notes", "sources", "related", "term", "extra"}
_HEADER = re.compile(r"^\s*\[\[\s*entry(\s*\.\s*term)?\s*\]\]")
_LINE_IN_ERROR = re.compile(r"line (\d+), column (\d+)")


def _header_lines(text: str) -> list[tuple[int, list[int]]]:
    """Line numbers of each ``[[entry]]`` header and of the ``[[entry.term]]`` under it."""
    found: list[tuple[int, list[int]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line)
        if not m:
            continue
        if m.group(1) is None:
            found.append((number, []))
        elif found:
            found[-1][1].append(number)
    return found


def read_toml(path: str | os.PathLike[str], *, progress: Progress = None) -> ReadResult:
    """Read and validate one term file; raise ``TermFileError`` listing every problem.
    ``progress`` is called every 1000 entries validated (after the file is parsed)."""
    with paused_gc():
        return _read(path, progress)


def _read(path: str | os.PathLike[str], progress: Progress) -> ReadResult:
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TermFileError([Problem(name, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise TermFileError([Problem(name, f"cannot read: {exc.strerror}")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _LINE_IN_ERROR.search(str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        message = _LINE_IN_ERROR.sub("", str(exc)).rstrip(" ()")
        raise TermFileError([Problem(name, f"TOML syntax: {message}", line, col)]) from None
    entries, locations, problems = _entries_from(data, name, _header_lines(text), progress)
    if problems:
        raise TermFileError(problems, partial=ReadResult(entries, locations))
    return ReadResult(entries, locations)


def _entries_from(
    data: Mapping[str, Any], name: str, headers: list[tuple[int, list[int]]], progress: Progress
) -> tuple[list[Entry], list[Location], list[Problem]]:
    problems: list[Problem] = []
    meta = data.get("file", {})
    for key in sorted(set(data) - {"file", "entry"}):
        problems.append(Problem(name, f"unknown top-level key {key!r}", field=key))
    if not isinstance(meta, dict):
        meta = {}
        problems.append(Problem(name, "[file] must be a table", field="file"))
    for key in sorted(set(meta) - _FILE_KEYS):
        problems.append(Problem(name, f"unknown key {key!r} in [file]", field=f"file.{key}"))
    subject = meta.get("subject")
    if not isinstance(subject, str) or not subject.strip():
        problems.append(Problem(name, '[file] needs a subject = "..."', field="file.subject"))
        subject = None
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        problems.append(Problem(name, "entry must be an array of tables ([[entry]])"))
        raw_entries = []
    entries: list[Entry] = []
    locations: list[Location] = []
    for index, raw in enumerate(raw_entries):
        entry_line, term_lines = headers[index] if index < len(headers) else (None, [])
        entry_id = raw.get("id") if isinstance(raw, dict) else None
        eid = entry_id if isinstance(entry_id, str) else f"#{index + 1}"

        def problem(msg: str, fld: str | None = None, line: int | None = entry_line) -> None:
            problems.append(Problem(name, msg, line, entry=eid, field=fld))  # noqa: B023

        if not isinstance(raw, dict):
            problem("an entry must be a table")
            continue
        for key in sorted(set(raw) - _ENTRY_KEYS):
            problem(f"unknown key {key!r}", key)
        fields = {k: v for k, v in raw.items() if k in _ENTRY_KEYS}
        if "definition" in fields:
            fields["definitions"] = fields.pop("definition")
        raw_terms = fields.pop("term", [])
        fields["terms"] = raw_terms
        if "subjects" not in fields and subject:
            fields["subjects"] = [subject]
        try:
            entry = Entry.model_validate(fields)
        except ValidationError as exc:
            for err in exc.errors():
                loc = list(err["loc"])
                line = entry_line
                if loc[:1] == ["terms"] and len(loc) > 1 and isinstance(loc[1], int):
                    if loc[1] < len(term_lines):
                        line = term_lines[loc[1]]
                    loc[0:2] = [f"term[{loc[1]}]"]
                elif loc[:1] == ["definitions"]:
                    loc[0] = "definition"
                msg = err["msg"]
                if err["type"] == "extra_forbidden":
                    msg = f"unknown key {loc[-1]!r}"
                problem(msg, ".".join(str(p) for p in loc), line)
            continue
        for lang in REQUIRED_LANGS:
            if not any(t.status is Status.PREFERRED for t in entry.terms_in(lang)):
                problem(f"no preferred {lang!r} term", "term")
        entries.append(entry)
        locations.append(Location(name, entry_line))
        tick(progress, len(entries))
    return entries, locations, problems


# --- writing -------------------------------------------------------------------------------


def _q(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but for DEL)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _array(values: Iterable[str]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def dumps_toml(entries: Iterable[Entry], *, subject: str) -> str:
    """Serialise entries in the term-file format (the reader reads it back model-equal).

    >>> from ktermbase.model import Term
    >>> e = Entry(id="a", subjects=("demo",), terms=(Term(lang="en", text='say "hi"'),))
    >>> print(dumps_toml([e], subject="demo"))
    [file]
    subject = "demo"
    <BLANKLINE>
    [[entry]]
    id = "a"
    <BLANKLINE>
    [[entry.term]]
    lang = "en"
    text = "say \\"hi\\""
    status = "admitted"
    <BLANKLINE>
    """
    out = ["[file]", f"subject = {_q(subject)}", ""]
    for entry in entries:
        out += ["[[entry]]", f"id = {_q(entry.id)}"]
        if entry.subjects != (subject,):
            out.append(f"subjects = {_array(entry.subjects)}")
        for lang, text in entry.definitions.items():
            out.append(f"definition.{_key(lang)} = {_q(text)}")
        for key in ("notes", "sources", "related", "extra"):
            values = getattr(entry, key)
            if values:
                out.append(f"{key} = {_array(values)}")
        for term in entry.terms:
            out += ["", "[[entry.term]]"]
            for key, value in term.model_dump(exclude_defaults=False).items():
                if key == "extra":
                    if value:
                        out.append(f"extra = {_array(value)}")
                elif value is not None:
                    out.append(f"{key} = {_q(str(value))}")
        out.append("")
    return "\n".join(out)


def _key(lang: str) -> str:
    return lang if re.fullmatch(r"[A-Za-z0-9_-]+", lang) else _q(lang)


def write_toml(
    entries: Iterable[Entry], path: str | os.PathLike[str], *, subject: str = "general"
) -> None:
    """Write entries as one term file, atomically."""
    with atomic_open(path) as f:
        f.write(dumps_toml(entries, subject=subject))
