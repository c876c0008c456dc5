"""TBX exchange: ``read_tbx`` reads every TBX version and dialect, streaming; ``write_tbx``
writes TBX v3 (TBX-Basic v1.2.1 by default, TBX-Basic Version 4, TBX-Core) or TBX 2008, atomically.

Modules: ``reading`` and ``writing`` (the two directions), ``_tables`` (the dialect mappings, as
data), ``_xml`` (safe parsing, escaping, ids), ``checking`` (dialect rules for ``validate``) and
``schemas`` (validation against the official RelaxNG and Schematron files).

>>> import tempfile, pathlib
>>> from ktermbase.model import Entry, Term
>>> e = Entry(id="chip", definitions={"en": "An integrated circuit."},
...           terms=(Term(lang="zh", text="芯片", status="preferred", pinyin="xīnpiàn"),
...                  Term(lang="en", text="chip", status="preferred", pos="noun")))
>>> p = pathlib.Path(tempfile.mkdtemp()) / "chip.tbx"
>>> write_tbx([e], p)
1
>>> read_tbx(p).entries == [e]
True
"""

from __future__ import annotations

from .reading import read_tbx
from .writing import DIALECTS, iter_tbx, write_tbx

__all__ = ["DIALECTS", "iter_tbx", "read_tbx", "write_tbx"]
