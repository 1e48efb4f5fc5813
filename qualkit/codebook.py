"""Codebooks: a tree of codes with definitions, inclusion/exclusion rules and cues.

A :class:`Codebook` is read from YAML (canonical), CSV, XLSX or REFI-QDA ``.qdc``
and written to YAML, CSV, XLSX, ``.qdc`` or ``.docx`` (a Word table for a report
appendix). Every problem in a codebook (duplicate ids, missing parents, cycles,
empty names, bad colours) is gathered into one :class:`~qualkit.errors.CodebookError`
naming the file and the YAML line or table row of each.

Edits (:meth:`Codebook.rename`, :meth:`~Codebook.merge`, :meth:`~Codebook.split`,
:meth:`~Codebook.move`, :meth:`~Codebook.add`) return a new codebook and record a
change entry in :attr:`Codebook.history`.

Examples
--------
>>> from qualkit.codebook import Code, Codebook
>>> cb = Codebook([Code("trust", "Trust"), Code("trust.gov", "Trust in government", parent="trust")])
>>> len(cb), cb.path("trust.gov")
(2, ['Trust', 'Trust in government'])
>>> cb2 = cb.rename("trust.gov", "Trust in the state")
>>> cb2["trust.gov"].name, cb2.history[["version", "op", "code_id"]].values.tolist()
('Trust in the state', [[1, 'rename', 'trust.gov']])
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ._hint import cells_hint, text_hint
from ._yaml import line_loader, yaml_problem
from .errors import CodebookError, Errors, InvalidParameterError, UnknownCodeError

__all__ = ["Code", "Codebook", "CODE_COLUMNS", "HISTORY_COLUMNS", "register_codebook_format"]

#: The columns of :attr:`Codebook.table`, in order.
CODE_COLUMNS = ["id", "name", "parent", "definition", "include", "exclude", "examples", "cues",
                "colour"]
#: The columns of :attr:`Codebook.history`.
HISTORY_COLUMNS = ["version", "op", "code_id", "detail"]

_SEP = "; "
#: A codebook file with more codes than this is refused (YAML alias bombs).
MAX_CODES = 100_000
#: Deeper trees are written to YAML as a flat list with ``parent`` fields.
MAX_NESTED_DEPTH = 50
_COLOUR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple)) else False
    except (TypeError, ValueError):
        return False


def _str(v: Any) -> str:
    if _blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _opt(v: Any) -> str | None:
    s = _str(v)
    return s or None


def _seq(v: Any) -> tuple[str, ...]:
    if _blank(v):
        return ()
    if isinstance(v, str):
        return tuple(p.strip() for p in v.split(";") if p.strip())
    return tuple(_str(x) for x in v if _str(x))


@dataclass(frozen=True)
class Code:
    """One code of a codebook (an immutable value).

    Parameters
    ----------
    id : str
        Stable identifier (``"trust.gov"``); codings refer to it.
    name : str
        Label shown to people.
    parent : str or None
        Id of the parent code; ``None`` for a root (a topic).
    definition, include, exclude : str
        What the code means, when to apply it and when not to.
    examples, cues : tuple of str
        Example quotes, and cue phrases used by codebook-driven suggestions.
        A string is split on ``";"``.
    colour : str or None
        ``"#RRGGBB"``.

    Examples
    --------
    >>> Code("c1", "Cost", cues="price; bill").cues
    ('price', 'bill')
    """

    id: str
    name: str
    parent: str | None = None
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    colour: str | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "id", _str(self.id))
        set_(self, "name", _str(self.name))
        set_(self, "parent", _opt(self.parent))
        for f in ("definition", "include", "exclude"):
            set_(self, f, _str(getattr(self, f)))
        set_(self, "examples", _seq(self.examples))
        set_(self, "cues", _seq(self.cues))
        set_(self, "colour", _opt(self.colour))

    def replace(self, **changes: Any) -> Code:
        """Return a copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict (lists for ``examples`` and ``cues``)."""
        d = dataclasses.asdict(self)
        d["examples"], d["cues"] = list(self.examples), list(self.cues)
        return d


def _as_code(c: Code | Mapping[str, Any]) -> Code:
    if isinstance(c, Code):
        return c
    if isinstance(c, Mapping):
        return Code(**{k: c.get(k) for k in CODE_COLUMNS if k in c or k in ("id", "name")})
    raise InvalidParameterError(Errors.Q001.format(
        param="codes", caller="Codebook", expected="Code objects or mappings",
        found=type(c).__name__))  # the type only: a str here may be an example's words


# ============================================================================ format registry
_READERS: dict[str, Callable[[Path], Codebook]] = {}
_WRITERS: dict[str, Callable[[Codebook, Path], None]] = {}


def register_codebook_format(suffix: str, reader: Callable[[Path], Codebook] | None = None,
                             writer: Callable[[Codebook, Path], None] | None = None) -> None:
    """Register a reader and/or writer for codebook files ending in ``suffix``.

    Examples
    --------
    >>> ".yaml" in Codebook.formats()["read"]
    True
    """
    suffix = suffix.lower()
    if reader is not None:
        _READERS[suffix] = reader
    if writer is not None:
        _WRITERS[suffix] = writer


class Codebook:
    """A tree of :class:`Code` objects.

    Parameters
    ----------
    codes : iterable of Code or mappings
        The codes, each with ``parent`` naming its parent's id (or ``None``).
    name, version, description : str, optional
        About the codebook (the YAML header).
    history : DataFrame, optional
        Change entries (:data:`HISTORY_COLUMNS`); edits append to it.

    Raises
    ------
    CodebookError
        With every problem found (duplicate or empty ids, empty names, missing
        parents, cycles, bad colours), each with its place.

    Examples
    --------
    >>> cb = Codebook([Code("a", "A"), Code("b", "B", parent="a"), Code("c", "C")])
    >>> [c.id for c in cb], cb.roots, cb.children("a"), cb.depth("b")
    (['a', 'b', 'c'], ['a', 'c'], ['b'], 1)
    >>> Codebook([Code("a", "A"), Code("a", "A2")])
    Traceback (most recent call last):
    ...
    qualkit.errors.CodebookError: [Q201] Codebook: 1 problem(s) in the codebook; ...
    """

    def __init__(self, codes: Iterable[Code | Mapping[str, Any]] = (), *, name: str = "",
                 version: str = "", description: str = "",
                 history: pd.DataFrame | None = None, _source: str | None = None,
                 _places: Mapping[int, str] | None = None) -> None:
        code_list = [_as_code(c) for c in codes]
        self.name = _str(name)
        self.version = _str(version)
        self.description = _str(description)
        self._history = [] if history is None else history[HISTORY_COLUMNS].to_dict("records")
        self._origin: tuple[str, int] | None = None  # (project, version) it was read from
        _validate(code_list, _source or "Codebook", _places or {})
        by_id = {c.id: c for c in code_list}
        kids: dict[str | None, list[str]] = {}
        for c in code_list:
            kids.setdefault(c.parent, []).append(c.id)
        self._kids = kids
        order: list[str] = []
        stack = list(reversed(kids.get(None, [])))
        while stack:  # depth first, parents before children, without recursion
            cid = stack.pop()
            order.append(cid)
            stack.extend(reversed(kids.get(cid, [])))
        self._codes: dict[str, Code] = {cid: by_id[cid] for cid in order}

    # ------------------------------------------------------------------ container
    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes.values())

    def __contains__(self, code_id: object) -> bool:
        if isinstance(code_id, Code):
            code_id = code_id.id
        return code_id in self._codes

    def __getitem__(self, code_id: str) -> Code:
        try:
            return self._codes[code_id]
        except (KeyError, TypeError):
            raise UnknownCodeError(self._unknown(code_id)) from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Codebook):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        return f"Codebook({label}{len(self)} codes, {len(self.roots)} roots)"

    def _unknown(self, code_id: Any, where: str = "") -> str:
        close = difflib.get_close_matches(str(code_id), list(self._codes), n=3, cutoff=0.5)
        if not close:
            names = {c.name.lower(): c.id for c in self}
            close = [names[n] for n in difflib.get_close_matches(str(code_id).lower(), names,
                                                                   n=3, cutoff=0.5)]
        return Errors.Q202.format(code=code_id, where=where, n=len(self),
                                  close=", ".join(repr(c) for c in close) or "none")

    def check(self, code_id: str, where: str = "") -> Code:
        """Return the code ``code_id`` or raise :class:`UnknownCodeError` naming ``where``."""
        if code_id not in self._codes:
            raise UnknownCodeError(self._unknown(code_id, where))
        return self._codes[code_id]

    # ------------------------------------------------------------------ tree
    @property
    def ids(self) -> list[str]:
        """Code ids in tree order."""
        return list(self._codes)

    @property
    def roots(self) -> list[str]:
        """Ids of the codes without a parent, in order."""
        return list(self._kids.get(None, []))

    def children(self, code_id: str) -> list[str]:
        """Ids of the direct children of ``code_id``."""
        self[code_id]
        return list(self._kids.get(code_id, []))

    def descendants(self, code_id: str) -> list[str]:
        """Ids of every code below ``code_id``, depth first."""
        out: list[str] = []
        stack = list(reversed(self.children(code_id)))
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(reversed(self._kids.get(k, [])))
        return out

    def ancestors(self, code_id: str) -> list[str]:
        """Ids of the ancestors of ``code_id``, root first (empty for a root)."""
        out: list[str] = []
        parent = self[code_id].parent
        while parent is not None:
            out.append(parent)
            parent = self._codes[parent].parent
        return out[::-1]

    def depth(self, code_id: str) -> int:
        """0 for a root, 1 for its children, ..."""
        self[code_id]
        return self._depths()[code_id]

    def path(self, code_id: str) -> list[str]:
        """Names from the root down to ``code_id``."""
        return [self._codes[a].name for a in self.ancestors(code_id)] + [self[code_id].name]

    # ------------------------------------------------------------------ tables
    @property
    def table(self) -> pd.DataFrame:
        """DataFrame of :data:`CODE_COLUMNS` in tree order; lists joined with ``"; "``."""
        rows = []
        for c in self:
            d = c.to_dict()
            d["examples"], d["cues"] = _SEP.join(c.examples), _SEP.join(c.cues)
            rows.append(d)
        df = pd.DataFrame(rows, columns=CODE_COLUMNS).astype(object)
        return df

    @property
    def history(self) -> pd.DataFrame:
        """DataFrame of the recorded edits (:data:`HISTORY_COLUMNS`)."""
        df = pd.DataFrame(self._history, columns=HISTORY_COLUMNS)
        df["version"] = df["version"].astype("int64")
        return df

    @property
    def revision(self) -> int:
        """Number of recorded edits (0 for a codebook as read)."""
        return len(self._history)

    @classmethod
    def from_table(cls, df: pd.DataFrame, *, name: str = "", version: str = "",
                   description: str = "", _source: str | None = None) -> Codebook:
        """Build a codebook from a DataFrame with at least ``id`` and ``name`` columns.

        Rows are numbered as in a spreadsheet (header = row 1) in error messages.

        Examples
        --------
        >>> import pandas as pd
        >>> Codebook.from_table(pd.DataFrame({"id": ["a"], "name": ["A"], "cues": ["x; y"]}))["a"].cues
        ('x', 'y')
        """
        from ._validation import check_columns

        check_columns(df, ["id", "name"], caller="Codebook.from_table")
        rows = df.to_dict("records")
        codes = [Code(**{k: r.get(k) for k in CODE_COLUMNS if k in r}) for r in rows]
        places = {i: f"row {i + 2}" for i in range(len(codes))}
        return cls(codes, name=name, version=version, description=description,
                   _source=_source or "Codebook table", _places=places)

    # ------------------------------------------------------------------ files
    @staticmethod
    def formats() -> dict[str, list[str]]:
        """The file suffixes that :meth:`read` and :meth:`write` support."""
        _plug_qdc()
        return {"read": sorted(_READERS), "write": sorted(_WRITERS)}

    @classmethod
    def read(cls, path: str | Path) -> Codebook:
        """Read a codebook file (``.yaml``/``.yml``, ``.csv``, ``.xlsx``, ``.qdc``).

        Raises
        ------
        CodebookError
            Unsupported suffix, or every problem found in the file.
        FileNotFoundError
            The file does not exist.
        """
        _plug_qdc()
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in _READERS:
            raise CodebookError(Errors.Q208.format(path=path, suffix=suffix,
                                                   supported=sorted(_READERS)))
        if not path.exists():
            from .errors import QualkitError

            class _NotFound(QualkitError, FileNotFoundError):
                pass

            raise _NotFound(Errors.Q003.format(path=path))
        return _READERS[suffix](path)

    def write(self, path: str | Path, *, allow_identifiers: bool = False) -> Path:
        """Write to ``.yaml``/``.yml``, ``.csv``, ``.xlsx``, ``.qdc`` or ``.docx``; return the path.

        Examples are often quoted from transcripts, so everything the file would say
        (names, definitions, include/exclude notes, examples, cues and the codebook's
        name and description) passes the identifier scan first; with findings an
        :class:`~qualkit.errors.IdentifierFoundError` (Q501) names their places and
        nothing is written, unless ``allow_identifiers=True``.
        """
        _plug_qdc()
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in _WRITERS:
            raise CodebookError(Errors.Q208.format(path=path, suffix=suffix,
                                                   supported=sorted(_WRITERS)))
        from ._export import atomic_output
        from .privacy import check_export

        check_export(self.table, allow_identifiers=allow_identifiers)
        check_export([self.name, self.version, self.description],
                     allow_identifiers=allow_identifiers)
        with atomic_output(path) as tmp:  # all or nothing
            _WRITERS[suffix](self, tmp)
        return path

    def to_dict(self, *, nested: bool | None = None) -> dict[str, Any]:
        """The YAML structure (``name, version, description, codes``).

        Codes nest under ``children``; a tree deeper than :data:`MAX_NESTED_DEPTH`
        levels (or ``nested=False``) is written as a flat list whose codes name their
        ``parent``, which reads back the same and keeps YAML parsers within bounds.
        """
        if nested is None:
            nested = max(self._depths().values(), default=0) < MAX_NESTED_DEPTH
        out: list[dict[str, Any]] = []
        made: dict[str, dict[str, Any]] = {}
        for c in self:  # parents come before their children
            d: dict[str, Any] = {"id": c.id, "name": c.name}
            if not nested and c.parent is not None:
                d["parent"] = c.parent
            for f in ("definition", "include", "exclude"):
                if getattr(c, f):
                    d[f] = getattr(c, f)
            if c.examples:
                d["examples"] = list(c.examples)
            if c.cues:
                d["cues"] = list(c.cues)
            if c.colour:
                d["colour"] = c.colour
            made[c.id] = d
            if nested and c.parent is not None:
                made[c.parent].setdefault("children", []).append(d)
            else:
                out.append(d)
        return {"name": self.name, "version": self.version, "description": self.description,
                "codes": out}

    def _depths(self) -> dict[str, int]:
        """Every code's depth, computed once in tree order."""
        if getattr(self, "_depth_cache", None) is None:
            depth: dict[str, int] = {}
            for c in self:
                depth[c.id] = 0 if c.parent is None else depth[c.parent] + 1
            self._depth_cache = depth
        return self._depth_cache

    # ------------------------------------------------------------------ edits
    def _edited(self, codes: Iterable[Code], op: str, code_id: str, detail: str) -> Codebook:
        entry = {"version": self.revision + 1, "op": op, "code_id": code_id, "detail": detail}
        new = Codebook(codes, name=self.name, version=self.version, description=self.description,
                       _source=f"Codebook.{op}({code_id!r})")
        new._history = [*self._history, entry]
        new._origin = self._origin
        return new

    def rename(self, code_id: str, new_name: str) -> Codebook:
        """Return a codebook where ``code_id`` is called ``new_name``."""
        old = self[code_id].name
        codes = [c.replace(name=new_name) if c.id == code_id else c for c in self]
        return self._edited(codes, "rename", code_id, f"{old!r} -> {new_name!r}")

    def merge(self, source_id: str, into_id: str) -> Codebook:
        """Return a codebook where ``source_id`` is folded into ``into_id``.

        The source's children move under ``into_id``; its examples and cues are added
        to the target's. A :class:`~qualkit.project.Project` recodes its codings.
        """
        src, dst = self[source_id], self[into_id]
        if source_id == into_id or into_id in self.descendants(source_id):
            raise CodebookError(Errors.Q212.format(
                op="merge", code=source_id, problem=f"cannot merge into {into_id!r} (itself or "
                "one of its descendants)", expected="a code outside the source's subtree"))
        merged = dst.replace(
            examples=tuple(dict.fromkeys(dst.examples + src.examples)),
            cues=tuple(dict.fromkeys(dst.cues + src.cues)))
        codes = []
        for c in self:
            if c.id == source_id:
                continue
            if c.id == into_id:
                c = merged
            if c.parent == source_id:
                c = c.replace(parent=into_id)
            codes.append(c)
        return self._edited(codes, "merge", source_id, f"into {into_id!r}")

    def split(self, code_id: str, new_codes: Iterable[Code | Mapping[str, Any]]) -> Codebook:
        """Return a codebook where ``new_codes`` refine ``code_id`` as its children.

        The original code stays (as their parent) so existing codings remain valid
        until they are recoded to one of the new codes.
        """
        self[code_id]
        added = [_as_code(c).replace(parent=code_id) for c in new_codes]
        if not added:
            raise CodebookError(Errors.Q212.format(op="split", code=code_id,
                                                   problem="no new codes given",
                                                   expected="at least one new code"))
        codes = [*self, *added]
        return self._edited(codes, "split", code_id,
                            "into " + ", ".join(repr(c.id) for c in added))

    def move(self, code_id: str, new_parent: str | None) -> Codebook:
        """Return a codebook where ``code_id`` hangs under ``new_parent`` (``None``: a root)."""
        old = self[code_id].parent
        if new_parent is not None:
            self[new_parent]
            if new_parent == code_id or new_parent in self.descendants(code_id):
                raise CodebookError(Errors.Q212.format(
                    op="move", code=code_id, problem=f"{new_parent!r} is the code itself or "
                    "one of its descendants (a cycle)", expected="a parent outside its subtree"))
        codes = [c.replace(parent=new_parent) if c.id == code_id else c for c in self]
        return self._edited(codes, "move", code_id, f"from {old!r} to {new_parent!r}")

    def add(self, code: Code | Mapping[str, Any]) -> Codebook:
        """Return a codebook with ``code`` added."""
        code = _as_code(code)
        return self._edited([*self, code], "add", code.id,
                            f"under {code.parent!r}" if code.parent else "as a root")


