"""The ``ktermbase`` command line: a thin layer over the Python API.

Exit codes as linters use them: 0 clean or found, 1 issues found or nothing found,
2 usage or input error.
"""

from __future__ import annotations

import os
import sys

import click

from .check import check_command, fix_command
from .entry import lookup, stats, validate
from .exchange import convert, export
from .search import search

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ktermbase")
def cli() -> None:
    """ktermbase: a Chinese/English term base for S&T and economic-security policy.

    Look terms up, search by pinyin or with typos, check and fix English translations,
    and exchange term bases as TBX or CSV.
    """


for _command in (lookup, stats, validate, export, convert):
    cli.add_command(_command)
cli.add_command(search)
cli.add_command(check_command)
cli.add_command(fix_command)


def main() -> None:
    """Console-script entry point. A reader that stops early (``ktermbase export | head``)
    ends the program quietly, as it ends other command-line tools."""
    try:
        cli(prog_name="ktermbase")
    except BrokenPipeError:
        # Python flushes stdout once more on exit: point it at /dev/null so that flush cannot
        # fail too (the recipe of the signal module's documentation).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
