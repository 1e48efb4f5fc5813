"""Identifier scan: qualkit beside Microsoft Presidio, recall and precision per kind, and speed.

Both tools read the same text in the same run:

- **accuracy** on the labelled planted set of ``tests/privacy/planted.py`` (our own
  synthetic sentences: 400+ identifiers in the forms people type and say, 100 decoys),
  one utterance at a time; a gold identifier is found when a finding of its kind
  overlaps it (``whole`` counts findings that cover it entirely);
- **speed** on about ``--words`` words of focus-group talk: the synthetic study's
  utterances with the planted sentences mixed in (about one in twenty).

qualkit runs with its defaults (``scan_identifiers(corpus)``: every rule-based
detector, and the trained spaCy NER when ``en_core_web_sm`` is installed, as
the ``ner`` extra installs it), and again with ``known_names`` for the NAME
row. Presidio (``presidio-analyzer``, a benchmark-only dependency) runs with the
same small English spaCy pipeline, its UK recognisers added (NHS number,
National Insurance number, postcode, passport, driving licence, vehicle
registration) and its phone recogniser set to the UK region. Its kinds are
mapped onto ours: UK_NHS -> NHS_NUMBER, PHONE_NUMBER -> PHONE, UK_POSTCODE ->
POSTCODE, EMAIL_ADDRESS -> EMAIL, URL -> URL, DATE_TIME -> DATE_OF_BIRTH and AGE
(Presidio has no age recogniser; its dates are counted for both, in its favour),
UK_NINO -> NI_NUMBER, CREDIT_CARD -> CARD_NUMBER, PERSON -> NAME, LOCATION -> PLACE.

Target: on every structured kind qualkit's recall matches or beats Presidio's, at
10x its speed or more.

    TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="" python benchmarks/privacy.py [--words 100000] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import time
import warnings
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # Presidio: no network

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "qualkit_bench_planted", HERE.parent / "tests" / "privacy" / "planted.py")
planted = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(planted)

#: Presidio's entity types mapped onto qualkit's kinds.
PRESIDIO_KINDS = {"UK_NHS": "NHS_NUMBER", "PHONE_NUMBER": "PHONE", "UK_POSTCODE": "POSTCODE",
                  "EMAIL_ADDRESS": "EMAIL", "URL": "URL", "DATE_TIME": "DATE_TIME",
                  "UK_NINO": "NI_NUMBER", "CREDIT_CARD": "CARD_NUMBER", "PERSON": "NAME",
                  "LOCATION": "PLACE", "NRP": "NRP"}
#: For Presidio, which of its kinds count for each gold kind.
PRESIDIO_SAME = {"DATE_OF_BIRTH": {"DATE_TIME"}, "AGE": {"DATE_TIME"}}


def presidio_engine(model: str):
    """Presidio's AnalyzerEngine on ``model`` with its UK recognisers enabled."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        NhsRecognizer, PhoneRecognizer, UkDrivingLicenceRecognizer, UkNinoRecognizer,
        UkPassportRecognizer, UkPostcodeRecognizer, UkVehicleRegistrationRecognizer)

    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]})
    nlp_engine = provider.create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    registry.remove_recognizer("PhoneRecognizer")
    for rec in (NhsRecognizer(), UkNinoRecognizer(), UkPostcodeRecognizer(),
                UkPassportRecognizer(), UkDrivingLicenceRecognizer(),
                UkVehicleRegistrationRecognizer(), PhoneRecognizer(supported_regions=("GB",))):
        if not any(type(r) is type(rec) for r in registry.recognizers):
            registry.add_recognizer(rec)
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])


def presidio_scan(engine, corpus):
    """Presidio's findings over every utterance, as a qualkit-shaped table."""
    import pandas as pd

    rows = []
    for r in corpus.utterances.itertuples(index=False):
        for res in engine.analyze(r.text, language="en"):
            kind = PRESIDIO_KINDS.get(res.entity_type, res.entity_type)
            rows.append((r.transcript_id, r.start + res.start, r.start + res.end,
                         r.text[res.start:res.end], kind, res.score))
    df = pd.DataFrame(rows, columns=["transcript_id", "start", "end", "text", "kind", "score"])
    # Presidio returns overlapping results from different recognisers; keep the best per span
    return df.sort_values("score", ascending=False).drop_duplicates(
        ["transcript_id", "start", "end", "kind"]).reset_index(drop=True)


def speed_corpus(n_words: int, seed: int = 0):
    """Focus-group talk (the synthetic study) with planted sentences, about ``n_words``."""
    import qualkit as qk
    from qualkit.corpus import Corpus, Transcript, Turn

    talk = qk.read_transcripts(Path(qk.__file__).parent / "datasets" / "transcripts_synthetic")
    filler = talk.utterances[["speaker", "text"]].values.tolist()
    sentences = [s for s, _ in planted.cases(seed)]
    rng = random.Random(seed)
    transcripts, total, k = [], 0, 0
    while total < n_words:
        turns = []
        for _ in range(150):
            if rng.random() < 0.05:
                speaker, text = rng.choice(["P01", "P02", "P03"]), rng.choice(sentences)
            else:
                speaker, text = rng.choice(filler)
            total += len(text.split())
            turns.append(Turn(speaker, text))
        k += 1
        transcripts.append(Transcript.from_turns(f"bench{k:04d}", turns, group="FG1",
                                                 merge_consecutive=False))
    return Corpus(transcripts), total


