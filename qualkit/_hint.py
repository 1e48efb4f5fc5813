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

__all__ = ["text_hint", "shape"]

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
