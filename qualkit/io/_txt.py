"""Plain-text transcripts: "Speaker: text" lines, one per turn or in blank-line paragraphs."""

from __future__ import annotations

from pathlib import Path

from ..corpus import Turn
from ._common import read_text_file, turns_from_lines

__all__ = ["read_txt"]


def read_txt(path: Path) -> tuple[list[Turn], dict]:
    """Read a .txt transcript (encoding by evidence: see :func:`~qualkit.io._common.decode_bytes`)."""
    text = read_text_file(path)
    turns, preamble, layout = turns_from_lines(text.split("\n"), path)
    meta: dict = {"preamble": " ".join(preamble)} if preamble else {}
    meta["_layout"] = layout
    meta["_encoding"] = text.encoding
    return turns, meta
