"""REFI-QDA codebooks: the ``.qdc`` file and the ``CodeBook`` inside a ``.qde`` project.

Reading is tolerant of what real tools write: any ``urn:QDA-XML:codebook:*``
(or ``project:*``) namespace version, braced or non-GUID ids, ``rgb()`` colours,
ATLAS.ti's flattened ``Parent::Child`` names (and Taguette's ``a\\b``), which
become a hierarchy, and Taguette's empty ``<Sets/>``. Writing emits a file that
validates against ``Codebook.xsd``.

Code ids. qualkit writes each code's GUID as ``uuid5`` of its id and ends the
code's ``Description`` with a line ``qualkit id: <id>``, so a write-then-read round
trip (also through a tool that keeps descriptions but renews GUIDs) gives back the
same ids. Codes from other tools get readable ids made from their names
(``"Trust in NHS"`` -> ``trust_in_nhs``; ``_2``, ``_3`` ... where names repeat), so
that tables read ``trust_in_nhs`` rather than a GUID.

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
           "local", "make_codebook", "codebook_table", "xml_bytes", "NS_PROJECT", "NS_CODEBOOK",
           "QK_NS"]

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
    # depth first without recursion (trees thousands of levels deep are read whole)
    stack: list[tuple[ET.Element, str | None]] = [
        (c, None) for c in reversed(list(codes_el)) if local(c.tag) == "Code"]
    while stack:
        child, parent = stack.pop()
        gid = norm_guid(child.get("guid"))
        desc = next((c for c in child if local(c.tag) == "Description"), None)
        definition, include, exclude, qk_id, examples, cues = _split_fields(_text(desc))
        rows.append(dict(id=gid, guid=gid, qk_id=qk_id, name=(child.get("name") or gid).strip(),
                         parent=parent, definition=definition, include=include,
                         exclude=exclude, examples=examples, cues=cues,
                         colour=parse_colour(child.get("color")),
                         codable=(child.get("isCodable", "true").strip().lower()
                                  not in ("false", "0"))))
        stack.extend((c, gid) for c in reversed(list(child)) if local(c.tag) == "Code")
    return readable_ids(_unflatten(rows))


def slug(name: str) -> str:
    """A readable id from a code name: lower case, words joined by ``_``.

    >>> slug("Trust in NHS"), slug("Bizalom / oltás"), slug("???")
    ('trust_in_nhs', 'bizalom_oltás', '')
    """
    return re.sub(r"\W+", "_", name.casefold()).strip("_")


def readable_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give codes read from REFI-QDA their qualkit ids; ``guid`` keeps the file's GUID.

    A ``qualkit id:`` marker (written by qualkit) wins where it is unique; other
    codes get :func:`slug` of their name, made unique with ``_2``, ``_3`` ...
    Parents are renamed to match.
    """
    new: dict[str, str] = {}
    taken: set[str] = set()
    for r in rows:
        m = r.get("qk_id")
        if m and m not in taken:
            new[r["id"]] = m
            taken.add(m)
    count: dict[str, int] = {}
    for r in rows:
        if r["id"] in new:
            continue
        base = slug(r["name"]) or "code"
        cand = base
        while cand in taken:
            count[base] = count.get(base, 1) + 1
            cand = f"{base}_{count[base]}"
        new[r["id"]] = cand
        taken.add(cand)
    out = []
    for r in rows:
        r = {**r, "guid": r.get("guid") or r["id"], "id": new[r["id"]],
             "parent": new.get(r["parent"], r["parent"]) if r["parent"] is not None else None}
        r.pop("qk_id", None)
        out.append(r)
    return out


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
    # parents must precede children (without recursion; linear)
    by_id = {r["id"]: r for r in out}
    ordered, seen = [], set()
    for r in out:
        chain, on_chain = [], set()
        node: dict[str, Any] | None = r
        while node is not None and node["id"] not in seen and node["id"] not in on_chain:
            chain.append(node)
            on_chain.add(node["id"])
            node = by_id.get(node["parent"]) if node["parent"] in by_id else None
        for x in reversed(chain):
            seen.add(x["id"])
            ordered.append(x)
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

    stack: list[tuple[ET.Element, dict[str, Any]]] = [
        (parent_el, r) for r in reversed(kids.get(None, []))]
    while stack:  # depth first without recursion
        el, r = stack.pop()
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
        stack.extend((c, k) for k in reversed(kids.get(r["id"], [])))


