"""YAML that remembers where each mapping started, for error messages that name the line."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["line_loader"]


@lru_cache(maxsize=1)
def line_loader() -> type:
    """A ``yaml.SafeLoader`` whose mappings carry their 1-based line as ``"__line__"``.

    >>> import yaml
    >>> yaml.load("a: 1\\nb:\\n  c: 2\\n", Loader=line_loader())["b"]["__line__"]
    3
    """
    import yaml

    class _LineLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[str, Any]:
        m = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        m["__line__"] = node.start_mark.line + 1
        return m

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return _LineLoader
