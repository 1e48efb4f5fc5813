"""Words per second of qualkit's default spaCy pipeline (no model download).

Builds a synthetic corpus of about ``--words`` words of focus-group talk (varied
sentence lengths, punctuation, contractions), then times

- the whole default pipeline (``get_nlp()``: tokenizer, sentencizer, lookup lemmatizer)
  over the utterance texts with ``nlp.pipe``;
- ``qk.sentences(corpus)`` and ``qualkit.nlp.lemmatise(texts)``;
- the trained pipeline (``model="auto"``) too when ``en_core_web_sm`` is installed.

    python benchmarks/nlp_speed.py [--words 300000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

_WORDS = ("I think the data should be used for research but only if it's anonymous and the "
          "NHS keeps control; people worry about private companies making money, hackers, "
          "insurance and who decides. Doctors, nurses and GPs would save time, wouldn't they? "
          "We'd want a say, a citizens' panel maybe, and to know what happened to our records."
          ).split()


def build(n_words: int, seed: int = 0):
    from qualkit.corpus import Corpus, Transcript, Turn

    rng = random.Random(seed)
    transcripts, total, k = [], 0, 0
    while total < n_words:
        turns = []
        for _ in range(150):
            n = rng.randint(5, 80)
            turns.append(Turn(rng.choice(["Facilitator", "P01", "P02", "P03", "P04"]),
                              " ".join(rng.choice(_WORDS) for _ in range(n))))
            total += n
        transcripts.append(Transcript.from_turns(f"t{k}", turns))
        k += 1
    return Corpus(transcripts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=300_000)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    os.environ.setdefault("QUALKIT_PROGRESS", "0")
    from qualkit.nlp import get_nlp, lemmatise, sentences

    corpus = build(args.words)
    texts = corpus.utterances["text"].tolist()
    n = sum(len(t.split()) for t in texts)
    nlp = get_nlp()
    list(nlp.pipe(texts[:200]))  # warm up
    rows = []

    def timed(name, fn, target=None):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        print(f"{name:<40} {n / dt:>12,.0f} words/s  ({n:,} words in {dt:.2f} s)")
        rows.append({"benchmark": "nlp_speed", "measure": name, "qualkit": n / dt,
                     "peer": None, "ratio": None, "target": target or "–",
                     "pass": None, "unit": "words/s"})

    timed("default pipeline (nlp.pipe)", lambda: list(nlp.pipe(texts, batch_size=256)))
    timed("qk.sentences(corpus)", lambda: sentences(corpus))
    timed("qualkit.nlp.lemmatise(texts)", lambda: lemmatise(texts))
    if get_nlp("auto") is not nlp:
        trained = get_nlp("auto")
        sub = texts[: max(1, len(texts) // 20)]
        m = sum(len(t.split()) for t in sub)
        t0 = time.perf_counter()
        list(trained.pipe(sub, batch_size=64))
        dt = time.perf_counter() - t0
        print(f"{'trained pipeline (model=auto)':<40} {m / dt:>12,.0f} words/s")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
