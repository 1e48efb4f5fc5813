"""REFI-QDA project exchange: read and write ``.qdpx`` archives.

A ``.qdpx`` file is a ZIP holding ``project.qde`` (XML, namespace
``urn:QDA-XML:project:1.0``) and a ``sources/`` folder with each text source
as ``<guid>.txt``. :func:`read_qdpx` turns it into a qualkit project (corpus,
codebook, codings by coder, participants, memos); :func:`write_qdpx` writes one
back out, schema-valid and schema-ordered.

Positions
    The standard counts Unicode code points from 0, end exclusive, which is
    qualkit's own coordinate system. Real exports deviate: NVivo (Windows)
    counts UTF-16 code units with CR LF as two; ATLAS.ti and MAXQDA count a line
    break as one. The reader keeps each source's text with line endings
    normalised to ``\\n`` (BOM stripped) as ``Transcript.text`` and maps every
    selection onto it: it tries the convention the project's ``origin``
    suggests first, cross-checks against ``PlainTextSelection@name`` where that
    holds the quoted text (ATLAS.ti truncates it with "…"), falls back to the
    other conventions, and warns (:class:`QdpxWarning`, ``[W401]``) when none
    agrees. The writer emits code points over LF-only UTF-8, where every
    convention agrees except for astral characters (emoji) under UTF-16 counting.

Tolerance
    ``project.qde`` / ``Project.qde`` / any single ``.qde`` at the root;
    ``sources/`` or ``Sources/``; any ``urn:QDA-XML:project:*`` version; braced
    GUIDs; ATLAS.ti's ``Parent::Child`` code names become a hierarchy;
    attributes carried as Sets named ``"key: value"`` or as nameless Cases
    become transcript metadata; ``rgb()`` colours. Non-text sources (PDF,
    picture, audio, video) and sources whose text is missing are reported
    (``[W402]``) and skipped. Untrusted archives are opened through
    :mod:`qualkit.io._safe` (zip-slip, bombs, XML entities refused).

Verified by hand on real exports (see the README's REFI-QDA section):
ATLAS.ti 8.4 (the standard's example project; its text files are absent from
the archive, so its 6 sources are reported and skipped and 14 codes come in as
a hierarchy), ATLAS.ti 23.2.3 (an empty project; a project with 3 nested codes),
NVivo for Mac 15.0 (262 nested codes, 2 one-byte text sources, no codings), NVivo for
Windows 12.6 (pyqdpx's public ``oltas0517.qdpx``: 152 codes, 303 codings by 2 coders over
texts with BOM, CR LF and emoji; as UTF-16 + CR LF 293 of 303 codings start and end on a
line or word boundary, against 23 as code points).

Examples
--------
>>> import tempfile, os
>>> from qualkit.corpus import Corpus, Transcript, Turn
>>> t = Transcript.from_turns("fg1", [Turn("P01", "I trust the NHS \\N{SMILING FACE WITH SMILING EYES}")])
>>> proj = QdpxProject(name="demo", corpus=Corpus([t]),
...                    codebook=codes_table([dict(id="trust", name="Trust")]))
>>> proj.code("ann", "fg1", 5, 20, "trust")
>>> path = os.path.join(tempfile.mkdtemp(), "demo.qdpx")
>>> write_qdpx(proj, path)
>>> back = read_qdpx(path)
>>> row = back.codings().iloc[0]
>>> back.corpus["fg1"].text[row.start:row.end], row.coder
('I trust the NHS', 'ann')
"""

from __future__ import annotations

import codecs
import math
import re
import uuid
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from .._hint import text_hint
from .._utf8 import Utf8Text, char_offsets
from ..corpus import Corpus, Transcript, participants_of
from ..errors import Errors, QdpxError, QualkitWarning, Warnings
from ..roles import infer_role
from ._common import line_speakers, match_section
from ._qdc import (NS_PROJECT, QK_NS, code_guid, codebook_table, codes_from_element, codes_table,
                   add_code_elements, local, make_codebook, norm_guid, xml_bytes)
from ._safe import SafeArchive, parse_xml, root_name

__all__ = ["read_qdpx", "write_qdpx", "QdpxProject", "QdpxWarning", "CODING_COLUMNS",
           "MEMO_COLUMNS", "CONVENTIONS"]

#: Columns of a codings table.
CODING_COLUMNS = ["coding_id", "coder", "transcript_id", "start", "end", "code_id", "memo",
                  "created_at"]
#: Columns of a memos table.
MEMO_COLUMNS = ["memo_id", "target_kind", "target_id", "text", "author", "created_at"]
#: Position conventions the reader knows, by name.
CONVENTIONS = ("codepoint", "codepoint_lf", "utf16", "utf16_lf")


class QdpxWarning(QualkitWarning):
    """Something in a REFI-QDA file could not be brought in exactly (positions, sources)."""


# ============================================================================ bundle
@dataclass
class QdpxProject:
    """What a REFI-QDA project holds, in qualkit's terms (an in-memory project).

    Used as the in-memory result of :func:`read_qdpx` while the SQLite project
    store is not available, and accepted by :func:`write_qdpx`. It offers the
    same reading interface as :class:`qualkit.Project`: ``corpus``,
    ``codebook``, ``codings()``, ``coders``, ``memos()``.
    """

    name: str = "qualkit project"
    origin: str = ""
    corpus: Corpus = field(default_factory=lambda: Corpus([]))
    codebook: Any = None
    coding_table: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=CODING_COLUMNS))
    users: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["user_guid", "coder"]))
    memo_table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MEMO_COLUMNS))
    sets: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["set", "member_kind", "member_id"]))
    source: str = ""
    #: Sources read for the store, not yet built as transcripts (see ``_stored_source``).
    stored: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def codings(self) -> pd.DataFrame:
        """DataFrame with :data:`CODING_COLUMNS`, one row per coding."""
        return self.coding_table[CODING_COLUMNS].reset_index(drop=True).copy()

    def memos(self) -> pd.DataFrame:
        """DataFrame with :data:`MEMO_COLUMNS`."""
        return self.memo_table[MEMO_COLUMNS].reset_index(drop=True).copy()

    @property
    def coders(self) -> list[str]:
        """Every user: those in ``Users`` and those who coded, in order."""
        names = list(self.users["coder"]) + list(self.coding_table["coder"])
        return list(dict.fromkeys(str(n) for n in names))

    def code(self, coder: str, transcript_id: str, start: int, end: int, code_id: str,
             memo: str | None = None) -> None:
        """Add one coding (the span is checked against the transcript)."""
        self.corpus[transcript_id].span(start, end)
        row = dict(coding_id=str(uuid.uuid5(QK_NS, f"{coder}|{transcript_id}|{start}|{end}|"
                                            f"{code_id}")),
                   coder=coder, transcript_id=transcript_id, start=int(start), end=int(end),
                   code_id=code_id, memo=memo, created_at=None)
        self.coding_table = pd.concat([self.coding_table, pd.DataFrame([row])],
                                      ignore_index=True)


# ============================================================================ helpers
def _kids(el: ET.Element | None, name: str) -> list[ET.Element]:
    return [c for c in el if local(c.tag) == name] if el is not None else []


