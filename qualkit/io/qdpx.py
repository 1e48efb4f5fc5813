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

from ..corpus import Corpus, Transcript
from ..errors import Errors, QdpxError, QualkitWarning, Warnings
from ._common import line_speakers, match_section
from ._qdc import (NS_PROJECT, QK_NS, code_guid, codebook_table, codes_from_element, codes_table,
                   add_code_elements, local, make_codebook, norm_guid)
from ._safe import SafeArchive, parse_xml

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


def _warn(msg: str) -> None:
    warnings.warn(msg, QdpxWarning, stacklevel=3)


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.lstrip("\ufeff")


def normalise_newlines(raw: str) -> str:
    """CR LF and lone CR → LF.

    >>> normalise_newlines("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return raw.replace("\r\n", "\n").replace("\r", "\n")


class _PositionMap:
    """Maps positions in each convention onto code points of the LF-normalised text."""

    def __init__(self, raw: str) -> None:
        n = len(raw)
        cps = np.fromiter((ord(c) for c in raw), dtype=np.int64, count=n)
        prev_cr = np.zeros(n, dtype=bool)
        if n > 1:
            prev_cr[1:] = cps[:-1] == 13
        lf_after_cr = (cps == 10) & prev_cr
        norm_w = np.where(lf_after_cr, 0, 1)
        u16 = np.where(cps > 0xFFFF, 2, 1)
        widths = {"codepoint": np.ones(n, dtype=np.int64), "codepoint_lf": norm_w,
                  "utf16": u16, "utf16_lf": u16 * norm_w}
        self.norm_cum = np.concatenate([[0], np.cumsum(norm_w)])
        self.cum = {k: np.concatenate([[0], np.cumsum(w)]) for k, w in widths.items()}
        self.trivial = not (np.any(cps == 13) or np.any(cps > 0xFFFF))

    def to_norm(self, convention: str, pos: int) -> int | None:
        cum = self.cum[convention]
        if pos < 0 or pos > cum[-1]:
            return None
        idx = int(np.searchsorted(cum, pos, side="left"))
        if cum[idx] != pos:
            return None  # inside a surrogate pair
        return int(self.norm_cum[idx])


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


def _choose_convention(pm: _PositionMap, text: str, sels: list[tuple[int, int, str]],
                       origin: str, archive: str, source: str) -> str:
    order = _preferred(origin)
    if pm.trivial or not sels:
        return order[0]
    is_named = [len(s[2].strip()) >= 3 and not _is_guidish(s[2]) for s in sels]
    named = [s for s, flag in zip(sels, is_named) if flag]
    scores = {}
    for conv in order:
        ok_named = 0
        valid = 0
        for (start, end, name), flag in zip(sels, is_named):
            a, b = pm.to_norm(conv, start), pm.to_norm(conv, end)
            if a is None or b is None:
                continue
            valid += 1
            if flag and _quote_matches(name, text[a:b]):
                ok_named += 1
        scores[conv] = (ok_named, valid)
    known = any(k in origin.lower() for k in ("nvivo", "atlas", "maxqda", "qualkit"))
    align = {c: 0 for c in order}
    if not named and not known:
        # no quoted text to check and no known producer: prefer the convention under
        # which selections start and end at line or word boundaries
        for conv in order:
            for start, end, _ in sels:
                for pos, before in ((pm.to_norm(conv, start), False),
                                    (pm.to_norm(conv, end), True)):
                    if pos is not None and _at_boundary(text, pos, before):
                        align[conv] += 1
        # the standard's reading wins unless another is clearly better aligned
        align[order[0]] += max(2, len(sels) // 5)
    best = max(order, key=lambda c: (scores[c][0], scores[c][1], align[c], -order.index(c)))
    ok_named, valid = scores[best]
    if named and ok_named < len(named):
        _warn(Warnings.W401.format(
            archive=archive, source=source,
            problem=(f"the quoted text of {len(named) - ok_named} of {len(named)} selections "
                     f"does not match the source text under any position convention; "
                     f"positions were read as {best!r} (origin {origin!r})")))
    elif valid < len(sels):
        _warn(Warnings.W401.format(
            archive=archive, source=source,
            problem=(f"{len(sels) - valid} of {len(sels)} selections fall outside the text or "
                     f"inside a character under every position convention; they were skipped")))
    return best


def _at_boundary(text: str, pos: int, is_end: bool) -> bool:
    """True if ``pos`` is at the text's edge, a line break or between a word and a space."""
    if pos <= 0 or pos >= len(text):
        return True
    left, right = text[pos - 1], text[pos]
    if "\n" in (left, right):
        return True
    return (right.isspace() and not left.isspace()) if is_end else (
        left.isspace() and not right.isspace())


