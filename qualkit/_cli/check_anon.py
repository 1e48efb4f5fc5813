"""``qualkit check-anon PATH``: scan a folder of transcripts, and everything beside them, for identifiers.

Reads every transcript (errors are reported, not fatal), then scans all that the
corpus holds (speech, notes, headings, speaker labels, metadata, file names, the
participants table) and the folder's other files: data tables cell by cell,
YAML and text files line by line. Exit codes:

- ``0``: everything was read in full and nothing was found;
- ``1``: identifiers were found (what could not be read is listed too);
- ``3``: nothing was found in what was read, but something could not be read in
  full (a file skipped or read in part, a file of a format qualkit cannot read):
  the listing names each one and why, so a clean result is never claimed;
- ``2``: the command could not run (no such path, a bad option).
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

#: Exit code when nothing was found but not everything could be read.
EXIT_INCOMPLETE = 3

_TEXT_SUFFIXES = (".yaml", ".yml", ".md", ".json", ".rst", ".html", ".htm", ".xml", ".log",
                  ".ini", ".cfg", ".toml", ".text", ".txt")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check-anon", help="scan transcripts for identifiers "
                                          "(exit 1 found, 3 not everything read, 0 clean)")
    p.add_argument("path", help="folder, file or glob of transcripts")
    p.add_argument("--known-names", default=None,
                   help="text file with one known name per line (participants, staff ...)")
    p.add_argument("--allow", nargs="*", default=[], metavar="WORD",
                   help="words never reported (added to the default allow-list)")
    p.add_argument("--no-ner", action="store_true", help="do not use a spaCy NER pipeline")
    p.add_argument("--show", type=int, default=20, help="how many findings to list")
    p.set_defaults(func=run)


def _other_units(folder: Path, corpus, unread: list[tuple[str, str]]):
    """Units for the folder's files that are not transcripts; unreadable ones go to ``unread``."""
    import pandas as pd

    from ..errors import QualkitError
    from ..io import other_files, read_participants
    from ..io._common import decode_bytes
    from ..privacy._scope import Unit, participant_units, table_units

    units = []
    for row in other_files(folder, corpus).itertuples(index=False):
        path = Path(row.path)
        name = path.name
        suffix = path.suffix.lower()
        try:
            if row.what == "participants table":
                units += [u._replace(transcript_id=name) for u in
                          participant_units(read_participants(path))]
            elif suffix in (".csv", ".tsv", ".xlsx"):
                if suffix == ".xlsx":
                    sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object)
                else:
                    sheets = {"": pd.read_csv(path, header=None, dtype=object,
                                              sep=None if suffix == ".csv" else "\t",
                                              engine="python", encoding="utf-8-sig")}
                for sheet, df in sheets.items():
                    label = f"{name}:{sheet}" if sheet else name
                    units += list(table_units(df, label, "row:"))
            elif suffix in _TEXT_SUFFIXES:
                text = decode_bytes(path.read_bytes(), path)
                units += [Unit(name, i, 0, line, "file") for i, line in
                          enumerate(text.split("\n"), start=1) if line.strip()]
            else:
                unread.append((name, f"not scanned: {row.what}"))
        except (QualkitError, OSError, ValueError, UnicodeError) as exc:
            unread.append((name, f"could not be read ({type(exc).__name__})"))
    return units


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..errors import Errors, QualkitWarning, TranscriptFormatError
    from ..io import read_transcripts
    from ..privacy._scan import scan_units
    from ..privacy._scope import corpus_units

    names = None
    if args.known_names:
        kp = Path(args.known_names)
        if not kp.is_file():
            raise TranscriptFormatError(Errors.Q003.format(path=kp))
        names = [ln.strip() for ln in kp.read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#")]
    path = Path(args.path)
    unread: list[tuple[str, str]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualkitWarning)  # the reading report holds them
        try:
            corpus = read_transcripts(args.path, errors="warn",
                                      participants=pd.DataFrame({"participant_id": []}))
        except TranscriptFormatError as exc:
            if "[Q112]" not in str(exc) or not path.is_dir():
                raise
            from ..corpus import Corpus

            corpus = Corpus([], pd.DataFrame({"participant_id": []}))
    rep = corpus.reading_report
    for r in rep[rep["status"] != "read"].itertuples(index=False):
        why = "skipped: could not be read" if r.status == "skipped" else "read only in part"
        unread.append((Path(str(r.path)).name, f"{why} ({r.warnings})" if r.warnings else why))
    units = [u for u in corpus_units(corpus) if not u.field.startswith("participants:")]
    if path.is_dir():
        units += _other_units(path, corpus, unread)
    f = scan_units(units, known_names=names, allow=args.allow,
                   ner=False if args.no_ner else "auto")
    off = f.attrs.get("detectors_off", {})
    print(f"scanned {len(corpus)} transcript(s) and {len(units)} piece(s) of text "
          f"({', '.join(f.attrs['scan_report']['fields'])}); detectors run: "
          f"{', '.join(f.attrs['scan_report']['detectors_run'])}")
    for name, why in off.items():
        print(f"  off: {name} ({why})")
    if unread:
        print(f"\nnot everything could be scanned: {len(unread)} file(s)")
        for name, why in unread:
            print(f"  {name}: {why}")
    if f.empty:
        if unread:
            print("\nno identifiers found in what could be read; the files above were not "
                  "scanned in full, so the folder is not known to be clean")
            return EXIT_INCOMPLETE
        print("no identifiers found")
        return 0
    counts = pd.crosstab(f["transcript_id"].replace("", "(participants)"), f["kind"])
    counts["total"] = counts.sum(axis=1)
    print(f"\n{len(f)} finding(s):\n")
    print(counts.to_string())
    print(f"\nfirst {min(args.show, len(f))} finding(s):")
    with pd.option_context("display.max_colwidth", 40, "display.width", 200):
        print(f.head(args.show)[["transcript_id", "field", "start", "end", "kind", "text",
                                 "score", "detector"]].to_string(index=False))
    return 1
