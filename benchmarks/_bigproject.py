"""A large synthetic corpus and codings for the query and comparison benchmarks."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from qualkit.corpus import Corpus, Transcript, Turn

WORDS = ("data linked records hospital GP care share trust public people company sell hack "
         "secure research planning safe privacy council consent voice fair money NHS family "
         "think would could worry really maybe know because").split()


def build(n_transcripts: int = 500, turns: int = 120, n_codes: int = 40, n_codings: int = 100_000,
          coders: tuple[str, ...] = ("KS", "KG"), seed: int = 0) -> tuple[Corpus, pd.DataFrame]:
    """``n_transcripts`` transcripts of ``turns`` turns and ``n_codings`` codings per coder pair."""
    rng = np.random.default_rng(seed)
    transcripts = []
    for t in range(n_transcripts):
        n_words = rng.integers(6, 40, size=turns)
        speakers = rng.integers(1, 17, size=turns)
        tt = [Turn("Facilitator" if s == 1 else f"P{s:02d}",
                   " ".join(rng.choice(WORDS, size=k)), section=f"Topic {1 + i * 3 // turns}")
              for i, (k, s) in enumerate(zip(n_words, speakers))]
        transcripts.append(Transcript.from_turns(f"t{t:04d}", tt, group=f"FG{t % 5 + 1}",
                                                 session=1 + t % 2, merge_consecutive=False))
    corpus = Corpus(transcripts)
    u = corpus.utterances
    codes = [f"code{c:02d}" for c in range(n_codes)]
    per = n_codings // len(coders)
    frames = []
    pick = rng.integers(0, len(u), size=per)
    code_a = rng.integers(0, n_codes, size=per)
    for k, coder in enumerate(coders):
        same = rng.random(per) < 0.8
        code = np.where(same, code_a, rng.integers(0, n_codes, size=per))
        frames.append(pd.DataFrame({
            "coder": coder, "transcript_id": u["transcript_id"].to_numpy()[pick],
            "start": u["start"].to_numpy()[pick], "end": u["end"].to_numpy()[pick],
            "code_id": np.asarray(codes, dtype=object)[code]}))
    return corpus, pd.concat(frames, ignore_index=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The size options every big-project benchmark takes."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--transcripts", type=int, default=500)
    ap.add_argument("--codings", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="50 transcripts, 10,000 codings")
    ap.add_argument("--json", default=None, help="write result rows for run_all.py")
    args = ap.parse_args(argv)
    if args.quick:
        args.transcripts, args.codings = 50, 10_000
    return args


def write_rows(path: str | None, rows: list[dict]) -> None:
    """Write result rows for run_all.py when ``--json`` was given."""
    if path:
        Path(path).write_text(json.dumps(rows, indent=1))