def _is_guidish(s: str) -> bool:
    return bool(re.fullmatch(r"\{?[0-9a-fA-F-]{32,38}\}?", s.strip()))


def _plain_transcript(tid: str, text: str, *, source: str, metadata: dict[str, Any],
                      group: str | None = None) -> Transcript:
    """One utterance per non-blank line; speaker from "Name: text", else "unknown".

    Labels are speakers by the readers' trust rules (:func:`~qualkit.io._common.line_speakers`):
    a paper's "Abstract: ..." is no speaker.
    """
    rows = []
    pos = 0
    section = None
    lines = text.split("\n")
    who = line_speakers(lines)
    for i, line in enumerate(lines):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        sec = match_section(line)
        if sec is not None and line.lstrip().startswith(("#", "[")):
            section = sec
            continue
        sp = who.get(i)
        end = line_start + len(line.rstrip())
        if sp is not None and sp[1]:
            speaker, body = sp[0], sp[1]
            start = end - len(body)
            if text[start:end] != body:
                speaker, start = "unknown", line_start + len(line) - len(line.lstrip())
        else:
            speaker, start = "unknown", line_start + len(line) - len(line.lstrip())
        rows.append(dict(section=section, speaker=speaker, start=start, end=end,
                         text=text[start:end]))
    table = pd.DataFrame(rows, columns=["section", "speaker", "start", "end", "text"])
    return Transcript(tid, text, table, group=group, source=source, metadata=metadata)


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
    bundle = _read_bundle(path)
    return _to_project(bundle, project_path)


