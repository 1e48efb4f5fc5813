"""``qualkit audit verify|export PROJECT``: check or export a project's audit log."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="check (verify) or export a project's audit log")
    asub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    v = asub.add_parser("verify", help="check the audit log's hash chain; exit 1 if tampered")
    v.add_argument("project", help="the project file (.qkproj)")
    v.set_defaults(func=run_verify)
    e = asub.add_parser("export", help="write the audit log (with its hashes) to CSV or JSONL")
    e.add_argument("project", help="the project file (.qkproj)")
    e.add_argument("--out", required=True, help="output file (.csv or .jsonl)")
    e.add_argument("--allow-identifiers", action="store_true",
                   help="write the log even if its text carries identifiers (it is scanned)")
    e.set_defaults(func=run_export)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_verify(args: argparse.Namespace) -> int:
    from ..project import Project

    with Project.open(args.project, read_only=True) as proj:
        check = proj.verify_audit()
    print(f"{args.project}: {check}")
    return 0 if check.ok else 1


def run_export(args: argparse.Namespace) -> int:
    from ..project import Project

    with Project.open(args.project, read_only=True) as proj:
        path = proj.export_audit(args.out, allow_identifiers=args.allow_identifiers)
        n = len(proj.audit_log())
    print(f"wrote {n} audit row(s) to {path}")
    return 0
