"""Text of parts a Word document embeds whole (``w:altChunk``): HTML, RTF, plain text.

Word keeps such a part as it was pasted or merged and shows it in place; readers that
look only at ``word/document.xml`` lose its words. Each function returns the part's
lines in order, block by block, and is linear in the size of the part.

Examples
--------
>>> html_lines(b"<html><body><p>P01: <b>Yes</b> &amp; no</p><div>P02: Hm<br>ok</div></body></html>")
['P01: Yes & no', 'P02: Hm', 'ok']
>>> rtf_lines(rb"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 P01: caf\\'e9\\par P02: na\\u239?ve\\par}")
['P01: café', 'P02: naïve']
"""

from __future__ import annotations

import codecs
import re
from typing import Any

__all__ = ["html_lines", "rtf_lines", "sniff"]

_BLOCK = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                    "pre", "dt", "dd", "table", "ul", "ol", "section", "article", "header",
                    "footer", "title", "caption"})
_CELL = frozenset({"td", "th"})
_DROP = frozenset({"script", "style", "head", "noscript", "template"})


def sniff(data: bytes) -> str:
    """What an embedded part holds: ``"docx"``, ``"rtf"``, ``"html"``, ``"mht"`` or ``"text"``.

    >>> sniff(b"PK\\x03\\x04..."), sniff(b"{\\\\rtf1 x}"), sniff(b"<html>"), sniff(b"hello")
    ('docx', 'rtf', 'html', 'text')
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"mime-version") or b"\nmime-version:" in head or b"content-type: multipart" in head:
        return "mht"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<body", b"<p", b"<div", b"<table")):
        return "html"
    return "text"


def html_lines(data: bytes) -> list[str]:
    """The text of an HTML part, one line per block (paragraph, list item, row, ``<br>``)."""
    from lxml import etree, html

    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                             recover=True)
    try:
        root = html.fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    parts: list[str] = []
    # an explicit stack, not recursion: deeply nested HTML must not hit the recursion limit
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        el, done = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if done:
            if tag in _BLOCK:
                parts.append("\n")
            if el.tail:
                parts.append(el.tail)
            continue
        if tag in _DROP:
            if el.tail:
                parts.append(el.tail)
            continue
        if tag in _BLOCK or tag == "br":
            parts.append("\n")
        elif tag in _CELL:
            parts.append("\t")
        if el.text and tag != "br":
            parts.append(el.text)
        stack.append((el, True))
        for child in reversed(el):
            stack.append((child, False))
    text = "".join(parts).replace("\xa0", " ")
    lines = (_SPACES.sub(" ", ln).strip() for ln in text.split("\n"))
    return [ln for ln in lines if ln]


# RTF: control words, hex escapes, groups, and text runs; linear in the input.
_RTF_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|"
                        rb"([^\\{}\r\n]+)|[\r\n]+", re.S)
# destinations whose text is not the document's (fonts, colours, styles, pictures, info)
_RTF_SKIP = frozenset({b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object",
                       b"listtable", b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl",
                       b"themedata", b"colorschememapping", b"latentstyles", b"datastore",
                       b"filetbl", b"revtbl", b"header", b"footer", b"headerl", b"headerr",
                       b"footerl", b"footerr", b"fldinst", b"bkmkstart", b"bkmkend"})


_SPACES = re.compile(r"[ \f\v\r]+")
_HEADING_MARK = "\x01"
# a stylesheet entry: "{\s1 ... heading 1;}" (Word, LibreOffice), flat or nearly so
_STYLE_ENTRY = re.compile(rb"\{(?:\\\*)?\\s(\d{1,4})(?![0-9])([^{};]{0,2000});\}")


def _heading_styles(data: bytes) -> set[int]:
    """Numbers of the paragraph styles named 'heading ...' or 'title' in the stylesheet."""
    at = data.find(b"\\stylesheet")
    if at < 0:
        return set()
    found = set()
    for m in _STYLE_ENTRY.finditer(data, at, at + 200_000):
        # the name follows the last control word: "...\\dbch\\af9 Heading 1"
        last = m.group(2).rsplit(b"\\", 1)[-1]
        name = re.sub(rb"^[a-zA-Z]{1,32}-?\d{0,10} ?", b"", last).strip().lower()
        if name.startswith((b"heading", b"title")):
            found.add(int(m.group(1)))
    return found


def rtf_lines(data: bytes) -> list[str]:
    """The text of an RTF part, one line per paragraph (``\\par``, ``\\line``).

    Text and ``\\'hh`` escapes are decoded in the document's code page
    (``\\ansicpg``, Windows-1252 by default; byte pairs of East Asian code pages
    together), ``\\uN`` as Unicode (surrogate pairs joined) with its fallback skipped.
    """
    m = re.search(rb"\\ansicpg(\d{3,5})", data[:4096])
    codec = "cp1252"
    if m:
        try:
            codecs.lookup(f"cp{int(m.group(1))}")
            codec = f"cp{int(m.group(1))}"
        except LookupError:
            pass
    headings = _heading_styles(data)
    out: list[str] = []
    raw = bytearray()  # \'hh bytes waiting to be decoded together

    def flush() -> None:
        if raw:
            out.append(raw.decode(codec, errors="replace"))
            raw.clear()

    stack: list[tuple[bool, int, bool]] = []
    skip, uc, pending_skip, note = False, 1, 0, False
    for tok in _RTF_TOKEN.finditer(data):
        word, arg, hexa, sym, brace, text = tok.groups()
        if hexa is not None and not skip:
            if pending_skip:
                pending_skip -= 1
            else:
                raw.append(int(hexa, 16))
            continue
        flush()
        if brace == b"{":
            stack.append((skip, uc, note))
            note = False
            continue
        if brace == b"}":
            if note:  # a footnote or comment ends its own line
                out.append("\n")
            skip, uc, note = stack.pop() if stack else (False, 1, False)
            continue
        if sym == b"*":
            skip = True
            continue
        if skip:
            continue
        if word is not None:
            if pending_skip:  # a control word is one character of a \u's fallback
                pending_skip -= 1
                continue
            if word in _RTF_SKIP:
                skip = True
            elif word in (b"footnote", b"annotation"):  # a line of its own, not the turn's
                out.append("\n[footnote] " if word == b"footnote" else "\n[comment] ")
                note = True
            elif word in (b"par", b"line", b"row", b"sect", b"page"):
                out.append("\n")
            elif word in (b"tab", b"cell"):
                out.append("\t")
            elif word == b"s" and arg is not None and int(arg) in headings:
                out.append(_HEADING_MARK)
            elif word == b"uc" and arg is not None:
                uc = min(int(arg), 8)
            elif word == b"u" and arg is not None:
                code = int(arg)
                code = code + 65536 if code < 0 else code
                out.append(chr(code) if 0 <= code <= 0xFFFF else "\ufffd")
                pending_skip = uc
            continue
        if sym is not None:
            if pending_skip:
                pending_skip -= 1
                continue
            out.append({b"~": "\xa0", b"-": "", b"_": "-"}.get(sym, sym.decode("latin-1")))
            continue
        if text is not None:
            s = text.decode(codec, errors="replace")
            if pending_skip:
                cut = min(pending_skip, len(s))
                s, pending_skip = s[cut:], pending_skip - cut
            out.append(s)
    flush()
    joined = "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    lines = []
    for ln in joined.replace("\xa0", " ").split("\n"):
        heading = _HEADING_MARK in ln
        ln = _SPACES.sub(" ", ln.replace(_HEADING_MARK, "")).strip()
        if ln:
            # a paragraph in a heading style is a section marker, unless it holds a label
            lines.append(f"# {ln}" if heading and ":" not in ln else ln)
    return lines
