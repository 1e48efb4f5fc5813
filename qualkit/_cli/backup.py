"""``qualkit backup SRC DEST``: a consistent copy of a project, safe while it is in use."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="copy a project safely, even while it is open elsewhere")
    p.add_argument("source", help="the project file (.qkproj)")
    p.add_argument("dest", help="the copy to write (a new file)")
    p.add_argument("--overwrite", action="store_true", help="replace DEST if it exists")
    p.add_argument("--share", action="store_true",
                   help="a copy meant to be shared: scan every text the project holds first and "
                        "refuse (an error, no file written) if any carries an identifier")
    p.add_argument("--allow-identifiers", action="store_true",
                   help="with --share: write the copy even though identifiers were found")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..project import Project

    with Project.open(args.source, read_only=True) as proj:
        if args.share:
            proj.share(args.dest, allow_identifiers=args.allow_identifiers,
                       overwrite=args.overwrite)
        else:
            proj.backup(args.dest, overwrite=args.overwrite)
    with Project.open(args.dest, read_only=True) as copy:
        n = len(copy.codings())
        check = copy.verify_audit()
    print(f"backed up {args.source} to {args.dest}: {n} coding(s); {check}")
    return 0
