"""``qualkit codebook validate FILE``: check a codebook and list every problem."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("codebook", help="work with codebooks (validate)")
    csub = p.add_subparsers(dest="codebook_command", metavar="ACTION")
    v = csub.add_parser("validate", help="check a codebook file; exit 0 if valid, 2 if not")
    v.add_argument("file", help="codebook (.yaml, .yml, .csv, .xlsx, .qdc)")
    v.set_defaults(func=run_validate)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_validate(args: argparse.Namespace) -> int:
    from ..codebook import Codebook
    from ..errors import CodebookError

    try:
        cb = Codebook.read(args.file)
    except CodebookError as exc:
        print(exc)
        return 2
    print(f"{args.file}: valid, {len(cb)} codes, {len(cb.roots)} roots, "
          f"depth {max((cb.depth(c.id) for c in cb), default=0) + 1}")
    return 0
