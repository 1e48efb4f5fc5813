"""``qualkit check-anon DIR``: scan a folder of transcripts for identifiers.

Prints the counts of findings per kind per transcript and the first findings;
exits 1 when anything is found, 0 when the transcripts are clean.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check-anon", help="scan transcripts for identifiers (exit 1 if any)")
    p.add_argument("path", help="folder, file or glob of transcripts")
    p.add_argument("--known-names", default=None,
                   help="text file with one known name per line (participants, staff ...)")
    p.add_argument("--allow", nargs="*", default=[], metavar="WORD",
                   help="words never reported (added to the default allow-list)")
    p.add_argument("--no-ner", action="store_true", help="do not use a spaCy NER pipeline")
    p.add_argument("--show", type=int, default=20, help="how many findings to list")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..errors import Errors, TranscriptFormatError
    from ..io import read_transcripts
    from ..privacy import scan_identifiers

    names = None
    if args.known_names:
        kp = Path(args.known_names)
        if not kp.is_file():
            raise TranscriptFormatError(Errors.Q003.format(path=kp))
        names = [ln.strip() for ln in kp.read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#")]
    corpus = read_transcripts(args.path)
    f = scan_identifiers(corpus, known_names=names, allow=args.allow,
                         ner=False if args.no_ner else "auto")
    off = f.attrs.get("detectors_off", {})
    print(f"scanned {len(corpus)} transcript(s); detectors run: "
          f"{', '.join(f.attrs['scan_report']['detectors_run'])}")
    for name, why in off.items():
        print(f"  off: {name} ({why})")
    if f.empty:
        print("no identifiers found")
        return 0
    counts = pd.crosstab(f["transcript_id"], f["kind"])
    counts["total"] = counts.sum(axis=1)
    print(f"\n{len(f)} finding(s):\n")
    print(counts.to_string())
    print(f"\nfirst {min(args.show, len(f))} finding(s):")
    with pd.option_context("display.max_colwidth", 40, "display.width", 200):
        print(f.head(args.show)[["transcript_id", "start", "end", "kind", "text", "score",
                                 "detector"]].to_string(index=False))
    return 1