def _read_bundle(path: str | Path) -> QdpxProject:
    p = Path(path)
    if not p.exists():
        raise QdpxError(Errors.Q003.format(path=p))
    arc_name = str(p)
    with SafeArchive(p, name=arc_name) as arc:
        member = arc.find_qde()
        root = parse_xml(arc.read(member), archive=arc_name, member=member)
        if local(root.tag) != "Project" or not str(root.tag).startswith("{urn:QDA-XML:project"):
            raise QdpxError(Errors.Q408.format(archive=arc_name, member=member, found=root.tag,
                                               expected="'Project' in urn:QDA-XML:project:1.0"))
        return _Reader(arc, root, arc_name).run()


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

    def run(self) -> QdpxProject:
        r = self.root
        for u in _kids(_kid(r, "Users"), "User"):
            g = norm_guid(u.get("guid"))
            self.users[g] = (u.get("name") or u.get("id") or g).strip() or g
        cb = _kid(r, "CodeBook")
        codes = codes_from_element(_kid(cb, "Codes")) if _kid(cb, "Codes") is not None else []
        self.code_ids = {c["id"] for c in codes}
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
        built = []
        for tid, text, src, md, group in transcripts:
            extra = meta.get(tid, {})
            grp = extra.pop("group", group)
            md.update(extra)
            session = md.pop("session", None)
            t = _plain_transcript(tid, text, source=src, metadata=md,
                                  group=None if grp is None else str(grp))
            if isinstance(session, int) and not isinstance(session, bool):
                t = t.replace(session=session)
            elif session is not None:
                t.metadata["session"] = session
            built.append(t)
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
            memo_table=memos, sets=sets, source=Path(self.name).name)

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
    def _source_text(self, el: ET.Element, sname: str) -> str | None:
        n = len(_kids(el, "PlainTextSelection")) + len(_kids(el, "Coding"))
        lost = f"; its {n} selections were not read" if n else ""
        content = _kid(el, "PlainTextContent")
        if content is not None:
            return (content.text or "").lstrip("\ufeff")
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
        return _decode(self.arc.read(member))

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
            raw = self._source_text(el, sname)
            if raw is None:
                continue
            tid = _stem(sname) or sguid or f"source{len(out) + 1}"
            if tid in used:
                tid = f"{tid}_{sguid[:8]}"
            used.add(tid)
            self.source_tid[sguid] = tid
            text = normalise_newlines(raw)
            self._selections(el, tid, raw, text, sname)
            md = {"refi_guid": sguid}
            md.update(_variable_values(el, variables))
            desc = _txt(_kid(el, "Description")).strip()
            if desc:
                md["description"] = desc
            for nr in _kids(el, "NoteRef"):
                self.note_targets[norm_guid(nr.get("targetGUID"))] = ("transcript", tid)
            out.append((tid, text, f"{self.name}#{sname}", md, None))
        return out

    def _selections(self, el: ET.Element, tid: str, raw: str, text: str, sname: str) -> None:
        sels = _kids(el, "PlainTextSelection")
        parsed = []
        for s in sels:
            try:
                a, b = int(s.get("startPosition", "")), int(s.get("endPosition", ""))
            except ValueError:
                _warn(Warnings.W402.format(archive=self.name, kind="selection",
                                           name=s.get("guid"), reason=(
                                               f"positions {s.get('startPosition')!r}, "
                                               f"{s.get('endPosition')!r} are not integers")))
                continue
            parsed.append((s, min(a, b), max(a, b)))
        pm = _PositionMap(raw)
        conv = _choose_convention(pm, text, [(a, b, s.get("name") or "") for s, a, b in parsed],
                                  self.origin, self.name, sname)
        src_user = el.get("creatingUser")
        for s, a, b in parsed:
            na, nb = pm.to_norm(conv, a), pm.to_norm(conv, b)
            sguid = norm_guid(s.get("guid"))
            if na is None or nb is None or na == nb:
                if na is not None and na == nb:
                    _warn(Warnings.W402.format(archive=self.name, kind="selection", name=sguid,
                                               reason=f"it is empty ({a}-{b}) in {sname!r}"))
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
        for c in _kids(el, "Coding"):  # whole-source codings
            if text:
                self._coding(c, tid, 0, len(text), None, el, src_user)

    def _coding(self, c: ET.Element, tid: str, a: int, b: int, memo: str | None,
                sel: ET.Element, src_user: str | None) -> None:
        ref = _kid(c, "CodeRef")
        code = norm_guid(ref.get("targetGUID") if ref is not None else "")
        if code not in self.code_ids:
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
                member = {"MemberSource": self.source_tid.get(target)}.get(kind, target)
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
                text = normalise_newlines(_decode(self.arc.read(member))).strip() if member else ""
            title = (n.get("name") or "").strip()
            if not text:
                text = _txt(_kid(n, "Description")).strip() or title
            kind, target = self.note_targets.get(g, ("project", ""))
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
    """Turn a read bundle into a :class:`qualkit.Project` when the store is available.

    Until ``qualkit.project`` provides ``Project`` with ``add_corpus``, ``set_codebook``
    and ``code_many``, an in-memory read returns the :class:`QdpxProject` bundle itself.
    """
    try:
        from ..project import Project
    except ImportError:  # pragma: no cover - the store is part of qualkit
        Project = None  # noqa: N806
    needed = ("open", "in_memory", "add_corpus", "set_codebook", "code_many", "add_memo")
    if Project is None or not all(hasattr(Project, n) for n in needed):
        if path is not None:
            raise QdpxError(Errors.Q410.format(
                caller="read_qdpx", what=f"to {path}",
                problem="the qualkit project store (qualkit.project.Project) is not available"))
        return bundle
    from ..codebook import Codebook

    def fill(proj: Any) -> None:
        who = f"read_qdpx:{bundle.name}"
        proj.add_corpus(bundle.corpus, who=who)
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
    ET.indent(root)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
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