def _kid(el: ET.Element | None, name: str) -> ET.Element | None:
    return next(iter(_kids(el, name)), None)


def _txt(el: ET.Element | None) -> str:
    return (el.text or "") if el is not None else ""


def _position(value: str) -> str:
    """A selection's position attribute as a message may show it (a number, or a shape)."""
    return value if re.fullmatch(r"[+-]?\d{1,20}", value.strip()) else text_hint(value)


def _warn(msg: str) -> None:
    warnings.warn(msg, QdpxWarning, stacklevel=3)


_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                         rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _decode(data: bytes | bytearray, archive: str = "", source: str = "") -> str:
    """Decode a source's bytes by evidence, warning ([W401]) whenever it had to guess or repair.

    BOMs decide first. Without one, NUL bytes in every other position mean UTF-16
    (little- or big-endian by where they fall); otherwise UTF-8. Bytes that are not
    UTF-8 are read as UTF-8 with U+FFFD where valid UTF-8 sequences outnumber the
    invalid bytes, else as Windows-1252. Messages give counts and byte offsets only.

    >>> _decode("caf\u00e9".encode("utf-16-le"))
    'café'
    """
    def warn(problem: str) -> None:
        if archive:
            _warn(Warnings.W401.format(archive=archive, source=source, problem=problem))

    def lenient(codec: str, body: Any, what: str) -> str:
        try:
            return str(body, codec)
        except UnicodeDecodeError as exc:
            text = str(body, codec, errors="replace")
            bad = text.count("\ufffd") - str(body, codec, errors="ignore").count("\ufffd")
            warn(f"{bad} invalid byte sequence(s) in {what} (the first at byte {exc.start}) "
                 f"were replaced by U+FFFD")
            return text

    if data.startswith(codecs.BOM_UTF8):
        return lenient("utf-8", memoryview(data)[3:], "UTF-8 text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return lenient("utf-16", data, "UTF-16 text").lstrip("\ufeff")
    codec = _utf16_codec(data) if b"\x00" in data else None
    if codec is not None:
        half = len(data) // 2
        zeros = (data[1:2 * half:2] if codec.endswith("le") else data[0:2 * half:2]).count(0)
        warn(f"no byte-order mark, but {zeros} of {half} "
             f"{'odd' if codec.endswith('le') else 'even'} bytes are 0: read as {codec.upper()}")
        return lenient(codec, data[:2 * half], codec.upper() + " text").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    multi = len(_UTF8_MULTI.findall(data))
    high = sum(1 for b in data if b >= 0x80) if len(data) < 1 << 16 else \
        len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    invalid = high - sum(len(m) for m in _UTF8_MULTI.findall(data))
    if multi > invalid:
        text = data.decode("utf-8", errors="replace")
        warn(f"not valid UTF-8: {invalid} byte(s) (the first at byte {first}) fit no UTF-8 "
             f"sequence while {multi} sequences do; they were replaced by U+FFFD")
        return text
    text = data.decode("cp1252", errors="replace")
    warn(f"not UTF-8 (byte {first} and {invalid - 1} other(s) fit no UTF-8 sequence, and "
         f"{multi} do): read as Windows-1252")
    return text


def _load_text(data: bytearray, archive: str, source: str) -> tuple[Utf8Text, _PositionMap]:
    """A source file's normalised text (as UTF-8 bytes) and its position map.

    UTF-8 (the standard's encoding, with or without a BOM) is checked a megabyte at
    a time, mapped from its bytes and normalised as bytes: a large source never
    exists as one ``str`` (400 MB for 100 MB of text with one emoji in it). Anything
    else goes through :func:`_decode`.
    """
    bom = data.startswith(codecs.BOM_UTF8)
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not (
            b"\x00" in data and _utf16_codec(data)) and _valid_utf8(data, 3 if bom else 0):
        if bom:
            del data[:3]
        pm = _PositionMap.from_utf8(data)
        norm = data
        if b"\r" in norm:
            norm = norm.replace(b"\r\n", b"\n")
            if b"\r" in norm:
                norm = norm.replace(b"\r", b"\n")
        if b"\x00" in norm:
            norm = norm.replace(b"\x00", b"")
        del data
        return Utf8Text(norm), pm
    raw = _decode(data, archive, source)
    del data
    pm = _PositionMap(raw)
    return Utf8Text(normalise_newlines(raw).encode("utf-8")), pm


def _valid_utf8(data: bytes | bytearray, skip: int = 0) -> bool:
    """Whether ``data[skip:]`` is valid UTF-8, decoded a megabyte at a time and let go."""
    dec = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for lo in range(skip, len(data), 1 << 20):
            dec.decode(view[lo:lo + (1 << 20)])
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_codec(data: bytes | bytearray) -> str | None:
    """``utf-16-le``/``-be`` when zero bytes fall in every other position, else None."""
    if len(data) < 4:
        return None
    half = len(data) // 2
    even, odd = data[0:2 * half:2].count(0), data[1:2 * half:2].count(0)
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 4 and zeros > 0.3 * half and other < 0.05 * half:
            return codec
    return None


def normalise_newlines(raw: str) -> str:
    """CR LF and lone CR → LF; NUL characters removed.

    >>> normalise_newlines("a\\r\\nb\\rc\\x00d")
    'a\\nb\\ncd'
    """
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _indices(pattern: str | re.Pattern[str], text: str, shift: int = 0) -> np.ndarray:
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    return np.fromiter((m.start() + shift for m in rx.finditer(text)), dtype=np.int64)


def _byte_indices(pattern: bytes, data: bytes | bytearray, shift: int = 0) -> np.ndarray:
    return np.fromiter((m.start() + shift for m in re.finditer(pattern, data)),
                       dtype=np.int64)


class _PositionMap:
    """Maps positions in each convention onto code points of the normalised text.

    Only the characters that make conventions differ are recorded, as sorted index
    arrays: line feeds after a carriage return (one position under the ``_lf``
    conventions, dropped from the normalised text), astral characters (two UTF-16
    units) and NULs (dropped). Memory is proportional to how many of those the
    source has, and a source with none needs no map at all.

    >>> pm = _PositionMap("a\\r\\n\\U0001F600b")
    >>> [pm.to_norm(c, p) for c, p in (("codepoint", 4), ("codepoint_lf", 3), ("utf16", 5),
    ...                                ("utf16_lf", 4), ("utf16", 4))]
    [3, 3, 3, 3, None]
    """

    def __init__(self, raw: str) -> None:
        none = np.zeros(0, np.int64)
        self._setup(len(raw), _indices("\r\n", raw, 1) if "\r\n" in raw else none,
                    none if raw.isascii() else _indices(_ASTRAL, raw),
                    _indices("\x00", raw) if "\x00" in raw else none)

    @classmethod
    def from_utf8(cls, data: bytes | bytearray) -> _PositionMap:
        """The map of valid UTF-8 ``data`` read from its bytes, without decoding it.

        CR, LF and NUL are single bytes in UTF-8 and an astral character is the one
        whose lead byte is F0-F4; a byte offset becomes a character index by
        subtracting the continuation bytes (80-BF) before it, counted a megabyte at
        a time.

        >>> raw = "é a\\r\\n\\U0001F600b\\x00"
        >>> m, ref = _PositionMap.from_utf8(raw.encode()), _PositionMap(raw)
        >>> (m.n, m.lf.tolist(), m.astral.tolist(), m.nul.tolist()) == (
        ...     ref.n, ref.lf.tolist(), ref.astral.tolist(), ref.nul.tolist())
        True
        """
        none = np.zeros(0, np.int64)
        lf = _byte_indices(rb"\r\n", data, 1) if b"\r\n" in data else none
        nul = _byte_indices(rb"\x00", data) if b"\x00" in data else none
        if data.isascii():
            astral, n = none, len(data)
        else:
            astral = _byte_indices(rb"[\xf0-\xf4]", data)
            events = np.sort(np.concatenate([lf, nul, astral]))  # distinct bytes
            chars, n = char_offsets(data, events)
            lf, nul, astral = (chars[np.searchsorted(events, a)] for a in (lf, nul, astral))
        self = cls.__new__(cls)
        self._setup(n, lf, astral, nul)
        return self

    def _setup(self, n: int, lf: np.ndarray, astral: np.ndarray, nul: np.ndarray) -> None:
        self.n = n
        self.lf, self.astral, self.nul = lf, astral, nul
        self.dropped = np.union1d(lf, nul) if len(nul) else lf
        self.trivial = not (len(lf) or len(astral) or len(nul))
        # astral characters by their index in the CR LF-as-one text
        self.astral_lf = self.astral - np.searchsorted(self.lf, self.astral, side="left")
        # where each astral starts in UTF-16 units; each CR LF's position counting it as one
        self._starts = self.astral + np.arange(len(self.astral))
        self._starts_lf = self.astral_lf + np.arange(len(self.astral_lf))
        self._lf_pos = self.lf - np.arange(len(self.lf))

    def to_norm_many(self, convention: str, positions: Any) -> np.ndarray:
        """:meth:`to_norm` for an array of positions at once; -1 where there is none."""
        pos = np.asarray(positions, dtype=np.int64)
        inside = np.zeros(len(pos), dtype=bool)

        def from_units(p: np.ndarray, starts: np.ndarray) -> np.ndarray:
            if not len(starts):
                return p
            k = np.searchsorted(starts, p, side="left")
            prev = starts[np.maximum(k - 1, 0)]
            inside[(k > 0) & (p == prev + 1)] = True  # inside a surrogate pair
            return p - k

        def from_lf(p: np.ndarray) -> np.ndarray:
            return p + np.searchsorted(self._lf_pos, p, side="left") if len(self._lf_pos) else p

        if convention == "codepoint":
            i = pos
        elif convention == "codepoint_lf":
            i = from_lf(pos)
        elif convention == "utf16":
            i = from_units(pos, self._starts)
        else:  # utf16_lf
            i = from_lf(from_units(pos, self._starts_lf))
        ok = (pos >= 0) & ~inside & (i <= self.n)
        norm = i - np.searchsorted(self.dropped, i, side="left") if len(self.dropped) else i
        return np.where(ok, norm, -1)

    def to_norm(self, convention: str, pos: int) -> int | None:
        """The normalised-text offset for ``pos`` under ``convention`` (None if none)."""
        v = int(self.to_norm_many(convention, [pos])[0])
        return None if v < 0 else v


_ELLIPSIS = ("\u2026", "...")


def _quote_matches(name: str, seg: str) -> bool:
    n = " ".join(name.split())
    s = " ".join(seg.split())
    for e in _ELLIPSIS:
        if n.endswith(e):
            n = n[: -len(e)].rstrip()
            return bool(n) and s.startswith(n)
    return n == s or (len(n) >= 10 and s.startswith(n))  # silently truncated quotes


def _preferred(origin: str) -> list[str]:
    o = origin.lower()
    if "nvivo" in o and "mac" not in o:
        return ["utf16", "codepoint_lf", "codepoint", "utf16_lf"]
    if "nvivo" in o:
        return ["utf16", "codepoint", "codepoint_lf", "utf16_lf"]
    if "atlas" in o or "maxqda" in o:
        return ["codepoint_lf", "utf16_lf", "codepoint", "utf16"]
    return ["codepoint", "codepoint_lf", "utf16", "utf16_lf"]


def _segments(text: str | Utf8Text, starts: np.ndarray, ends: np.ndarray) -> list[str]:
    """``text[a:b]`` for every pair (indices within the text), large texts in one pass."""
    if isinstance(text, str):
        return [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
    return text.segments(starts, ends)


def _choose_convention(pm: _PositionMap, text: str | Utf8Text,
                       sels: list[tuple[int, int, str]], origin: str, archive: str,
                       source: str) -> str:
    order = _preferred(origin)
    if pm.trivial or not sels:
        return order[0]
    starts = np.array([s[0] for s in sels], dtype=np.int64)
    ends = np.array([s[1] for s in sels], dtype=np.int64)
    named = [i for i, s in enumerate(sels) if len(s[2].strip()) >= 3 and not _is_guidish(s[2])]
    scores, mapped = {}, {}
    for conv in order:
        a, b = pm.to_norm_many(conv, starts), pm.to_norm_many(conv, ends)
        mapped[conv] = (a, b)
        ok = (a >= 0) & (b >= 0)
        check = [i for i in named if ok[i]]
        segs = _segments(text, a[check], np.maximum(a[check], b[check]))
        ok_named = sum(1 for i, seg in zip(check, segs, strict=True)
                       if _quote_matches(sels[i][2], seg))
        scores[conv] = (ok_named, int(ok.sum()))
    known = any(k in origin.lower() for k in ("nvivo", "atlas", "maxqda", "qualkit"))
    align = {c: 0 for c in order}
    if not named and not known:
        # no quoted text to check and no known producer: prefer the convention under
        # which selections start and end at line or word boundaries
        for conv in order:
            a, b = mapped[conv]
            for pos, is_end in ((a, False), (b, True)):
                align[conv] += _at_boundaries(text, pos[pos >= 0], is_end)
        # the standard's reading wins unless another is clearly better aligned
        align[order[0]] += max(2, len(sels) // 5)
    best = max(order, key=lambda c: (scores[c][0], scores[c][1], align[c], -order.index(c)))
    ok_named, _valid = scores[best]
    if named and ok_named < len(named):
        _warn(Warnings.W401.format(
            archive=archive, source=source,
            problem=(f"the quoted text of {len(named) - ok_named} of {len(named)} selections "
                     f"does not match the source text under any position convention; "
                     f"positions were read as {best!r} (origin {origin!r})")))
    return best


def _at_boundaries(text: str | Utf8Text, pos: np.ndarray, is_end: bool) -> int:
    """How many of ``pos`` are at the text's edge, a line break or between a word and a space.

    >>> _at_boundaries("ab cd\\nef", np.array([0, 1, 2, 3, 5, 8]), False)
    4
    """
    n = len(text)
    edge = (pos <= 0) | (pos >= n)
    inner = pos[~edge]
    hits = int(edge.sum())
    for pair in _segments(text, inner - 1, inner + 1):
        left, right = pair[0], pair[1]
        if "\n" in pair:
            hits += 1
        elif is_end:
            hits += right.isspace() and not left.isspace()
        else:
            hits += left.isspace() and not right.isspace()
    return hits


def _is_guidish(s: str) -> bool:
    return bool(re.fullmatch(r"\{?[0-9a-fA-F-]{32,38}\}?", s.strip()))


def _line_utterances(lines: list[Any], texts: list[str] | None = None
                     ) -> tuple[list[str | None], list[str], np.ndarray, np.ndarray]:
    """One utterance per non-blank line: ``(sections, speakers, starts, ends)``.

    Speaker from "Name: text" by the readers' trust rules
    (:func:`~qualkit.io._common.line_speakers`: a paper's "Abstract: ..." is no
    speaker), else "unknown"; ``# Heading`` / ``[Heading]`` lines name the section.
    ``lines`` is the text split at ``\\n`` and is consumed: each line is let go once
    read, and the columns cost a few bytes a line. The utterances' texts are
    appended to ``texts`` when it is given.
    """
    from array import array

    sections: list[str | None] = []
    speakers: list[str] = []
    starts, ends = array("q"), array("q")
    names: dict[str, str] = {}
    section = None
    who = line_speakers(lines)
    pos = 0
    for i in range(len(lines)):
        line, lines[i] = lines[i], None
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        sec = match_section(line)
        if sec is not None and line.lstrip().startswith(("#", "[")):
            section = sec
            continue
        sp = who.pop(i, None)
        end = len(line.rstrip())
        start = len(line) - len(line.lstrip())
        if sp is not None and sp[1] and line[end - len(sp[1]):end] == sp[1]:
            speaker, start = sp[0], end - len(sp[1])
        else:
            speaker = "unknown"
        sections.append(section)
        speakers.append(names.setdefault(speaker, speaker))
        starts.append(line_start + start)
        ends.append(line_start + end)
        if texts is not None:
            texts.append(line[start:end])
    return (sections, speakers, np.frombuffer(starts, dtype=np.int64).copy() if starts else
            np.zeros(0, np.int64), np.frombuffer(ends, dtype=np.int64).copy() if ends else
            np.zeros(0, np.int64))


def _plain_transcript(tid: str, text: str | Utf8Text, *, source: str,
                      metadata: dict[str, Any], group: str | None = None) -> Transcript:
    """A source's text as a :class:`~qualkit.corpus.Transcript`, one utterance per line.

    See :func:`_line_utterances` for how lines become utterances.

    >>> _plain_transcript("t", "P01: Hi.\\n\\n# Part 2\\nsome words", source="s",
    ...                   metadata={}).utterances[["section", "speaker", "text"]].values.tolist()
    [[None, 'P01', 'Hi.'], ['Part 2', 'unknown', 'some words']]
    """
    texts: list[str] = []
    sections, speakers, starts, ends = _line_utterances(
        text.split("\n") if isinstance(text, str) else text.lines(), texts)
    table = pd.DataFrame({"section": pd.Series(sections, dtype=object),
                          "speaker": pd.Series(speakers, dtype=object),
                          "start": starts, "end": ends,
                          "text": pd.Series(texts, dtype=object)})
    return Transcript(tid, text if isinstance(text, str) else str(text), table, group=group,
                      source=source, metadata=metadata)


def _stored_source(tid: str, text: Utf8Text, *, source: str, metadata: dict[str, Any],
                   group: str | None, session: Any) -> dict[str, Any]:
    """A source as the record :meth:`qualkit.Project._store_corpus` writes.

    The same utterances as :func:`_plain_transcript`, without building the
    ``Transcript``: the text stays UTF-8 bytes and no utterance text is cut out,
    so a 100 MB source is stored in about the memory of its bytes.
    """
    sections, speakers, starts, ends = _line_utterances(text.lines())
    roles = {s: infer_role(s) for s in set(speakers)}
    utterances = {"utterance_id": [f"{tid}:u{i + 1:04d}" for i in range(len(starts))],
                  "section": sections, "speaker": speakers,
                  "role": [roles[s] for s in speakers], "start": starts, "end": ends}
    if isinstance(session, int) and not isinstance(session, bool):
        metadata = dict(metadata)
    elif session is not None:
        metadata = {**metadata, "session": session}
        session = None
    return dict(id=tid, text=text, group=group, session=session, source=source,
                metadata=metadata, utterances=utterances)


def _coerce(kind: str, value: str) -> Any:
    v = value.strip()
    try:
        if kind == "IntegerValue":
            return int(v)
        if kind == "FloatValue":
            return float(v)
        if kind == "BooleanValue":
            return v.lower() in ("true", "1")
    except ValueError:
        return v
    return value


def _variable_values(el: ET.Element, variables: dict[str, str]) -> dict[str, Any]:
    out = {}
    for vv in _kids(el, "VariableValue"):
        ref = _kid(vv, "VariableRef")
        name = variables.get(norm_guid(ref.get("targetGUID") if ref is not None else ""))
        val = next((c for c in vv if local(c.tag) != "VariableRef"), None)
        if name is not None and val is not None:
            out[name] = _coerce(local(val.tag), _txt(val))
    return out


# ============================================================================ reading
def read_qdpx(path: str | Path, project_path: str | Path | None = None) -> Any:
    """Read a REFI-QDA project archive (``.qdpx``).

    Parameters
    ----------
    path : str or Path
        The ``.qdpx`` file.
    project_path : str or Path, optional
        Store the result in a new qualkit project file there (it must not exist;
        the file appears only once the whole import is stored); in memory if omitted.

    Returns
    -------
    Project
        A :class:`qualkit.Project` when the project store is available, otherwise
        a :class:`QdpxProject` with the same reading interface.

    Warns
    -----
    QdpxWarning
        For skipped sources or selections and positions that cannot be made to agree.

    Raises
    ------
    QdpxError
        The file is not a REFI-QDA project.
    UnsafeArchiveError
        The archive or its XML is hostile.
    ProjectError
        ``project_path`` already exists ([Q222]).
    """
    return _to_project(_read_bundle(path, materialise=False), project_path)


def _read_bundle(path: str | Path, materialise: bool = True) -> QdpxProject:
    p = Path(path)
    if not p.exists():
        raise QdpxError(Errors.Q003.format(path=p))
    arc_name = str(p)
    with SafeArchive(p, name=arc_name) as arc:
        member = arc.find_qde()
        root = parse_xml(arc.read(member), archive=arc_name, member=member)
        if local(root.tag) != "Project" or not str(root.tag).startswith("{urn:QDA-XML:project"):
            raise QdpxError(Errors.Q408.format(archive=arc_name, member=member, found=root_name(root.tag),
                                               expected="'Project' in urn:QDA-XML:project:1.0"))
        return _Reader(arc, root, arc_name).run(materialise)


class _Reader:
    def __init__(self, arc: SafeArchive, root: ET.Element, name: str) -> None:
        self.arc, self.root, self.name = arc, root, name
        self.origin = root.get("origin") or ""
        self.users: dict[str, str] = {}
        self.codings: list[dict[str, Any]] = []
        self.memos: list[dict[str, Any]] = []
        self.note_targets: dict[str, tuple[str, str]] = {}
        self.source_tid: dict[str, str] = {}
        self.selection_target: dict[str, tuple[str, str]] = {}
        self.unknown_refs = 0
        self.coding_index: dict[str, int] = {}

    def coder(self, *guids: str | None) -> str:
        for g in guids:
            if g:
                return self.users.get(norm_guid(g), norm_guid(g))
        return "unknown"

    def run(self, materialise: bool = True) -> QdpxProject:
        """The bundle; ``materialise=False`` leaves the sources as records for the store."""
        r = self.root
        taken: set[str] = set()
        for u in _kids(_kid(r, "Users"), "User"):
            g = norm_guid(u.get("guid"))
            if g in self.users:
                continue
            base = (u.get("name") or u.get("id") or g).strip() or g
            name, k = base, 1
            while name in taken:  # two people of one name stay two coders
                k += 1
                name = f"{base} ({k})"
            taken.add(name)
            self.users[g] = name
        cb = _kid(r, "CodeBook")
        codes = codes_from_element(_kid(cb, "Codes")) if _kid(cb, "Codes") is not None else []
        self.code_of = {c["guid"]: c["id"] for c in codes}  # the file's GUID -> our id
        variables = {norm_guid(v.get("guid")): (v.get("name") or "").strip()
                     for v in _kids(_kid(r, "Variables"), "Variable")}
        self.project_user = r.get("creatingUserGUID")
        self._collect_code_noterefs(cb)
        transcripts = self._sources(_kid(r, "Sources"), variables)
        participants, meta = self._cases(_kid(r, "Cases"), variables)
        sets = self._sets(_kid(r, "Sets"), meta)
        self._notes(_kid(r, "Notes"), _kid(r, "Links"))
        for nr in _kids(r, "NoteRef"):
            self.note_targets.setdefault(norm_guid(nr.get("targetGUID")), ("project", ""))
        built, stored = [], []
        while transcripts:
            tid, text, src, md, group = transcripts.pop(0)
            extra = meta.get(tid, {})
            grp = extra.pop("group", group)
            grp = None if grp is None else str(grp)
            md.update(extra)
            session = md.pop("session", None)
            if not materialise:
                stored.append(_stored_source(tid, text, source=src, metadata=md, group=grp,
                                             session=session))
                continue
            t = _plain_transcript(tid, text, source=src, metadata=md, group=grp)
            if isinstance(session, int) and not isinstance(session, bool):
                t = t.replace(session=session)
            elif session is not None:
                t.metadata["session"] = session
            built.append(t)
        if stored and participants is None:  # who speaks as a participant, as Corpus finds them
            participants = participants_of(pd.DataFrame(
                list({(sp, rec["group"]) for rec in stored
                      for sp in set(rec["utterances"]["speaker"])}),
                columns=["speaker", "group"]).assign(role=lambda d: [infer_role(x) for x in
                                                                     d["speaker"]]))
        corpus = Corpus(built, participants)
        if self.unknown_refs:
            _warn(Warnings.W403.format(archive=self.name, problem=(
                f"{self.unknown_refs} codings refer to codes that are not in the codebook "
                f"(NVivo case codings, for example); they were skipped")))
        codings = pd.DataFrame(self.codings, columns=CODING_COLUMNS)
        codings["start"] = codings["start"].astype("int64")
        codings["end"] = codings["end"].astype("int64")
        for col in ("memo", "created_at"):
            codings[col] = codings[col].astype(object).where(codings[col].notna(), None)
        memos = self._memo_table()
        return QdpxProject(
            name=r.get("name") or Path(self.name).stem, origin=self.origin, corpus=corpus,
            codebook=make_codebook(codes_table(codes)), coding_table=codings,
            users=pd.DataFrame({"user_guid": list(self.users), "coder": list(self.users.values())},
                               columns=["user_guid", "coder"]),
            memo_table=memos, sets=sets, source=Path(self.name).name, stored=stored)

    # -- codes' NoteRefs (project CodeBook codes can carry them)
    def _collect_code_noterefs(self, cb: ET.Element | None) -> None:
        if cb is None:
            return
        for code in cb.iter():
            if local(code.tag) == "Code":
                for nr in _kids(code, "NoteRef"):
                    self.note_targets[norm_guid(nr.get("targetGUID"))] = (
                        "code", norm_guid(code.get("guid")))

    # -- sources
    def _source_text(self, el: ET.Element, sname: str) -> tuple[Utf8Text, _PositionMap] | None:
        n = len(_kids(el, "PlainTextSelection")) + len(_kids(el, "Coding"))
        lost = f"; its {n} selections were not read" if n else ""
        content = _kid(el, "PlainTextContent")
        if content is not None:
            raw = (content.text or "").lstrip("\ufeff")
            return Utf8Text(normalise_newlines(raw).encode("utf-8")), _PositionMap(raw)
        ref = el.get("plainTextPath") or ""
        if not ref:
            _warn(Warnings.W402.format(archive=self.name, kind="source", name=sname,
                                       reason="it has neither PlainTextContent nor plainTextPath" + lost))
            return None
        if not ref.lower().startswith("internal://"):
            _warn(Warnings.W402.format(archive=self.name, kind="source", name=sname,
                                       reason=f"its text is outside the archive ({ref!r}); "
                                              "qualkit reads only internal sources" + lost))
            return None
        member = self.arc.find("sources/" + ref[len("internal://"):])
        if member is None:
            _warn(Warnings.W402.format(archive=self.name, kind="source", name=sname,
                                       reason=f"its text {ref!r} is not in the archive "
                                              "(expected a member 'sources/<guid>.txt')" + lost))
            return None
        return _load_text(self.arc.read(member), self.name, sname)

    def _sources(self, sources: ET.Element | None,
                 variables: dict[str, str]) -> list[tuple[str, str, str, dict, Any]]:
        out: list[tuple[str, str, str, dict, Any]] = []
        used: set[str] = set()
        for el in (sources if sources is not None else []):
            kind = local(el.tag)
            sguid = norm_guid(el.get("guid"))
            sname = (el.get("name") or sguid).strip()
            if kind != "TextSource":
                _warn(Warnings.W402.format(archive=self.name, kind=kind, name=sname,
                                           reason="qualkit reads text sources only"))
                continue
            loaded = self._source_text(el, sname)
            if loaded is None:
                continue
            text, pm = loaded
            del loaded
            tid = _stem(sname) or sguid or f"source{len(out) + 1}"
            if tid in used:
                tid = f"{tid}_{sguid[:8]}"
            used.add(tid)
            self.source_tid[sguid] = tid
            if len(pm.nul):
                _warn(Warnings.W401.format(
                    archive=self.name, source=sname, problem=(
                        f"{len(pm.nul)} NUL character(s) (U+0000; the first at character "
                        f"{int(pm.nul[0])}) were removed from the text; selections were "
                        "mapped around them")))
            self._selections(el, tid, pm, text, sname)
            md = {"refi_guid": sguid}
            md.update(_variable_values(el, variables))
            desc = _txt(_kid(el, "Description")).strip()
            if desc:
                md["description"] = desc
            for nr in _kids(el, "NoteRef"):
                self.note_targets[norm_guid(nr.get("targetGUID"))] = ("transcript", tid)
            out.append((tid, text, f"{self.name}#{sname}", md, None))
        return out

    def _selections(self, el: ET.Element, tid: str, pm: _PositionMap, text: str,
                    sname: str) -> None:
        sels = _kids(el, "PlainTextSelection")
        parsed = []
        bad: list[str] = []  # every selection that cannot be placed, with why
        for s in sels:
            ga, gb = s.get("startPosition", ""), s.get("endPosition", "")
            where = (f"{norm_guid(s.get('guid')) or '(no guid)'} "  # positions, never words
                     f"[{_position(ga)}, {_position(gb)})")
            try:
                a, b = int(ga), int(gb)
            except ValueError:
                bad.append(f"{where}: positions are not whole numbers")
                continue
            if a < 0 or b < 0:
                bad.append(f"{where}: negative position")
            elif a > b:
                bad.append(f"{where}: reversed (start after end)")
            else:
                parsed.append((s, a, b))
        conv = _choose_convention(pm, text, [(a, b, s.get("name") or "") for s, a, b in parsed],
                                  self.origin, self.name, sname)
        src_user = el.get("creatingUser")
        norm_a = pm.to_norm_many(conv, [a for _, a, _ in parsed])
        norm_b = pm.to_norm_many(conv, [b for _, _, b in parsed])
        for (s, a, b), na, nb in zip(parsed, norm_a.tolist(), norm_b.tolist()):
            sguid = norm_guid(s.get("guid"))
            if na < 0 or nb < 0 or na == nb:
                reason = (f"empty (no characters between {a} and {b})" if na >= 0
                          and na == nb else f"outside the text or inside a character (read as "
                          f"{conv!r} positions)")
                bad.append(f"{sguid or '(no guid)'} [{a}, {b}): {reason}")
                continue
            desc = _txt(_kid(s, "Description")).strip() or None
            self.selection_target[sguid] = ("span", f"{tid}:{na}-{nb}")
            codings = _kids(s, "Coding")
            for nr in _kids(s, "NoteRef"):
                self.note_targets[norm_guid(nr.get("targetGUID"))] = ("span", f"{tid}:{na}-{nb}")
            if not codings and desc:
                self.memos.append(dict(memo_id=sguid, target_kind="span",
                                       target_id=f"{tid}:{na}-{nb}", text=desc,
                                       author=self.coder(s.get("creatingUser"), src_user),
                                       created_at=s.get("creationDateTime")))
            for c in codings:
                self._coding(c, tid, na, nb, desc, s, src_user)
        if bad:
            _warn(Warnings.W401.format(
                archive=self.name, source=sname, problem=(
                    f"{len(bad)} of {len(sels)} selections cannot be placed in the text and "
                    f"were skipped (the other {len(sels) - len(bad)} were kept): "
                    + "; ".join(bad))))
        for c in _kids(el, "Coding"):  # whole-source codings
            if text:
                self._coding(c, tid, 0, len(text), None, el, src_user)

    def _coding(self, c: ET.Element, tid: str, a: int, b: int, memo: str | None,
                sel: ET.Element, src_user: str | None) -> None:
        ref = _kid(c, "CodeRef")
        code = self.code_of.get(norm_guid(ref.get("targetGUID") if ref is not None else ""))
        if code is None:
            self.unknown_refs += 1
            return
        cid = norm_guid(c.get("guid")) or str(uuid.uuid4())
        for nr in _kids(c, "NoteRef"):
            self.note_targets[norm_guid(nr.get("targetGUID"))] = ("coding", cid)
        self.coding_index[cid] = len(self.codings)
        self.codings.append(dict(
            coding_id=cid,
            coder=self.coder(c.get("creatingUser"), sel.get("creatingUser"), src_user,
                             self.project_user),
            transcript_id=tid, start=a, end=b, code_id=code, memo=memo,
            created_at=c.get("creationDateTime") or sel.get("creationDateTime")))

    # -- cases and sets
    def _cases(self, cases: ET.Element | None, variables: dict[str, str]
               ) -> tuple[pd.DataFrame | None, dict[str, dict[str, Any]]]:
        rows = []
        meta: dict[str, dict[str, Any]] = {}
        for case in _kids(cases, "Case"):
            values = _variable_values(case, variables)
            name = (case.get("name") or "").strip()
            srcs = [self.source_tid.get(norm_guid(s.get("targetGUID")))
                    for s in _kids(case, "SourceRef")]
            if not name:  # MAXQDA / Quirkos: document variables in a nameless case
                for tid in srcs:
                    if tid is not None:
                        meta.setdefault(tid, {}).update(values)
                continue
            rows.append({"participant_id": name, **values})
        if not rows:
            return None, meta
        df = pd.DataFrame(rows)
        return df, meta

    def _sets(self, sets: ET.Element | None, meta: dict[str, dict[str, Any]]) -> pd.DataFrame:
        rows = []
        for st in _kids(sets, "Set"):
            name = (st.get("name") or "").strip()
            for m in st:
                kind = local(m.tag)
                if not kind.startswith("Member"):
                    continue
                target = norm_guid(m.get("targetGUID") or m.get("guid"))
                member = {"MemberSource": self.source_tid.get(target),
                          "MemberCode": self.code_of.get(target, target)}.get(kind, target)
                rows.append(dict(set=name, member_kind=kind[len("Member"):].lower(),
                                 member_id=member))
                if kind == "MemberSource" and member is not None and ":" in name:
                    key, _, val = name.partition(":")
                    if key.strip() and val.strip():
                        meta.setdefault(member, {})[key.strip()] = val.strip()
        return pd.DataFrame(rows, columns=["set", "member_kind", "member_id"])

    # -- notes
    def _notes(self, notes: ET.Element | None, links: ET.Element | None) -> None:
        for ln in _kids(links, "Link"):
            o, t = norm_guid(ln.get("originGUID")), norm_guid(ln.get("targetGUID"))
            for note, other in ((o, t), (t, o)):
                target = self.selection_target.get(other)
                if target is None and other in self.source_tid:
                    target = ("transcript", self.source_tid[other])
                if target is not None:
                    self.note_targets.setdefault(note, target)
        for n in _kids(notes, "Note"):
            g = norm_guid(n.get("guid"))
            text = _txt(_kid(n, "PlainTextContent")).strip()
            if not text:
                ref = n.get("plainTextPath") or ""
                member = self.arc.find("sources/" + ref[len("internal://"):]) if ref else None
                text = normalise_newlines(_decode(self.arc.read(member), self.name, ref)
                                          ).strip() if member else ""
            title = (n.get("name") or "").strip()
            if not text:
                text = _txt(_kid(n, "Description")).strip() or title
            kind, target = self.note_targets.get(g, ("project", ""))
            if kind == "code":
                target = self.code_of.get(target, target)
            if kind == "coding" and target in self.coding_index:
                row = self.codings[self.coding_index[target]]
                row["memo"] = text if not row["memo"] else f"{row['memo']}\n\n{text}"
                continue
            self.memos.append(dict(memo_id=g, target_kind=kind, target_id=target, text=text,
                                   author=self.coder(n.get("creatingUser")),
                                   created_at=n.get("creationDateTime")))

    def _memo_table(self) -> pd.DataFrame:
        return pd.DataFrame(self.memos, columns=MEMO_COLUMNS)


def _stem(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    if suffix.lower() in (".txt", ".docx", ".doc", ".rtf", ".pdf", ".odt", ".htm", ".html"):
        return name[: -len(suffix)].strip()
    return name.strip()


# ============================================================================ project
def _to_project(bundle: QdpxProject, path: str | Path | None = None) -> Any:
    """Store a read bundle in a new :class:`qualkit.Project` (in memory, or the file ``path``)."""
    from ..project import Project
    from ..codebook import Codebook

    def fill(proj: Any) -> None:
        who = f"read_qdpx:{bundle.name}"
        if bundle.stored:  # sources kept as UTF-8 bytes: stored without building transcripts
            proj._store_corpus(bundle.stored, bundle.corpus._participants, who=who)
        else:
            proj.add_corpus(bundle.corpus, who=who)
        bundle.stored = []  # stored now: let large texts go before the codings
        bundle.corpus = Corpus([])
        cb = bundle.codebook
        if not isinstance(cb, Codebook):
            cb = Codebook.from_table(codebook_table(cb))
        proj.set_codebook(cb, who=who)
        codings = bundle.codings()
        if len(codings):
            codings["provenance"] = f"import:{bundle.source or bundle.name}"
            proj.code_many(codings, who=who)
        for m in bundle.memos().itertuples(index=False):
            proj.add_memo(m.target_kind, m.target_id, m.text,
                          None if _missing(m.author) else m.author)

    if path is None:
        proj = Project.in_memory()
        fill(proj)
        return proj
    return Project._create_with(path, fill)


# ============================================================================ writing
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(s: Any) -> str:
    return _ILLEGAL.sub("", str(s))


def _quote(seg: str, limit: int = 100) -> str:
    """The selection's text for ``@name``, cut with "…" as ATLAS.ti does."""
    return seg if len(seg) <= limit else seg[: limit - 1] + "\u2026"


def _g(key: str) -> str:
    return str(uuid.uuid5(QK_NS, key))


def _dt(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if ts is pd.NaT or pd.isna(ts):
        return None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def _var_type(series: pd.Series) -> tuple[str, str]:
    s = series.dropna()
    if pd.api.types.is_bool_dtype(s):
        return "Boolean", "BooleanValue"
    if pd.api.types.is_integer_dtype(s):
        return "Integer", "IntegerValue"
    if pd.api.types.is_float_dtype(s):
        return "Float", "FloatValue"
    return "Text", "TextValue"


def _format_value(tag: str, v: Any) -> str:
    if tag == "BooleanValue":
        return "true" if bool(v) else "false"
    if tag == "IntegerValue":
        return str(int(v))
    if tag == "FloatValue":
        return repr(float(v))
    return _clean(v)


def _missing(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def write_qdpx(project: Any, path: str | Path, *, origin: str = "qualkit",
               allow_identifiers: bool = False) -> None:
    """Write a project as a REFI-QDA archive (``.qdpx``).

    The archive holds ``project.qde`` (schema-valid and schema-ordered) and
    ``sources/<guid>.txt`` (UTF-8, LF line endings) for every transcript.
    Positions are code points into ``Transcript.text``. GUIDs are ``uuid5`` of
    stable keys, so exporting the same project twice gives identical files.
    Coders become Users, memos become Notes with their author and date, and the
    participants table becomes Cases with Variables.

    Parameters
    ----------
    project : Project or QdpxProject
        Anything with ``corpus``, ``codebook``, ``codings()`` (and optionally
        ``coders`` and ``memos()``).
    path : str or Path
        The ``.qdpx`` file to write.
    origin : str, default="qualkit"
        The ``Project@origin`` attribute (the version is appended).
    allow_identifiers : bool, default=False
        Everything the archive would hold (transcripts whole, their names and
        variables, the participants, memos, codes) is scanned first, and
        :class:`~qualkit.errors.IdentifierFoundError` (Q501) refuses the export when an
        identifier is found; ``True`` writes anyway (to exchange material that is not
        yet anonymised within the team). The failed or refused export leaves no file.
    """
    from .. import __version__

    corpus: Corpus = project.corpus
    table = codebook_table(project.codebook)
    codings = project.codings()
    memos = project.memos() if hasattr(project, "memos") else pd.DataFrame(columns=MEMO_COLUMNS)
    if not allow_identifiers:
        from ..privacy import check_export

        check_export(corpus)  # speech, notes, labels, names, metadata, participants
        check_export([str(x) for x in memos["text"].dropna()] +
                     [str(x) for c in ("name", "definition") if c in table
                      for x in table[c].dropna()])
    memos = memos.reindex(columns=[c for c in MEMO_COLUMNS if c != "memo_id"] +
                          [c for c in memos.columns if c not in MEMO_COLUMNS])
    coders = list(getattr(project, "coders", []) or [])
    missing_codes = sorted(set(codings["code_id"]) - set(table["id"]))
    if missing_codes:
        raise QdpxError(Errors.Q410.format(caller="write_qdpx", what="codings",
                                           problem=f"codes {missing_codes[:5]} are not in the "
                                                   "codebook"))
    ns = NS_PROJECT
    q = lambda t: f"{{{ns}}}{t}"  # noqa: E731
    name = str(getattr(project, "name", None) or Path(path).stem)

    people = list(dict.fromkeys([str(c) for c in coders] + [str(c) for c in codings["coder"]] +
                                [str(a) for a in memos["author"] if not _missing(a)]))
    user_guid = {p: _g(f"user:{p}") for p in people}

    # notes first, so that NoteRefs can be placed where their targets are written
    note_refs: dict[tuple[str, str], list[str]] = {}
    notes: list[tuple[str, dict[str, Any]]] = []
    for i, m in enumerate(memos.to_dict("records")):
        kind = str(m.get("target_kind") or "project")
        target = "" if _missing(m.get("target_id")) else str(m.get("target_id"))
        stable = code_guid(target) if kind == "code" else target
        gid = _g(f"note:{kind}:{stable}:{i}:{m.get('text')}")
        notes.append((gid, m))
        note_refs.setdefault((kind, target), []).append(gid)
    for c in codings.itertuples(index=False):
        if isinstance(c.memo, str) and c.memo.strip():
            key = f"{c.coder}|{c.transcript_id}|{c.start}|{c.end}|{code_guid(c.code_id)}"
            gid = _g(f"note:coding-memo:{key}")
            notes.append((gid, dict(text=c.memo, author=c.coder, created_at=c.created_at,
                                    title="Coding memo")))
            note_refs.setdefault(("coding", key), []).append(gid)

    ET.register_namespace("", ns)
    attrs = {"name": _clean(name), "origin": f"{origin} {__version__}"}
    root = ET.Element(q("Project"), attrs)
    if user_guid:
        users = ET.SubElement(root, q("Users"))
        for p, g in user_guid.items():
            ET.SubElement(users, q("User"), {"guid": g, "name": _clean(p)})
    if len(table):
        cb = ET.SubElement(root, q("CodeBook"))
        codes_el = ET.SubElement(cb, q("Codes"))
        code_notes = {k[1]: v for k, v in note_refs.items() if k[0] == "code"}
        add_code_elements(codes_el, table, ns, note_refs=code_notes)

    # participants → Variables + Cases
    parts = corpus.participants if len(corpus) else pd.DataFrame(columns=["participant_id"])
    var_cols = [c for c in parts.columns if c != "participant_id"]
    var_types = {c: _var_type(parts[c]) for c in var_cols}
    utt = corpus.utterances if len(corpus) else pd.DataFrame(columns=["speaker", "transcript_id"])
    source_guid = {t.id: _g(f"source:{t.id}") for t in corpus}
    src_vars = _source_variables(corpus)
    if (var_cols and len(parts)) or src_vars:
        variables = ET.SubElement(root, q("Variables"))
        for c in (var_cols if len(parts) else []):
            ET.SubElement(variables, q("Variable"), {"guid": _g(f"variable:{c}"),
                                                     "name": _clean(c),
                                                     "typeOfVariable": var_types[c][0]})
        for c, (vtype, _tag) in src_vars.items():
            ET.SubElement(variables, q("Variable"), {"guid": _g(f"variable:source:{c}"),
                                                     "name": _clean(c), "typeOfVariable": vtype})
    if len(parts):
        cases = ET.SubElement(root, q("Cases"))
        for row in parts.to_dict("records"):
            pid = str(row["participant_id"])
            case = ET.SubElement(cases, q("Case"), {"guid": _g(f"case:{pid}"),
                                                    "name": _clean(pid)})
            for c in var_cols:
                v = row[c]
                if _missing(v):
                    continue
                vv = ET.SubElement(case, q("VariableValue"))
                ET.SubElement(vv, q("VariableRef"), {"targetGUID": _g(f"variable:{c}")})
                tag = var_types[c][1]
                ET.SubElement(vv, q(tag)).text = _format_value(tag, v)
            for tid in dict.fromkeys(utt.loc[utt["speaker"] == pid, "transcript_id"]):
                ET.SubElement(case, q("SourceRef"), {"targetGUID": source_guid[tid]})

    files: dict[str, bytes] = {}
    if len(corpus):
        sources = ET.SubElement(root, q("Sources"))
        cod = codings.drop_duplicates(["coder", "transcript_id", "start", "end", "code_id"])
        by_source = {tid: g for tid, g in cod.groupby("transcript_id", sort=False)}
        for t in corpus:
            sg = source_guid[t.id]
            fname = f"{sg}.txt"
            files[f"sources/{fname}"] = t.text.encode("utf-8")
            src = ET.SubElement(sources, q("TextSource"), {
                "guid": sg, "name": _clean(t.id), "plainTextPath": f"internal://{fname}"})
            desc = t.metadata.get("description") if t.metadata else None
            if desc:
                ET.SubElement(src, q("Description")).text = _clean(desc)
            g = by_source.get(t.id)
            if g is not None:
                g = g.sort_values(["start", "end", "coder", "code_id"], kind="stable")
                for (a, b), sel_rows in g.groupby(["start", "end"], sort=False):
                    a, b = int(a), int(b)
                    first = sel_rows.iloc[0]
                    sattrs = {"guid": _g(f"selection:{t.id}:{a}:{b}"),
                              "name": _clean(_quote(t.text[a:b])),
                              "startPosition": str(a), "endPosition": str(b),
                              "creatingUser": user_guid[str(first.coder)]}
                    sel = ET.SubElement(src, q("PlainTextSelection"), sattrs)
                    for r in sel_rows.itertuples(index=False):
                        key = f"{r.coder}|{t.id}|{a}|{b}|{code_guid(r.code_id)}"
                        cattrs = {"guid": _g(f"coding:{key}"),
                                  "creatingUser": user_guid[str(r.coder)]}
                        dt = _dt(r.created_at)
                        if dt:
                            cattrs["creationDateTime"] = dt
                        coding = ET.SubElement(sel, q("Coding"), cattrs)
                        ET.SubElement(coding, q("CodeRef"), {"targetGUID": code_guid(r.code_id)})
                        for ref in note_refs.get(("coding", key), []) + note_refs.get(
                                ("coding", str(getattr(r, "coding_id", ""))), []):
                            ET.SubElement(coding, q("NoteRef"), {"targetGUID": ref})
                    for ref in note_refs.get(("span", f"{t.id}:{a}-{b}"), []):
                        ET.SubElement(sel, q("NoteRef"), {"targetGUID": ref})
            for ref in note_refs.get(("transcript", t.id), []):
                ET.SubElement(src, q("NoteRef"), {"targetGUID": ref})
            values = _source_values(t)
            for c, (_vtype, tag) in src_vars.items():
                if c in values:
                    vv = ET.SubElement(src, q("VariableValue"))
                    ET.SubElement(vv, q("VariableRef"), {"targetGUID": _g(f"variable:source:{c}")})
                    ET.SubElement(vv, q(tag)).text = _format_value(tag, values[c])
    if notes:
        notes_el = ET.SubElement(root, q("Notes"))
        for gid, m in notes:
            nattrs = {"guid": gid, "name": _clean(m.get("title") or "Memo")}
            author = m.get("author")
            if not _missing(author) and str(author) in user_guid:
                nattrs["creatingUser"] = user_guid[str(author)]
            dt = _dt(m.get("created_at"))
            if dt:
                nattrs["creationDateTime"] = dt
            note = ET.SubElement(notes_el, q("Note"), nattrs)
            ET.SubElement(note, q("PlainTextContent")).text = _clean(m.get("text") or "")
    groups = {}
    for t in corpus:
        if t.group:
            groups.setdefault(str(t.group), []).append(source_guid[t.id])
    if groups:
        sets = ET.SubElement(root, q("Sets"))
        for gname, members in groups.items():
            st = ET.SubElement(sets, q("Set"), {"guid": _g(f"set:group:{gname}"),
                                                "name": _clean(f"group: {gname}")})
            for m_ in members:
                ET.SubElement(st, q("MemberSource"), {"targetGUID": m_})
    placed = {el.get("targetGUID") for el in root.iter(q("NoteRef"))}
    for gid, _m in notes:
        if gid not in placed:
            ET.SubElement(root, q("NoteRef"), {"targetGUID": gid})
    xml = xml_bytes(root)
    _write_zip(Path(path), {"project.qde": xml, **files})


_NOT_VARIABLES = {"refi_guid", "description"}


def _source_values(t: Transcript) -> dict[str, Any]:
    out = {k: v for k, v in (t.metadata or {}).items()
           if k not in _NOT_VARIABLES and isinstance(v, (str, int, float, bool, np.generic))
           and not _missing(v)}
    if t.session is not None and not _missing(t.session):
        out["session"] = int(t.session)
    return out


def _source_variables(corpus: Corpus) -> dict[str, tuple[str, str]]:
    """Transcript metadata written as source-level variables: name → (type, value tag)."""
    seen: dict[str, list[Any]] = {}
    for t in corpus:
        for k, v in _source_values(t).items():
            seen.setdefault(str(k), []).append(v)
    out = {}
    for k, vals in seen.items():
        out[k] = _var_type(pd.Series(vals))
    return out


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    from .._export import atomic_output

    with atomic_output(path) as tmp:  # a failed write leaves nothing behind
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
