"""Which reader handles which file suffix. Other packages may register more."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..corpus import Turn

__all__ = ["READERS", "register_reader", "Reader"]

#: A reader takes a path and returns its turns and any metadata found inside the file.
Reader = Callable[[Path], tuple[list[Turn], dict]]

READERS: dict[str, Reader] = {}


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register ``func`` as the reader for files ending in ``suffixes`` (".docx")."""

    def deco(func: Reader) -> Reader:
        for s in suffixes:
            READERS[s.lower()] = func
        return func

    return deco
