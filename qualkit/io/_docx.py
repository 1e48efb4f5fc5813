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
- a paragraph in a Heading style (or a style based on one, or a line such as
  ``# Topic``) names the section, unless it holds a speaker label: then it is a turn;
  the Title style becomes ``metadata['title']`` and a note;
- a table of two columns (speaker | text) or three (time | speaker | text), with
  or without a header row; other tables are read row by row.

Everything Word shows is read, once: content controls (``w:sdt``) and custom XML
around paragraphs, rows and cells; text boxes (the drawing, not its VML copy);
tracked changes as accepted (insertions and moves kept, deletions and moved-from text
not); nested tables (inside their cell); hyperlinks, smart tags and field results (not
field codes); parts embedded whole with ``w:altChunk`` (HTML, RTF, plain text, another
.docx); headers and footers (once each) and footnotes, endnotes and comments, as note
blocks (``[footnote 1] ...``). A part that cannot be read is named in a warning
[W123] and the reading report says ``partial``.

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

import io
import posixpath
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from collections.abc import Callable
from typing import Any

from ..corpus import Turn
from ..errors import Errors, QualkitWarning, TranscriptFormatError, Warnings
from ._blocks import items_to_turns, table_items
from ._common import decode_bytes, is_name_like, split_label
from ._registry import register_reader

__all__ = ["read_docx", "MAX_XML_BYTES", "MAX_RATIO"]

#: ``word/document.xml`` larger than this (uncompressed) is refused.
MAX_XML_BYTES = 200 * 1024 * 1024
#: Refuse members compressed more than this many times (and larger than 1 MB).
MAX_RATIO = 100

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_P, _TBL, _R, _T, _TAB, _BR, _CR = (f"{_W}p", f"{_W}tbl", f"{_W}r", f"{_W}t", f"{_W}tab",
                                    f"{_W}br", f"{_W}cr")
_PPR, _PSTYLE, _RPR, _B, _VAL = f"{_W}pPr", f"{_W}pStyle", f"{_W}rPr", f"{_W}b", f"{_W}val"
_TR, _TC, _SDT, _SDTCONTENT = f"{_W}tr", f"{_W}tc", f"{_W}sdt", f"{_W}sdtContent"
_NBHYPHEN, _PTAB, _TXBX, _ALTCHUNK = (f"{_W}noBreakHyphen", f"{_W}ptab", f"{_W}txbxContent",
                                      f"{_W}altChunk")
_DEL, _MOVEFROM, _FALLBACK, _CHOICE = f"{_W}del", f"{_W}moveFrom", f"{_MC}Fallback", f"{_MC}Choice"
_TEXT_TAGS = (_T, _TAB, _BR, _CR, _NBHYPHEN, _PTAB)
_TEXT_OF = {_TAB: "\t", _PTAB: "\t", _BR: "\n", _CR: "\n", _NBHYPHEN: "-"}
# subtrees that are not text of the accepted view (deletions, moved-from text) or a second
# copy of it (a text box's VML fallback), and nested paragraphs (text boxes)
_SKIP = frozenset({_DEL, _MOVEFROM, _FALLBACK})
_SLOW = (_DEL, _MOVEFROM, _FALLBACK, _TXBX)
# wrappers whose content is read as if it stood in their place
_WRAPPERS = frozenset({_SDT, _SDTCONTENT, f"{_W}customXml", f"{_W}ins", f"{_W}moveTo",
                       f"{_W}smartTag", f"{_MC}AlternateContent", _CHOICE})
_NOTE_PARTS = (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote"),
               ("word/comments.xml", "comment"))
_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
#: An altChunk may embed a whole .docx, which may embed another; deeper is refused.
MAX_CHUNK_DEPTH = 3


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


# One tag at a time (style open/close, its name and basedOn): linear in styles.xml, where
# a regular expression spanning a style element was quadratic on crafted input.
_STYLE_TAG_RE = re.compile(rb"<(/?)(?:\w{1,32}:)?(style|name|basedOn)\b([^<>]{0,4096})>")
_STYLE_ID_RE = re.compile(rb"(?:\w{1,32}:)?styleId=\"([^\"]{0,256})\"")
_VAL_RE = re.compile(rb"(?:\w{1,32}:)?val=\"([^\"]{0,256})\"")


class _Styles:
    """Paragraph style id -> heading kind, looked up lazily.

    Parsing styles.xml (often 300 KB) would cost more than the document itself, so
    the built-in ids ("Heading1", "Title") are recognised directly and style names
    (and the styles they are based on) are scanned for only when another id appears.
    """

    def __init__(self, xml: bytes | None) -> None:
        self._xml = xml
        self._names: dict[str, tuple[str, str | None]] | None = None
        self._cache: dict[str, str | None] = {}

    def _scan(self) -> dict[str, tuple[str, str | None]]:
        names: dict[str, tuple[str, str | None]] = {}
        cur: str | None = None
        name, based = "", None
        for m in _STYLE_TAG_RE.finditer(self._xml or b""):
            closing, tag, attrs = m.groups()
            if tag == b"style":
                if closing or attrs.rstrip().endswith(b"/"):
                    if cur is not None:
                        names.setdefault(cur, (name, based))
                    cur = None
                if not closing:
                    sid = _STYLE_ID_RE.search(attrs)
                    cur = sid.group(1).decode("utf-8", "replace") if sid else None
                    name, based = "", None
            elif cur is not None and not closing:
                val = _VAL_RE.search(attrs)
                v = val.group(1).decode("utf-8", "replace") if val else ""
                if tag == b"name" and not name:
                    name = v.lower()
                elif tag == b"basedOn":
                    based = v
        return names

    def kind(self, sid: str, _depth: int = 0) -> str | None:
        """``"title"``, ``"heading"`` or ``None`` for a paragraph style id."""
        if sid in self._cache:
            return self._cache[sid]
        low = sid.lower()
        out: str | None
        if low == "title":
            out = "title"
        elif low.startswith("heading"):
            out = "heading"
        else:
            if self._names is None:
                self._names = self._scan()
            name, based = self._names.get(sid, ("", None))
            out = ("title" if name == "title" else "heading" if name.startswith("heading")
                   else None)
            if out is None and based and _depth < 10:  # a style based on a heading
                out = self.kind(based, _depth + 1)
        self._cache[sid] = out
        return out


def _fail(path: Path, reason: str) -> TranscriptFormatError:
    return TranscriptFormatError(Errors.Q106.format(path=path, reason=reason))


def _read_member(z: zipfile.ZipFile, name: str, path: Path,
                 fail: Callable[[Path, str], TranscriptFormatError] = _fail) -> bytes:
    """One member of an office archive, refusing zip bombs (sizes that lie included)."""
    _fail = fail  # noqa: N806 - the error this format reports
    info = z.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise _fail(path, f"{name} would expand to {info.file_size} bytes, more than the limit "
                          f"of {MAX_XML_BYTES} bytes (possible zip bomb)")
    if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _fail(path, f"{name} is compressed {info.file_size // max(info.compress_size, 1)} "
                          f"times, more than the limit of {MAX_RATIO} (possible zip bomb)")
    try:
        with z.open(info) as fh:
            data = fh.read(MAX_XML_BYTES + 1)  # the directory's sizes can lie
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, ValueError,
            NotImplementedError) as exc:
        raise _fail(path, f"the archive is corrupt ({exc})") from None
    if len(data) > MAX_XML_BYTES:
        raise _fail(path, f"{name} expands to more than {MAX_XML_BYTES} bytes (possible zip bomb)")
    return data


