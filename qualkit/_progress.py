"""Progress bars for long work (tqdm), quiet for short work and when disabled."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

__all__ = ["progress"]


def progress(iterable: Iterable[T], *, total: int | None = None, desc: str = "",
             min_items: int = 50, disable: bool | None = None) -> Iterator[T]:
    """Wrap ``iterable`` in a tqdm bar when the work is long enough.

    The bar is off when ``QUALKIT_PROGRESS=0`` is set, when ``disable`` is true or
    when fewer than ``min_items`` items are expected.
    """
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    off = disable if disable is not None else os.environ.get("QUALKIT_PROGRESS", "1") == "0"
    if off or (total is not None and total < min_items):
        yield from iterable
        return
    from tqdm.auto import tqdm

    yield from tqdm(iterable, total=total, desc=desc, leave=False)
