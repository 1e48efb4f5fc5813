"""Krippendorff's alpha: qualkit beside the ``krippendorff`` package, in time and peak memory.

Issue #5 targets, at 3 coders x 1,000,000 units, 10 categories, 5 % missing, nominal:
qualkit in at most a quarter of the package's time and a fifth of its peak memory, with
equal values (to 1e-9). Then 50 categories x 1,000,000 units for qualkit alone (the
package would build a 1,000,000 x 50 x 50 float array, 20 GB).

Method. Each measurement runs in a fresh child process (``python -c``), which imports
its library, generates the same seeded data, then

- time: the minimum wall-clock time of ``--repeat`` calls (``time.perf_counter``);
- memory: the growth of the resident set during one call: the peak RSS high-water mark
  (``VmHWM``, reset just before the call through ``/proc/self/clear_refs``) minus the RSS
  before it. Where that reset is unavailable (not Linux) the child falls back to
  ``ru_maxrss`` after minus before, which can only under-count. The peak of Python-traced
  allocations (``tracemalloc``, which numpy reports to) is measured in a separate call
  and printed beside it as a cross-check.

Usage::

    python benchmarks/agreement.py                      # 1,000,000 units
    python benchmarks/agreement.py --units 100000 --json out.json

The last line printed is ``RESULT {json}`` with every number; ``--json`` writes the rows
``benchmarks/run_all.py`` collects.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, resource, sys, time, tracemalloc
import numpy as np

which, units, cats, missing, repeat, level = sys.argv[1:7]
units, cats, missing, repeat = int(units), int(cats), float(missing), int(repeat)
if which == "krippendorff":
    import krippendorff
    def run(d):
        return float(krippendorff.alpha(d, level_of_measurement=level))
else:
    from qualkit.agreement import krippendorff_alpha
    def run(d):
        return float(krippendorff_alpha(d, level))

# each coder agrees with a latent true category with probability 0.8
rng = np.random.default_rng(0)
truth = rng.integers(0, cats, units)
data = np.empty((3, units))
for i in range(3):
    row = np.where(rng.random(units) < 0.8, truth, rng.integers(0, cats, units)).astype(float)
    row[rng.random(units) < missing] = np.nan
    data[i] = row
del truth, row

def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0  # MiB
    raise KeyError(key)

times = []
for _ in range(repeat):
    t0 = time.perf_counter()
    value = run(data)
    times.append(time.perf_counter() - t0)

try:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset the peak RSS (VmHWM) to the current RSS
    before = status("VmRSS")
    run(data)
    rss = status("VmHWM") - before
    how = "VmHWM after clear_refs"
except OSError:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    run(data)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0 - before
    how = "ru_maxrss delta (may under-count)"

tracemalloc.start()
run(data)
traced = tracemalloc.get_traced_memory()[1] / 2 ** 20
tracemalloc.stop()
print(json.dumps({"value": value, "times": times, "time": min(times), "rss_mb": rss,
                  "traced_mb": traced, "data_mb": data.nbytes / 2 ** 20, "memory_method": how}))
"""


def measure(which: str, units: int, cats: int, missing: float, repeat: int,
            level: str = "nominal") -> dict:
    """Run one library in a fresh child process; return its measurements."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, which, str(units), str(cats), str(missing), str(repeat),
         level], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{which} child failed:\n{proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--categories", type=int, default=10)
    ap.add_argument("--big-categories", type=int, default=50,
                    help="categories for the qualkit-only run (0 to skip)")
    ap.add_argument("--missing", type=float, default=0.05)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", default=None, help="write run_all.py rows to this file")
    args = ap.parse_args(argv)

    peer = measure("krippendorff", args.units, args.categories, args.missing, args.repeat)
    ours = measure("qualkit", args.units, args.categories, args.missing, args.repeat)
    t_ratio = ours["time"] / peer["time"]
    m_ratio = ours["rss_mb"] / peer["rss_mb"] if peer["rss_mb"] > 0 else float("nan")
    diff = abs(ours["value"] - peer["value"])
    same = diff <= 1e-9
    print(f"Krippendorff's alpha, nominal: 3 coders x {args.units:,} units, {args.categories} "
          f"categories, {args.missing:.0%} missing (data {ours['data_mb']:.0f} MiB)")
    print(f"memory = peak RSS growth during one call ({ours['memory_method']}); "
          f"tracemalloc peak in brackets")
    for name, r in (("krippendorff 0.9", peer), ("qualkit", ours)):
        print(f"  {name:<17} min {r['time']:.3f} s of {len(r['times'])}   "
              f"+{r['rss_mb']:7.0f} MiB  [{r['traced_mb']:6.0f} MiB]   alpha={r['value']:.10f}")
    print(f"  ratios qualkit/krippendorff: time {t_ratio:.3f} (target <= 0.25), memory "
          f"{m_ratio:.3f} (target <= 0.20); |difference| {diff:.1e} (equal: {same})")
    big = None
    if args.big_categories:
        big = measure("qualkit", args.units, args.big_categories, args.missing, args.repeat)
        print(f"qualkit alone, {args.big_categories} categories x {args.units:,} units: min "
              f"{big['time']:.3f} s, +{big['rss_mb']:.0f} MiB [{big['traced_mb']:.0f} MiB], "
              f"alpha={big['value']:.6f} (the package would build a {args.units:,} x "
              f"{args.big_categories} x {args.big_categories} array, "
              f"{args.units * args.big_categories ** 2 * 8 / 2 ** 30:.0f} GiB)")

    rows = [
        {"benchmark": "agreement",
         "measure": f"alpha time, 3 x {args.units:,} units, {args.categories} categories",
         "qualkit": ours["time"], "peer": peer["time"], "ratio": t_ratio,
         "target": "ratio <= 0.25, equal values", "pass": bool(t_ratio <= 0.25 and same),
         "unit": "s"},
        {"benchmark": "agreement", "measure": "alpha peak memory growth during the call",
         "qualkit": ours["rss_mb"], "peer": peer["rss_mb"], "ratio": m_ratio,
         "target": "ratio <= 0.20", "pass": bool(m_ratio <= 0.20), "unit": "MiB"},
    ]
    if big is not None:
        rows.append({"benchmark": "agreement",
                     "measure": f"alpha time, {args.big_categories} categories x "
                                f"{args.units:,} units (qualkit alone)",
                     "qualkit": big["time"], "peer": None, "ratio": None,
                     "target": "a few GB at most", "pass": bool(big["rss_mb"] < 4096),
                     "unit": "s"})
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    result = {"units": args.units, "categories": args.categories, "missing": args.missing,
              "krippendorff": peer, "qualkit": ours, "time_ratio": t_ratio,
              "memory_ratio": m_ratio, "equal": same, "big": big}
    print("RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