def _xml(data: bytes, name: str, path: Path,
         fail: Callable[[Path, str], TranscriptFormatError] = _fail) -> Any:
    """Parse an archive member with the hardened parser: no DTDs, no entities."""
    from lxml import etree

    _fail = fail  # noqa: N806 - the error this format reports
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise _fail(path, f"{name} declares a DTD or entities, which Word never "
                          "writes (refused: possible entity expansion or external entity)")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _fail(path, f"{name} is not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise _fail(path, f"{name} declares a DTD or entities, which Word never "
                          "writes (refused: possible entity expansion or external entity)")
    return root


def _main_part(z: zipfile.ZipFile, names: set[str], path: Path) -> str:
    """The archive member holding the document body.

    Word writes ``word/document.xml``; Word for the web's Transcribe export (and other
    writers) may name it otherwise (``word/document2.xml``), which only the package's
    ``_rels/.rels`` says: its ``officeDocument`` relationship is followed.

    Parameters
    ----------
    z : zipfile.ZipFile
        The open archive.
    names : set of str
        Its member names.
    path : Path
        The file, for the error message.

    Returns
    -------
    str
        The member name.

    Raises
    ------
    TranscriptFormatError
        When neither names a member of the archive.
    """
    if "word/document.xml" in names:
        return "word/document.xml"
    if "_rels/.rels" in names:
        for rel in _xml(_read_member(z, "_rels/.rels", path), "_rels/.rels", path).iter(_REL):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                member = posixpath.normpath(rel.get("Target", "")).lstrip("/")
                if member in names:
                    return member
    raise _fail(path, "the archive has no word/document.xml")


