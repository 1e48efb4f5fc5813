"""Large REFI-QDA sources stay UTF-8 bytes from the archive to the project (issue #18, item 9).

The reader keeps a source as its normalised UTF-8 bytes (``qualkit._utf8.Utf8Text``),
classifies its lines a megabyte at a time and stores it without building a
``Transcript``; ``Project.codings()`` slices long texts from their bytes. Each of these
must give exactly what the ``str`` operations give: checked by property with the
megabyte blocks shrunk to a few bytes so that every block edge is crossed, and by
reading the same archives through the store path and the materialised bundle.
"""

from __future__ import annotations

import random
import warnings
import zipfile
from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit import _utf8
from qualkit._utf8 import Utf8Text, byte_offsets, char_offsets
from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.io.qdpx import _read_bundle
from qualkit.project import Project

NS = "urn:QDA-XML:project:1.0"
G = "{:08X}-0000-4000-8000-000000000000".format
CHARS = st.sampled_from(list("ab :\n\n\u00e9\u20ac\U0001F600\U0001D11E") + ["P01: ", "\r\n"])


@settings(max_examples=300, deadline=None)
@given(text=st.lists(CHARS, max_size=80).map("".join), step=st.integers(1, 9),
       data=st.data())
def test_utf8_text_equals_str_operations_across_block_edges(text, step, data):
    with mock.patch.object(_utf8, "_STEP", step):  # blocks of a few bytes: every edge crossed
        _check_utf8_text(text, data)


def _check_utf8_text(text: str, data) -> None:
    t = Utf8Text(text.encode("utf-8"))
    n = len(text)
    assert len(t) == n and str(t) == text and t == text
    assert t.lines() == text.split("\n")
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=8))
    starts = [min(p) for p in pairs]
    ends = [max(p) for p in pairs]
    assert t.segments(starts, ends) == [text[a:b] for a, b in zip(starts, ends)]
    enc = text.encode("utf-8")
    chars = data.draw(st.lists(st.integers(0, n), max_size=8))
    want = [len(text[:c].encode("utf-8")) for c in chars]
    assert byte_offsets(enc, chars).tolist() == want
    offs = np.array(sorted(set(want)), dtype=np.int64)
    got, length = char_offsets(enc, offs)
    assert length == n and got.tolist() == [len(enc[:b].decode("utf-8")) for b in offs]
    if n:
        i = data.draw(st.integers(-n, n - 1))
        assert t[i] == text[i] and t[i:] == text[i:] and t[:i] == text[:i]


def _qdpx(path, text: str, sels: list[tuple[int, int]], *, origin="NVivo 12 Windows",
          crlf=True) -> None:
    """A .qdpx holding ``text`` as one UTF-8 source with selections in UTF-16 units."""
    raw = text.replace("\n", "\r\n") if crlf else text
    units = [0]  # NVivo's positions: UTF-16 units, CR LF as two
    for ch in text:
        units.append(units[-1] + (2 if ord(ch) > 0xFFFF or (crlf and ch == "\n") else 1))
    body = "".join(
        f'<PlainTextSelection guid="{G(100 + i)}" name="" startPosition="{units[a]}" '
        f'endPosition="{units[b]}" creatingUser="{G(1)}"><Coding guid="{G(300 + i)}" '
        f'creatingUser="{G(1)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>'
        for i, (a, b) in enumerate(sels))
    qde = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="{NS}" name="p" '
           f'origin="{origin}"><Users><User guid="{G(1)}" name="Ana"/></Users><CodeBook><Codes>'
           f'<Code guid="{G(10)}" name="Trust" isCodable="true"/></Codes></CodeBook><Sources>'
           f'<TextSource guid="{G(50)}" name="fg1.txt" plainTextPath="internal://{G(50)}.txt">'
           f'{body}</TextSource></Sources></Project>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde.encode("utf-8"))
        z.writestr(f"sources/{G(50)}.txt", b"\xef\xbb\xbf" + raw.encode("utf-8"))


def _same(project: Project, bundle) -> None:
    got, want = project.corpus, bundle.corpus
    assert [t.id for t in got.transcripts] == [t.id for t in want.transcripts]
    for a, b in zip(got.transcripts, want.transcripts):
        assert a.text == b.text and a.metadata == b.metadata and a.group == b.group
        cols = ["utterance_id", "section", "speaker", "role", "start", "end", "text"]
        assert (a.utterances[cols].astype(object).values.tolist()
                == b.utterances[cols].astype(object).values.tolist())
    assert (got.participants.astype(object).values.tolist()
            == want.participants.astype(object).values.tolist())
    cols = ["coder", "transcript_id", "start", "end", "code_id"]
    assert (project.codings()[cols].astype(object).values.tolist()
            == bundle.codings()[cols].astype(object).values.tolist())


