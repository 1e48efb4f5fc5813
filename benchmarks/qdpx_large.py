"""Reading a REFI-QDA project with one 100 MB text source: time and peak memory (issue #18).

Builds a ``.qdpx`` whose single text source is ``--mb`` megabytes of synthetic talk
(random words from a made-up vocabulary, "P07: ..." lines) written the way NVivo for
Windows writes it -- UTF-8 with a BOM, CR LF line ends, an emoji every few hundred lines,
selection positions in UTF-16 units with CR LF as two -- so that the reader needs its
position map. ``--plain`` writes LF-only ASCII instead (no map needed).

Each measurement runs in a fresh child process and reports wall time and the child's
peak resident memory (``VmHWM``, the whole process: Python, numpy, pandas and all; not
``ru_maxrss``, which on Linux starts from the forking parent's size, here the builder's):

- ``floor``: what a reader that holds the source as a Python ``str`` cannot avoid -- open
  the ZIP, parse ``project.qde``, decompress the source and decode it once (its bytes let
  go as soon as it is decoded) -- as the peer to compare with. With one emoji in it, 100
  million characters take 400 MB as a ``str``; qualkit never builds that string: the
  source stays UTF-8 bytes from the archive to the project file;
- ``read_qdpx``: ``qk.read_qdpx(path)`` into an in-memory project;
- ``read_qdpx -> file``: ``qk.read_qdpx(path, project_path=...)`` into a project file.

Target: peak memory under 1 GB for a 100 MB source. The last line printed is
``RESULT {json}``; ``--json PATH`` writes the rows for ``run_all.py``.

Usage::

    python benchmarks/qdpx_large.py              # 100 MB source
    python benchmarks/qdpx_large.py --mb 10      # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

NS = "urn:QDA-XML:project:1.0"
GUID = "{:08x}-0000-4000-8000-{:012x}".format


def build(path: Path, mb: float, plain: bool, n_sel: int, seed: int = 0) -> dict:
    """Write the archive; return what it holds."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = ["".join(rng.choice(letters, size=rng.integers(2, 10))) for _ in range(3000)]
    target = int(mb * 1_000_000)
    eol = "\n" if plain else "\r\n"
    lines, size, units = [], 0, [0]  # units: start of each line in the file's position units
    i = 0
    while size < target:
        words = rng.integers(0, len(vocab), size=rng.integers(8, 40))
        line = f"P{i % 12:02d}: " + " ".join(vocab[w] for w in words)
        if not plain and i % 300 == 7:
            line += " \U0001F600"
        lines.append(line)
        size += len(line.encode("utf-8")) + len(eol)
        # NVivo: UTF-16 units, CR LF counted as two; plain: code points
        width = len(line) + (0 if plain else line.count("\U0001F600")) + len(eol)
        units.append(units[-1] + width)
        i += 1
    text = eol.join(lines) + eol
    data = (b"" if plain else b"\xef\xbb\xbf") + text.encode("utf-8")
    picks = np.sort(rng.choice(len(lines), size=min(n_sel, len(lines)), replace=False))
    sels = []
    for k, li in enumerate(picks):
        start = int(units[li]) + 5  # after "P07: "
        end = start + 12
        sels.append(f'<PlainTextSelection guid="{GUID(1, 10_000 + k)}" name="" '
                    f'startPosition="{start}" endPosition="{end}" creatingUser="{GUID(1, k % 2)}">'
                    f'<Coding guid="{GUID(2, k)}" creatingUser="{GUID(1, k % 2)}"><CodeRef '
                    f'targetGUID="{GUID(3, k % 20)}"/></Coding></PlainTextSelection>')
    codes = "".join(f'<Code guid="{GUID(3, c)}" name="Code {c}" isCodable="true"/>'
                    for c in range(20))
    origin = "qualkit benchmark" if plain else "NVivo 12 Windows (benchmark)"
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="big" '
           f'origin="{origin}"><Users><User guid="{GUID(1, 0)}" name="Coder A"/>'
           f'<User guid="{GUID(1, 1)}" name="Coder B"/></Users><CodeBook><Codes>{codes}'
           f'</Codes></CodeBook><Sources><TextSource guid="{GUID(5, 0)}" name="big.txt" '
           f'plainTextPath="internal://{GUID(5, 0)}.txt">{"".join(sels)}</TextSource>'
           f'</Sources></Project>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde.encode("utf-8"))
        z.writestr(f"sources/{GUID(5, 0)}.txt", data)
    return {"source_bytes": len(data), "characters": len(text), "lines": len(lines),
            "selections": len(sels), "archive_bytes": path.stat().st_size}


