"""OpenDocument text (.odt) transcripts, as LibreOffice, OpenOffice and Google Docs save them.

``content.xml`` is read with the same hardened parser and archive checks as .docx.
Everything the document shows is read once, in order: paragraphs and headings (a
heading names the section, unless it holds a speaker label), lists, sections, tables
(speaker | text and time | speaker | text as in Word), links, spans, fields, text
boxes (after the paragraph that holds them); tracked changes as accepted (the record
of deleted text is not text); footnotes, endnotes and comments become note blocks
(``[footnote 1] ...``), as do the master pages' headers and footers.

Examples
--------
>>> import tempfile, pathlib, zipfile
>>> T = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
>>> O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
>>> xml = (f'<office:document-content xmlns:office="{O}" xmlns:text="{T}"><office:body>'
...        '<office:text><text:h>Benefits</text:h><text:p>Facilitator: Shall we'
...        '<text:s text:c="2"/>start?</text:p><text:p>P01: Yes.</text:p>'
...        '</office:text></office:body></office:document-content>')
>>> p = pathlib.Path(tempfile.mkdtemp()) / "fg1.odt"
>>> with zipfile.ZipFile(p, "w") as z:
...     z.writestr("content.xml", xml)
>>> [(t.speaker, t.text, t.section) for t in read_odt(p)[0]]
[('Facilitator', 'Shall we  start?', 'Benefits'), ('P01', 'Yes.', 'Benefits')]
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ..corpus import Turn
from ..errors import Errors, TranscriptFormatError
from ._blocks import items_to_turns, table_items
from ._common import split_label
from ._docx import _read_member, _xml
from ._registry import register_reader

__all__ = ["read_odt"]

_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TB = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_D = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"

_P, _H = f"{_T}p", f"{_T}h"
_TABLE, _ROW, _CELL = f"{_TB}table", f"{_TB}table-row", f"{_TB}table-cell"
_NOTE, _NOTE_BODY, _NOTE_CITATION = f"{_T}note", f"{_T}note-body", f"{_T}note-citation"
_ANNOTATION, _TEXT_BOX = f"{_O}annotation", f"{_D}text-box"
# containers whose children are read as if they stood in their place
_WRAPPERS = frozenset({f"{_T}list", f"{_T}list-item", f"{_T}list-header", f"{_T}section",
                       f"{_T}index-body", f"{_T}index-title", f"{_TB}table-header-rows",
                       f"{_TB}table-rows", f"{_TB}table-row-group", f"{_O}text",
                       f"{_TB}table-header-columns", f"{_T}soft-page-break"})
# not text of the accepted view: the record of deleted text, names of fields' sources
_SKIP = frozenset({f"{_T}tracked-changes", f"{_O}forms", f"{_T}sequence-decls",
                   f"{_T}variable-decls", f"{_T}user-field-decls", f"{_TB}table-columns",
                   f"{_TB}table-column", f"{_O}annotation-end", f"{_D}image"})


def _fail(path: Path, reason: str) -> TranscriptFormatError:
    return TranscriptFormatError(Errors.Q120.format(path=path, kind="OpenDocument text (.odt)",
                                                    reason=reason))


class _Doc:
    """The parts of an .odt a reader needs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes: list[tuple[Any, ...]] = []
        try:
            z = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise _fail(path, "the file is not a ZIP archive") from None
        with z:
            names = set(z.namelist())
            if "content.xml" not in names:
                raise _fail(path, "the archive has no content.xml")
            self.root = _xml(_read_member(z, "content.xml", path, _fail), "content.xml", path,
                             _fail)
            self.styles = (_xml(_read_member(z, "styles.xml", path, _fail), "styles.xml", path,
                                _fail) if "styles.xml" in names else None)