LINES = st.lists(st.one_of(
    st.tuples(st.sampled_from(["P01", "P02", "Moderator", "Abstract"]),
              st.lists(CHARS.filter(lambda c: "\n" not in c), min_size=1, max_size=12)
              .map("".join)).map(lambda t: f"{t[0]}: {t[1]}"),
    st.sampled_from(["", "# Part 2", "[Break]", "  indented words ", "\U0001F600 only"])),
    min_size=1, max_size=25).map("\n".join)


@settings(max_examples=40, deadline=None)
@given(text=LINES, data=st.data())
def test_store_path_reads_what_the_transcript_path_reads(tmp_path_factory, text, data):
    """read_qdpx stores sources from their bytes; the result equals building Transcripts."""
    n = len(text)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n))
                               .filter(lambda p: p[0] != p[1]), max_size=6))
    sels = [(min(p), max(p)) for p in pairs]
    path = tmp_path_factory.mktemp("b") / "p.qdpx"
    _qdpx(path, text, sels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        project = qk.read_qdpx(path)
        bundle = _read_bundle(path)
    _same(project, bundle)


def test_store_path_over_several_megabytes_with_emoji_and_crlf(tmp_path):
    rng = random.Random(9)
    words = ["trust", "bills", "caf\u00e9", "data", "\U0001F600", "NHS", "risk"]
    lines = [f"P{i % 5:02d}: " + " ".join(rng.choice(words) for _ in range(rng.randint(3, 30)))
             for i in range(40_000)]
    lines[1000:1000] = ["", "# Part 2", ""]
    text = "\n".join(lines) + "\n"
    assert len(text.encode("utf-8")) > 3 * 2**20
    starts = sorted(rng.sample(range(len(text) - 50), 300))
    sels = [(a, a + rng.randint(1, 40)) for a in starts]
    _qdpx(tmp_path / "big.qdpx", text, sels)
    def whole(self):
        raise AssertionError("a large source was decoded as one str")

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every selection placed, nothing guessed
        with mock.patch.object(Utf8Text, "__str__", whole):  # bytes all the way
            project = qk.read_qdpx(tmp_path / "big.qdpx", project_path=tmp_path / "big.qkproj")
            qk.read_qdpx(tmp_path / "big.qdpx").close()
        bundle = _read_bundle(tmp_path / "big.qdpx")
    _same(project, bundle)
    codings = project.codings()
    assert len(codings) == 300
    assert codings["text"].tolist() == [text[a:b] for a, b in sels]
    project.close()


def test_codings_text_of_long_transcripts_is_sliced_from_bytes(tmp_path):
    """Over a megabyte a transcript's text is read as bytes; the spans are the same."""
    rng = random.Random(4)
    turns = [Turn(f"P{i % 3:02d}", " ".join(rng.choice(["a\u00e9", "\U0001F389", "word", "x"])
                                           for _ in range(40))) for i in range(9000)]
    big = Transcript.from_turns("big", turns)
    small = Transcript.from_turns("small", turns[:3])
    assert len(big.text.encode("utf-8")) > 2**20 > len(small.text.encode("utf-8"))
    with Project.create(tmp_path / "p.qkproj") as p:
        p.add_corpus(Corpus([big, small]))
        p.set_codebook(Codebook([Code("c", "C")]))
        spans = [("big", a, a + rng.randint(1, 60)) for a in rng.sample(range(len(big.text) - 60),
                                                                          500)]
        spans += [("small", 0, 5), ("big", len(big.text) - 3, len(big.text))]
        p.code_many(pd.DataFrame(spans, columns=["transcript_id", "start", "end"])
                    .assign(coder="ana", code_id="c"))
        assert isinstance(p._texts(["big"])["big"], Utf8Text)
        assert isinstance(p._texts(["small"])["small"], str)
    with Project.open(tmp_path / "p.qkproj", read_only=True) as p:
        got = p.codings()
        texts = {"big": big.text, "small": small.text}
        assert got["text"].tolist() == [texts[t][a:b] for t, a, b in spans]
        assert p.corpus["big"].text == big.text
