"""REFI-QDA codebooks: the ``.qdc`` file and the ``CodeBook`` inside a ``.qde`` project.

Reading is tolerant of what real tools write: any ``urn:QDA-XML:codebook:*``
(or ``project:*``) namespace version, braced or non-GUID ids, ``rgb()`` colours,
ATLAS.ti's flattened ``Parent::Child`` names (and Taguette's ``a\\b``), which
become a hierarchy, and Taguette's empty ``<Sets/>``. Writing emits a file that
validates against ``Codebook.xsd``.

A code's qualkit id is its REFI GUID (braces stripped, lower case), so that a
read, write, read round trip keeps ids; codes whose id is not a GUID get a stable
``uuid5`` GUID derived from the id.

Examples
--------
>>> import tempfile, os
>>> table = codes_table([dict(id="a", name="Trust"), dict(id="b", name="Distrust", parent="a")])
>>> d = tempfile.mkdtemp()
>>> write_qdc(table, os.path.join(d, "cb.qdc"))
>>> back = read_qdc_table(os.path.join(d, "cb.qdc"))
>>> back.name.tolist(), back.parent[1] == back.id[0]
(['Trust', 'Distrust'], True)
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Errors, QdpxError

__all__ = ["CODE_COLUMNS", "codes_table", "read_qdc_table", "read_qdc", "write_qdc",
           "codes_from_element", "add_code_elements", "code_guid", "norm_guid", "parse_colour",
           "local", "make_codebook", "codebook_table", "NS_PROJECT", "NS_CODEBOOK", "QK_NS"]

#: The columns of a codebook table.
CODE_COLUMNS = ["id", "name", "parent", "definition", "include", "exclude", "examples", "cues",
                "colour"]

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
#: Namespace for qualkit's stable GUIDs (uuid5).
QK_NS = uuid.UUID("6f1f7c3e-2b7e-5a53-9d3c-7a1c0e5b4d21")

_GUID_RE = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                      r"[0-9a-fA-F]{12})\}?$")


def local(tag: Any) -> str:
    """Tag name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def norm_guid(value: str | None) -> str:
    """``{ABC-…}`` → ``abc-…``; non-GUID ids are kept as written (stripped).

    >>> norm_guid("{85D17F60-7BB0-481E-B742-B4861DD669DF}")
    '85d17f60-7bb0-481e-b742-b4861dd669df'
    >>> norm_guid("c001")
    'c001'
    """
    v = (value or "").strip()
    m = _GUID_RE.match(v)
    return m.group(1).lower() if m else v


def code_guid(code_id: str) -> str:
    """The REFI GUID for a qualkit code id (the id itself if it is a GUID)."""
    g = norm_guid(code_id)
    if _GUID_RE.match(g):
        return g
    return str(uuid.uuid5(QK_NS, f"code:{code_id}"))


def parse_colour(value: str | None) -> str | None:
    """``#abc``, ``#AABBCC``, ``rgb(1,2,3)`` or ``rgba(1,2,3,0.5)`` → ``#RRGGBB``; else None.

    >>> parse_colour("rgb(255, 0, 128)"), parse_colour("#f08"), parse_colour("blue")
    ('#FF0080', '#FF0088', None)
    """
    if not isinstance(value, str) or not value:
        return None
    v = value.strip()
    m = re.fullmatch(r"#?([0-9a-fA-F]{6})(?:[0-9a-fA-F]{2})?", v)
    if m:
        return "#" + m.group(1).upper()
    m = re.fullmatch(r"#?([0-9a-fA-F]{3})", v)
    if m:
        return "#" + "".join(c * 2 for c in m.group(1)).upper()
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+%?\s*)?\)", v, re.I)
    if m:
        return "#" + "".join(f"{min(int(x), 255):02X}" for x in m.groups())
    return None


