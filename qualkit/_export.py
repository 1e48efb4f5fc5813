"""Writing files safely: all or nothing, and spreadsheets that never run a cell.

Every file qualkit writes goes through :func:`atomic_output`: it is written under
a hidden temporary name in the same folder and moved into place only when
complete, so a failed export leaves no partial file behind (and an existing file
is left as it was).

Tables for spreadsheets follow the OWASP rule for CSV and formula injection: a
text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by Excel or LibreOffice. :func:`write_csv` prefixes
such a cell with an apostrophe (spreadsheets show it as text);
:func:`write_xlsx` stores it as a text cell, unchanged.

Examples
--------
>>> import pandas as pd, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = write_csv(pd.DataFrame({"quote": ["=1+1", "fine", "-5 degrees"], "n": [1, -2, 3]}), p)
>>> print(p.read_text().strip())
quote,n
'=1+1,1
fine,-2
'-5 degrees,3
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["atomic_output", "spreadsheet_safe", "write_csv", "write_xlsx", "unescape_cells",
           "FORMULA_START"]

#: Text cells starting with one of these are formulas to a spreadsheet (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place when the block succeeds.

    On any error the temporary file is removed and ``path`` is left untouched.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> try:
    ...     with atomic_output(p) as tmp:
    ...         _ = tmp.write_text("half")
    ...         raise RuntimeError("disk full")
    ... except RuntimeError:
    ...     pass
    >>> p.exists(), sorted(x.name for x in p.parent.iterdir())
    (False, [])
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{path.suffix}",
                                dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _unsafe(v: Any) -> bool:
    return isinstance(v, str) and v.startswith(FORMULA_START)


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells (and column names) that would run as formulas start with ``'``."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            out[col] = [("'" + v) if _unsafe(v) else v for v in s]
    out.columns = [("'" + c) if _unsafe(c) else c for c in out.columns]
    if out.index.dtype == object:
        out.index = [("'" + v) if _unsafe(v) else v for v in out.index]
    return out


def unescape_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`spreadsheet_safe` on a table read back from CSV (``"'=x"`` -> ``"=x"``).

    >>> unescape_cells(pd.DataFrame({"memo": ["'=SUM(A1)", "'quoted'", "fine"]}))["memo"].tolist()
    ['=SUM(A1)', "'quoted'", 'fine']
    """
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = [v[1:] if isinstance(v, str) and v[:1] == "'" and v[1:2] != "" and
                        v[1:].startswith(FORMULA_START) else v for v in out[col]]
    return out


def write_csv(df: pd.DataFrame, path: str | Path, **kwargs: Any) -> Path:
    """Write CSV atomically, with formula-like text cells made inert; returns the path."""
    kwargs.setdefault("index", not isinstance(df.index, pd.RangeIndex))
    with atomic_output(path) as tmp:
        spreadsheet_safe(df).to_csv(tmp, **kwargs)
    return Path(path)


def _text_cells(ws: Any) -> None:
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" or _unsafe(cell.value):
                cell.data_type = "s"


def write_xlsx(sheets: pd.DataFrame | Mapping[str, pd.DataFrame], path: str | Path, *,
               title: str | None = None, notes: Sequence[str] = (), index: bool | None = None
               ) -> Path:
    """Write one or more sheets atomically; no cell is ever a formula. Returns the path."""
    frames = {"table": sheets} if isinstance(sheets, pd.DataFrame) else dict(sheets)
    with atomic_output(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for name, df in frames.items():
                idx = index if index is not None else not isinstance(df.index, pd.RangeIndex)
                df.to_excel(xw, index=idx, sheet_name=name, startrow=1 if title else 0)
                ws = xw.sheets[name]
                if title:
                    ws.cell(row=1, column=1, value=title)
                r = len(df) + (3 if title else 2)
                for i, n in enumerate(notes):
                    ws.cell(row=r + i + 1, column=1, value=n)
                _text_cells(ws)
    return Path(path)
