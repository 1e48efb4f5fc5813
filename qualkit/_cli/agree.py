"""``qualkit agree``: agreement between two coders, from a project or two CSV files."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("agree", help="agreement between two coders, code by code")
    p.add_argument("sources", nargs="+",
                   help="a project file (.qkproj), or two codings CSV files")
    p.add_argument("--coders", nargs=2, metavar=("A", "B"), help="the two coders to compare")
    p.add_argument("--unit", default="utterance",
                   choices=["utterance", "sentence", "character", "segment"])
    p.add_argument("--transcripts", default=None,
                   help="transcript folder (with CSV files; default: the bundled synthetic study)")
    p.add_argument("--codebook", default=None,
                   help="codebook for names and --level (default with --level: the bundled one)")
    p.add_argument("--level", type=int, default=None, help="roll codes up to this codebook depth")
    p.add_argument("--out", default=None, help="write the table (.csv, .xlsx or .docx)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..compare import compare_coders

    srcs = [Path(s) for s in args.sources]
    if len(srcs) == 1 and srcs[0].suffix.lower() != ".csv":
        from ..project import Project

        data = Project.open(srcs[0], read_only=True)
        report = compare_coders(data, args.coders, unit=args.unit, level=args.level)
    else:
        from ..datasets import synthetic_codebook_path, synthetic_path
        from ..io import read_transcripts

        frames = []
        for s in srcs:
            frames.append(pd.read_csv(s, dtype={"coder": str, "code_id": str,
                                                "transcript_id": str}))
        codings = pd.concat(frames, ignore_index=True)
        corpus = read_transcripts(args.transcripts or synthetic_path())
        codebook = None
        if args.codebook or args.level is not None:
            from ..codebook import Codebook

            codebook = Codebook.read(args.codebook or synthetic_codebook_path())
        report = compare_coders(codings, args.coders, unit=args.unit, corpus=corpus,
                                codebook=codebook, level=args.level)
    cols = [c for c in ["code_id", "n_a", "n_b", "percent_agreement", "kappa", "ci_low",
                        "ci_high", "alpha", "u_alpha", "ac1",
                        "bp", "interpretation", "note"] if c in report.by_code]
    with pd.option_context("display.width", 160, "display.max_rows", 200):
        print(report.by_code[cols].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        print()
        print(report.overall.drop(columns=["code_id"], errors="ignore")
              .to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if len(report.unitizing):
            fam = report.unitizing[report.unitizing["coefficient"] != "(k)u_alpha"]
            print()
            print("Krippendorff's unitizing alphas by semantic domain (codebook root):")
            print(fam[["domain", "coefficient", "alpha", "d_o", "d_e", "n_units"]]
                  .to_string(index=False, float_format=lambda v: f"{v:.3f}"))
            for note in fam.loc[fam["note"] != "", "note"].unique():
                print(f"  note: {note}")
    if args.out:
        out = Path(args.out)
        {".xlsx": report.to_xlsx, ".docx": report.to_docx}.get(out.suffix.lower(),
                                                               report.to_csv)(out)
        print(f"wrote {out}")
    return 0