CHILD = r"""
import json, resource, sys, time, warnings
kind, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
import qualkit as qk
from qualkit.io._safe import SafeArchive, parse_xml
t0 = time.perf_counter()
if kind == "floor":
    with SafeArchive(path) as arc:
        root = parse_xml(arc.read(arc.find_qde()), archive=path, member="project.qde")
        src = [n for n in arc.names if n.startswith("sources/")][0]
        text = str(memoryview(arc.read(src))[3:], "utf-8")  # bytes freed once decoded
    n = len(text)
else:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = qk.read_qdpx(path, project_path=out if kind == "file" else None)
    n = len(p.codings())
    p.close()
secs = time.perf_counter() - t0
try:  # this process's own high-water mark (ru_maxrss would keep the forking parent's)
    with open("/proc/self/status") as fh:
        peak = next(int(x.split()[1]) for x in fh if x.startswith("VmHWM:")) / 1024.0
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print(json.dumps({"seconds": secs, "peak_mib": peak, "n": n}))
"""


def run(kind: str, path: Path, out: Path) -> dict:
    env = dict(os.environ, QUALKIT_PROGRESS="0")
    r = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), str(out)], env=env,
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="source size in MB (default 100)")
    ap.add_argument("--selections", type=int, default=5000)
    ap.add_argument("--plain", action="store_true", help="LF-only ASCII source (no map)")
    ap.add_argument("--json", default=None, help="write the rows here (for run_all.py)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "big.qdpx"
        t0 = time.perf_counter()
        info = build(path, args.mb, args.plain, args.selections)
        print(f"built {path.name}: {info['source_bytes'] / 1e6:.1f} MB source, "
              f"{info['lines']:,} lines, {info['selections']:,} selections, archive "
              f"{info['archive_bytes'] / 1e6:.1f} MB ({time.perf_counter() - t0:.1f} s)")
        res = {"floor": run("floor", path, Path(d) / "x"),
               "memory": run("memory", path, Path(d) / "x"),
               "file": run("file", path, Path(d) / "big.qkproj")}
    floor = res["floor"]
    rows = []
    label = f"{args.mb:g} MB source ({'plain LF ASCII' if args.plain else 'NVivo UTF-16 CRLF'})"
    for kind, what in (("memory", "read_qdpx"), ("file", "read_qdpx -> project file")):
        r = res[kind]
        assert r["n"] == info["selections"], (kind, r["n"])
        print(f"{what:28s} {r['seconds']:7.2f} s   peak {r['peak_mib']:7.0f} MiB   "
              f"(floor {floor['seconds']:.2f} s, {floor['peak_mib']:.0f} MiB)")
        rows.append({"benchmark": "qdpx_large", "measure": f"{what}, {label}, time",
                     "qualkit": r["seconds"], "peer": floor["seconds"],
                     "ratio": r["seconds"] / floor["seconds"], "target": "–", "pass": None,
                     "unit": "s"})
        rows.append({"benchmark": "qdpx_large", "measure": f"{what}, {label}, peak memory",
                     "qualkit": r["peak_mib"], "peer": floor["peak_mib"],
                     "ratio": r["peak_mib"] / floor["peak_mib"], "target": "< 1 GB",
                     "pass": r["peak_mib"] * 1024 * 1024 < 1e9, "unit": "MiB"})
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    print("RESULT " + json.dumps({"info": info, **res}))
    return 0 if all(r["pass"] is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
