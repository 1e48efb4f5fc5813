"""Run every benchmark at a size that fits 2 cores and 24 GiB; write benchmarks/RESULTS.md.

Each benchmark script accepts ``--json PATH`` and writes a list of rows::

    {"benchmark": str, "measure": str, "qualkit": float, "peer": float | None,
     "ratio": float | None, "target": str, "pass": bool | None, "unit": str}

Usage::

    python benchmarks/run_all.py            # the sizes used for RESULTS.md
    python benchmarks/run_all.py --quick    # small sizes, a smoke run
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# script, full-size arguments, quick arguments
BENCHMARKS: list[tuple[str, list[str], list[str]]] = [
    ("agreement.py", [], ["--units", "100000"]),
    ("read_docx.py", ["--n", "500"], ["--n", "40"]),
    ("privacy.py", ["--words", "1000000"], ["--words", "50000"]),
    ("themes.py", ["--sizes", "1000", "10000", "100000"], ["--sizes", "1000"]),
    ("nlp_speed.py", ["--words", "300000"], ["--words", "30000"]),
    ("queries.py", [], ["--quick"]),
    ("compare_coders.py", [], ["--quick"]),
    ("qdpx_large.py", ["--mb", "100"], ["--mb", "5"]),
]


def _fmt(x: object) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.3g}"
    return str(x)


def _normalise(script: str, items: list[dict]) -> list[dict]:
    """Rows in the common shape; themes.py reports one dict per corpus size."""
    rows = []
    for it in items:
        if "benchmark" in it:
            rows.append(it)
        elif isinstance(it.get("qualkit"), dict) and "n" in it:
            q = it["qualkit"]
            secs = float(q["seconds"])
            target = "< 60 s" if it["n"] >= 100_000 else "–"
            bt = it.get("bertopic")
            peer = float(bt["seconds"]) if isinstance(bt, dict) else None
            rows.append({"benchmark": script.removesuffix(".py"),
                         "measure": f"suggest_themes, {it['n']:,} utterances, default features "
                                    f"({q.get('n_themes', '?')} themes)",
                         "qualkit": secs, "peer": peer,
                         "ratio": secs / peer if peer else None, "target": target,
                         "pass": (secs < 60) if it["n"] >= 100_000 else None, "unit": "s"})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = ap.parse_args(argv)
    rows: list[dict] = []
    problems: list[str] = []
    env = dict(os.environ, QUALKIT_PROGRESS="0")
    for script, full, quick in BENCHMARKS:
        path = HERE / script
        if not path.exists():
            problems.append(f"{script}: not present")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "r.json"
            cmd = [sys.executable, str(path), *(quick if args.quick else full), "--json", str(out)]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
            took = time.perf_counter() - t0
            print(f"{script}: exit {proc.returncode} in {took:.1f} s", flush=True)
            if proc.returncode != 0 or not out.exists():
                problems.append(f"{script}: exit {proc.returncode}: {proc.stderr.strip()[-400:]}")
                continue
            rows.extend(_normalise(script, json.loads(out.read_text())))
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python benchmarks/run_all.py{' --quick' if args.quick else ''}` on "
        f"{_dt.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.",
        "",
        "| benchmark | measure | qualkit | peer | ratio | target | pass |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        unit = r.get("unit", "")
        lines.append(
            f"| {r.get('benchmark', '')} | {r.get('measure', '')}"
            f"{f' ({unit})' if unit else ''} | {_fmt(r.get('qualkit'))} | {_fmt(r.get('peer'))} | "
            f"{_fmt(r.get('ratio'))} | {r.get('target', '')} | "
            f"{ {True: 'pass', False: 'FAIL', None: '–'}[r.get('pass')] } |")
    if problems:
        lines += ["", "Not measured:", ""] + [f"- {p}" for p in problems]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if all(r.get("pass") is not False for r in rows) and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
