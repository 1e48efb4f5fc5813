"""Social-licence frameworks as data: load, validate, tabulate.

Examples
--------
>>> from qualkit.frameworks import load_framework
>>> fw = load_framework("carter2015")
>>> fw.ids
['reciprocity', 'non_exploitation', 'public_good']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .._hint import value_hint
from .._yaml import line_loader, yaml_problem
from ..errors import Errors, FrameworkError

__all__ = ["Tenet", "Framework", "load_framework", "available_frameworks"]

DATA = Path(__file__).parent / "data"
TABLE_COLUMNS = ["tenet", "name", "description", "cues", "commitments", "citation"]
CROSSWALK_COLUMNS = ["tenet", "framework", "related_tenet"]


@dataclass(frozen=True)
class Tenet:
    """One tenet or principle of a framework."""

    id: str
    name: str
    description: str
    cues: tuple[str, ...] = ()
    citation: str = ""
    commitments: tuple[str, ...] = ()
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Framework:
    """A named set of tenets, with a crosswalk to other frameworks.

    Attributes
    ----------
    id, name, citation : str
    tenets : list of Tenet
    source : str
        The file it was read from.
    """

    id: str
    name: str
    citation: str
    tenets: list[Tenet]
    source: str = ""

    @property
    def ids(self) -> list[str]:
        """Tenet ids in order."""
        return [t.id for t in self.tenets]

    def __getitem__(self, tenet_id: str) -> Tenet:
        for t in self.tenets:
            if t.id == tenet_id:
                return t
        raise FrameworkError(Errors.Q702.format(path=self.source, line="?",
                                                problem=f"no tenet {tenet_id!r}",
                                                expected=f"one of {self.ids}"))

    def __len__(self) -> int:
        return len(self.tenets)

    @property
    def table(self) -> pd.DataFrame:
        """One row per tenet: columns ``TABLE_COLUMNS`` (lists joined with '; ')."""
        rows = [{"tenet": t.id, "name": t.name, "description": t.description,
                 "cues": "; ".join(t.cues), "commitments": "; ".join(t.commitments),
                 "citation": t.citation} for t in self.tenets]
        return pd.DataFrame(rows, columns=TABLE_COLUMNS)

    @property
    def crosswalk(self) -> pd.DataFrame:
        """Long table ``tenet, framework, related_tenet`` of declared relations."""
        rows = [{"tenet": t.id, "framework": fw, "related_tenet": r}
                for t in self.tenets for fw, rel in t.related.items() for r in rel]
        return pd.DataFrame(rows, columns=CROSSWALK_COLUMNS)

    def mapping(self) -> pd.DataFrame | None:
        """The researchers' theme mapping shipped with the framework, if any.

        ``theme, tenet, strength, rationale``; ``ksss2022`` ships the study's own. Other
        frameworks have none: :func:`qualkit.map_themes` derives their links from the
        data and the framework's definitions.

        Examples
        --------
        >>> m = load_framework("ksss2022").mapping()
        >>> m.loc[m.theme == "commercial", "tenet"].tolist()
        ['nonexploitation_harm']
        >>> load_framework("carter2015").mapping() is None
        True
        """
        p = DATA / f"{self.id}_mapping.csv"
        return pd.read_csv(p, dtype=str).fillna("") if p.exists() else None


def available_frameworks() -> list[str]:
    """Ids of the frameworks shipped with qualkit.

    >>> "kent_medway2025" in available_frameworks()
    True
    """
    return sorted(p.stem for p in DATA.glob("*.yaml"))




def _strs(v: Any, path: str, line: int, key: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return tuple(s.strip() for s in v.split(";") if s.strip())
    if isinstance(v, list) and all(isinstance(s, (str, int, float)) for s in v):
        return tuple(str(s) for s in v)
    raise FrameworkError(Errors.Q702.format(path=path, line=line,
                                            problem=f"{key!r} is {_what(v)}",
                                            expected="a list of strings"))


def _what(value: Any) -> str:
    """A value from the file as a message may name it: its type, and a text's shape."""
    if isinstance(value, (dict, list, tuple, set)):
        n = len(value) - (1 if isinstance(value, dict) and "__line__" in value else 0)
        return f"a {type(value).__name__} of {n} item(s)"
    return value_hint(value)


