"""Coverage-guided fuzzing of qualkit's readers with atheris (optional; not part of the tests).

Every input is written to a temporary file with the chosen suffix and read with
``qk.read_transcript`` (.txt, .vtt, .srt, .csv, .docx), ``Codebook.read`` (.yaml, .qdc)
or ``qk.read_qdpx`` (.qdpx). The only acceptable outcomes are

- a Transcript whose utterance spans are exact (``text[start:end] == text``), or a
  Codebook / Project, or
- a :class:`qualkit.errors.QualkitError` whose message names the file.

Anything else (a raw lxml/zipfile/yaml/pandas exception, a wrong span) crashes the
fuzzer with the input saved by libFuzzer (``crash-<sha1>``), to be turned into a test in
``tests/hostile/``. The hypothesis suite in ``tests/hostile/test_hostile_fuzz.py`` runs the
same property for a bounded time on every test run.

    pip install atheris
    python benchmarks/fuzz_readers.py --format txt -max_total_time=60
    python benchmarks/fuzz_readers.py --format docx -runs=20000 corpus_dir/

``--format`` is one of txt, vtt, srt, csv, docx, yaml, qdc, qdpx, or ``all`` (the first
input byte chooses). Remaining arguments go to libFuzzer.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

FORMATS = ["txt", "vtt", "srt", "csv", "docx", "yaml", "qdc", "qdpx"]
SEEDS = {
    "txt": b"Facilitator: Welcome.\nP01: Thanks.\n",
    "vtt": b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v P01>Hello</v>\n",
    "srt": b"1\n00:00:01,000 --> 00:00:02,000\nP01: Hello\n",
    "csv": b"speaker,text,start\nP01,Hello,00:00:01\n",
    "yaml": b"codes:\n  - {id: a, name: A}\n  - {id: b, name: B, parent: a}\n",
    "qdc": (b'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            b'<Code guid="11111111-1111-1111-1111-111111111111" name="A" isCodable="true"/>'
            b"</Codes></CodeBook>"),
}


def _one(data: bytes, fmt: str, workdir: Path) -> None:
    import qualkit as qk
    from qualkit.codebook import Codebook
    from qualkit.errors import QualkitError

    path = workdir / f"fuzz.{fmt}"
    path.write_bytes(data)
    try:
        if fmt in ("yaml", "qdc"):
            Codebook.read(path)
            return
        if fmt == "qdpx":
            qk.read_qdpx(path)
            return
        t = qk.read_transcript(path)
    except QualkitError as exc:
        if path.name not in str(exc):
            raise AssertionError(f"message does not name the file: {exc}") from exc
        return
    u = t.utterances
    for start, end, text in zip(u["start"], u["end"], u["text"], strict=True):
        if t.text[start:end] != text:
            raise AssertionError(f"span [{start}, {end}) is {t.text[start:end]!r}, not {text!r}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="all", choices=FORMATS + ["all"])
    args, rest = parser.parse_known_args(argv)
    try:
        import atheris
    except ImportError:  # pragma: no cover - optional tool
        sys.exit("atheris is not installed: pip install atheris")
    os.environ.setdefault("QUALKIT_PROGRESS", "0")
    with atheris.instrument_imports():
        import qualkit  # noqa: F401
        import qualkit.codebook  # noqa: F401
        import qualkit.io  # noqa: F401
    workdir = Path(tempfile.mkdtemp(prefix="qk-atheris-"))
    if not any(not a.startswith("-") for a in rest):  # no corpus folder given: seed one
        seeds = workdir / "seeds"
        seeds.mkdir()
        for i, (fmt, seed) in enumerate(SEEDS.items()):
            if args.format in (fmt, "all"):
                prefix = bytes([FORMATS.index(fmt)]) if args.format == "all" else b""
                (seeds / f"seed{i}").write_bytes(prefix + seed)
        rest.append(str(seeds))

    def test_one(data: bytes) -> None:
        if args.format == "all":
            if not data:
                return
            fmt, data = FORMATS[data[0] % len(FORMATS)], data[1:]
        else:
            fmt = args.format
        _one(data, fmt, workdir)

    atheris.Setup([sys.argv[0], *rest], test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