def _inline(doc: _Doc, p: Any) -> tuple[str, list[Any]]:
    """A paragraph's own text (mixed content, spaces and tabs as written) and its text boxes;
    its footnotes and comments go to ``doc.notes``."""
    parts: list[str] = []
    boxes: list[Any] = []
    if p.text:
        parts.append(p.text)
    # (element, done): an explicit stack, not recursion; the tail comes after the children
    stack: list[tuple[Any, bool]] = [(c, False) for c in reversed(p)]
    while stack:
        el, done = stack.pop()
        tag = el.tag
        if done:
            if el.tail:
                parts.append(el.tail)
            continue
        stack.append((el, True))
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _NOTE:
            cite = el.find(_NOTE_CITATION)
            body = el.find(_NOTE_BODY)
            kind = el.get(f"{_T}note-class", "footnote")
            label = "".join(cite.itertext()).strip() if cite is not None else "?"
            if body is not None:
                text = _flat(_stream(doc, body))
                if text:
                    doc.notes.append(("note", f"[{kind} {label}] {text}"))
            continue
        if tag == _ANNOTATION:
            paras = [c for c in el if c.tag in (_P, _H) or c.tag in _WRAPPERS]
            text = _flat(_stream(doc, paras))
            if text:
                doc.notes.append(("note", f"[comment] {text}"))
            continue
        if tag == _TEXT_BOX:
            boxes.append(el)
            continue
        if tag == f"{_T}s":
            parts.append(" " * min(int(el.get(f"{_T}c", "1") or 1), 1000))
        elif tag == f"{_T}tab":
            parts.append("\t")
        elif tag == f"{_T}line-break":
            parts.append("\n")
        elif el.text:
            parts.append(el.text)
        stack.extend((c, False) for c in reversed(el))
    return "".join(parts), boxes


def _flat(items: list[tuple[Any, ...]]) -> str:
    parts: list[str] = []
    for it in items:
        parts.extend(it[1:3] if it[0] == "row" else it[1:2])
    return " ".join(" ".join(str(x) for x in parts).split())


def _stream(doc: _Doc, parent: Any) -> list[tuple[Any, ...]]:
    """The items of a body, cell, note or text box, in document order."""
    items: list[tuple[Any, ...]] = []
    stack = list(reversed(list(parent)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag in (_P, _H):
            text, boxes = _inline(doc, el)
            name = " ".join(text.split())
            style = (el.get(f"{_T}style-name") or "").lower()
            if name and style == "title":
                items.append(("title", name))
            elif name and tag == _H and split_label(name) is None:
                items.append(("section", name))
            elif text.strip():
                for line in text.split("\n"):
                    items.append(("line", line, None))
            for box in boxes:
                items.extend(_stream(doc, box))
        elif tag == _TABLE:
            rows = [[_flat(_stream(doc, cell)) for cell in _cells(row)] for row in _rows(el)]
            items.extend(table_items(rows))
        elif tag in _WRAPPERS:
            stack.extend(reversed(list(el)))
    return items


def _rows(table: Any) -> list[Any]:
    out, stack = [], list(reversed(list(table)))
    while stack:
        el = stack.pop()
        if el.tag == _ROW:
            out.append(el)
        elif el.tag in _WRAPPERS:
            stack.extend(reversed(list(el)))
    return out


def _cells(row: Any) -> list[Any]:
    return [c for c in row if c.tag == _CELL]


def _page_notes(doc: _Doc) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Headers and footers of the master pages, once each, as notes."""
    heads: list[tuple[Any, ...]] = []
    feet: list[tuple[Any, ...]] = []
    if doc.styles is None:
        return heads, feet
    seen: set[str] = set()
    for kind, out in (("header", heads), ("footer", feet)):
        for tag in (f"{_S}{kind}", f"{_S}{kind}-left", f"{_S}{kind}-first"):
            for el in doc.styles.iter(tag):
                text = _flat(_stream(doc, el))
                if text and text not in seen:
                    seen.add(text)
                    out.append(("note", f"[{kind}] {text}"))
    return heads, feet


@register_reader(".odt")
def read_odt(path: Path) -> tuple[list[Turn], dict]:
    """Read an .odt transcript; see the module docstring for what is read.

    Raises
    ------
    TranscriptFormatError
        [Q120] not an .odt, corrupt or a possible zip bomb; [Q104] no speaker labels.
    """
    path = Path(path)
    doc = _Doc(path)
    body = doc.root.find(f"{_O}body")
    office_text = body.find(f"{_O}text") if body is not None else None
    if office_text is None:
        raise _fail(path, "content.xml holds no text document (office:text)")
    heads, feet = _page_notes(doc)
    items = heads + _stream(doc, office_text) + feet + doc.notes
    turns, meta = items_to_turns(items, path)
    meta["_encoding"] = "utf-8 (odt XML)"
    return turns, meta