# ============================================================================ validation
def _validate(codes: list[Code], source: str, places: Mapping[int, str]) -> None:
    problems: list[str] = []

    def at(i: int) -> str:
        return places.get(i, f"code {i + 1}")

    first: dict[str, int] = {}
    for i, c in enumerate(codes):
        if not c.id:
            problems.append(f"{at(i)}: empty id (name {c.name!r})")
            continue
        if c.id in first:
            problems.append(f"{at(i)}: duplicate id {c.id!r} (first at {at(first[c.id])})")
        else:
            first[c.id] = i
        if not c.name:
            problems.append(f"{at(i)}: code {c.id!r} has an empty name")
        if c.colour is not None and not _COLOUR.match(c.colour):
            problems.append(f"{at(i)}: code {c.id!r} has colour {c.colour!r}; expected "
                            "'#RRGGBB'")
    parents = {c.id: c.parent for c in codes if c.id}
    for i, c in enumerate(codes):
        if c.parent is not None and c.parent not in parents:
            problems.append(f"{at(i)}: code {c.id!r} has parent {c.parent!r}, which is not "
                            "in the codebook")
    # cycles: follow each chain of parents once (linear in the number of codes)
    state: dict[str, int] = {}  # 1 on the current chain, 2 known to reach a root
    for i, c in enumerate(codes):
        chain: list[str] = []
        p: str | None = c.id
        while p is not None and p in parents and p not in state:
            state[p] = 1
            chain.append(p)
            p = parents[p]
        if p is not None and state.get(p) == 1 and p in chain:
            cycle = chain[chain.index(p):] + [p]
            problems.append(f"{at(i)}: cycle of parents " + " -> ".join(repr(x) for x in cycle))
        for q in chain:
            state[q] = 2
    if problems:
        raise CodebookError(Errors.Q201.format(
            source=source, n=len(problems), problems="\n".join("  - " + p for p in problems)))