class _Package:
    """The parts of a .docx a reader needs: the body, styles, related parts by id."""

    def __init__(self, source: Path | bytes, path: Path, depth: int = 0) -> None:
        self.path = path
        self.depth = depth
        self.unread: list[str] = []
        try:
            z = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        except zipfile.BadZipFile:
            raise _fail(path, "the file is not a ZIP archive") from None
        with z:
            names = set(z.namelist())
            main = _main_part(z, names, path)
            root = _xml(_read_member(z, main, path), main, path)
            folder, base = posixpath.split(main)
            self.styles = _Styles(_read_member(z, "word/styles.xml", path)
                                  if "word/styles.xml" in names else None)
            self.rels: dict[str, tuple[str, str, bytes | None]] = {}
            rels = posixpath.join(folder, "_rels", base + ".rels")
            if rels in names:
                for rel in _xml(_read_member(z, rels, path), rels, path).iter(_REL):
                    target = rel.get("Target", "")
                    kind = rel.get("Type", "").rsplit("/", 1)[-1]
                    member = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
                    if rel.get("TargetMode") == "External" or member not in names:
                        continue
                    if kind in ("aFChunk", "header", "footer"):
                        self.rels[rel.get("Id", "")] = (kind, member, _read_member(z, member, path))
            self.notes = {kind: _xml(_read_member(z, member, path), member, path)
                          for member, kind in _NOTE_PARTS if member in names}
        body = root.find(f"{_W}body")
        if body is None:
            raise _fail(path, f"{main} has no document body")
        self.body = body


def _own_text(p: Any) -> tuple[str, list[Any], list[Any]]:
    """A paragraph's own text, its own runs, and the text boxes anchored in it."""
    if next(p.iter(*_SLOW), None) is None:  # the common case: no deletions or text boxes
        parts = [el.text or "" if el.tag == _T else _TEXT_OF[el.tag] for el in p.iter(_TEXT_TAGS)]
        return "".join(parts), list(p.iter(_R)), []
    parts, runs, boxes = [], [], []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag in _SKIP:
            continue
        if tag == _TXBX:
            boxes.append(el)
            continue
        if tag == _T:
            parts.append(el.text or "")
        elif tag in _TEXT_OF:
            parts.append(_TEXT_OF[tag])
        elif tag == _R:
            runs.append(el)
        stack.extend(reversed(el))
    return "".join(parts), runs, boxes


def _is_bold(r: Any) -> bool:
    rpr = r.find(_RPR)
    if rpr is None:
        return False
    b = rpr.find(_B)
    return b is not None and b.get(_VAL, "true").lower() not in ("0", "false", "off")


def _bold_label(runs: list[Any]) -> str | None:
    """The label in a leading bold run: ``**P01:** text`` or ``**P01**: text``."""
    bold: list[str] = []
    for r in runs:
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


def _bold_name(runs: list[Any], text: str) -> str | None:
    """A paragraph that is a name in bold and nothing else ("**Interviewer**", the text in
    the paragraphs below): the label, which the trust rules then weigh like "Name:"."""
    name = " ".join(text.split())
    if (not name or len(name) > 60 or name[-1] in ".,;!?" or not is_name_like(name, strict=False)
            or not all(_is_bold(r) for r in runs if "".join(t.text or "" for t in r.iter(_T)).strip())):
        return None
    return name


def _style_id(p: Any) -> str | None:
    ppr = p.find(_PPR)
    if ppr is None:
        return None
    st = ppr.find(_PSTYLE)
    return None if st is None else st.get(_VAL)


# An item of the flat stream: ("section", name) | ("title", name) | ("line", text, bold_label)
# | ("row", speaker, text, t_start) | ("note", text)
def _stream(pkg: _Package, parent: Any) -> list[tuple[Any, ...]]:
    """The items of a body (or a text box, cell, note) in document order."""
    items: list[tuple[Any, ...]] = []
    styles = pkg.styles
    # an explicit stack, not recursion: deeply nested wrappers must not hit the limit
    stack: list[Any] = list(reversed(parent))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == _P:
            text, runs, boxes = _own_text(el)
            sid = _style_id(el)
            kind = styles.kind(sid) if sid is not None else None
            name = " ".join(text.split()) if kind is not None else ""
            if name and kind == "title":
                items.append(("title", name))
            elif name and split_label(name) is None:
                items.append(("section", name))
            elif text.strip():
                bold = _bold_label(runs) if ":" in text else _bold_name(runs, text)
                for i, line in enumerate(text.split("\n")):
                    items.append(("line", line, bold if i == 0 else None))
            for box in boxes:
                items.extend(_stream(pkg, box))
        elif tag == _TBL:
            _table(pkg, el, items)
        elif tag in _WRAPPERS:
            stack.extend(reversed(el))
        elif tag == _ALTCHUNK:
            items.extend(_chunk(pkg, el.get(f"{_R_NS}id", "")))
    return items


