"""Krippendorff's alpha: qualkit beside the ``krippendorff`` package, in time and peak memory.

3 coders x 1,000,000 units, 10 categories, 5 % missing (issue #5 target: at most a
quarter of the package's time and a fifth of its peak memory, equal values), then
50 categories x 1,000,000 units for qualkit alone (the package would need about
58 GB). Each measurement runs in a fresh child process so peak RSS is its own.

    python benchmarks/agreement.py [--units 1000000] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import sys, time, resource, json
import numpy as np
which, units, cats, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(0)
truth = rng.integers(0, cats, units)
d = np.where(rng.random((3, units)) < 0.8, truth, rng.integers(0, cats, (3, units))).astype(float)
d[rng.random((3, units)) < 0.05] = np.nan
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if which == "krippendorff":
    import krippendorff
    f = lambda: krippendorff.alpha(d, level_of_measurement="nominal")
else:
    from qualkit.agreement import krippendorff_alpha
    f = lambda: krippendorff_alpha(d, "nominal")
times = []
for _ in range(repeat):
    t = time.perf_counter(); value = f(); times.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"value": value, "time": min(times), "peak_mb": peak / 1024,
                  "extra_mb": (peak - base) / 1024}))
"""


def measure(which: str, units: int, cats: int, repeat: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, which, str(units), str(cats), str(repeat)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    rows = []
    peer = measure("krippendorff", args.units, 10, args.repeat)
    ours = measure("qualkit", args.units, 10, args.repeat)
    t_ratio = ours["time"] / peer["time"]
    m_ratio = ours["extra_mb"] / peer["extra_mb"]
    same = abs(ours["value"] - peer["value"]) < 1e-9
    print(f"3 coders x {args.units:,} units, 10 categories, 5% missing")
    print(f"  krippendorff {peer['time']:.3f} s  +{peer['extra_mb']:.0f} MB  alpha={peer['value']:.6f}")
    print(f"  qualkit      {ours['time']:.3f} s  +{ours['extra_mb']:.0f} MB  alpha={ours['value']:.6f}")
    print(f"  time ratio {t_ratio:.3f} (target <= 0.25), memory ratio {m_ratio:.3f} "
          f"(target <= 0.20), equal values: {same}")
    rows.append({"benchmark": "agreement", "measure": f"alpha time, 3 x {args.units:,} x 10 cats",
                 "qualkit": ours["time"], "peer": peer["time"], "ratio": t_ratio,
                 "target": "ratio <= 0.25", "pass": t_ratio <= 0.25 and same, "unit": "s"})
    rows.append({"benchmark": "agreement", "measure": "alpha peak memory above baseline",
                 "qualkit": ours["extra_mb"], "peer": peer["extra_mb"], "ratio": m_ratio,
                 "target": "ratio <= 0.20", "pass": m_ratio <= 0.20, "unit": "MB"})
    big = measure("qualkit", args.units, 50, 1)
    print(f"qualkit, 50 categories x {args.units:,} units: {big['time']:.2f} s, "
          f"+{big['extra_mb']:.0f} MB (krippendorff would build a {args.units:,} x 50 x 50 array)")
    rows.append({"benchmark": "agreement", "measure": f"alpha, 50 categories x {args.units:,}",
                 "qualkit": big["time"], "peer": None, "ratio": None,
                 "target": "fits in 24 GiB", "pass": big["peak_mb"] < 24 * 1024, "unit": "s"})
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
