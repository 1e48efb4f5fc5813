"""Documents read as a stream of blocks (Word, OpenDocument): tables, heading speakers, turns.

A document reader walks its file and yields items in document order:
``("line", text, bold_label)``, ``("section", name)``, ``("title", name)``,
``("note", text)`` and ``("row", speaker, text, t_start)``; this module turns a table's
cells into items and the items into turns by the trust rules of
:func:`~qualkit.io._common.classify_lines`.

Examples
--------
>>> table_items([["Time", "Speaker", "Text"], ["00:00:05", "P01", "Hello."]])
[('row', 'P01', 'Hello.', 5.0)]
>>> turns, meta = items_to_turns([("section", "Ana"), ("line", "Hi.", None), ("section", "Ben"),
...                               ("line", "Yo.", None), ("section", "Ana"), ("line", "Ok.", None),
...                               ("section", "Ben"), ("line", "Bye.", None)], "x.docx")
>>> [(t.speaker, t.text) for t in turns]
[('Ana', 'Hi.'), ('Ben', 'Yo.'), ('Ana', 'Ok.'), ('Ben', 'Bye.')]
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

from ..corpus import Turn
from ..roles import infer_role
from ._common import is_name_like, match_section, parse_timestamp, turns_from_lines
from ._table import END_COLUMNS, SPEAKER_COLUMNS, START_COLUMNS, TEXT_COLUMNS, _column_name

__all__ = ["table_items", "items_to_turns"]

_HEADER_WORDS = frozenset(SPEAKER_COLUMNS + TEXT_COLUMNS + START_COLUMNS + END_COLUMNS)


def table_items(rows: list[list[str]]) -> list[tuple[Any, ...]]:
    """Items for a table given as rows of cell texts.

    Two columns are speaker | text, three are time | speaker | text (or speaker |
    text | notes when the first column holds no times), with or without a header
    row; other tables are read row by row as lines. Nothing is dropped but column
    names.
    """
    items: list[tuple[Any, ...]] = []
    rows = [r for r in rows if any(r)]
    if not rows:
        return items
    ncol = max(len(r) for r in rows)
    if ncol not in (2, 3):
        for r in rows:
            items.append(("line", " ".join(c for c in r if c), None))
        return items
    first = rows[0]
    words = {_column_name(c) for c in first}
    timed = [bool(r[0]) and not math.isnan(parse_timestamp(r[0])) for r in rows]
    names = {w for w in words if w}
    if names and names <= _HEADER_WORDS:  # column names ("Time | Speaker | Text")
        rows, timed = rows[1:], timed[1:]
    elif names & _HEADER_WORDS or (ncol == 3 and not timed[0] and any(timed[1:])):
        items.append(("note", " ".join(c for c in first if c)))  # a title row keeps its words
        rows, timed = rows[1:], timed[1:]
    # three columns but no times in the first: speaker | text | (notes)
    time_first = ncol == 3 and any(timed)
    for r in rows:
        r = r + [""] * (ncol - len(r))
        if time_first:
            ts = parse_timestamp(r[0]) if r[0] else math.nan
            speaker, text = r[1], r[2]
            if r[0] and math.isnan(ts):
                text = f"{r[0]} {text}"  # a first cell that is no time keeps its words
        else:
            ts, speaker, text = math.nan, r[0], r[1]
            if ncol == 3 and r[2]:
                text = f"{text} {r[2]}"
        sec = match_section(speaker) if speaker and not text else None
        if sec is not None:
            items.append(("section", sec))
            continue
        items.append(("row", speaker.strip().rstrip(":").strip(), text, ts))
    return items


def _speaker_headings(items: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Headings that name speakers (NVivo's heading-style transcripts) become labels.

    A heading that recurs and reads as a name ("Interviewer", "Mike"), where at least
    two such headings alternate, is the speaker of the paragraphs under it; a topic
    heading does not recur like that.
    """
    counts = Counter(it[1] for it in items if it[0] == "section")
    names = {h for h, c in counts.items()
             if c >= 2 and len(h) <= 60 and is_name_like(h, strict=False)}
    if len(names) < 2 and not any(infer_role(h) != "unknown" for h in names):
        return items
    return [f"{it[1]}:" if it[0] == "section" and it[1] in names else it for it in items]


def items_to_turns(items: list[tuple[Any, ...]], path: str | Path) -> tuple[list[Turn], dict]:
    """Turns and metadata (preamble, title, layout) from a document's items."""
    lines: list[Any] = []
    title: str | None = None
    for it in _speaker_headings(items):
        if isinstance(it, str):
            lines.append(it)
        elif it[0] == "line":
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
