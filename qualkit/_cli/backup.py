"""``qualkit backup SRC DEST``: a consistent copy of a project, safe while it is in use."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="copy a project safely, even while it is open elsewhere")
    p.add_argument("source", help="the project file (.qkproj)")
    p.add_argument("dest", help="the copy to write (a new file)")
    p.add_argument("--overwrite", action="store_true", help="replace DEST if it exists")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..project import Project

    with Project.open(args.source, read_only=True) as proj:
        proj.backup(args.dest, overwrite=args.overwrite)
    with Project.open(args.dest, read_only=True) as copy:
        n = len(copy.codings())
        check = copy.verify_audit()
    print(f"backed up {args.source} to {args.dest}: {n} coding(s); {check}")
    return 0
