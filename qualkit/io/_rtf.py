"""Rich Text Format (.rtf) transcripts, as Word, WordPad and transcription tools save them.

The text is read with :func:`~qualkit.io._chunks.rtf_lines` (code page, Unicode and
hex escapes decoded; font, colour and style tables, pictures, headers and footers are
not text), one line per paragraph, then read as a .txt transcript is: labels, headers,
sections and the trust rules.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "fg1.rtf"
>>> _ = p.write_bytes(rb"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}{\\b Facilitator:} Welcome.\\par "
...                   rb"P01: Caf\\'e9 first.\\par}")
>>> [(t.speaker, t.text) for t in read_rtf(p)[0]]
[('Facilitator', 'Welcome.'), ('P01', 'Café first.')]
"""

from __future__ import annotations

from pathlib import Path

from ..corpus import Turn
from ..errors import Errors, TranscriptFormatError
from ._chunks import rtf_lines
from ._common import (
    MAX_TRANSCRIPT_BYTES, controls_in, strip_controls, turns_from_lines, warn_controls,
)
from ._registry import register_reader

__all__ = ["read_rtf"]


@register_reader(".rtf")
def read_rtf(path: Path) -> tuple[list[Turn], dict]:
    """Read an .rtf transcript.

    Raises
    ------
    TranscriptFormatError
        [Q120] not RTF; [Q103] no text; [Q104] no speaker labels.

    Warns
    -----
    QualkitWarning
        [W122] control characters removed, naming the first paragraph.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_TRANSCRIPT_BYTES:
        raise TranscriptFormatError(Errors.Q115.format(path=path, size=size,
                                                       limit=MAX_TRANSCRIPT_BYTES))
    data = path.read_bytes()
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise TranscriptFormatError(Errors.Q120.format(
            path=path, kind="RTF", reason="it does not start with '{\\rtf'"))
    lines = rtf_lines(data)
    # escapes such as \'00 and \u7? decode to control characters, which are not text
    found: list[str] = []
    for i, line in enumerate(lines):
        bad = controls_in(line)
        if bad:
            if not found:
                warn_at = f"paragraph {i + 1}"
            found += bad
            lines[i] = strip_controls(line)
    if found:
        warn_controls(path, found, warn_at)
    lines = [x.strip() for ln in lines for x in ln.split("\n") if x.strip()]
    if not lines:
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    turns, preamble, layout = turns_from_lines(lines, path, where="paragraph")
    meta: dict = {"preamble": " ".join(preamble)} if preamble else {}
    meta["_layout"] = layout
    meta["_encoding"] = "rtf (code page escapes)"
    return turns, meta
