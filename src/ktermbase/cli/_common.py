"""What every command shares: the ``--termbase`` and ``--format`` options, loading with
clear errors, and output that is coloured on a terminal and plain when piped."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from ..errors import KTermbaseError
from ..termbase import TermBase, load

F = TypeVar("F", bound=Callable[..., Any])

# Exit codes, as linters use them.
EXIT_CLEAN, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


def termbase_option(func: F) -> F:
    """``--termbase PATH`` (repeatable): use these files or folders instead of the shipped ones."""
    return click.option(
        "--termbase",
        "termbase_paths",
        multiple=True,
        type=click.Path(exists=True, dir_okay=True, file_okay=True),
        metavar="PATH",
        help="Term file or folder (TOML, TBX, CSV, TSV) to use instead of the shipped term "
        "base; repeatable.",
    )(func)


def format_option(func: F) -> F:
    """``--format text|json``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Human-readable text, or JSON for programs.",
    )(func)


def open_termbase(paths: Sequence[str]) -> TermBase:
    """Load the term base, turning a bad term file into a clear message and exit code 2."""
    progress = ProgressLine.on_terminal("loading") if paths else None
    try:
        if progress is not None:
            click.echo(click.style(f"loading {', '.join(paths)} …", dim=True), err=True)
        tb = load(*paths, progress=progress)
    except KTermbaseError as exc:
        fail(str(exc))
    finally:
        if progress is not None:
            progress.end()
    if tb.warnings:
        listed = f"ktermbase validate {' '.join(paths)}"
        message = f"{count(len(tb.warnings), 'warning')} while loading ({listed} lists them)"
        click.echo(click.style(message, dim=True), err=True)
    return tb


class ProgressLine:
    """A count of entries on stderr, rewritten in place, for long reads and writes.

    >>> ProgressLine.on_terminal("reading") is None  # stderr is not a terminal here
    True
    """

    def __init__(self, verb: str, total: int | None = None) -> None:
        self.verb = verb
        self.total = total
        self.shown = False

    @classmethod
    def on_terminal(cls, verb: str, total: int | None = None) -> ProgressLine | None:
        """A progress line when stderr is a terminal and the work is long (or of unknown
        length); ``None`` otherwise, so piped output stays plain."""
        if not sys.stderr.isatty() or (total is not None and total < 5000):
            return None
        return cls(verb, total)

    def __call__(self, n: int) -> None:
        of = f"/{self.total}" if self.total is not None else ""
        click.echo(f"\r{self.verb} {n}{of} entries", err=True, nl=False)
        self.shown = True

    def end(self) -> None:
        """End the line (if anything was shown), so what follows starts on a new one."""
        if self.shown:
            click.echo("", err=True)
            self.shown = False


def count(n: int, noun: str) -> str:
    """``n`` and the noun, singular for one (the nouns of these messages are regular).

    >>> count(1, "entry"), count(3, "entry"), count(2, "warning")
    ('1 entry', '3 entries', '2 warnings')
    """
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def note_index_build(tb: TermBase, what: str) -> None:
    """Say on a terminal that an index is being built when that takes a while (a term base of
    50,000 entries or more: about a second per 100,000)."""
    if len(tb) >= 50_000 and sys.stderr.isatty():
        message = f"building the {what} index for {count(len(tb), 'entry')} …"
        click.echo(click.style(message, dim=True), err=True)


def fail(message: str) -> NoReturn:
    """Print an error to stderr and exit with the usage/input error code."""
    click.echo(click.style("error: ", fg="red", bold=True) + message, err=True)
    sys.exit(EXIT_USAGE)


def echo_json(data: Any) -> None:
    """Print ``data`` as JSON (UTF-8, not ASCII-escaped), for programs."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


STATUS_COLOURS = {
    "preferred": "green",
    "admitted": "cyan",
    "deprecated": "red",
    "superseded": "yellow",
}


def status_label(status: str) -> str:
    """A status, coloured on a terminal."""
    return click.style(status, fg=STATUS_COLOURS.get(status))
