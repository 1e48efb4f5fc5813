"""Fuzzing the text, VTT, SRT and CSV readers (#10) with hypothesis, for a bounded time.

Any outcome is either a Transcript whose utterance spans are exact
(``text[start:end] == utterance text``) or a :class:`~qualkit.errors.QualkitError`.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.errors import QualkitError, QualkitWarning

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
_DIR = Path(tempfile.mkdtemp(prefix="qk-fuzz-"))


def _check(data: bytes, suffix: str) -> None:
    path = _DIR / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        with warnings.catch_warnings():  # a low labelled share warns [W120]: not a failure
            warnings.simplefilter("ignore", QualkitWarning)
            t = qk.read_transcript(path)
    except QualkitError as exc:
        assert path.name in str(exc), str(exc)
        return
    u = t.utterances
    assert len(u) >= 1
    for start, end, text in zip(u["start"], u["end"], u["text"], strict=True):
        assert 0 <= start <= end <= len(t.text)
        assert t.text[start:end] == text


# --- structured-but-corrupt pieces -------------------------------------------------
_labels = st.sampled_from(["P01", "P02", "Facilitator", "Moderator", "P 3", "x", "", "P01:",
                           "[00:01:02] P01", "P01 (00:00:05)", "# Topic", "Section: Risks"])
_words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
_ts = st.sampled_from(["00:00:01.000", "00:00:02,500", "1:02.5", "99:99:99.999", "00:00:3",
                       "-00:00:01.000", "00:00:01.000000", "", "abc", "0:00:00.000"])
_arrow = st.sampled_from([" --> ", " -> ", "-->", " --> --> ", " "])
_enc = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])
_noise = st.binary(max_size=8)


@st.composite
def _txt_bytes(draw: st.DrawFn) -> bytes:
    lines = [f"{draw(_labels)}: {draw(_words)}" if draw(st.booleans()) else draw(_words)
             for _ in range(draw(st.integers(0, 8)))]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    data = text.encode(draw(_enc), errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(_noise) + data[cut:]
    return data


@st.composite
def _cue_bytes(draw: st.DrawFn, kind: str) -> bytes:
    parts = ["WEBVTT", ""] if kind == "vtt" and draw(st.integers(0, 9)) else []
    for n in range(1, draw(st.integers(0, 6)) + 1):
        if kind == "srt" or draw(st.booleans()):
            parts.append(str(n) if draw(st.integers(0, 9)) else draw(_words))
        parts.append(f"{draw(_ts)}{draw(_arrow)}{draw(_ts)}")
        speaker = draw(_labels)
        said = draw(_words)
        parts.append(f"<v {speaker}>{said}</v>" if kind == "vtt" and draw(st.booleans())
                     else f"{speaker}: {said}")
        if draw(st.booleans()):
            parts.append(draw(_words))
        parts.append("")
    data = "\n".join(parts).encode(draw(_enc), errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(_noise) + data[cut:]
    return data


_cell = st.one_of(_words, _labels, _ts, st.just('"'), st.just(""), st.just("a,b"))


@st.composite
def _csv_bytes(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(["speaker", "text", "start", "end", "section", "Name",
                                            "Utterance", "x", ""]), min_size=0, max_size=5))
    rows = [header] + [draw(st.lists(_cell, max_size=6)) for _ in range(draw(st.integers(0, 6)))]
    sep = draw(st.sampled_from([",", ";", "\t"]))
    text = "\n".join(sep.join(r) for r in rows)
    data = text.encode(draw(_enc), errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(_noise) + data[cut:]
    return data


# --- the properties -------------------------------------------------------------------
@SETTINGS
@given(st.binary(max_size=400), st.sampled_from([".txt", ".vtt", ".srt", ".csv"]))
def test_hostile_fuzz_arbitrary_bytes(data: bytes, suffix: str) -> None:
    _check(data, suffix)


@SETTINGS
@given(_txt_bytes())
def test_hostile_fuzz_txt(data: bytes) -> None:
    _check(data, ".txt")


@SETTINGS
@given(_cue_bytes("vtt"))
def test_hostile_fuzz_vtt(data: bytes) -> None:
    _check(data, ".vtt")


@SETTINGS
@given(_cue_bytes("srt"))
def test_hostile_fuzz_srt(data: bytes) -> None:
    _check(data, ".srt")


@SETTINGS
@given(_csv_bytes())
def test_hostile_fuzz_csv(data: bytes) -> None:
    _check(data, ".csv")
