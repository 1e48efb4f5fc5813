"""Describe a piece of transcript text in a message without repeating it.

Messages, warnings and log lines never carry transcript text: they name the
file and the line, row or offset, and at most this hint, the *shape* of the
text (letters as ``X``/``x``, digits as ``d``, runs longer than four shortened,
punctuation kept) and its length. The shape shows a layout problem ("dd:dd Xxxx:"
where "Xxxx:" was expected) without a single word of what was said.

Examples
--------
>>> text_hint("Notes: host Jane Whitfield, 07700 900461")
"shape 'Xxxxx: xxxx Xxxx Xxxxx, dddd dddd' (40 characters)"
>>> text_hint("")
'empty'
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["text_hint", "shape", "cells_hint", "value_hint"]

_PUNCTUATION = frozenset("!\"#$%&'()+,-./:;<=>?@[\\]^_`{|}~£€‘’“”–—…")


def shape(text: str, limit: int = 40) -> str:
    """Letters become X/x, digits d, runs longer than four are cut to four."""
    out: list[str] = []
    prev, run = "", 0
    for ch in text:
        if ch.isalpha():
            c = "X" if ch.isupper() else "x"
        elif ch.isdigit():
            c = "d"
        elif ch.isspace():
            c = " "
        elif ch in _PUNCTUATION:
            c = ch
        else:
            c = "*"  # symbols, emoji, control characters
        run = run + 1 if c == prev else 1
        prev = c
        if c in "Xxd" and run > 4:
            continue
        if c == " " and run > 1:
            continue
        out.append(c)
        if len(out) >= limit:
            out.append("…")
            break
    return "".join(out)


def text_hint(text: object, limit: int = 40) -> str:
    """``"shape 'Xxxx: xxx' (12 characters)"``: what a message may say about a text."""
    s = "" if text is None else str(text)
    if not s.strip():
        return "empty"
    n = len(s)
    return f"shape {shape(s.strip(), limit)!r} ({n} character{'s' if n != 1 else ''})"


def cells_hint(cells: Iterable[object], limit: int = 8) -> str:
    """What a message may say about a row of cells (a header that may be data).

    >>> cells_hint(["P01", "Jane Whitfield", 45])
    "3 cells shaped 'Xdd', 'Xxxx Xxxxx', 'dd'"
    >>> cells_hint([])
    'no cells'
    """
    items = ["" if c is None else str(c) for c in cells]
    if not items:
        return "no cells"
    shown = ", ".join(repr(shape(c.strip(), 20)) if c.strip() else "empty"
                      for c in items[:limit])
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return f"{len(items)} cell{'s' if len(items) != 1 else ''} shaped {shown}{more}"


def value_hint(value: object) -> str:
    """A value as a message may show it: a number as it is, anything else as its shape.

    >>> value_hint(12), value_hint(None), value_hint("Jane said")
    ('12', 'None', "shape 'Xxxx xxxx' (9 characters)")
    """
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    try:
        float(str(value))
        return repr(str(value)) if len(str(value)) <= 20 else text_hint(value)
    except ValueError:
        return text_hint(value)