# ============================================================================ YAML


def _read_yaml(path: Path) -> Codebook:
    import yaml

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise CodebookError(Errors.Q201.format(
            source=path, n=1, problems=f"  - line {line}: byte {exc.start} "
            f"({raw[exc.start:exc.start + 1]!r}) is not UTF-8; save the file as UTF-8")) from None
    try:
        doc = yaml.load(text, Loader=line_loader())  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else "?"
        raise CodebookError(Errors.Q201.format(
            source=path, n=1, problems=f"  - {line}: not valid YAML: "
                                       f"{yaml_problem(exc, place=False)}")) from None
    if isinstance(doc, list):
        doc = {"codes": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("codes"), list):
        raise CodebookError(Errors.Q201.format(
            source=path, n=1, problems="  - line 1: expected a mapping with a 'codes:' list, "
            f"found {type(doc).__name__}"))
    codes: list[Code] = []
    places: dict[int, str] = {}
    problems: list[str] = []

    # depth first without recursion: a stack of (children, next index, parent, line)
    stack: list[tuple[Any, int, str | None, int]] = [
        (doc["codes"], 0, None, doc.get("__line__", 1))]
    while stack:
        items, i, parent, line = stack.pop()
        if not isinstance(items, list):
            problems.append(f"  - line {line}: 'children' must be a list")
            continue
        if i >= len(items):
            continue
        item = items[i]
        stack.append((items, i + 1, parent, line))
        if not isinstance(item, dict):
            found = text_hint(item) if isinstance(item, str) else f"a {type(item).__name__}"
            problems.append(f"  - line {line}: expected a code mapping, found {found}")
            continue
        ln = item.get("__line__", line)
        fields = {k: item.get(k) for k in CODE_COLUMNS if k in item}
        if "color" in item and "colour" not in item:
            fields["colour"] = item["color"]
        if parent is not None:
            fields["parent"] = parent
        fields.setdefault("id", None)
        fields.setdefault("name", None)
        if len(codes) >= MAX_CODES:  # e.g. YAML aliases nested into a "billion codes"
            raise CodebookError(Errors.Q201.format(
                source=path, n=1, problems=f"  - line {ln}: more than {MAX_CODES} codes "
                "(refused; nested YAML aliases?)"))
        places[len(codes)] = f"line {ln}"
        code = Code(**fields)
        codes.append(code)
        if item.get("children"):
            stack.append((item["children"], 0, code.id or f"<line {ln}>", ln))

    if problems:
        raise CodebookError(Errors.Q201.format(source=path, n=len(problems),
                                               problems="\n".join(problems)))
    return Codebook(codes, name=doc.get("name") or "", version=doc.get("version") or "",
                    description=doc.get("description") or "", _source=str(path), _places=places)