def _timed(fn, *a, **kw):
    t0 = time.perf_counter()
    out = fn(*a, **kw)
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=100_000,
                    help="words of talk for the speed comparison (default 100,000)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    import pandas as pd

    from qualkit.nlp import trained_model_name
    from qualkit.privacy import scan_identifiers

    model = trained_model_name()
    rows: list[dict] = []

    # --- accuracy on the planted set -------------------------------------------
    cs = planted.cases()
    corpus, gold = planted.build(cs)
    n_decoys = sum(1 for _, lab in cs if not lab)
    q = scan_identifiers(corpus)
    qk_names = scan_identifiers(corpus, known_names=planted.KNOWN_NAMES)
    print(f"planted set: {len(gold)} identifiers, {n_decoys} decoys; NER pipeline: {model}")
    sq = planted.score(q, gold).set_index("kind")
    sk = planted.score(qk_names, gold).set_index("kind")
    engine = None
    sp = None
    try:
        engine = presidio_engine(model or "en_core_web_sm")
    except Exception as exc:  # noqa: BLE001 - report why the peer could not run
        print(f"Presidio not run: {type(exc).__name__}: {exc}")
    if engine is not None:
        p = presidio_scan(engine, corpus)
        sp = planted.score(p, gold, same_kind=PRESIDIO_SAME).set_index("kind")
    kinds = list(dict.fromkeys([*planted.STRUCTURED, "NAME", *sq.index]))
    table = []
    for kind in kinds:
        r = {"kind": kind, "structured": kind in planted.STRUCTURED,
             "planted": int(sq.loc[kind, "planted"]) if kind in sq.index else 0}
        for tag, sc in (("qualkit", sq), ("presidio", sp)):
            if sc is not None and kind in sc.index:
                r[f"{tag}_recall"] = sc.loc[kind, "recall"]
                r[f"{tag}_precision"] = sc.loc[kind, "precision"]
                r[f"{tag}_whole"] = sc.loc[kind, "whole"]
        if kind == "NAME" and kind in sk.index:
            r["qualkit+known_names_recall"] = sk.loc[kind, "recall"]
        table.append(r)
    tab = pd.DataFrame(table)
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.float_format", "{:.3f}".format):
        print(tab.to_string(index=False))
    for r in table:
        if not r["planted"]:
            continue
        qr, pr = r.get("qualkit_recall"), r.get("presidio_recall")
        ok = None
        if r["structured"] and pr is not None and qr is not None:
            ok = bool(qr >= pr)
        rows.append(dict(benchmark="privacy", measure=f"recall {r['kind']} (planted {r['planted']})",
                         qualkit=float(qr) if qr is not None else None,
                         peer=float(pr) if pr is not None else None,
                         ratio=None, target=">= Presidio" if r["structured"] else "–",
                         **{"pass": ok}, unit=""))
        qp, pp = r.get("qualkit_precision"), r.get("presidio_precision")
        rows.append(dict(benchmark="privacy", measure=f"precision {r['kind']}",
                         qualkit=float(qp) if qp == qp and qp is not None else None,
                         peer=float(pp) if pp is not None and pp == pp else None,
                         ratio=None, target="–", **{"pass": None}, unit=""))

    # --- speed on talk ---------------------------------------------------------
    big, n = speed_corpus(args.words)
    scan_identifiers(big.subset(big.ids[:1]))  # load the pipeline outside the timing
    s_def, f_def = _timed(scan_identifiers, big)
    s_rx, _ = _timed(scan_identifiers, big, ner=False)
    print(f"\nspeed on {n:,} words of talk ({len(big.utterances):,} utterances):")
    print(f"  qualkit defaults ({'regex + NER' if model else 'regex'}): {s_def:.2f} s = "
          f"{n / s_def:,.0f} words/s ({len(f_def):,} findings)")
    print(f"  qualkit rules only (ner=False): {s_rx:.2f} s = {n / s_rx:,.0f} words/s")
    if engine is not None:
        presidio_scan(engine, big.subset(big.ids[:1]))
        s_p, f_p = _timed(presidio_scan, engine, big)
        ratio = s_p / s_def
        print(f"  Presidio: {s_p:.2f} s = {n / s_p:,.0f} words/s ({len(f_p):,} findings)")
        print(f"  qualkit defaults are {ratio:.1f}x Presidio's speed (target >= 10x)")
        rows.append(dict(benchmark="privacy", measure=f"scan {n:,} words, defaults vs Presidio",
                         qualkit=n / s_def, peer=n / s_p, ratio=ratio, target=">= 10x",
                         **{"pass": ratio >= 10}, unit="words/s"))
    rows.append(dict(benchmark="privacy", measure=f"scan {n:,} words, rules only (ner=False)",
                     qualkit=n / s_rx, peer=None, ratio=None, target="–", **{"pass": None},
                     unit="words/s"))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
