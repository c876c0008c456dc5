"""Build hook: compile the TBX reader's fast path (``src/ktermbase/formats/tbx/_cfast.c``).

The extension is optional. It is built with the C compiler Python itself was built with, against
lxml's bundled headers (no library is linked); when there is no compiler, or the compile
fails, the install goes on without it and the same reading runs in Python, about 1.6 times
slower (benchmarks/exchange.md). ``KTERMBASE_NO_EXTENSION=1`` skips it on purpose.

A wheel gets the module in the package and a platform tag; an editable install gets it next to
the source, where the editable package is imported from.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("src/ktermbase/formats/tbx/_cfast.c")


def _compile(source: Path, out: Path) -> str | None:
    """Compile ``source`` into the extension module ``out``; the reason when it cannot."""
    try:
        import lxml
    except ImportError:
        return "lxml is not installed in the build environment"
    # as setuptools does: the environment's LDSHARED and CFLAGS before Python's own settings
    ldshared = os.environ.get("LDSHARED") or sysconfig.get_config_var("LDSHARED")
    if not ldshared or sys.platform == "win32":
        return "no C compiler is configured for this Python"
    command = [
        *shlex.split(ldshared),
        *shlex.split(sysconfig.get_config_var("CCSHARED") or ""),
        "-O2",
        *shlex.split(os.environ.get("CFLAGS", "")),
        "-I" + sysconfig.get_paths()["include"],
        *("-I" + d for d in lxml.get_include()),  # type: ignore[attr-defined]
        str(source),
        "-o",
        str(out),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        return f"cannot run the C compiler: {exc}"
    if done.returncode != 0:
        return f"the C compiler failed:\n{done.stderr.strip()}"
    return None


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Hatchling's hook: compile before the wheel (or editable wheel) is assembled."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        source = Path(self.root) / SOURCE
        name = "_cfast" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so")
        if version == "editable":
            out = source.with_name(name)
            out.unlink(missing_ok=True)  # a module built from an older source must not linger
        else:
            out = Path(tempfile.mkdtemp(prefix="ktermbase-build-")) / name
        if os.environ.get("KTERMBASE_NO_EXTENSION"):
            return
        problem = _compile(source, out)
        if problem is not None:
            print(
                f"ktermbase: the compiled TBX fast path was not built ({problem}); "
                "TBX files are read by the same code in Python, more slowly.",
                file=sys.stderr,
            )
            return
        if version != "editable":
            build_data["force_include"][str(out)] = str(SOURCE.with_name(name).relative_to("src"))
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
