"""Atomic file output: write to a temporary file beside the target, then rename.

An interrupted export never leaves a truncated file in place of the old one. The new file gets
the permissions the old one had, or those a plain ``open`` would give (0666 less the umask), not
the private 0600 of a temporary file.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_open(d / "out.txt") as f:
...     _ = f.write("done")
>>> (d / "out.txt").read_text(), sorted(p.name for p in d.iterdir())
('done', ['out.txt'])
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

__all__ = ["atomic_open"]


@overload
def atomic_open(
    path: str | os.PathLike[str], mode: Literal["w"] = "w", *, newline: str | None = None
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_open(
    path: str | os.PathLike[str], mode: Literal["wb"], *, newline: str | None = None
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", *, newline: str | None = None
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """Open ``path`` for writing through a temporary file that replaces it on success."""
    manager: contextlib.AbstractContextManager[IO[Any]] = _atomic(Path(path), mode, newline)
    return manager


@contextlib.contextmanager
def _atomic(path: Path, mode: str, newline: str | None) -> Iterator[IO[str] | IO[bytes]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        if "b" in mode:
            f: IO[str] | IO[bytes] = os.fdopen(fd, "wb")
        else:
            f = os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).chmod(_mode_for(path))
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise


def _mode_for(path: Path) -> int:
    """The permission bits ``path`` should get: its current ones, or 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(umask)
        return 0o666 & ~umask
