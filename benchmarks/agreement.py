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

Issue #20: the new coefficients (Conger's and Hubert's kappa, weighted Fleiss' kappa and
alpha, per-category kappa, and the analytic standard errors) at the same size, each as a
multiple of qualkit's alpha time (target: the same time class, at most 5x), and beside
irrCAC (Python 0.4.4) when ``--irrcac-python`` names an interpreter that has it (irrCAC
pins old numpy and pandas, so it needs a venv of its own, e.g. ``python -m venv
/tmp/irrcac && /tmp/irrcac/bin/pip install irrCAC==0.4.4``). irrCAC prints 5 decimals, so
values are compared to half a unit in the 5th.

Usage::

    python benchmarks/agreement.py                      # 1,000,000 units
    python benchmarks/agreement.py --units 100000 --json out.json
    python benchmarks/agreement.py --irrcac-python /tmp/irrcac/bin/python
    QUALKIT_IRRCAC_PYTHON=/tmp/irrcac/bin/python python benchmarks/run_all.py

Measured on this machine (2 cores, shared, load about 4), 3 x 1,000,000 units: every new
coefficient in 1.0-4.2 times alpha's time (0.18 s); 6 to 68 times faster than irrCAC
(Python), equal to its 5 decimals.

The last line printed is ``RESULT {json}`` with every number; ``--json`` writes the rows
``benchmarks/run_all.py`` collects.
"""

from __future__ import annotations

import argparse
import json
import os
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


COEF_CHILD = r"""
import json, sys, time, warnings
import numpy as np

which, units, cats, missing, repeat = sys.argv[1:6]
units, cats, missing, repeat = int(units), int(cats), float(missing), int(repeat)
rng = np.random.default_rng(0)
truth = rng.integers(1, cats + 1, units)
data = np.empty((3, units))
for i in range(3):
    row = np.where(rng.random(units) < 0.8, truth, rng.integers(1, cats + 1, units)).astype(float)
    row[rng.random(units) < missing] = np.nan
    data[i] = row
del truth, row
scale = list(range(1, cats + 1))
warnings.simplefilter("ignore")

if which == "qualkit":
    from qualkit import agreement as ag
    tasks = {
        "alpha": lambda: ag.krippendorff_alpha(data),
        "conger": lambda: ag.conger_kappa(data),
        "hubert": lambda: ag.hubert_kappa(data),
        "fleiss quadratic": lambda: ag.fleiss_kappa(data, weights="quadratic",
                                                    categories=scale),
        "alpha linear weights": lambda: ag.krippendorff_alpha(data, weights="linear",
                                                              categories=scale),
        "category kappa + se": lambda: float(ag.category_kappa(data)["kappa"].iloc[0]),
        "fleiss + se": lambda: ag.analytic_ci(ag.fleiss_kappa, data).se,
        "ac1 + se": lambda: ag.analytic_ci(ag.gwet_ac1, data).se,
        "alpha + se": lambda: ag.analytic_ci(ag.krippendorff_alpha, data).se,
        "conger + se": lambda: ag.analytic_ci(ag.conger_kappa, data).se,
        "bp + se": lambda: ag.analytic_ci(ag.brennan_prediger, data).se,
    }
    only = None
else:  # irrCAC (Python port of Gwet's R package); every call computes the se too
    import pandas as pd
    from irrCAC.raw import CAC
    frame = pd.DataFrame(data.T)
    def est(method, weights="identity"):
        return lambda: getattr(CAC(frame, weights=weights), method)()["est"]
    tasks = {
        "conger + se": lambda: est("conger")()["se"],
        "fleiss + se": lambda: est("fleiss")()["se"],
        "ac1 + se": lambda: est("gwet")()["se"],
        "alpha + se": lambda: est("krippendorff")()["se"],
        "bp + se": lambda: est("bp")()["se"],
        "fleiss quadratic": lambda: est("fleiss", "quadratic")()["coefficient_value"],
        "alpha linear weights": lambda: est("krippendorff", "linear")()["coefficient_value"],
        "conger": lambda: est("conger")()["coefficient_value"],
    }