def _chunk(pkg: _Package, rid: str) -> list[tuple[Any, ...]]:
    """The items of an altChunk part: an embedded .docx, HTML, RTF or plain text."""
    from ._chunks import html_lines, rtf_lines, sniff

    kind, member, data = pkg.rels.get(rid, ("", rid or "?", None))
    if data is None:
        pkg.unread.append(f"altChunk {member}")
        warnings.warn(Warnings.W123.format(path=pkg.path, part=member,
                                           reason="its relationship names no part in the file"),
                      QualkitWarning, stacklevel=4)
        return []
    what = sniff(data)
    if what == "docx":
        if pkg.depth >= MAX_CHUNK_DEPTH:
            pkg.unread.append(f"altChunk {member}")
            warnings.warn(Warnings.W123.format(
                path=pkg.path, part=member,
                reason=f"a document embedded more than {MAX_CHUNK_DEPTH} levels deep"),
                QualkitWarning, stacklevel=4)
            return []
        inner = _Package(data, pkg.path, pkg.depth + 1)
        out = _items(inner)
        pkg.unread.extend(inner.unread)
        return out
    if what == "rtf":
        lines = rtf_lines(data)
    elif what == "html":
        lines = html_lines(data)
    elif what == "mht":
        lines = _mht_lines(data)
    else:
        lines = decode_bytes(data, f"{pkg.path} ({member})").split("\n")
    return [("line", ln, None) for ln in lines if ln.strip()]


def _mht_lines(data: bytes) -> list[str]:
    """The HTML (or text) body of a MIME web archive."""
    import email
    import email.policy

    from ._chunks import html_lines

    msg = email.message_from_bytes(data, policy=email.policy.default)
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype in ("text/html", "text/plain"):
            payload = part.get_payload(decode=True) or b""
            if ctype == "text/html":
                return html_lines(payload)
            return [ln for ln in payload.decode("utf-8", "replace").split("\n") if ln.strip()]
    return []


def _items(pkg: _Package) -> list[tuple[Any, ...]]:
    """The whole document: headers, the body, footers, then footnotes, endnotes, comments."""
    heads: list[tuple[Any, ...]] = []
    feet: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for kind, member, data in pkg.rels.values():
        if kind not in ("header", "footer") or data is None:
            continue
        text = _flat_text(_stream(pkg, _xml(data, member, pkg.path)))
        if text and text not in seen:
            seen.add(text)
            (heads if kind == "header" else feet).append(("note", f"[{kind}] {text}"))
    items = heads + _stream(pkg, pkg.body) + feet
    for kind, root in pkg.notes.items():
        for el in root:
            if el.get(f"{_W}type") in _SEPARATORS:
                continue
            text = _flat_text(_stream(pkg, el))
            if text:
                items.append(("note", f"[{kind} {el.get(f'{_W}id', '?')}] {text}"))
    return items


def _flat_text(items: list[tuple[Any, ...]]) -> str:
    """The words of stream items as one line (a table cell, a footnote, a header)."""
    parts: list[str] = []
    for it in items:
        if it[0] == "row":
            parts.extend((it[1], it[2]))
        else:
            parts.append(it[1])
    return " ".join(" ".join(parts).split())


def _children(el: Any, tag: str) -> list[Any]:
    """Direct ``tag`` children, also those wrapped in content controls or custom XML."""
    out: list[Any] = []
    stack = list(reversed(el))
    while stack:
        c = stack.pop()
        if c.tag == tag:
            out.append(c)
        elif c.tag in _WRAPPERS:
            stack.extend(reversed(c))
    return out


def _table(pkg: _Package, tbl: Any, items: list[tuple[Any, ...]]) -> None:
    rows = [[_flat_text(_stream(pkg, tc)) for tc in _children(tr, _TC)]
            for tr in _children(tbl, _TR)]
    items.extend(table_items(rows))


@register_reader(".docx", ".docm")
def read_docx(path: Path) -> tuple[list[Turn], dict]:
    """Read a .docx transcript; see the module docstring for what is recognised.

    A macro-enabled document (.docm) is read the same way: its text is in the same
    ``word/document.xml``; its macros are never run or read.

    Raises
    ------
    TranscriptFormatError
        [Q106] not a docx, corrupt or a possible zip bomb; [Q104] no speaker labels.
    """
    pkg = _Package(Path(path), Path(path))
    turns, meta = items_to_turns(_items(pkg), path)
    meta["_encoding"] = "utf-8 (docx XML)"
    if pkg.unread:
        meta["_unread"] = pkg.unread
    return turns, meta
