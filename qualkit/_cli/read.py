"""``qualkit read PATH``: read transcripts and show how each file was read.

Prints the reading report (one row per file: format, layout recognised, encoding,
status, turns, speakers, share of words under labelled turns, notes, warnings),
then the folder's files that are not transcripts. Files that cannot be read are
listed, not fatal. Exit 0 when every file was read in full, 1 when a file was
read only in part, skipped, or has under half of its words under labelled turns
(it needs a look), 2 on an error.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("read", help="read transcripts and report how each file was read")
    p.add_argument("path", help="folder, file or glob of transcripts")
    p.add_argument("--out", default=None, help="also write the reading report to this .csv")
    p.add_argument("--utterances", default=None,
                   help="also write the utterance table to this .csv (refused, with no file "
                        "written, if any text carries an identifier)")
    p.add_argument("--allow-identifiers", action="store_true",
                   help="write --out and --utterances even if they carry identifiers")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..errors import QualkitWarning
    from .._export import write_csv
    from ..io import LOW_LABELLED_SHARE, other_files, read_transcripts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualkitWarning)  # the report shows them, per file
        corpus = read_transcripts(args.path, errors="warn")
    rep = corpus.reading_report
    shown = rep.copy()
    shown["path"] = [Path(p).name if isinstance(p, str) else p for p in shown["path"]]
    shown["labelled_share"] = [f"{x:.0%}" for x in shown["labelled_share"]]
    cols = ["path", "format", "layout", "encoding", "status", "n_turns", "n_speakers",
            "labelled_share", "n_notes"]
    with pd.option_context("display.max_colwidth", 48, "display.width", 220):
        print(shown[cols].to_string(index=False))
    for row in shown.itertuples(index=False):
        if row.warnings:
            print(f"\n{row.path}:")
            for w in str(row.warnings).split("; ["):
                print(f"  {w if w.startswith('[') else '[' + w}")
    n = rep["status"].value_counts()
    low = rep[(rep["status"] != "skipped") & (rep["labelled_share"] < LOW_LABELLED_SHARE)]
    print(f"\n{len(rep)} file(s): {n.get('read', 0)} read, {n.get('partial', 0)} partly read, "
          f"{n.get('skipped', 0)} skipped; {len(low)} with under "
          f"{LOW_LABELLED_SHARE:.0%} of words under labelled turns")
    folder = Path(args.path)
    if folder.is_dir():
        others = other_files(folder, corpus)
        if len(others):
            print("\nnot read as transcripts:")
            for row in others.itertuples(index=False):
                print(f"  {Path(row.path).name}: {row.what}")
    from ..privacy import check_export

    if args.out:  # file names and what was said about each file: scanned like any export
        check_export(rep, allow_identifiers=args.allow_identifiers)
        write_csv(rep, args.out, index=False)
        print(f"\nwrote the reading report to {args.out}")
    if args.utterances:  # speech, speakers and sections: scanned before a byte is written
        check_export(corpus.utterances, allow_identifiers=args.allow_identifiers)
        write_csv(corpus.utterances, args.utterances, index=False)
        print(f"wrote the utterance table to {args.utterances}")
    return 0 if n.get("read", 0) == len(rep) and low.empty else 1
