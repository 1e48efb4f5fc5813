"""``qualkit agree``: agreement between two coders, from a project or from codings CSV files.

From CSV files the codings are placed on the transcripts they were coded on
(``--transcripts DIR``), checked row by row as :meth:`Project.import_codings` checks
them, and nothing is dropped: a coding whose transcript is missing or whose span
falls outside the text is an error that names the file, the row and the transcript.
Without ``--transcripts`` the bundled synthetic study's transcripts are used only
when every coding refers to one of them, and the command says so.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

#: output suffixes and the writer of each
_OUT = (".csv", ".xlsx", ".docx")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agree", help="agreement between two coders, code by code",
        description="Agreement between two coders, code by code, from a project file or "
                    "from codings CSV files (coder, transcript_id, start, end, code_id[, "
                    "memo]; offsets in the transcripts' plain text).")
    p.add_argument("sources", nargs="+",
                   help="a project file (.qkproj), or one or two codings CSV files")
    p.add_argument("--coders", nargs=2, metavar=("A", "B"),
                   help="the two coders to compare (default: the two coders found); with "
                        "two CSV files that have no coder column, the coder of each file")
    p.add_argument("--unit", default="utterance",
                   choices=["utterance", "sentence", "character", "segment"],
                   help="what is compared: each utterance, sentence, character or coded "
                        "segment (default: utterance)")
    p.add_argument("--transcripts", default=None, metavar="DIR",
                   help="folder of the transcripts the CSV codings were made on (needed "
                        "unless they code the bundled synthetic study)")
    p.add_argument("--codebook", default=None, metavar="FILE",
                   help="codebook for code names and --level (.yaml, .csv, .xlsx, .qdc)")
    p.add_argument("--level", type=int, default=None,
                   help="roll codes up to this codebook depth (0 = the roots; needs a "
                        "codebook)")
    p.add_argument("--out", default=None, metavar="FILE",
                   help="also write the table (.csv, .xlsx or .docx; .xlsx adds the "
                        "disagreements with their text); refused, with no file written, if "
                        "any text carries an identifier")
    p.add_argument("--allow-identifiers", action="store_true",
                   help="write --out even if it carries identifiers")
    p.set_defaults(func=run)


def _error(problem: str, expected: str) -> Exception:
    from ..errors import Errors, InvalidParameterError

    return InvalidParameterError(Errors.Q010.format(command="agree", problem=problem,
                                                    expected=expected))


def _project_from_csv(args: argparse.Namespace, files: list[Path]):  # noqa: ANN202
    """An in-memory project holding the transcripts, a codebook and every coding."""
    from ..codebook import Codebook
    from ..datasets import synthetic_codebook_path, synthetic_path
    from ..errors import Errors, InvalidParameterError
    from ..io import read_transcripts
    from ..project import Project, _read_codings_csv

    frames = [_read_codings_csv(f) for f in files]
    bundled = args.transcripts is None
    if bundled:
        corpus = read_transcripts(synthetic_path())
        known = set(corpus.ids)
        missing: dict[str, int] = {}
        total = 0
        for f, df in zip(files, frames):
            if "transcript_id" not in df:
                continue  # import_codings names the missing column
            ids = df["transcript_id"].astype(str)
            total += len(ids)
            for tid in ids[~ids.isin(known)]:
                missing[tid] = missing.get(tid, 0) + 1
        if missing:
            shown = ", ".join(f"{t!r} ({n})" for t, n in list(missing.items())[:8])
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            raise InvalidParameterError(Errors.Q011.format(
                n=sum(missing.values()), total=total, ids=shown + more))
        print("transcripts: the bundled synthetic study (every coding refers to one of its "
              "transcripts; pass --transcripts DIR for your own)")
    else:
        folder = Path(args.transcripts)
        if not folder.exists():
            raise InvalidParameterError(Errors.Q003.format(path=folder))
        corpus = read_transcripts(folder)
    if args.codebook:
        codebook = Codebook.read(args.codebook)
    elif args.level is not None and bundled:
        codebook = Codebook.read(synthetic_codebook_path())
        print("codebook: the bundled one (pass --codebook FILE for your own)")
    elif args.level is not None:
        raise _error("--level rolls codes up a codebook's tree, and none was given",
                     "--codebook FILE with --level")
    else:  # a flat codebook of the codes used, so that every code is known
        codes = sorted({str(c) for df in frames if "code_id" in df
                        for c in df["code_id"].dropna()})
        codebook = Codebook([{"id": c, "name": c} for c in codes] or [{"id": "-",
                                                                        "name": "-"}])
    project = Project.in_memory()
    project.add_corpus(corpus)
    project.set_codebook(codebook)
    no_coder = [f for f, df in zip(files, frames) if "coder" not in df]
    for i, f in enumerate(files):
        coder = None
        if f in no_coder and args.coders and len(files) == 2:
            coder = args.coders[i]
        project.import_codings(f, coder=coder)
    return project


def run(args: argparse.Namespace) -> int:
    from ..compare import compare_coders
    from ..errors import Errors, InvalidParameterError

    srcs = [Path(s) for s in args.sources]
    for s in srcs:  # a project file is checked by Project.open ([Q220])
        if s.suffix.lower() == ".csv" and not s.exists():
            raise InvalidParameterError(Errors.Q003.format(path=s))
    if args.out and Path(args.out).suffix.lower() not in _OUT:
        raise _error(f"--out {args.out!r} has an unsupported suffix",
                     "a file name ending in " + ", ".join(_OUT))
    if args.level is not None and args.level < 0:
        raise _error(f"--level {args.level} is negative", "a depth of 0 or more")
    csvs = [s for s in srcs if s.suffix.lower() == ".csv"]
    if len(srcs) == 1 and not csvs:
        from ..project import Project

        if args.transcripts:
            raise _error("--transcripts is for CSV codings; a project holds its transcripts",
                         "a project file alone, or CSV files with --transcripts")
        project = Project.open(srcs[0], read_only=True)
    elif len(csvs) == len(srcs) <= 2:
        project = _project_from_csv(args, csvs)
    else:
        raise _error(f"{len(srcs)} sources ({', '.join(s.name for s in srcs)})",
                     "one project file (.qkproj) or one or two codings CSV files")
    coders = args.coders
    if coders is None:
        found = project.coders
        if len(found) != 2:
            raise _error(f"the codings hold {len(found)} coder(s) ({', '.join(found)})",
                         "--coders A B naming the two to compare")
        coders = found
    unknown = [c for c in coders if c not in project.coders]
    if unknown:
        raise _error(f"no codings by {', '.join(map(repr, unknown))}",
                     "coders among " + ", ".join(map(repr, project.coders)))
    report = compare_coders(project, tuple(coders), unit=args.unit, level=args.level)
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
        {".xlsx": report.to_xlsx, ".docx": report.to_docx}.get(
            out.suffix.lower(), report.to_csv)(out, allow_identifiers=args.allow_identifiers)
        print(f"wrote {out}")
    return 0
