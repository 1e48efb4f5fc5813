"""The ``qualkit`` command line: a thin layer over the library.

Each command group lives in its own module under ``qualkit/_cli/`` and exposes
``register(subparsers)``; they are discovered automatically.

>>> main(["--version"])  # doctest: +ELLIPSIS
qualkit ...
0
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from . import __version__
from .errors import QualkitError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="qualkit",
        description="Qualitative analysis of focus-group transcripts.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from . import _cli

    for info in sorted(pkgutil.iter_modules(_cli.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{_cli.__name__}.{info.name}")
        mod.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 1 findings, 2 error, 3 not
    everything could be read).

    A mistake (a missing file, a bad option value, a malformed input) prints one
    ``qualkit: error: ...`` line naming the file and place and returns 2; argparse's
    usage errors exit 2 as well.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"qualkit {__version__}")
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except QualkitError as exc:
        print(f"qualkit: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file the command was pointed at: name it, no traceback
        where = exc.filename or ""
        print(f"qualkit: error: {where}{': ' if where else ''}{exc.strerror or exc}; "
              "expected a file or folder this user may read and write", file=sys.stderr)
        return 2
