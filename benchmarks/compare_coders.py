"""A whole coder comparison of a 500-transcript project with 40 codes, utterance level.

Target (issue #5): under 10 s on 2 cores. Also times the character-level (NVivo)
comparison on the same codings.

    python benchmarks/compare_coders.py [--transcripts 500] [--codings 100000] [--json out.json]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _bigproject import build, parse_args, write_rows  # noqa: E402

from qualkit.compare import compare_coders  # noqa: E402


def main(argv=None) -> int:
    args = parse_args(argv)
    corpus, codings = build(args.transcripts, n_codings=args.codings)
    rows = []
    for unit, target in (("utterance", 10.0), ("character", 10.0), ("segment", 10.0)):
        t = time.perf_counter()
        rep = compare_coders(codings, ("KS", "KG"), unit=unit, corpus=corpus)
        took = time.perf_counter() - t
        ok = took < target
        print(f"compare_coders unit={unit:10s} {took:6.2f} s  codes={len(rep.by_code)}  "
              f"{'pass' if ok else 'FAIL'} (target < {target:g} s)")
        rows.append({"benchmark": "compare_coders", "measure": f"unit={unit}, "
                     f"{args.transcripts} transcripts, 40 codes, {args.codings} codings",
                     "qualkit": took, "peer": None, "ratio": None, "target": f"< {target:g} s",
                     "pass": ok, "unit": "s"})
    write_rows(args.json, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