def _escape(text: str, attribute: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = (text.replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
                .replace("\t", "&#09;"))
    return text


def xml_bytes(root: ET.Element, indent: str = "  ") -> bytes:
    """``root`` as indented UTF-8 XML with a declaration, without recursion.

    The same bytes as ``ET.indent(root); ET.tostring(root, encoding="utf-8",
    xml_declaration=True)`` for a tree in one default namespace, but for trees of
    any depth (ElementTree's serialiser recurses once per level).

    >>> r = ET.Element("{urn:x}A", {"n": "1"}); b = ET.SubElement(r, "{urn:x}B"); b.text = "t&"
    >>> print(xml_bytes(r).decode())
    <?xml version='1.0' encoding='utf-8'?>
    <A xmlns="urn:x" n="1">
      <B>t&amp;</B>
    </A>
    """
    def name(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else None
    out = ["<?xml version='1.0' encoding='utf-8'?>\n"]
    # each entry: (element, depth, True to close it)
    stack: list[tuple[ET.Element, int, bool]] = [(root, 0, False)]
    while stack:
        el, depth, closing = stack.pop()
        kids = list(el)
        if closing:
            out.append("\n" + indent * depth + f"</{name(el.tag)}>")
            continue
        if el is not root:
            out.append("\n" + indent * depth)
        attrs = "".join(f' {k}="{_escape(str(v), True)}"' for k, v in el.items())
        if el is root and ns:
            attrs = f' xmlns="{_escape(ns, True)}"' + attrs
        text = el.text if el.text and el.text.strip() else ""
        if not kids and not text:
            out.append(f"<{name(el.tag)}{attrs} />")
            continue
        out.append(f"<{name(el.tag)}{attrs}>{_escape(text, False)}")
        if not kids:
            out.append(f"</{name(el.tag)}>")
            continue
        stack.append((el, depth, True))
        stack.extend((k, depth + 1, False) for k in reversed(kids))
    return "".join(out).encode("utf-8")


_ID_MARK = "qualkit id: "


def _split_description(text: str) -> tuple[str, str, str, str | None]:
    """Undo :func:`_describe`: "Include: …", "Exclude: …" and "qualkit id: …" paragraphs.

    >>> _split_description("Means X.\\n\\nInclude: a\\n\\nExclude: b\\n\\nqualkit id: x.y")
    ('Means X.', 'a', 'b', 'x.y')
    """
    return _split_fields(text)[:4]


def _split_fields(text: str) -> tuple[str, str, str, str | None, str, str]:
    """``definition, include, exclude, qualkit id, examples, cues`` from a Description."""
    keep, found = [], {"Include: ": "", "Exclude: ": "", "Examples: ": "", "Cues: ": ""}
    qk_id = None
    for para in text.split("\n\n"):
        label = next((k for k in found if para.startswith(k) and not found[k]), None)
        if label is not None:
            found[label] = para[len(label):].strip()
        elif para.startswith(_ID_MARK) and qk_id is None and para[len(_ID_MARK):].strip():
            qk_id = para[len(_ID_MARK):].strip()
        else:
            keep.append(para)
    return ("\n\n".join(keep).strip(), found["Include: "], found["Exclude: "], qk_id,
            found["Examples: "], found["Cues: "])


def _describe(r: Mapping[str, Any]) -> str:
    parts = [str(r.get("definition") or "").strip()]
    for label, key in (("Include", "include"), ("Exclude", "exclude")):
        if r.get(key):
            parts.append(f"{label}: {r[key]}")
    for label, key in (("Examples", "examples"), ("Cues", "cues")):
        if r.get(key) and not any(";" in str(v) or "\n\n" in str(v) for v in r[key]):
            parts.append(f"{label}: " + "; ".join(str(v) for v in r[key]))
    if "\n" not in str(r["id"]):
        parts.append(f"{_ID_MARK}{r['id']}")
    return "\n\n".join(p for p in parts if p)


def read_qdc_table(path: str | Path) -> pd.DataFrame:
    """Read a ``.qdc`` codebook into a table of :data:`CODE_COLUMNS`."""
    from ._safe import parse_xml, root_name

    p = Path(path)
    if not p.exists():
        raise QdpxError(Errors.Q003.format(path=p))
    root = parse_xml(p.read_bytes(), archive=str(p), member=p.name)
    if local(root.tag) != "CodeBook" or not str(root.tag).startswith("{urn:QDA-XML:"):
        raise QdpxError(Errors.Q408.format(archive=p, member=p.name, found=root_name(root.tag),
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
    from .._export import atomic_output

    with atomic_output(path) as tmp:  # xml_bytes: no recursion, trees of any depth
        tmp.write_bytes(xml_bytes(root))