out = {}
for name, task in tasks.items():
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = task()
        times.append(time.perf_counter() - t0)
    out[name] = {"time": min(times), "value": float(value)}
print(json.dumps(out))
"""


def measure_coefficients(python: str, which: str, units: int, cats: int, missing: float,
                         repeat: int) -> dict:
    """Time the new coefficients (and their standard errors) in a fresh child process."""
    proc = subprocess.run([python, "-c", COEF_CHILD, which, str(units), str(cats),
                           str(missing), str(repeat)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{which} child failed:\n{proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def coefficients(args: argparse.Namespace, rows: list[dict]) -> dict:
    """The coefficients of issue #20 at the same size: each against qualkit's alpha (the
    same time class), and beside irrCAC (Python) where ``--irrcac-python`` is given."""
    ours = measure_coefficients(sys.executable, "qualkit", args.units, args.categories,
                                args.missing, args.repeat)
    peer = None
    if args.irrcac_python:
        peer = measure_coefficients(args.irrcac_python, "irrcac", args.units, args.categories,
                                    args.missing, args.repeat)
    base = ours["alpha"]["time"]
    print(f"New coefficients, 3 coders x {args.units:,} units, {args.categories} categories, "
          f"{args.missing:.0%} missing (min of {args.repeat}; '+ se' = with the analytic "
          "standard error)")
    head = "  irrCAC 0.4.4 (s)   qualkit/irrCAC   |difference|" if peer else ""
    print(f"  {'':<22} qualkit (s)   x alpha's time{head}")
    worst = 0.0
    for name, r in ours.items():
        line = f"  {name:<22} {r['time']:10.3f}   {r['time'] / base:8.2f}"
        ratio = None
        if peer and name in peer:
            p = peer[name]
            ratio = r["time"] / p["time"]
            diff = abs(r["value"] - p["value"])  # irrCAC rounds to 5 decimals
            line += f"   {p['time']:14.3f}   {ratio:14.3f}   {diff:.1e}"
            rows.append({"benchmark": "agreement",
                         "measure": f"{name}, 3 x {args.units:,} units vs irrCAC (Python)",
                         "qualkit": r["time"], "peer": p["time"], "ratio": ratio,
                         "target": "equal to irrCAC's 5 printed decimals",
                         "pass": bool(diff <= 5e-6 + 1e-12), "unit": "s"})
        if name != "alpha":
            worst = max(worst, r["time"] / base)
        print(line)
    rows.append({"benchmark": "agreement",
                 "measure": f"slowest new coefficient / alpha, 3 x {args.units:,} units",
                 "qualkit": worst, "peer": None, "ratio": None,
                 "target": "same time class as alpha (<= 5x)", "pass": bool(worst <= 5.0),
                 "unit": "x"})
    if not peer:
        print("  (irrCAC not run: pass --irrcac-python PATH, a Python with irrCAC 0.4.4)")
    return {"qualkit": ours, "irrcac": peer, "slowest_over_alpha": worst}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--categories", type=int, default=10)
    ap.add_argument("--big-categories", type=int, default=50,
                    help="categories for the qualkit-only run (0 to skip)")
    ap.add_argument("--missing", type=float, default=0.05)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", default=None, help="write run_all.py rows to this file")
    ap.add_argument("--irrcac-python", default=os.environ.get("QUALKIT_IRRCAC_PYTHON"),
                    help="a Python with irrCAC installed (it pins old numpy and pandas, so it "
                         "lives in its own venv); the new coefficients run beside it")
    ap.add_argument("--skip-coefficients", action="store_true",
                    help="only the alpha comparison with the krippendorff package")
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
    coef = None if args.skip_coefficients else coefficients(args, rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    result = {"units": args.units, "categories": args.categories, "missing": args.missing,
              "krippendorff": peer, "qualkit": ours, "time_ratio": t_ratio,
              "memory_ratio": m_ratio, "equal": same, "big": big, "coefficients": coef}
    print("RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
