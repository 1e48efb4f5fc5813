"""Word (.docx) transcripts: "Speaker: text" paragraphs, bold labels, tables, headings.

The document XML is read directly (``zipfile`` + a hardened ``lxml`` parser), which
is several times faster than building python-docx's object model and lets the
archive be checked before anything is decompressed: ``word/document.xml`` larger
than :data:`MAX_XML_BYTES` or compressed more than :data:`MAX_RATIO` times is refused
as a possible zip bomb, and entities / DTDs are never resolved.

What is recognised, in document order (paragraphs and tables interleaved):

- a paragraph ``Speaker: text``, optionally with a timestamp (``[00:01:23]``) before
  or after the label, or a **bold** leading run naming the speaker;
- a paragraph with no label continues the previous speaker's turn;
- a paragraph in a Heading style (or a line such as ``# Topic``) names the section;
  the Title style becomes ``metadata['title']``;
- a table of two columns (speaker | text) or three (time | speaker | text), with
  or without a header row.

Examples
--------
>>> import docx, tempfile, pathlib
>>> d = docx.Document()
>>> _ = d.add_heading("Benefits", level=1)
>>> _ = d.add_paragraph("[00:00:05] Facilitator: Shall we start?")
>>> p = d.add_paragraph(); _ = p.add_run("P01:").bold = True; _ = p.add_run(" Yes.")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "fg1.docx"; d.save(path)
>>> turns, meta = read_docx(path)
>>> [(t.speaker, t.text, t.t_start, t.section) for t in turns]
[('Facilitator', 'Shall we start?', 5.0, 'Benefits'), ('P01', 'Yes.', nan, 'Benefits')]
"""

from __future__ import annotations

import math
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from ..corpus import Turn
from ..errors import Errors, TranscriptFormatError
from ._common import match_section, parse_timestamp, split_label, turns_from_lines
from ._registry import register_reader

__all__ = ["read_docx", "MAX_XML_BYTES", "MAX_RATIO"]

#: ``word/document.xml`` larger than this (uncompressed) is refused.
MAX_XML_BYTES = 200 * 1024 * 1024
#: Refuse members compressed more than this many times (and larger than 1 MB).
MAX_RATIO = 100

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _R, _T, _TAB, _BR, _CR = (f"{_W}p", f"{_W}tbl", f"{_W}r", f"{_W}t", f"{_W}tab",
                                    f"{_W}br", f"{_W}cr")
_PPR, _PSTYLE, _RPR, _B, _VAL = f"{_W}pPr", f"{_W}pStyle", f"{_W}rPr", f"{_W}b", f"{_W}val"
_TR, _TC, _SDT, _SDTCONTENT = f"{_W}tr", f"{_W}tc", f"{_W}sdt", f"{_W}sdtContent"
_TEXT_TAGS = (_T, _TAB, _BR, _CR)

_HEADER_WORDS = {"speaker", "name", "speaker_name", "participant", "text", "utterance",
                 "content", "transcript", "message", "time", "timestamp", "start", "t_start",
                 "who", "said", "speech"}


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


_STYLE_NAME_RE = re.compile(
    rb'<(?:\w+:)?style\b[^>]*?(?:\w+:)?styleId="([^"]*)"[^>]*>\s*'
    rb'<(?:\w+:)?name\s+(?:\w+:)?val="([^"]*)"')


class _Styles:
    """Paragraph style id -> heading kind, looked up lazily.

    Parsing styles.xml (often 300 KB) would cost more than the document itself, so
    the built-in ids ("Heading1", "Title") are recognised directly and the style
    names are scanned for with a regular expression only when another id appears.
    """

    def __init__(self, xml: bytes | None) -> None:
        self._xml = xml
        self._names: dict[str, str] | None = None
        self._cache: dict[str, str | None] = {}

    def kind(self, sid: str) -> str | None:
        """``"title"``, ``"heading"`` or ``None`` for a paragraph style id."""
        if sid in self._cache:
            return self._cache[sid]
        low = sid.lower()
        if low == "title":
            out: str | None = "title"
        elif low.startswith("heading"):
            out = "heading"
        else:
            if self._names is None:
                self._names = {m.group(1).decode("utf-8", "replace"):
                               m.group(2).decode("utf-8", "replace").lower()
                               for m in _STYLE_NAME_RE.finditer(self._xml or b"")}
            name = self._names.get(sid, "")
            out = "title" if name == "title" else "heading" if name.startswith("heading") else None
        self._cache[sid] = out
        return out


def _fail(path: Path, reason: str) -> TranscriptFormatError:
    return TranscriptFormatError(Errors.Q106.format(path=path, reason=reason))


def _read_member(z: zipfile.ZipFile, name: str, path: Path) -> bytes:
    info = z.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise _fail(path, f"{name} would expand to {info.file_size} bytes, more than the limit "
                          f"of {MAX_XML_BYTES} bytes (possible zip bomb)")
    if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _fail(path, f"{name} is compressed {info.file_size // max(info.compress_size, 1)} "
                          f"times, more than the limit of {MAX_RATIO} (possible zip bomb)")
    with z.open(info) as fh:
        data = fh.read(MAX_XML_BYTES + 1)  # the directory's sizes can lie
    if len(data) > MAX_XML_BYTES:
        raise _fail(path, f"{name} expands to more than {MAX_XML_BYTES} bytes (possible zip bomb)")
    return data


