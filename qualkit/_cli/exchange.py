"""``qualkit import`` and ``qualkit export``: REFI-QDA project exchange.

``qualkit import study.qdpx --to study.qkproj`` reads a project exported by
NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette into a qualkit project file;
``qualkit export study.qkproj --to study.qdpx`` writes one back out.
Warnings (skipped sources, positions that cannot be reconciled) are printed.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import a REFI-QDA project (.qdpx) into a qualkit project")
    p.add_argument("source", help="the .qdpx file")
    p.add_argument("--to", required=True,
                   help="the new qualkit project file to create (.qkproj; must not exist)")
    p.set_defaults(func=run_import)
    e = sub.add_parser("export", help="export a qualkit project as REFI-QDA (.qdpx)")
    e.add_argument("project", help="the qualkit project file (.qkproj)")
    e.add_argument("--to", required=True, help="the .qdpx file to write")
    e.add_argument("--allow-identifiers", action="store_true",
                   help="write even when the identifier scan finds something (exchange of "
                        "material not yet anonymised, within the team)")
    e.set_defaults(func=run_export)


def _summary(project: object) -> str:
    corpus = project.corpus  # type: ignore[attr-defined]
    codings = project.codings()  # type: ignore[attr-defined]
    return (f"{len(project.codebook)} codes, {len(corpus)} sources, "  # type: ignore[attr-defined]
            f"{len(codings)} codings by {codings['coder'].nunique()} coders")


def run_import(args: argparse.Namespace) -> int:
    from ..io.qdpx import read_qdpx

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        project = read_qdpx(args.source, project_path=args.to)
    for w in caught:
        print(f"qualkit: warning: {w.message}", file=sys.stderr)
    print(f"imported {args.source} into {args.to}: {_summary(project)}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..errors import Errors, QdpxError
    from ..io.qdpx import write_qdpx

    if Path(args.project).suffix.lower() == ".qdpx":
        from ..io.qdpx import _read_bundle  # .qdpx → .qdpx: normalise without a store
        project = _read_bundle(args.project)
    else:
        try:
            from ..project import Project
        except ImportError:  # pragma: no cover - the store is part of qualkit
            raise QdpxError(Errors.Q410.format(
                caller="qualkit export", what=args.project,
                problem="the qualkit project store is not available")) from None
        project = Project.open(args.project, read_only=True)
    write_qdpx(project, args.to, allow_identifiers=args.allow_identifiers)
    print(f"exported {args.project} to {args.to}: {_summary(project)}")
    return 0
