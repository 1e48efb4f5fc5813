"""YAML that remembers where each mapping started, for error messages that name the line."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["line_loader", "bounded_load", "yaml_problem", "MAX_YAML_VALUES"]


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


#: Values a YAML document may expand to once its aliases are followed.
MAX_YAML_VALUES = 100_000


def bounded_load(text: str, *, limit: int = MAX_YAML_VALUES) -> tuple[Any, str | None]:
    """Safe-load YAML, refusing documents whose aliases expand beyond ``limit`` values.

    Aliases make a small file stand for a huge tree (a "billion laughs" alias bomb)
    that fills memory when it is walked or stored. The node graph is composed
    first (linear in the file), its expanded size counted with each node's size
    remembered, and only then constructed.

    Returns
    -------
    (data, problem)
        ``problem`` is ``None``, or says where and why the document was refused
        (``data`` is then ``None``).

    >>> bounded_load("a: 1\\nb: [x, y]\\n")
    ({'a': 1, 'b': ['x', 'y']}, None)
    >>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
    ...     f"{k}: &{k} [{', '.join(['*' + p] * 10)}]\\n" for p, k in zip("abcdef", "bcdefg"))
    >>> bounded_load(bomb)[1]
    'line 5: YAML aliases expand to more than 100000 values (refused: an alias bomb?)'
    """
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        sizes: dict[int, int] = {}
        # iterative post-order walk; a node on the current path again is a cycle
        stack: list[tuple[Any, bool]] = [(node, False)]
        on_path: set[int] = set()
        while stack:
            cur, done = stack.pop()
            key = id(cur)
            if done:
                on_path.discard(key)
                kids = _children(cur)
                total = 1 + sum(sizes[id(k)] for k in kids)
                sizes[key] = total
                if total > limit:
                    return None, (f"line {cur.start_mark.line + 1}: YAML aliases expand to more "
                                  f"than {limit} values (refused: an alias bomb?)")
                continue
            if key in sizes:
                continue
            if key in on_path:
                return None, (f"line {cur.start_mark.line + 1}: a YAML alias refers to itself "
                              "(refused: it would never end)")
            on_path.add(key)
            stack.append((cur, True))
            for k in _children(cur):
                if id(k) in on_path:
                    return None, (f"line {k.start_mark.line + 1}: a YAML alias refers to "
                                  "itself (refused: it would never end)")
                if id(k) not in sizes:
                    stack.append((k, False))
        return loader.construct_document(node), None
    finally:
        loader.dispose()


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    return []


def yaml_problem(exc: BaseException, *, place: bool = True) -> str:
    """What a YAML error may say: its line and kind, never the file's words.

    PyYAML's message quotes the lines around the mistake (and tags, anchors or
    characters it did not expect); a codebook or sidecar can hold quotes from a
    transcript, so only the parser's own words are kept, and anything they
    quote from the file is shown as its shape. ``place=False`` leaves out the
    line and column (for a message that names the line itself).

    >>> import yaml
    >>> try:
    ...     yaml.safe_load("examples: [Jane said\\nnext: 1\\n")
    ... except yaml.YAMLError as exc:
    ...     yaml_problem(exc)
    "line 2, column 5: while parsing a flow sequence, expected ',' or ']', but got ':'"
    >>> try:
    ...     yaml.safe_load("a: !Whitfield x\\n")
    ... except yaml.YAMLError as exc:
    ...     yaml_problem(exc)
    "line 1, column 4: could not determine a constructor for the tag shape '!Xxxxx' (10 characters)"
    """
    import re

    from ._hint import text_hint

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None and place \
        else ""
    words = ", ".join(str(w) for w in (getattr(exc, "context", None),
                                       getattr(exc, "problem", None)) if w)
    if not words:
        words = type(exc).__name__

    def quoted(m: re.Match[str]) -> str:
        inner = m.group(1)
        if inner.startswith(("<", "\\")) or len(inner) <= 1 or inner in {",", "]", "}", ":"}:
            return m.group(0)
        return text_hint(inner)

    return where + re.sub(r"'([^']*)'", quoted, words)