def _load(path: Path) -> tuple[Any, _Styles]:
    from lxml import etree

    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _fail(path, "the file is not a ZIP archive") from None
    with z:
        names = set(z.namelist())
        if "word/document.xml" not in names:
            raise _fail(path, "the archive has no word/document.xml")
        try:
            doc = _read_member(z, "word/document.xml", path)
            styles_xml = (_read_member(z, "word/styles.xml", path)
                          if "word/styles.xml" in names else None)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, ValueError,
                NotImplementedError) as exc:
            raise _fail(path, f"the archive is corrupt ({exc})") from None
    if b"<!DOCTYPE" in doc[:4096] or b"<!ENTITY" in doc[:4096]:
        raise _fail(path, "word/document.xml declares a DTD or entities, which Word never "
                          "writes (refused: possible entity expansion or external entity)")
    parser = _parser()
    try:
        root = etree.fromstring(doc, parser)
    except etree.XMLSyntaxError as exc:
        raise _fail(path, f"word/document.xml is not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise _fail(path, "word/document.xml declares a DTD or entities, which Word never "
                          "writes (refused: possible entity expansion or external entity)")
    body = root.find(f"{_W}body")
    if body is None:
        raise _fail(path, "word/document.xml has no document body")
    return body, _Styles(styles_xml)


def _para_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter(_TEXT_TAGS):
        tag = el.tag
        if tag == _T:
            if el.text:
                parts.append(el.text)
        elif tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _is_bold(r: Any) -> bool:
    rpr = r.find(_RPR)
    if rpr is None:
        return False
    b = rpr.find(_B)
    return b is not None and b.get(_VAL, "true").lower() not in ("0", "false", "off")


def _bold_label(p: Any) -> str | None:
    """The label in a leading bold run: ``**P01:** text`` or ``**P01**: text``."""
    bold: list[str] = []
    for r in p.iter(_R):
        txt = "".join(t.text or "" for t in r.iter(_T))
        if not txt:
            continue
        if _is_bold(r):
            bold.append(txt)
            if ":" in txt:
                break
            continue
        if bold and txt.lstrip().startswith(":"):
            return "".join(bold).strip() + ":"
        break
    label = "".join(bold).rstrip()
    if label.endswith(":"):
        return label.strip()
    cut = label.rfind(": ")
    return label[:cut + 1].strip() if cut > 0 else None


def _style_id(p: Any) -> str | None:
    ppr = p.find(_PPR)
    if ppr is None:
        return None
    st = ppr.find(_PSTYLE)
    return None if st is None else st.get(_VAL)


def _cell_text(tc: Any) -> str:
    return " ".join(_para_text(p).strip() for p in tc.iter(_P)).strip()


# An item of the flat stream: ("section", name) | ("line", text, bold_label) |
# ("row", speaker, text, t_start)
def _stream(body: Any, styles: _Styles) -> list[tuple[Any, ...]]:
    items: list[tuple[Any, ...]] = []

    def walk(parent: Any) -> None:
        for el in parent:
            tag = el.tag
            if tag == _P:
                text = _para_text(el)
                sid = _style_id(el)
                kind = styles.kind(sid) if sid is not None else None
                if kind is not None:
                    name = " ".join(text.split())
                    if name and kind == "title":
                        items.append(("title", name))
                        continue
                    if name and split_label(name) is None:
                        items.append(("section", name))
                        continue
                if not text.strip():
                    continue
                bold = _bold_label(el) if ":" in text else None
                for i, line in enumerate(text.split("\n")):
                    items.append(("line", line, bold if i == 0 else None))
            elif tag == _TBL:
                _table(el, items)
            elif tag == _SDT:
                content = el.find(_SDTCONTENT)
                if content is not None:
                    walk(content)

    walk(body)
    return items


def _table(tbl: Any, items: list[tuple[Any, ...]]) -> None:
    rows = [[_cell_text(tc) for tc in tr.iter(_TC)] for tr in tbl.iter(_TR)]
    rows = [r for r in rows if any(r)]
    if not rows:
        return
    ncol = max(len(r) for r in rows)
    if ncol not in (2, 3):
        for r in rows:
            items.append(("line", " ".join(c for c in r if c), None))
        return
    first = rows[0]
    words = {c.strip().lower().rstrip(":") for c in first}
    timed = [bool(r[0]) and not math.isnan(parse_timestamp(r[0])) for r in rows]
    if words & _HEADER_WORDS or (ncol == 3 and not timed[0] and any(timed[1:])):
        rows, timed = rows[1:], timed[1:]
    # three columns but no times in the first: speaker | text | (notes)
    time_first = ncol == 3 and any(timed)
    for r in rows:
        r = r + [""] * (ncol - len(r))
        if time_first:
            ts = parse_timestamp(r[0]) if r[0] else math.nan
            speaker, text = r[1], r[2]
        else:
            ts, speaker, text = math.nan, r[0], r[1]
        sec = match_section(speaker) if speaker and not text else None
        if sec is not None:
            items.append(("section", sec))
            continue
        items.append(("row", speaker.strip().rstrip(":").strip(), text, ts))


@register_reader(".docx")
def read_docx(path: Path) -> tuple[list[Turn], dict]:
    """Read a .docx transcript; see the module docstring for what is recognised.

    Raises
    ------
    TranscriptFormatError
        [Q106] not a docx, corrupt or a possible zip bomb; [Q104] no speaker labels.
    """
    body, styles = _load(Path(path))
    items = _stream(body, styles)
    lines: list[Any] = []
    title: str | None = None
    for it in items:
        if it[0] == "line":
            lines.append(("bold", it[1], it[2]) if it[2] is not None else it[1])
        elif it[0] == "title":
            title = title or it[1]
            lines.append(("note", it[1]))
        else:
            lines.append(it)
    turns, preamble, layout = turns_from_lines(lines, path, where="paragraph")
    meta: dict[str, Any] = {"preamble": " ".join(preamble)} if preamble else {}
    if title:
        meta["title"] = title
    meta["_layout"] = layout
    return turns, meta
