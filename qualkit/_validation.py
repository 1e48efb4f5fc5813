"""Argument checks shared by every public function (never ``assert``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .errors import Errors, InvalidParameterError

__all__ = ["check_option", "check_columns", "check_type"]


def check_option(value: Any, options: Iterable[Any], *, param: str, caller: str) -> Any:
    """Return ``value`` if it is one of ``options``; otherwise raise a clear error.

    Examples
    --------
    >>> check_option("linear", ["linear", "quadratic", None], param="weights", caller="cohen_kappa")
    'linear'
    """
    opts = list(options)
    if value not in opts:
        shown = "{" + ", ".join(repr(o) for o in opts) + "}"
        raise InvalidParameterError(
            Errors.Q001.format(param=param, caller=caller, expected=f"one of {shown}", found=value)
        )
    return value


def check_type(value: Any, types: type | tuple[type, ...], *, param: str, caller: str) -> Any:
    """Return ``value`` if it is an instance of ``types``; otherwise raise."""
    if not isinstance(value, types):
        names = (
            " or ".join(t.__name__ for t in types) if isinstance(types, tuple) else types.__name__
        )
        raise InvalidParameterError(
            Errors.Q001.format(param=param, caller=caller, expected=f"a {names}", found=value)
        )
    return value


def check_columns(df: Any, columns: Iterable[str], *, caller: str) -> pd.DataFrame:
    """Check that ``df`` is a DataFrame holding ``columns``; return it."""
    cols = list(columns)
    if not isinstance(df, pd.DataFrame):
        raise InvalidParameterError(
            Errors.Q001.format(param="data", caller=caller, expected="a pandas DataFrame",
                               found=type(df).__name__)
        )
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InvalidParameterError(Errors.Q002.format(caller=caller, expected=cols, missing=missing))
    return df