def load_framework(name_or_path: str | Path | Framework) -> Framework:
    """Load a shipped framework by id, or a user's YAML file of the same shape.

    Parameters
    ----------
    name_or_path : str or Path
        ``"carter2015"``, ``"stockdale2019"``, ``"ksss2022"``, ``"kent_medway2025"`` or
        a path to a YAML file with ``id``, ``name``, ``citation`` and ``tenets`` (a list of
        mappings with ``id``, ``name``, ``description``, ``cues`` and optional
        ``citation``, ``commitments``, ``related``).

    Raises
    ------
    FrameworkError
        The name is unknown or the file is malformed (message names file and line).

    Examples
    --------
    >>> fw = load_framework("ksss2022")
    >>> len(fw), fw.table.columns[0]
    (3, 'tenet')
    """
    if isinstance(name_or_path, Framework):
        return name_or_path
    p = Path(name_or_path)
    if not p.suffix and (DATA / f"{p.name}.yaml").exists():
        p = DATA / f"{p.name}.yaml"
    if not p.is_file():
        raise FrameworkError(Errors.Q701.format(name=str(name_or_path),
                                                known=available_frameworks()))
    import yaml

    path = str(p)
    try:
        doc = yaml.load(p.read_text(encoding="utf-8"), Loader=line_loader())  # noqa: S506 (safe loader subclass)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise FrameworkError(Errors.Q703.format(path=path, problem=yaml_problem(e, place=False),
                                                line=mark.line + 1 if mark else "?")) from None
    if not isinstance(doc, dict):
        raise FrameworkError(Errors.Q702.format(path=path, line=1,
                                                problem=f"the document is {type(doc).__name__}",
                                                expected="a mapping with id, name, tenets"))
    top = doc.get("__line__", 1)
    for key in ("id", "name", "tenets"):
        if not doc.get(key):
            raise FrameworkError(Errors.Q702.format(path=path, line=top,
                                                    problem=f"missing top-level key {key!r}",
                                                    expected="keys id, name, citation, tenets"))
    if not isinstance(doc["tenets"], list):
        raise FrameworkError(Errors.Q702.format(path=path, line=top, problem="'tenets' is not a list",
                                                expected="a list of tenet mappings"))
    citation = str(doc.get("citation") or "")
    tenets: list[Tenet] = []
    seen: set[str] = set()
    for i, t in enumerate(doc["tenets"], 1):
        if not isinstance(t, dict):
            raise FrameworkError(Errors.Q702.format(path=path, line=top,
                                                    problem=f"tenet {i} is {_what(t)}",
                                                    expected="a mapping with id, name, description, cues"))
        line = t.get("__line__", top)
        for key in ("id", "name", "description"):
            if not isinstance(t.get(key), str) or not t[key].strip():
                raise FrameworkError(Errors.Q702.format(
                    path=path, line=line, problem=f"tenet {i} has no {key!r}",
                    expected="id, name and description as non-empty text"))
        if t["id"] in seen:
            raise FrameworkError(Errors.Q702.format(path=path, line=line,
                                                    problem=f"duplicate tenet id {t['id']!r}",
                                                    expected="unique tenet ids"))
        seen.add(t["id"])
        rel = t.get("related") or {}
        if not isinstance(rel, dict):
            raise FrameworkError(Errors.Q702.format(path=path, line=line, problem=f"'related' is {_what(rel)}",
                                                    expected="a mapping framework -> list of tenet ids"))
        related = {k: _strs(v, path, line, "related") for k, v in rel.items() if k != "__line__"}
        tenets.append(Tenet(id=t["id"], name=t["name"].strip(), description=" ".join(t["description"].split()),
                            cues=_strs(t.get("cues"), path, line, "cues"),
                            citation=str(t.get("citation") or citation),
                            commitments=_strs(t.get("commitments"), path, line, "commitments"),
                            related=related))
    return Framework(id=str(doc["id"]), name=str(doc["name"]), citation=citation, tenets=tenets,
                     source=path)
