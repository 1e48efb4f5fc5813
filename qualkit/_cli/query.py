"""``qualkit query``: co-occurrence, matrix coding, quotes and presence tables from a project."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="co-occurrence, matrix coding, quote and presence tables")
    p.add_argument("kind", choices=["cooccurrence", "matrix", "quotes", "presence"],
                   help="which table: code co-occurrence, matrix coding (codes by an "
                        "attribute), the quote table, or code presence per unit")
    p.add_argument("project", help="the project file (.qkproj)")
    p.add_argument("--out", required=True, help="output table (.csv or .xlsx)")
    p.add_argument("--coder", default=None, help="whose codings (default: all coders)")
    p.add_argument("--unit", default="utterance", choices=["utterance", "sentence", "overlap"],
                   help="cooccurrence and presence: codes count together within one "
                        "utterance, one sentence, or where their spans overlap (default: "
                        "utterance)")
    p.add_argument("--by", action="extend", type=_names, default=None, metavar="ATTR[,ATTR]",
                   help="matrix: participant or transcript attribute(s) for the columns, "
                        "comma-separated or repeated (default: group)")
    p.add_argument("--count", default="units",
                   choices=["units", "participants", "groups", "characters"],
                   help="matrix: what each cell counts, coded units, distinct participants, "
                        "distinct groups or coded characters (default: units)")
    p.add_argument("--level", type=int, default=None, help="roll codes up to this depth")
    p.add_argument("--suppress-below", type=int, default=None,
                   help="matrix: blank counts below this (small-cell suppression)")
    p.add_argument("--allow-identifiers", action="store_true",
                   help="quotes: export even if the identifier scan finds something")
    p.set_defaults(func=run)


def _names(text: str) -> list[str]:
    """``"county,group"`` -> ``["county", "group"]`` (so ``--by`` takes one argument)."""
    return [t.strip() for t in text.split(",") if t.strip()]


def run(args: argparse.Namespace) -> int:
    from ..project import Project
    from ..queries import cooccurrence, matrix_coding, presence_matrix, quote_table, write_table

    project = Project.open(args.project, read_only=True)
    if args.kind == "cooccurrence":
        table = cooccurrence(project, coder=args.coder, unit=args.unit, level=args.level)
    elif args.kind == "matrix":
        table = matrix_coding(project, by=args.by or ["group"], coder=args.coder,
                              count=args.count,
                              level=args.level, suppress_below=args.suppress_below)
    elif args.kind == "quotes":
        table = quote_table(project, coder=args.coder, allow_identifiers=args.allow_identifiers)
    else:
        unit = "utterance" if args.unit == "overlap" else args.unit
        table = presence_matrix(project, coder=args.coder, unit=unit, level=args.level)
    out = write_table(table, Path(args.out))
    print(f"wrote {out} ({len(table)} rows)")
    return 0
