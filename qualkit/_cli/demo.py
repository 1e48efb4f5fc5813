"""``qualkit demo``: the whole pipeline on the bundled synthetic study."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the pipeline on the synthetic focus-group study")
    p.add_argument("--out", default="qualkit_demo", help="folder for the outputs")
    p.add_argument("--data", default=None, help="transcript folder (default: the bundled one)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..datasets import synthetic_path
    from ..io import read_transcripts

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    src = Path(args.data) if args.data else synthetic_path()
    corpus = read_transcripts(src)
    summary = corpus.summary()
    print(f"Read {src}")
    print(summary.T.rename(columns={0: "count"}).to_string())
    path = out / "utterances.csv"
    corpus.utterances.to_csv(path, index=False)
    print(f"wrote {path}")
    return 0