def _write_yaml(cb: Codebook, path: Path) -> None:
    import yaml

    path.write_text(yaml.safe_dump(cb.to_dict(), sort_keys=False, allow_unicode=True,
                                   width=100), encoding="utf-8")


# ============================================================================ tables
def _table_problem(path: Path, place: str, problem: str) -> CodebookError:
    return CodebookError(Errors.Q201.format(source=path, n=1, problems=f"  - {place}: {problem}"))


def _from_frame(df: pd.DataFrame, path: Path) -> Codebook:
    missing = [c for c in ("id", "name") if c not in df.columns]
    if missing:
        raise _table_problem(path, "row 1", f"the header lacks the column(s) {missing}; "
                             f"found a first row of {cells_hint(map(str, df.columns))}")
    return Codebook.from_table(df, name=path.stem, _source=str(path))


def _read_csv(path: Path) -> Codebook:
    import csv
    import io

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[:exc.start].count(b"\n") + 1
        raise _table_problem(path, f"row {row}", f"byte {exc.start} "
                             f"({raw[exc.start:exc.start + 1]!r}) is not UTF-8; save the "
                             "file as UTF-8") from None
    if not text.strip():
        raise _table_problem(path, "row 1", "the file is empty; expected a header with "
                             "'id' and 'name'")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise _table_problem(path, f"row {m.group(1)}" if m else "row ?",
                             f"not valid CSV ({str(exc).strip()})") from None
    from ._export import unescape_cells

    return _from_frame(unescape_cells(df), path)


