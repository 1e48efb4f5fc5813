"""Reading docx transcripts: qualkit vs python-docx alone opening them.

Generates ``--n`` synthetic .docx transcripts (~150 paragraphs each, "P01: ..."
paragraphs with bold labels and timestamps, headings and a speaker|text table)
with python-docx into ``benchmarks/_data/docx_<n>/`` (cached, gitignored), then in
one run times

- peer: ``docx.Document(path)`` and reading every paragraph's ``.text``;
- qualkit: ``qk.read_transcripts(folder)`` and building ``corpus.utterances``.

Target (DESIGN quality bar): qualkit / python-docx <= 2.0.

    python benchmarks/read_docx.py [--n 500] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_WORDS = ("data records health care linked research public trust NHS GP hospital consent "
          "private company benefit risk hackers sharing research anonymous oversight people "
          "should would could think really know sure worry fair money patients time").split()


def _sentence(rng: random.Random) -> str:
    n = rng.randint(6, 22)
    s = " ".join(rng.choice(_WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + rng.choice([".", ".", "?", "!"])


def make_docx(path: Path, rng: random.Random, n_paragraphs: int = 150) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Focus group transcript", level=0)
    speakers = ["Facilitator"] + [f"P{i:02d}" for i in range(1, 9)]
    sections = ["Benefits", "Risks", "Governance", "Involving the public"]
    t = 0
    per_section = n_paragraphs // len(sections)
    for k, sec in enumerate(sections):
        d.add_heading(f"Topic {k + 1}: {sec}", level=1)
        for j in range(per_section):
            sp = rng.choice(speakers)
            t += rng.randint(3, 40)
            ts = f"[{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}]"
            text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
            p = d.add_paragraph()
            if j % 3 == 0:
                r = p.add_run(f"{sp}:")
                r.bold = True
                p.add_run(f" {text}")
            else:
                p.add_run(f"{ts} {sp}: {text}")
            if j % 17 == 5:
                d.add_paragraph(_sentence(rng))  # continuation paragraph
        if k == 2:
            tbl = d.add_table(rows=1, cols=2)
            tbl.rows[0].cells[0].text, tbl.rows[0].cells[1].text = "Speaker", "Text"
            for _ in range(6):
                row = tbl.add_row().cells
                row[0].text, row[1].text = rng.choice(speakers), _sentence(rng)
    d.save(path)


def build(n: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(12345)
    for i in range(n):
        p = folder / f"fg{i // 4 + 1}_session{i % 4 + 1}.docx"
        if not p.exists():
            make_docx(p, random.Random(rng.random() + i))
    return folder


def time_peer(files: list[Path]) -> tuple[float, int]:
    import docx

    t0 = time.perf_counter()
    n = 0
    for f in files:
        d = docx.Document(str(f))
        for p in d.paragraphs:
            n += len(p.text)
    return time.perf_counter() - t0, n


def time_qualkit(folder: Path) -> tuple[float, int]:
    import qualkit as qk

    t0 = time.perf_counter()
    corpus = qk.read_transcripts(folder)
    u = corpus.utterances
    return time.perf_counter() - t0, len(u)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="number of transcripts (500)")
    ap.add_argument("--repeat", type=int, default=3, help="timed repeats, best kept (3)")
    ap.add_argument("--data", default=None, help="folder for the generated files")
    ap.add_argument("--json", default=None, help="write result rows for run_all.py")
    args = ap.parse_args(argv)
    os.environ.setdefault("QUALKIT_PROGRESS", "0")
    folder = Path(args.data) if args.data else HERE / "_data" / f"docx_{args.n}"
    t0 = time.perf_counter()
    build(args.n, folder)
    files = sorted(folder.glob("*.docx"))[: args.n]
    print(f"{len(files)} docx files in {folder} (ready in {time.perf_counter() - t0:.1f} s)")
    # warm both (imports, file cache), then best of --repeat
    time_peer(files[:5])
    time_qualkit(folder)
    peer = min(time_peer(files)[0] for _ in range(args.repeat))
    runs = [time_qualkit(folder) for _ in range(args.repeat)]
    ours = min(r[0] for r in runs)
    ratio = ours / peer
    print(f"python-docx open + paragraphs : {peer:.2f} s")
    print(f"qualkit read_transcripts      : {ours:.2f} s ({runs[0][1]} utterances)")
    print(f"ratio qualkit / python-docx   : {ratio:.2f} (target <= 2.0)")
    if args.json:
        Path(args.json).write_text(json.dumps([{
            "benchmark": "read_docx", "measure": f"read {len(files)} docx transcripts",
            "qualkit": ours, "peer": peer, "ratio": ratio, "target": "ratio <= 2.0",
            "pass": ratio <= 2.0, "unit": "s"}], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
