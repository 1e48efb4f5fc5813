"""``qualkit code import|export``: move codings between CSV files and a project."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("code", help="import or export codings of a project")
    csub = p.add_subparsers(dest="code_command", metavar="ACTION")
    imp = csub.add_parser("import", help="add codings from a CSV file")
    imp.add_argument("codings", help="CSV with transcript_id, start, end, code_id[, coder, memo]")
    imp.add_argument("--project", required=True, help="the project file")
    imp.add_argument("--coder", default=None, help="coder name (else the CSV's coder column)")
    imp.set_defaults(func=run_import)
    exp = csub.add_parser("export", help="write a project's codings to CSV")
    exp.add_argument("--project", required=True, help="the project file")
    exp.add_argument("--out", required=True, help="output CSV")
    exp.add_argument("--coder", default=None, help="only this coder's codings")
    exp.add_argument("--allow-identifiers", action="store_true",
                     help="export even if the identifier scan finds something (in memos)")
    exp.set_defaults(func=run_export)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_import(args: argparse.Namespace) -> int:
    from ..project import Project

    with Project.open(args.project) as proj:
        ids = proj.import_codings(args.codings, coder=args.coder)
    print(f"imported {len(ids)} coding(s) into {args.project}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..project import Project

    with Project.open(args.project, read_only=True) as proj:
        filters = {"coder": args.coder} if args.coder else {}
        path = proj.export_codings(args.out, allow_identifiers=args.allow_identifiers,
                                   **filters)
        n = len(proj.codings(**filters))
    print(f"wrote {n} coding(s) to {path}")
    return 0