def _read_xlsx(path: Path) -> Codebook:
    try:
        with path.open("rb") as fh:
            df = pd.read_excel(fh, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # noqa: BLE001 - openpyxl/zipfile raise many types for bad files
        raise _table_problem(path, "row 1", f"not a readable .xlsx workbook "
                             f"({type(exc).__name__}: {exc})") from None
    return _from_frame(df, path)


def _write_csv(cb: Codebook, path: Path) -> None:
    from ._export import spreadsheet_safe

    spreadsheet_safe(cb.table).to_csv(path, index=False)


def _write_xlsx(cb: Codebook, path: Path) -> None:
    from ._export import write_xlsx

    write_xlsx({"codebook": cb.table}, path, index=False)


def _write_docx(cb: Codebook, path: Path) -> None:
    import pandas as pd

    from .report._docx import add_table, new_document

    doc = new_document(cb.name or "Codebook")
    doc.add_heading(cb.name or "Codebook", level=1)
    if cb.description:
        doc.add_paragraph(cb.description)
    rows = [{"code": "    " * cb.depth(c.id) + f"{c.name} ({c.id})", "definition": c.definition,
             "include": c.include, "exclude": c.exclude,
             "examples": "\n".join(f"\u201c{e}\u201d" for e in c.examples)} for c in cb]
    add_table(doc, pd.DataFrame(rows, columns=["code", "definition", "include", "exclude", "examples"]),
              italic=())
    doc.save(str(path))


_QDC_PLUGGED = False


def _plug_qdc() -> None:
    """Register the REFI-QDA ``.qdc`` reader/writer when :mod:`qualkit.io._qdc` has them."""
    global _QDC_PLUGGED
    if _QDC_PLUGGED or ".qdc" in _READERS:
        return
    _QDC_PLUGGED = True
    try:
        from .io import _qdc
    except ImportError:  # pragma: no cover - the REFI module is optional here
        return
    if hasattr(_qdc, "read_qdc_table"):
        register_codebook_format(".qdc", reader=lambda p: Codebook.from_table(
            _qdc.read_qdc_table(p), name=p.stem, _source=str(p)))
    if hasattr(_qdc, "write_qdc"):
        register_codebook_format(".qdc", writer=lambda cb, p: _qdc.write_qdc(cb, p))


for _suffix in (".yaml", ".yml"):
    register_codebook_format(_suffix, _read_yaml, _write_yaml)
register_codebook_format(".csv", _read_csv, _write_csv)
register_codebook_format(".xlsx", _read_xlsx, _write_xlsx)
register_codebook_format(".docx", writer=_write_docx)
