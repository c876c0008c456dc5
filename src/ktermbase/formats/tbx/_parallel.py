"""Reading a large TBX file in two processes: the parent reads the first part of the file while
a forked worker reads the rest, and the worker's entries are joined to the parent's.

Parsing and mapping a TBX file is CPU-bound work. Threads do not share it: measured here,
lxml parsing the benchmark file in a thread took 1.0 s with the main thread idle and 2.4 s beside
a busy one, against 0.7 s alone; two threads parsing took 1.6 s each. A second process does:
two processes parse at full speed each. The split keeps every
byte of the file in exactly one part and the parse of each part as strict as the whole:

- the worker's stream is the file's head up to its first entry (XML declaration, DOCTYPE, root
  element with its namespaces, header) followed by the file from the split point to the end;
- the parent's stream is the file up to the split point followed by the end tags that close
  the elements around the entries (``</body></text></martif>``);
- the split point is the start of a line that begins with an entry's start tag. Both streams
  must parse: a split inside a comment, a CDATA section or a differently nested element breaks
  one of them.

The worker's lines count from its own stream; the parent shifts them (entries, warnings,
crossReference targets) by the lines between the head and the split point.

Anything unusual sends the caller back to the serial reader (``read_in_two`` answers
``False``): a file too small to gain, no second core, no ``fork`` (the worker must not re-run
the user's program, as ``spawn`` would), a multi-byte encoding that a byte split could cut,
either part failing to parse, an error in the worker's part (the serial reader lists every
error in order), an entry without an id there (it is named after its line), or an entry id in
both parts (renaming duplicates is an order-dependent decision). The joined result equals the
serial reader's, warnings included: ``tests/test_tbx_parallel.py`` compares them.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import re
import signal
import sys
import threading
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from ...model import Entry, Term, shared_fields_set, trusted
from .. import Location
from ._fast import ENTRY_FIELDS, PACK, TERM_ENUMS, TERM_FIELDS, UNPACK
from ._tables import ENTRY_ELEMENTS
from ._xml import SAFE_OPTIONS, local

__all__ = ["MIN_BYTES", "read_in_two"]

# Below this size a second process saves tens of milliseconds (measured: a 7 MiB file 0.22 s ->
# 0.17 s, 17 MiB 0.56 s -> 0.42 s): not worth a process.
MIN_BYTES = 16 << 20
# The parent's share of the file's bytes: the worker also packs and sends its entries, which
# costs it more than rebuilding them costs the parent; at these shares both end together
# (measured on the 100k benchmark file with and without the compiled fast path).
_SHARE = 0.56 if UNPACK is not None else 0.62
_HEAD = 1 << 16  # the first entry must start within this many bytes
_WINDOW = 1 << 20  # the split point must be found within this many bytes of the middle

if TYPE_CHECKING:
    from .reading import _Reader


@dataclass(frozen=True)
class _Plan:
    """Where the file is cut: byte offsets and the end tags that close the first part."""

    size: int
    prefix_end: int  # the first entry's start tag
    head_newlines: int  # newlines before it
    split: int  # the start tag of the worker's first entry
    closing: bytes


class _Slices:
    """A binary stream of byte ranges of one file, then ``tail``; counts the newlines read.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "f.xml"
    >>> _ = path.write_bytes(b"ab\\ncd\\nef")
    >>> s = _Slices(str(path), [(0, 3), (6, 8)], b"!")
    >>> s.read(100), s.read(100), s.newlines
    (b'ab\\nef!', b'', 1)
    """

    def __init__(self, path: str, spans: list[tuple[int, int]], tail: bytes = b"") -> None:
        self._file = Path(path).open("rb")  # noqa: SIM115 - closed when exhausted or by close()
        self._spans = list(spans)
        self._tail = tail
        self.newlines = 0

    def read(self, size: int = -1) -> bytes:
        out = []
        want = size if size >= 0 else sys.maxsize
        while want > 0 and self._spans:
            start, end = self._spans[0]
            self._file.seek(start)
            chunk = self._file.read(min(want, end - start))
            if not chunk:  # the file shrank under us: stop at what is there
                self._spans.clear()
                break
            self._spans[0] = (start + len(chunk), end)
            if start + len(chunk) >= end:
                self._spans.pop(0)
            self.newlines += chunk.count(b"\n")
            out.append(chunk)
            want -= len(chunk)
        if want > 0 and not self._spans and self._tail:
            out.append(self._tail[:want])
            self._tail = self._tail[want:]
        if not self._spans and not self._tail:
            self._file.close()
        return b"".join(out)

    def close(self) -> None:
        self._file.close()


def _can_fork() -> bool:
    """A ``fork`` worker is possible now (``fork_available``) and safe: one thread (forking a
    threaded process can deadlock the child on a lock another thread held), not a daemonic
    process (a ``multiprocessing.Pool`` worker may not have children)."""
    if not fork_available() or threading.active_count() != 1 or _os_threads() > 1:
        return False
    return not multiprocessing.current_process().daemon


def fork_available() -> bool:
    """This platform can fork a useful worker: POSIX but not macOS (whose system libraries are
    not fork-safe), and two cores."""
    if sys.platform == "darwin" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2


def _os_threads() -> int:
    """The threads of this process as the kernel counts them (native ones too: a BLAS pool, a
    C library's helper), or 1 where that cannot be read."""
    try:
        status = Path("/proc/self/status").read_text("ascii", "replace")
    except OSError:
        return 1
    found = re.search(r"^Threads:\s*(\d+)", status, re.M)
    return int(found.group(1)) if found else 1


_UTF16_32 = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_WIDE_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["'](utf-?16|utf-?32|ucs|iso-2022)""", re.I)


def _plan(path: str) -> _Plan | None:
    """Where to cut ``path``, or ``None`` when it should be read in one piece."""
    size = Path(path).stat().st_size
    if size < MIN_BYTES or not _can_fork():
        return None
    with Path(path).open("rb") as f:
        head = f.read(_HEAD)
        if head.startswith(_UTF16_32) or b"\x00" in head or _WIDE_ENCODING.match(head):
            return None  # a byte split could cut a character, and "\n<" is not what it looks
        found = _first_entry(path)
        if found is None:
            return None
        name, line, closing = found
        start_tag = re.compile(rb"<" + re.escape(name) + rb"[\s/>]")
        first = start_tag.search(head)
        if first is None or head.count(b"\n", 0, first.start()) + 1 != line:
            return None
        middle = int(size * _SHARE)
        f.seek(middle)
        window = f.read(_WINDOW)
    split = re.compile(rb"\n[ \t]*(<" + re.escape(name) + rb"[\s/>])").search(window)
    if split is None:
        return None
    return _Plan(size, first.start(), line - 1, middle + split.start(1), closing)


def _first_entry(path: str) -> tuple[bytes, int, bytes] | None:
    """The qualified name of the first entry element, its line, and the end tags of the
    elements around it; ``None`` when there is none or a name is not ASCII."""
    context = etree.iterparse(
        path, events=("start",), tag=[f"{{*}}{n}" for n in ENTRY_ELEMENTS], **SAFE_OPTIONS
    )
    try:
        for _, el in context:
            names = [_qname(a) for a in el.iterancestors()]
            line = el.sourceline
            if not isinstance(line, int) or not all(n.isascii() for n in [*names, _qname(el)]):
                return None
            closing = "".join(f"</{n}>" for n in names).encode("ascii")
            return _qname(el).encode("ascii"), line, closing
    except etree.XMLSyntaxError:
        return None  # the serial reader reports it
    return None


def _qname(el: etree._Element) -> str:
    return f"{el.prefix}:{local(el.tag)}" if el.prefix else local(el.tag)


# --- the worker ------------------------------------------------------------------------------

# Entries cross the pipe as ``marshal`` data (three times as fast to write as pickled models):
# each entry a tuple of its fields' values in the model's order, its terms' tuples in place of
# the terms, then the index of its fields-set in a list sent once (``shared_fields_set`` makes
# them the caller's own); a term's tuple likewise, its enumerations as their values. The
# compiled fast path packs and rebuilds about ten times faster than the Python here.


def _pack(entries: list[Entry]) -> bytes:
    """``entries`` as bytes for the pipe."""
    if PACK is not None:
        return marshal.dumps(PACK(entries))
    sets: list[set[str]] = []
    index: dict[int, int] = {}

    def row(model: Entry | Term, values: tuple[Any, ...]) -> tuple[Any, ...]:
        given = model.__pydantic_fields_set__
        at = index.setdefault(id(given), len(sets))
        if at == len(sets):
            sets.append(given)
        return (*values, at)

    def term(t: Term) -> tuple[Any, ...]:
        values = tuple(
            v if enum is None or v is None else v.value
            for v, enum in zip((t.__dict__[k] for k in TERM_FIELDS), TERM_ENUMS, strict=True)
        )
        return row(t, values)

    rows = [
        row(
            e,
            tuple(
                tuple(term(t) for t in e.terms) if k == "terms" else e.__dict__[k]
                for k in ENTRY_FIELDS
            ),
        )
        for e in entries
    ]
    return marshal.dumps((rows, sets))


def _unpack(data: bytes) -> list[Entry]:
    """The entries ``_pack`` took apart (their values were validated where they were read)."""
    rows, sets = marshal.loads(data)
    sets = [shared_fields_set(s) for s in sets]
    if UNPACK is not None:
        return UNPACK(rows, sets)

    def term(values: tuple[Any, ...]) -> Term:
        fields = {
            k: v if enum is None or v is None else enum[v]
            for k, v, enum in zip(TERM_FIELDS, values, TERM_ENUMS, strict=False)
        }
        return trusted(Term, fields, sets[values[-1]])

    entries: list[Entry] = []
    for values in rows:
        fields = dict(zip(ENTRY_FIELDS, values, strict=False))
        fields["terms"] = tuple(term(t) for t in fields["terms"])
        entries.append(trusted(Entry, fields, sets[values[-1]]))
    return entries


def _read_second_part(path: str, plan: _Plan, conn: Connection, done: Any) -> None:
    """The worker: read the file's head and its second part; send the entries, their lines and
    crossReference targets, or ``None`` when the part needs the serial reader."""
    from .reading import _Reader, read_stream  # here, not at the top: reading imports this

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills us
    try:
        reader = _Reader(path, lambda n: setattr(done, "value", n))
        stream = _Slices(path, [(0, plan.prefix_end), (plan.split, plan.size)])
        read_stream(reader, stream)
        if reader.errors or reader.named_by_line:  # the name holds a line of the worker's
            conn.send(None)
        else:
            packed = _pack(reader.entries)
            conn.send(([loc.line for loc in reader.locations], reader.targets, reader.warnings))
            conn.send_bytes(packed)
    except Exception:  # whatever it was, the serial reader will say it properly
        conn.send(None)
    finally:
        conn.close()


def read_in_two(path: str, reader: _Reader) -> bool:
    """Read ``path`` into ``reader`` with a worker process for its second part; ``False`` when
    the file should be read serially instead (``reader`` is then to be discarded)."""
    from .reading import read_stream

    plan = _plan(path)
    if plan is None:
        return False
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    done = ctx.Value("q", 0, lock=False)
    worker = ctx.Process(
        target=_read_second_part, args=(path, plan, send, done), daemon=True, name="ktermbase-tbx"
    )
    try:
        worker.start()
    except OSError:  # no fork today (process or memory limits): read it serially
        send.close()
        receive.close()
        return False
    send.close()
    own_progress = reader.progress
    if own_progress is not None:
        reader.progress = lambda n: own_progress(n + done.value)  # both parts so far
    try:
        stream = _Slices(path, [(0, plan.split)], plan.closing)
        try:
            read_stream(reader, stream)
        except (etree.XMLSyntaxError, OSError, ValueError):
            return False
        finally:
            stream.close()
        try:
            result = receive.recv()
            packed = receive.recv_bytes() if result is not None else b""
        except EOFError:  # the worker died
            return False
    finally:
        reader.progress = own_progress
        if worker.is_alive():
            worker.kill()
        worker.join()
        receive.close()
    if result is None or reader.errors:
        return False
    lines, targets, warnings = result
    entries = _unpack(packed)
    ids = {e.id for e in entries}
    if len(ids) != len(entries) or not ids.isdisjoint(reader.ids):
        return False
    # A worker line counts from its stream: the head's lines, then the file from the split on.
    shift = stream.newlines - plan.head_newlines
    offset = len(reader.entries)
    reader.entries.extend(entries)
    reader.locations.extend(Location(path, None if n is None else n + shift) for n in lines)
    reader.ids |= ids
    reader.warnings.extend(
        w if w.line is None else replace(w, line=w.line + shift) for w in warnings
    )
    for index, found in targets.items():
        reader.targets[index + offset] = [
            (t, text, None if n is None else n + shift) for t, text, n in found
        ]
    if own_progress is not None:
        own_progress(len(reader.entries))
    return True
