"""Plain-text transcripts: "Speaker: text" lines, one per turn or in blank-line paragraphs;
captions saved as text with their WebVTT voice tags (``00:00:04 <v Name>text``)."""

from __future__ import annotations

from pathlib import Path

from ..corpus import Turn
from ._common import read_text_file, split_voices, turns_from_lines

__all__ = ["read_txt"]


def read_txt(path: Path) -> tuple[list[Turn], dict]:
    """Read a .txt transcript (encoding by evidence: see :func:`~qualkit.io._common.decode_bytes`)."""
    text = read_text_file(path)
    lines = text.split("\n")
    voiced = split_voices(lines)
    turns, preamble, layout = turns_from_lines(voiced, path)
    if voiced != lines and layout == "Speaker: text lines":
        layout = "<v Name> voice lines (captions saved as text)"
    meta: dict = {"preamble": " ".join(preamble)} if preamble else {}
    meta["_layout"] = layout
    meta["_encoding"] = text.encoding
    return turns, meta
