"""``check`` and ``fix``: check an English translation against the term base (and its
Chinese source), as compilers report errors, or write the corrected text."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from ..checks import Issue, Severity, check, fix
from ..formats._atomic import atomic_open
from ._common import (
    EXIT_CLEAN,
    EXIT_FOUND,
    echo_json,
    fail,
    format_option,
    note_index_build,
    open_termbase,
    termbase_option,
)

__all__ = ["check_command", "fix_command", "read_text"]

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
_CONTEXT = 40
_SPAN = 80


def read_text(path: str) -> str:
    """The UTF-8 text of ``path`` (``-``: standard input), or exit 2 with a clear message.

    A byte-order mark is dropped; line ends are kept as they are.

    >>> import codecs, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = p.write_bytes(codecs.BOM_UTF8 + "my country".encode("utf-8"))
    >>> read_text(str(p))
    'my country'
    """
    name = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        fail(f"{name}: cannot read: {exc.strerror or exc}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        fail(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 first"
        )


def _inputs(file: str, source_file: str | None) -> tuple[str, str | None]:
    if file == "-" and source_file == "-":
        fail("the text and its source cannot both be read from standard input")
    return read_text(file), (read_text(source_file) if source_file else None)


def _position(text: str, offset: int) -> tuple[int, int, int]:
    """1-based line and column of ``offset``, and where its line starts."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1, line_start


def render_issue(name: str, text: str, issue: Issue) -> str:
    """One issue as a compiler prints it: location, severity, rule, message and suggestion,
    then the span shown in (a window of) its line with a caret underline.

    >>> issue = Issue("spelling", Severity.ERROR, 4, 7, "teh", "unknown word", ("the",))
    >>> print(click.unstyle(render_issue("a.txt", "see teh end", issue)))
    a.txt:1:5: error spelling: unknown word → the
        see teh end
            ^^^
    """
    line, col, line_start = _position(text, issue.start)
    line_end = text.find("\n", issue.start)
    line_end = len(text) if line_end < 0 else line_end
    end = min(issue.end, line_end)
    shown = text[issue.start : end]
    if len(shown) > _SPAN:  # a whole sentence (an omission): show its start
        shown, end = shown[: _SPAN - 1] + "…", issue.start + _SPAN - 1
    lo, hi = max(line_start, issue.start - _CONTEXT), min(line_end, end + _CONTEXT)
    head = ("…" if lo > line_start else "") + text[lo : issue.start]
    tail = "" if shown.endswith("…") else text[end:hi] + ("…" if hi < line_end else "")
    colour = _COLOURS[issue.severity]
    suggestion = f" → {issue.replacements[0]}" if issue.replacements else ""
    return "\n".join(
        [
            click.style(f"{name}:{line}:{col}: ", bold=True)
            + click.style(issue.severity.value, fg=colour, bold=True)
            + f" {issue.rule}: {issue.message}"
            + click.style(suggestion, fg="green"),
            "    " + head + click.style(shown, fg=colour, bold=True) + tail,
            "    " + " " * len(head) + click.style("^" * max(1, len(shown)), fg="green"),
        ]
    )


source_option = click.option(
    "--source",
    "source_file",
    type=click.Path(dir_okay=False),
    metavar="ZH_FILE",
    help="The Chinese source the text translates.",
)


@click.command("check")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@source_option
@format_option
@click.option(
    "--min-severity",
    type=click.Choice([s.value for s in Severity]),
    default="info",
    show_default=True,
    help="Report (and fail on) issues at or above this level.",
)
@termbase_option
def check_command(
    file: str, source_file: str | None, fmt: str, min_severity: str, termbase_paths: tuple[str, ...]
) -> None:
    """Check the English text in FILE ("-" reads standard input) against the term base.

    Exit 0 when no issue is at or above --min-severity, 1 otherwise, 2 on bad input.
    """
    text, source = _inputs(file, source_file)
    tb = open_termbase(termbase_paths)
    note_index_build(tb, "term")
    floor = Severity(min_severity).level
    found = check(text, source=source, termbase=tb)
    issues = [i for i in found if i.severity.level >= floor]
    if fmt == "json":
        fixed = fix(text, source=source, termbase=tb, issues=found)[0]
        echo_json({"issues": [i.to_dict() for i in issues], "fixed": fixed})
    else:
        name = "<stdin>" if file == "-" else file
        for issue in issues:
            click.echo(render_issue(name, text, issue))
        counts = {s: sum(i.severity is s for i in issues) for s in Severity}
        summary = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        click.echo(summary or "no issues", err=True)
    sys.exit(EXIT_FOUND if issues else EXIT_CLEAN)


@click.command("fix")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@source_option
@click.option("--diff", "as_diff", is_flag=True, help="Print a unified diff instead of the text.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    metavar="OUT",
    help="Write the corrected text to OUT (atomically) instead of standard output.",
)
@termbase_option
def fix_command(
    file: str,
    source_file: str | None,
    as_diff: bool,
    output: str | None,
    termbase_paths: tuple[str, ...],
) -> None:
    """Write FILE ("-" reads standard input) with every confident error corrected.

    Only errors with a replacement are applied (see ``ktermbase check``); the count of fixes
    goes to standard error.
    """
    text, source = _inputs(file, source_file)
    tb = open_termbase(termbase_paths)
    note_index_build(tb, "term")
    fixed, applied = fix(text, source=source, termbase=tb)
    if as_diff:
        name = "<stdin>" if file == "-" else file
        diff = difflib.unified_diff(
            text.splitlines(keepends=True), fixed.splitlines(keepends=True), name, name + " (fixed)"
        )
        result = "".join(line if line.endswith("\n") else line + "\n" for line in diff)
    else:
        result = fixed
    if output:
        try:
            with atomic_open(output, newline="") as f:
                f.write(result)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    else:
        click.echo(result, nl=False)
    click.echo(f"{len(applied)} fix{'es' if len(applied) != 1 else ''} applied", err=True)
    sys.exit(EXIT_CLEAN)
