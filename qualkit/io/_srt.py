"""SRT subtitle transcripts: cue number, ``00:00:01,000 --> 00:00:02,000``, text.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "fg1.srt"
>>> _ = p.write_text("1\\n00:00:01,000 --> 00:00:02,000\\nP01: Hello\\n\\n"
...                  "2\\n00:00:02,500 --> 00:00:04,000\\nthere.\\n", encoding="utf-8")
>>> [(t.speaker, t.text, t.t_start, t.t_end) for t in read_srt(p)[0]]
[('P01', 'Hello', 1.0, 2.0), ('P01', 'there.', 2.5, 4.0)]
"""

from __future__ import annotations

from pathlib import Path

from ..corpus import Turn
from ._cues import parse_cues
from ._registry import register_reader

__all__ = ["read_srt"]


@register_reader(".srt")
def read_srt(path: Path) -> tuple[list[Turn], dict]:
    """Read an SRT file; a broken cue timing raises [Q116] naming the line."""
    return parse_cues(Path(path), "srt")
