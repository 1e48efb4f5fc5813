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

Office and OpenDocument files are scanned with their document properties
(author, last editor, title, subject, keywords, comments). A folder is walked whole: its subfolders are checked the same way (their
findings and unread files named by their path in the folder), and hidden files
(``.notes.txt``, an Office lock file ``~$fg1.docx``, which holds the name of
whoever had it open) are scanned like any other; only the operating system's
own files (``.DS_Store``, ``Thumbs.db``, ``desktop.ini``) are named as left out
without changing the exit code.
"""

from __future__ import annotations

import argparse
import re
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


#: The operating system's own files: named as left out, never read.
_SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})


def _folders(root: Path, left_out: list[str]) -> list[Path]:
    """``root`` and every folder below it (symbolic links to folders are not followed)."""
    out = []
    for d in sorted([root, *(p for p in root.rglob("*") if p.is_dir())]):
        if d.is_symlink():
            left_out.append(f"{d.relative_to(root)}: a link to a folder, not followed")
            continue
        out.append(d)
    return out


def _hidden_units(folder: Path, corpus, unread: list[tuple[str, str]], left_out: list[str]):
    """Units for hidden and lock files, which the folder reader passes over."""
    from ..errors import QualkitError
    from ..io import READERS, read_transcript
    from ..io._common import decode_bytes
    from ..privacy._scope import Unit, corpus_units

    units = []
    for f in sorted(folder.iterdir()):
        if not f.is_file() or not f.name.startswith((".", "~$")):
            continue
        if f.name.lower() in _SYSTEM_FILES:
            left_out.append(f"{f.name}: a system file")
            continue
        suffix = f.suffix.lower()
        try:
            if suffix in READERS and not f.name.startswith("~$"):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t = read_transcript(f)
                units += list(corpus_units(t))
            elif f.name.startswith("~$"):
                # an Office lock file holds the name of whoever had the file open
                raw = f.read_bytes()
                runs = re.findall(r"[A-Za-zÀ-ÖØ-öø-ɏ]+(?:[ .'’-]+[A-Za-zÀ-ÖØ-öø-ɏ]+)*",
                                  raw.decode("latin-1") + "\n" + raw.decode("utf-16-le", "ignore"))
                units += [Unit(f.name, i, 0, run, "metadata:author") for i, run in
                          enumerate(dict.fromkeys(r for r in runs if len(r) > 2), start=1)]
            elif suffix in _TEXT_SUFFIXES or not suffix:
                text = decode_bytes(f.read_bytes(), f)
                units += [Unit(f.name, i, 0, line, "file") for i, line in
                          enumerate(text.split("\n"), start=1) if line.strip()]
            else:
                unread.append((f.name, f"not scanned: hidden file ({suffix})"))
        except (QualkitError, OSError, ValueError, UnicodeError) as exc:
            unread.append((f.name, f"could not be read ({type(exc).__name__})"))
    return units


#: Office and OpenDocument files: their properties (author, comments ...) are text too.
_ZIP_DOCUMENTS = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".docm", ".xlsm")
_PROPERTY_PARTS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml", "meta.xml")
#: Authors that software writes when it knows no person.
_DEFAULT_AUTHORS = frozenset({"microsoft office user", "windows user", "mac user", "user",
                              "author", "admin", "administrator", "unknown", "python-docx",
                              "openpyxl", "apache poi", "libreoffice", "owner"})
#: Property names whose value is a person.
_PERSON_PROPERTIES = frozenset({"creator", "lastmodifiedby", "initial-creator", "manager",
                                "author", "company"})


def _property_units(folder: Path, unread: list[tuple[str, str]]):
    """Units for the document properties of the folder's Office and OpenDocument files.

    A transcript's author, last editor, title, subject, keywords and comments are
    kept by Word and Excel beside the text; the readers read the text only.
    """
    import zipfile

    from ..privacy._scan import label_is_name
    from ..privacy._scope import Unit

    units = []
    for f in sorted(folder.iterdir()):
        if not f.is_file() or f.suffix.lower() not in _ZIP_DOCUMENTS or f.name.startswith("~$"):
            continue
        try:
            with zipfile.ZipFile(f) as z:
                names = set(z.namelist())
                for part in _PROPERTY_PARTS:
                    if part not in names:
                        continue
                    xml = z.read(part).decode("utf-8", "replace")
                    for m in re.finditer(r"<(?:[\w.-]+:)?([\w.-]+)(?:\s[^>]*)?>([^<]+)</", xml):
                        key, value = m.group(1), m.group(2).strip()
                        if not value or key.lower() in ("application", "appversion", "template",
                                                        "docsecurity", "totaltime") \
                                or value.casefold() in _DEFAULT_AUTHORS:
                            continue
                        # a person property holding a name ("Jane Whitfield", not "Surrey
                        # County Council (synthetic)") is a finding by its key
                        person = key.lower() in _PERSON_PROPERTIES and label_is_name(value)
                        field = "metadata:author" if person else f"metadata:property.{key}"
                        units.append(Unit(f.name, None, 0, value, field))
        except (zipfile.BadZipFile, OSError, KeyError):
            continue  # the reader reports a file it could not open
    return units


def _check_folder(path: Path, args: argparse.Namespace, unread: list[tuple[str, str]],
                  left_out: list[str]):
    """(corpus, units) for one folder (or file or glob), what it could not read in ``unread``."""
    import pandas as pd

    from ..errors import QualkitWarning, TranscriptFormatError
    from ..io import read_transcripts
    from ..privacy._scope import corpus_units

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualkitWarning)  # the reading report holds them
        try:
            corpus = read_transcripts(str(path), errors="warn",
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
        units += _hidden_units(path, corpus, unread, left_out)
        units += _property_units(path, unread)
    return corpus, units


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..errors import Errors, TranscriptFormatError
    from ..privacy._scan import scan_units
    from ..privacy._scope import Unit, _words

    names = None
    if args.known_names:
        kp = Path(args.known_names)
        if not kp.is_file():
            raise TranscriptFormatError(Errors.Q003.format(path=kp))
        names = [ln.strip() for ln in kp.read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#")]
    path = Path(args.path)
    unread: list[tuple[str, str]] = []
    left_out: list[str] = []
    n_transcripts, units = 0, []
    folders = _folders(path, left_out) if path.is_dir() else [path]
    for folder in folders:
        rel = folder.relative_to(path).as_posix() if path.is_dir() and folder != path else ""
        here: list[tuple[str, str]] = []
        try:
            corpus, found_units = _check_folder(folder, args, here, left_out)
        except TranscriptFormatError:
            if folder == path:
                raise
            unread.append((rel, "could not be read"))
            continue
        n_transcripts += len(corpus)
        if rel:  # a subfolder: its transcripts, files and findings are named by their path
            found_units = [u._replace(transcript_id=f"{rel}/{u.transcript_id}"
                                      if u.transcript_id else rel) for u in found_units]
            here = [(f"{rel}/{name}", why) for name, why in here]
            found_units.append(Unit(rel, None, 0, _words(rel.replace("/", " ")), "source"))
        units += found_units
        unread += here
    f = scan_units(units, known_names=names, allow=args.allow,
                   ner=False if args.no_ner else "auto")
    off = f.attrs.get("detectors_off", {})
    print(f"scanned {n_transcripts} transcript(s) and {len(units)} piece(s) of text "
          f"({', '.join(f.attrs['scan_report']['fields'])}); detectors run: "
          f"{', '.join(f.attrs['scan_report']['detectors_run'])}")
    for name, why in off.items():
        print(f"  off: {name} ({why})")
    for what in left_out:
        print(f"  left out: {what}")
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
