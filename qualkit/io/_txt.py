"""Plain-text transcripts: "Speaker: text" lines, one per turn or in blank-line paragraphs."""

from __future__ import annotations

from pathlib import Path

from ..corpus import Turn
from ._common import read_text_file, turns_from_lines

__all__ = ["read_txt"]


def read_txt(path: Path) -> tuple[list[Turn], dict]:
    """Read a .txt transcript (UTF-8, UTF-8 with BOM, UTF-16 with BOM or Windows-1252)."""
    text = read_text_file(path)
    turns, preamble, layout = turns_from_lines(text.split("\n"), path)
    meta: dict = {"preamble": " ".join(preamble)} if preamble else {}
    meta["_layout"] = layout
    return turns, meta
