"""WebVTT transcripts (Zoom ``Name: text`` cues, Microsoft Teams ``<v Name>`` voice tags).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "fg1.vtt"
>>> _ = p.write_text("WEBVTT\\n\\n1\\n00:00:01.000 --> 00:00:03.500\\n<v Facilitator>Welcome.</v>\\n\\n"
...                  "2\\n00:00:04.000 --> 00:00:06.000\\nP01: Thanks.\\n", encoding="utf-8")
>>> [(t.speaker, t.text, t.t_start, t.t_end) for t in read_vtt(p)[0]]
[('Facilitator', 'Welcome.', 1.0, 3.5), ('P01', 'Thanks.', 4.0, 6.0)]
"""

from __future__ import annotations

from pathlib import Path

from ..corpus import Turn
from ._cues import parse_cues
from ._registry import register_reader

__all__ = ["read_vtt"]


@register_reader(".vtt")
def read_vtt(path: Path) -> tuple[list[Turn], dict]:
    """Read a WebVTT file; a broken cue timing raises [Q101] naming the line."""
    return parse_cues(Path(path), "vtt")
