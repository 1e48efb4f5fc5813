"""Speed and accuracy of the identifier scan (``qk.scan_identifiers``).

Builds about ``--words`` words of focus-group talk (filler sentences with the
planted identifiers of ``tests/privacy/planted.py`` mixed in, about one sentence
in twenty), then times the scan

- with the regular-expression detectors alone (``ner=False``), and
- with the trained spaCy NER pipeline (``ner=True``) when ``en_core_web_sm`` is
  installed (said so when it is not; ``--ner-words`` caps the words given to NER,
  it runs at a few thousand words a second),

and reports precision and recall per kind on the labelled planted set.

    python benchmarks/privacy.py [--words 1000000] [--ner-words 50000] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "qualkit_bench_planted", HERE.parent / "tests" / "privacy" / "planted.py")
planted = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(planted)

_WORDS = ("I think the data should be used for research but only if it's anonymous and the "
          "NHS keeps control; people worry about private companies making money, hackers, "
          "insurance and who decides. Doctors, nurses and GPs in Kent would save time, wouldn't "
          "they? We'd want a say, a citizens' panel maybe, in 2019 it cost £1,500 at 10:30."
          ).split()


def build(n_words: int, seed: int = 0):
    from qualkit.corpus import Corpus, Transcript, Turn

    rng = random.Random(seed)
    sentences = [s for s, _ in planted.cases(seed)]
    transcripts, total, k = [], 0, 0
    while total < n_words:
        turns = []
        for _ in range(150):
            if rng.random() < 0.05:
                text = rng.choice(sentences)
            else:
                text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 80)))
            total += len(text.split())
            turns.append(Turn(rng.choice(["Facilitator", "P01", "P02", "P03", "P04"]), text))
        k += 1
        transcripts.append(Transcript.from_turns(f"bench{k:04d}", turns, group="FG1"))
    return Corpus(transcripts), total


def _time(corpus, **kw) -> tuple[float, int]:
    from qualkit.privacy import scan_identifiers

    t0 = time.perf_counter()
    f = scan_identifiers(corpus, **kw)
    return time.perf_counter() - t0, len(f)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--ner-words", type=int, default=50_000)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    from qualkit.privacy import scan_identifiers

    rows = []
    corpus, n = build(args.words)
    secs, nf = _time(corpus, ner=False, known_names=planted.KNOWN_NAMES)
    print(f"regex detectors: {n:,} words in {secs:.2f} s = {n / secs:,.0f} words/s "
          f"({nf:,} findings)")
    rows.append(dict(benchmark="privacy", measure=f"scan {n:,} words, regex detectors",
                     qualkit=n / secs, peer=None, ratio=None, target="–", **{"pass": None},
                     unit="words/s"))
    from qualkit.nlp import trained_model_name

    if trained_model_name() is not None:
        small, m = build(min(args.ner_words, args.words))
        s2, nf2 = _time(small, ner=True, known_names=planted.KNOWN_NAMES)
        print(f"with NER ({trained_model_name()}): {m:,} words in {s2:.2f} s = {m / s2:,.0f} words/s "
              f"({nf2:,} findings)")
        rows.append(dict(benchmark="privacy", measure=f"scan {m:,} words, regex + NER",
                         qualkit=m / s2, peer=None, ratio=None, target="–", **{"pass": None},
                         unit="words/s"))
    else:
        print("with NER: not measured -- en_core_web_sm is not installed "
              "(pip install 'qualkit[ner]')")

    pc, gold = planted.build(planted.cases())
    f = scan_identifiers(pc, known_names=planted.KNOWN_NAMES, ner=False)
    sc = planted.score(f, gold)
    print(f"\nplanted set: {len(gold)} identifiers, "
          f"{sum(1 for _, lab in planted.cases() if not lab)} clean controls (ner=False)")
    print(sc.to_string(index=False))
    for r in sc.itertuples():
        for what in ("recall", "precision"):
            rows.append(dict(benchmark="privacy", measure=f"{what} {r.kind}",
                             qualkit=float(getattr(r, what)), peer=None, ratio=None,
                             target="1.0" if r.kind in ("NHS_NUMBER", "PHONE", "POSTCODE",
                                                        "EMAIL") and what == "recall" else "–",
                             **{"pass": (getattr(r, what) == 1.0) if what == "recall" and r.kind
                                in ("NHS_NUMBER", "PHONE", "POSTCODE", "EMAIL") else None},
                             unit=""))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
