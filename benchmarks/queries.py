"""Speed of every query on a 500-transcript project with 40 codes and 100,000 codings.

Target (issue #11): each query under 5 s on 2 cores. There is no peer package that
answers these queries, so the table reports qualkit's time against the target.

    python benchmarks/queries.py [--transcripts 500] [--codings 100000] [--json out.json]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _bigproject import build, parse_args, write_rows  # noqa: E402

from qualkit.queries import cooccurrence, matrix_coding, presence_matrix, quote_table  # noqa: E402


def main(argv=None) -> int:
    args = parse_args(argv)
    t0 = time.perf_counter()
    corpus, codings = build(args.transcripts, n_codings=args.codings)
    print(f"built {len(corpus)} transcripts, {len(corpus.utterances)} utterances, "
          f"{len(codings)} codings in {time.perf_counter() - t0:.1f} s")
    corpus.participants  # derive once
    jobs = {
        "cooccurrence (utterance)": lambda: cooccurrence(codings, corpus=corpus),
        "cooccurrence + significance": lambda: cooccurrence(codings, corpus=corpus,
                                                            significance=True),
        "matrix_coding by group x section": lambda: matrix_coding(
            codings, by=["group", "section"], corpus=corpus),
        "matrix_coding participants": lambda: matrix_coding(codings, by="group", corpus=corpus,
                                                            count="participants"),
        "quote_table": lambda: quote_table(codings, corpus=corpus, allow_identifiers=True),
        "presence_matrix": lambda: presence_matrix(codings, corpus=corpus),
    }
    rows = []
    for name, job in jobs.items():
        t = time.perf_counter()
        job()
        took = time.perf_counter() - t
        ok = took < 5.0
        print(f"{name:36s} {took:7.2f} s  {'pass' if ok else 'FAIL'} (target < 5 s)")
        rows.append({"benchmark": "queries", "measure": f"{name}, {args.transcripts} transcripts, "
                     f"{args.codings} codings", "qualkit": took, "peer": None, "ratio": None,
                     "target": "< 5 s", "pass": ok, "unit": "s"})
    write_rows(args.json, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