def codes_table(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A codebook table with :data:`CODE_COLUMNS` from dicts (missing fields empty)."""
    def val(r: Mapping[str, Any], key: str) -> Any:
        v = r.get(key)
        if v is None or (isinstance(v, float) and v != v):
            return None
        return v

    out = []
    for r in rows:
        row = {
            "id": str(r["id"]), "name": str(val(r, "name") or r["id"]),
            "parent": None if val(r, "parent") is None else str(val(r, "parent")),
            "definition": str(val(r, "definition") or ""),
            "include": str(val(r, "include") or ""), "exclude": str(val(r, "exclude") or ""),
            "examples": _seq(val(r, "examples")), "cues": _seq(val(r, "cues")),
            "colour": val(r, "colour") or None,
        }
        if "codable" in r and r["codable"] is False:
            row["codable"] = False
        out.append(row)
    return pd.DataFrame(out, columns=CODE_COLUMNS)


def _seq(v: Any) -> tuple[str, ...]:
    """Examples and cues as a tuple; a string is split on ";" (as Codebook.table joins them)."""
    if v is None:
        return ()
    if isinstance(v, str):
        return tuple(p.strip() for p in v.split(";") if p.strip())
    return tuple(str(x) for x in v)


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def codes_from_element(codes_el: ET.Element) -> list[dict[str, Any]]:
    """Walk a ``Codes`` element (nested ``Code`` elements) into code dicts.

    Flattened hierarchies (``A::B`` from ATLAS.ti, ``A\\B`` from Taguette) are
    turned into a tree; missing intermediate codes are created (not codable).
    """
    rows: list[dict[str, Any]] = []

    def walk(el: ET.Element, parent: str | None) -> None:
        for child in el:
            if local(child.tag) != "Code":
                continue
            gid = norm_guid(child.get("guid"))
            desc = next((c for c in child if local(c.tag) == "Description"), None)
            definition, include, exclude = _split_description(_text(desc))
            rows.append(dict(id=gid, name=(child.get("name") or gid).strip(), parent=parent,
                             definition=definition, include=include, exclude=exclude,
                             colour=parse_colour(child.get("color")),
                             codable=(child.get("isCodable", "true").strip().lower()
                                      not in ("false", "0"))))
            walk(child, gid)

    walk(codes_el, None)
    return _unflatten(rows)


def _unflatten(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sep = next((s for s in ("::", "\\") if any(s in r["name"] for r in rows)), None)
    if sep is None:
        return rows
    by_path: dict[tuple[str | None, str], dict[str, Any]] = {}
    for r in rows:
        by_path.setdefault((r["parent"], r["name"]), r)
    out: list[dict[str, Any]] = []
    for r in rows:
        parts = [p.strip() for p in r["name"].split(sep)]
        if len(parts) < 2 or not all(parts):
            out.append(r)
            continue
        parent = r["parent"]
        for p in parts[:-1]:
            node = by_path.get((parent, p))
            if node is None:
                node = dict(id=str(uuid.uuid5(QK_NS, f"folder:{parent}:{p}")), name=p,
                            parent=parent, definition="", colour=None, codable=False)
                by_path[(parent, p)] = node
                out.append(node)
            parent = node["id"]
        r = {**r, "name": parts[-1], "parent": parent}
        by_path[(parent, parts[-1])] = r
        out.append(r)
    # parents must precede children
    ids = {r["id"] for r in out}
    ordered, seen = [], set()

    def place(r: dict[str, Any]) -> None:
        if r["id"] in seen:
            return
        if r["parent"] in ids and r["parent"] not in seen:
            place(next(x for x in out if x["id"] == r["parent"]))
        seen.add(r["id"])
        ordered.append(r)

    for r in out:
        place(r)
    return ordered


def make_codebook(table: pd.DataFrame) -> Any:
    """A :class:`qualkit.Codebook` if that module is available, else the table itself."""
    try:
        from ..codebook import Code, Codebook  # type: ignore[import-not-found]
    except ImportError:
        return table.reset_index(drop=True)
    try:
        codes = [Code(**{k: r[k] for k in CODE_COLUMNS}) for r in table.to_dict("records")]
        return Codebook(codes)
    except (TypeError, AttributeError):  # an incompatible Codebook in development: keep the table
        return table.reset_index(drop=True)


def codebook_table(codebook: Any) -> pd.DataFrame:
    """The codes of a Codebook (or a codebook table) as a DataFrame of :data:`CODE_COLUMNS`."""
    if codebook is None:
        return codes_table([])
    if isinstance(codebook, pd.DataFrame):
        df = codebook
    elif hasattr(codebook, "table"):
        df = codebook.table
        df = df() if callable(df) else df
        if "id" not in df.columns:
            df = df.reset_index()
    else:
        df = pd.DataFrame([vars(c) if hasattr(c, "__dict__") else c._asdict() for c in codebook])
    return codes_table(df.to_dict("records"))


def add_code_elements(parent_el: ET.Element, table: pd.DataFrame, ns: str, *,
                      note_refs: Mapping[str, list[str]] | None = None) -> None:
    """Append nested ``Code`` elements for ``table`` under ``parent_el`` (a ``Codes``)."""
    kids: dict[Any, list[dict[str, Any]]] = {}
    ids = set(table["id"])
    for r in table.to_dict("records"):
        p = r["parent"] if r["parent"] in ids else None
        kids.setdefault(p, []).append(r)

    def emit(el: ET.Element, parent: str | None) -> None:
        for r in kids.get(parent, []):
            attrs = {"guid": code_guid(r["id"]), "name": r["name"],
                     "isCodable": "false" if r.get("codable") is False else "true"}
            colour = parse_colour(r.get("colour"))
            if colour:
                attrs["color"] = colour
            c = ET.SubElement(el, f"{{{ns}}}Code", attrs)
            desc = _describe(r)
            if desc:
                ET.SubElement(c, f"{{{ns}}}Description").text = desc
            for target in (note_refs or {}).get(r["id"], []):
                ET.SubElement(c, f"{{{ns}}}NoteRef", {"targetGUID": target})
            emit(c, r["id"])

    emit(parent_el, None)


def _split_description(text: str) -> tuple[str, str, str]:
    """Undo :func:`_describe`: "Include: …" / "Exclude: …" paragraphs back into their fields.

    >>> _split_description("Means X.\\n\\nInclude: a\\n\\nExclude: b")
    ('Means X.', 'a', 'b')
    """
    keep, inc, exc = [], "", ""
    for para in text.split("\n\n"):
        if para.startswith("Include: ") and not inc:
            inc = para[len("Include: "):].strip()
        elif para.startswith("Exclude: ") and not exc:
            exc = para[len("Exclude: "):].strip()
        else:
            keep.append(para)
    return "\n\n".join(keep).strip(), inc, exc


def _describe(r: Mapping[str, Any]) -> str:
    parts = [str(r.get("definition") or "").strip()]
    for label, key in (("Include", "include"), ("Exclude", "exclude")):
        if r.get(key):
            parts.append(f"{label}: {r[key]}")
    return "\n\n".join(p for p in parts if p)


def read_qdc_table(path: str | Path) -> pd.DataFrame:
    """Read a ``.qdc`` codebook into a table of :data:`CODE_COLUMNS`."""
    from ._safe import parse_xml

    p = Path(path)
    if not p.exists():
        raise QdpxError(Errors.Q003.format(path=p))
    root = parse_xml(p.read_bytes(), archive=str(p), member=p.name)
    if local(root.tag) != "CodeBook" or not str(root.tag).startswith("{urn:QDA-XML:"):
        raise QdpxError(Errors.Q408.format(archive=p, member=p.name, found=root.tag,
                                           expected="'CodeBook' in urn:QDA-XML:codebook:1.0"))
    codes_el = next((c for c in root if local(c.tag) == "Codes"), None)
    rows = codes_from_element(codes_el) if codes_el is not None else []
    return codes_table(rows)


def read_qdc(path: str | Path) -> Any:
    """Read a ``.qdc`` codebook into a :class:`qualkit.Codebook` (or a table before it exists)."""
    return make_codebook(read_qdc_table(path))


def write_qdc(codebook: Any, path: str | Path, *, origin: str = "qualkit") -> None:
    """Write a Codebook (or codebook table) as a schema-valid ``.qdc`` file."""
    from .. import __version__

    table = codebook_table(codebook)
    if not len(table):
        raise QdpxError(Errors.Q410.format(caller="write_qdc", what=f"to {path}",
                                           problem="the codebook has no codes; a .qdc file "
                                                   "needs at least one Code"))
    ET.register_namespace("", NS_CODEBOOK)
    root = ET.Element(f"{{{NS_CODEBOOK}}}CodeBook", {"origin": f"{origin} {__version__}"})
    codes = ET.SubElement(root, f"{{{NS_CODEBOOK}}}Codes")
    add_code_elements(codes, table, NS_CODEBOOK)
    ET.indent(root)
    from .._export import atomic_output

    with atomic_output(path) as tmp:
        tmp.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
