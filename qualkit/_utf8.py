"""Large texts kept as UTF-8 bytes and sliced by character index, never decoded whole.

CPython stores every character of a ``str`` in the width of its widest one: a text of
100 million characters takes 100 MB while it is Latin-1, and 400 MB once a single
emoji is in it, against about 100 MB as UTF-8. The REFI-QDA reader and the project
store therefore keep a large source as its UTF-8 bytes (:class:`Utf8Text`) and decode
only the pieces they need: lines to classify, selections to check, spans of codings.
Offsets are found a megabyte at a time with numpy (a character starts at every byte
that is not a continuation byte, ``0x80``-``0xBF``), so no per-character array is
ever built.

Examples
--------
>>> t = Utf8Text("caf\\u00e9 \\U0001F600 ok\\nsecond line".encode("utf-8"))
>>> len(t), t[5:9], t.segments([0, 10], [4, 21])
(21, '\U0001F600 ok', ['café', 'second line'])
>>> t.lines()
['café 😀 ok', 'second line']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["Utf8Text", "char_offsets", "byte_offsets"]

_STEP = 1 << 20  # bytes looked at a time


def _blocks(data: bytes | bytearray | memoryview) -> Any:
    """``(first byte, uint8 view)`` of each megabyte of ``data`` (views, not copies)."""
    arr = np.frombuffer(data, dtype=np.uint8)
    for lo in range(0, len(arr), _STEP):
        yield lo, arr[lo:lo + _STEP]


def char_offsets(data: bytes | bytearray, offsets: np.ndarray) -> tuple[np.ndarray, int]:
    """Character indices of sorted byte ``offsets`` in UTF-8 ``data``, and its length.

    >>> char_offsets("é\\U0001F600a".encode(), np.array([2, 6]))[0].tolist()
    [1, 2]
    """
    out = np.empty(len(offsets), dtype=np.int64)
    before, k = 0, 0
    for lo, block in _blocks(data):
        cont = np.cumsum((block & 0xC0) == 0x80, dtype=np.int64)
        j = int(np.searchsorted(offsets, lo + len(cont), side="left"))
        if j > k:
            local = offsets[k:j] - lo
            out[k:j] = offsets[k:j] - before - np.where(local > 0, cont[local - 1], 0)
            k = j
        before += int(cont[-1]) if len(cont) else 0
    out[k:] = offsets[k:] - before  # at the end of the data
    return out, len(data) - before


def byte_offsets(data: bytes | bytearray, chars: Sequence[int] | np.ndarray) -> np.ndarray:
    """Byte offsets in UTF-8 ``data`` where the characters at indices ``chars`` start.

    ``chars`` may come in any order; an index equal to the text's length maps to
    ``len(data)``. Indices must lie in ``[0, length]``.

    >>> byte_offsets("é\\U0001F600a".encode(), [3, 0, 2, 1]).tolist()
    [7, 0, 6, 2]
    """
    want = np.asarray(chars, dtype=np.int64)
    if data.isascii():
        return want.copy()
    order = np.argsort(want, kind="stable")
    sorted_ = want[order]
    found = np.full(len(want), len(data), dtype=np.int64)
    seen, k = 0, 0
    for lo, block in _blocks(data):
        if k >= len(sorted_):
            break
        lead = np.flatnonzero((block & 0xC0) != 0x80)  # where the block's characters start
        j = int(np.searchsorted(sorted_, seen + len(lead), side="left"))
        if j > k:
            found[k:j] = lo + lead[sorted_[k:j] - seen]
            k = j
        seen += len(lead)
    out = np.empty_like(found)
    out[order] = found
    return out


class Utf8Text:
    """A text held as its UTF-8 bytes: length, slices and lines by character index.

    Parameters
    ----------
    data : bytes or bytearray
        Valid UTF-8 (kept, not copied).

    Examples
    --------
    >>> t = Utf8Text("a\\U0001F600b".encode())
    >>> len(t), t[1:3], t[2], str(t) == "a\\U0001F600b"
    (3, '\U0001F600b', 'b', True)
    """

    __slots__ = ("data", "n", "_ascii")

    def __init__(self, data: bytes | bytearray) -> None:
        self.data = data
        self._ascii = data.isascii()
        cont = 0 if self._ascii else sum(int(np.count_nonzero((b & 0xC0) == 0x80))
                                         for _, b in _blocks(data))
        self.n = len(data) - cont

    def __len__(self) -> int:
        return self.n

    def __str__(self) -> str:
        return str(self.data, "utf-8")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Utf8Text):
            return self.data == other.data
        if isinstance(other, str):
            return len(other) == self.n and other.encode("utf-8") == self.data
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def _clip(self, i: Any) -> int:
        i = int(i)
        return min(max(i + self.n if i < 0 else i, 0), self.n)

    def __getitem__(self, key: int | slice) -> str:
        if isinstance(key, slice):
            if key.step not in (None, 1):
                return str(self)[key]
            a = self._clip(0 if key.start is None else key.start)
            b = self._clip(self.n if key.stop is None else key.stop)
            return self.segments([a], [max(a, b)])[0]
        i = int(key) + self.n if int(key) < 0 else int(key)
        if not 0 <= i < self.n:
            raise IndexError("Utf8Text index out of range")
        return self.segments([i], [i + 1])[0]

    def segments(self, starts: Sequence[int] | np.ndarray, ends: Sequence[int] | np.ndarray
                 ) -> list[str]:
        """The text of every ``[start, end)`` (indices within ``[0, len]``), in one pass."""
        a = np.asarray(starts, dtype=np.int64)
        b = np.asarray(ends, dtype=np.int64)
        if not len(a):
            return []
        at = byte_offsets(self.data, np.concatenate([a, b]))
        view = memoryview(self.data)
        return [str(view[x:y], "utf-8") for x, y in zip(at[:len(a)].tolist(),
                                                         at[len(a):].tolist(), strict=True)]

    def lines(self) -> list[str]:
        """``str(self).split("\\n")``, decoded a megabyte at a time (no whole-text str)."""
        data, view = self.data, memoryview(self.data)
        out: list[str] = []
        lo = 0
        while True:
            cut = data.find(b"\n", lo + _STEP) if len(data) - lo > _STEP else -1
            if cut < 0:
                out.extend(str(view[lo:], "utf-8").split("\n"))
                return out
            out.extend(str(view[lo:cut], "utf-8").split("\n"))
            lo = cut + 1
